import { expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase, serverForFile } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { openIncident } from './support/incidents.ts';
import { manualClock, systemClock } from '../src/core/clock.ts';

// S-110 §A.1.h: the emergency notification list, by kind of town emergency, and the call-downs run from it.
forEachDatabase('emergency notification list and call-down (S-110 §A.1.h)', (database) => {
  const file = serverForFile(database, async (server) => {
    const as = (roles: Parameters<typeof signedInAs>[2]) => signedInAs(server.ctx, server.app, roles);
    return {
      commander: await as(['commanding_officer']), admin: await as(['system_administrator']), dispatcher: await as(['dispatcher']),
      officer: await as(['patrol_officer']), superintendent: await as(['patrol_supervisor']),
    };
  });
  const send = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: object) =>
    file.server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const counts = async () => {
    const tables = ['notification_list', 'notification_list_entry', 'call_down', 'call_down_entry', 'call_down_attempt', 'audit', 'event'];
    return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(file.server.ctx.db)).rows[0]!.n)])));
  };
  const waterList = async () => {
    const dpw = await send('POST', '/directory/entries', file.dispatcher.headers, { category: 'town_department', name: 'DPW on-call', organization: 'Public Works', phone: '413-555-0140' });
    expect(dpw.statusCode, dpw.body).toBe(201);
    const saved = await send('PUT', '/notification-lists/WATER_MAIN', file.commander.headers, {
      name: 'Water main break', notes: 'Call DPW on-call first; if no answer within 5 min, the superintendent.',
      entries: [
        { directoryEntryId: dpw.json().id, role: 'Public Works on-call' },
        { name: 'Water superintendent', role: 'Water Department', phones: [{ label: 'Cell', number: '413-555-0199' }], required: false },
        { person: file.superintendent.username, role: 'Patrol supervisor (road closures)' },
      ],
    });
    return saved;
  };

  test('S-110 §A.1.h: the commanding officer keeps a list in calling order naming a directory contact, a name with phones and a person; a dispatcher reads it without any residential number', async () => {
    const set = await send('PUT', `/directory/residential-phones/${file.superintendent.username}`, file.admin.headers, { phone: '413-555-7777' });
    expect(set.statusCode, set.body).toBe(200);
    const saved = await waterList();
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ kind: 'WATER_MAIN', name: 'Water main break', active: true });
    expect(saved.json().entries.map((e: { position: number; source: string }) => [e.position, e.source])).toEqual([[1, 'directory'], [2, 'other'], [3, 'person']]);
    expect(saved.json().entries[0].phones).toEqual([{ label: 'Directory: Public Works', number: '413-555-0140' }]);
    expect(saved.json().updatedByName).toContain('Tester-Quill');

    const read = await send('GET', '/notification-lists', file.dispatcher.headers);
    expect(read.statusCode).toBe(200);
    const water = read.json().find((l: { kind: string }) => l.kind === 'WATER_MAIN');
    expect(water.entries[2]).toMatchObject({ source: 'person', residentialOnFile: true });
    // 81A §B.2.b.iii: the list never carries the residential number, to anyone
    expect(read.body).not.toContain('555-7777');
    expect((await send('GET', '/notification-lists', file.admin.headers)).body).not.toContain('555-7777');
    // the directory's own search keeps the number out too
    expect((await send('GET', '/directory?q=Tester', file.dispatcher.headers)).body).not.toContain('555-7777');
  });

  test('S-110 §A.1.h: a dispatcher runs a call-down for an incident: calls recorded with the agency clock and dispatcher by name, complete when everyone required is reached, the incident’s timeline notes it, every write audited', async () => {
    const number = await openIncident(file.server.ctx, { type: 'DISTURB', address: '40 Elm Street, Millbrook' });
    const started = await send('POST', '/call-downs', file.dispatcher.headers, { kind: 'WATER_MAIN', incidentNumber: number, reason: 'Main break on Elm St' });
    expect(started.statusCode, started.body).toBe(201);
    const callDown = started.json();
    expect(callDown).toMatchObject({ kindName: 'Water main break', incidentNumber: number, completedAt: null, toCall: 3, called: 0, reached: 0 });
    expect(callDown.startedByName).toContain('Tester-Quill');
    expect(callDown.listNotes).toMatch(/DPW on-call first/);
    const [dpw, superintendent, sergeant] = callDown.entries;
    // the dispatcher holds directory.residential: the number shows in the call-down, and that read is audited (81A §B.2.b.iii)
    expect(sergeant).toMatchObject({ residentialPhone: '413-555-7777', residentialWithheld: false });
    const residentialReads = () => file.server.ctx.db.selectFrom('audit').select(['username', 'detail']).where('action', '=', 'directory.residential_phones.read')
      .where('subject_type', '=', 'call_down').where('subject_id', '=', callDown.id).execute();
    expect((await residentialReads()).map((r) => r.username)).toEqual([file.dispatcher.username]);

    const call = (entryId: string, outcome: string, note?: string) => send('POST', `/call-downs/${callDown.id}/attempts`, file.dispatcher.headers, { entryId, outcome, ...(note ? { note } : {}) });
    const first = await call(dpw.id, 'no_answer', 'Rang out');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().entries[0].attempts[0]).toMatchObject({ outcome: 'no_answer', outcomeWords: 'no answer', note: 'Rang out' });
    expect(first.json().entries[0].attempts[0].byName).toContain('Tester-Quill');
    expect(first.json().completedAt).toBeNull();
    expect((await call(superintendent.id, 'reached')).json().completedAt).toBeNull();
    expect((await call(dpw.id, 'reached', 'Crew on the way')).json().completedAt).toBeNull();
    const last = await call(sergeant.id, 'reached');
    // everyone required reached: the call-down is complete by itself
    expect(last.json()).toMatchObject({ completion: 'all_reached', called: 3, reached: 3 });
    expect(last.json().completedByName).toContain('Tester-Quill');

    // the incident's timeline notes the start and the end
    const notes = await file.server.ctx.db.selectFrom('event').select(['kind', 'payload']).where('subject_type', '=', 'incident').where('subject_id', '=', number)
      .where('kind', '=', 'incident.note').orderBy('seq').execute();
    expect(notes.map((n) => n.payload.text)).toEqual([
      expect.stringMatching(/^Call-down started: Water main break notification list \(3 to call\)/),
      expect.stringMatching(/^Call-down complete: Water main break notification list, everyone required was reached \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}\)/),
    ]);
    const audit = await file.server.ctx.db.selectFrom('audit').select(['action', 'username']).where('subject_type', '=', 'call_down').where('subject_id', '=', callDown.id)
      .where('action', 'like', 'notify.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['notify.calldown_started', ...Array(4).fill('notify.call_recorded')]);

    // kept: the history lists it, with its counts, for the commanding officer too
    const history = await send('GET', `/call-downs?incident=${number}`, file.commander.headers);
    expect(history.statusCode).toBe(200);
    expect(history.json().items).toEqual([expect.objectContaining({ id: callDown.id, completion: 'all_reached', reached: 3, toCall: 3 })]);
    // a call on a finished call-down: refused, nothing written
    const before = await counts();
    const late = await call(dpw.id, 'reached');
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'calldown.complete', clause: 'S-110 §A.1.h' });
    expect(await counts()).toEqual(before);
  });

  test('S-110 §A.1.h: a call-down with someone required not reached is closed by the dispatcher once everyone required was called, not before', async () => {
    const started = (await send('POST', '/call-downs', file.commander.headers, { kind: 'WATER_MAIN' })).json();
    const [dpw, , sergeant] = started.entries;
    await send('POST', `/call-downs/${started.id}/attempts`, file.commander.headers, { entryId: dpw.id, outcome: 'left_message' });
    const early = await send('POST', `/call-downs/${started.id}/close`, file.commander.headers);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'calldown.not_called', clause: 'S-110 §A.1.h' });
    expect(early.json().detail).toContain(sergeant.name);
    await send('POST', `/call-downs/${started.id}/attempts`, file.commander.headers, { entryId: sergeant.id, outcome: 'no_answer' });
    const closed = await send('POST', `/call-downs/${started.id}/close`, file.commander.headers);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ completion: 'closed', called: 2, reached: 0 });
    expect((await send('GET', '/call-downs?open=true', file.dispatcher.headers)).json().items.some((c: { id: string }) => c.id === started.id)).toBe(false);
  });

  test('S-110 §A.1.h: bad input names the field and writes nothing: an empty list, an entry without a phone, an unknown kind, an outcome not in the set, an unknown directory contact, a stray byte', async () => {
    const open = (await send('POST', '/call-downs', file.dispatcher.headers, { kind: 'WATER_MAIN' })).json();
    const before = await counts();
    const cases: [string, string, Record<string, string>, object, number, RegExp][] = [
      ['PUT', '/notification-lists/HAZMAT', file.commander.headers, { name: 'Hazmat', entries: [] }, 400, /body\.entries.*S-110 §A\.1\.h/],
      ['PUT', '/notification-lists/HAZMAT', file.commander.headers, { name: 'Hazmat', entries: [{ name: 'Fire chief', phones: [] }] }, 400, /body\.entries\.0\.phones.*Fire chief/],
      ['PUT', '/notification-lists/HAZMAT', file.commander.headers, { name: 'Hazmat', entries: [{ person: file.officer.username }] }, 400, /body\.entries\.0\.phones/],
      ['PUT', '/notification-lists/HAZMAT', file.commander.headers, { name: 'Hazmat', entries: [{ directoryEntryId: '00000000-0000-4000-8000-000000000000' }] }, 400, /body\.entries\.0\.directoryEntryId/],
      ['PUT', '/notification-lists/HAZMAT', file.commander.headers, { name: 'Hazmat', entries: [{ phones: [{ label: 'x', number: '413-555-0100' }] }] }, 400, /body\.entries\.0\.name/],
      ['PUT', '/notification-lists/HAZMAT', file.commander.headers, { name: 'Hazmat', entries: [{ name: 'Chief', phones: [{ label: 'x', number: 'no digits' }] }] }, 400, /number/],
      ['PUT', '/notification-lists/HAZMAT', file.commander.headers, { name: 'Water main break', entries: [{ name: 'Chief', phones: [{ label: '', number: '413-555-0100' }] }] }, 409, /already has the name/],
      ['PUT', '/notification-lists/hazmat', file.commander.headers, { name: 'Hazmat', entries: [{ name: 'Chief', phones: [{ label: '', number: '413-555-0100' }] }] }, 400, /kind/],
      ['PUT', '/notification-lists/HAZMAT', file.commander.headers, { name: 'Haz\u0000mat', entries: [{ name: 'Chief', phones: [{ label: '', number: '413-555-0100' }] }] }, 400, /name/],
      ['POST', '/call-downs', file.dispatcher.headers, { kind: 'SEVERE_WEATHER' }, 400, /body\.kind.*SEVERE_WEATHER/],
      ['POST', '/call-downs', file.dispatcher.headers, { kind: 'WATER_MAIN', incidentNumber: '26-99999' }, 400, /body\.incidentNumber/],
      ['POST', `/call-downs/${open.id}/attempts`, file.dispatcher.headers, { entryId: open.entries[0].id, outcome: 'busy' }, 400, /outcome/],
      ['POST', `/call-downs/${open.id}/attempts`, file.dispatcher.headers, { entryId: '00000000-0000-4000-8000-000000000000', outcome: 'reached' }, 400, /body\.entryId/],
      ['POST', `/call-downs/${open.id}/attempts`, file.dispatcher.headers, { entryId: open.entries[0].id, outcome: 12 }, 400, /outcome/],
      ['POST', '/call-downs/00000000-0000-4000-8000-000000000000/attempts', file.dispatcher.headers, { entryId: open.entries[0].id, outcome: 'reached' }, 404, /no call-down/],
    ];
    for (const [method, url, headers, payload, status, detail] of cases) {
      const answer = await send(method as 'POST', url, headers, payload);
      expect(answer.statusCode, `${url} ${JSON.stringify(payload)}: ${answer.body}`).toBe(status);
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(`${answer.json().detail} ${answer.json().field ?? ''}`, JSON.stringify(payload)).toMatch(detail);
    }
    expect(await counts()).toEqual(before);
  });

  test('S-110 §A.1.h: the commanding officer and the administrator keep the lists; dispatchers and the commanding officer run call-downs; a patrol officer does neither', async () => {
    const body = { name: 'Severe weather', entries: [{ name: 'Emergency management director', phones: [{ label: 'Cell', number: '413-555-0160' }] }] };
    expect((await send('PUT', '/notification-lists/SEVERE_WEATHER', file.admin.headers, body)).statusCode).toBe(200);
    expect((await send('PUT', '/notification-lists/SEVERE_WEATHER', file.dispatcher.headers, body)).statusCode).toBe(403);
    expect((await send('POST', '/call-downs', file.admin.headers, { kind: 'SEVERE_WEATHER' })).statusCode).toBe(403);
    expect((await send('GET', '/notification-lists', file.officer.headers)).statusCode).toBe(403);
    expect((await send('GET', '/call-downs', file.officer.headers)).statusCode).toBe(403);
    // a retired list starts no call-down, and past call-downs keep its name
    expect((await send('PUT', '/notification-lists/SEVERE_WEATHER', file.admin.headers, { ...body, active: false })).json().active).toBe(false);
    const refused = await send('POST', '/call-downs', file.dispatcher.headers, { kind: 'SEVERE_WEATHER' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().field).toBe('body.kind');
  });

  test('S-110 §A.1.h: "if no answer within 5 minutes, call the next": the call-down says a reminder is due 5 minutes after the first unanswered call, until the next is called or the first is reached', async () => {
    const dpw = await send('POST', '/directory/entries', file.dispatcher.headers, { category: 'town_department', name: 'Gas on-call', organization: 'Millbrook Gas', phone: '413-555-0150' });
    const entries = [
      { directoryEntryId: dpw.json().id, role: 'Gas on-call', callNextAfterMinutes: 5 },
      { name: 'Gas supervisor', phones: [{ label: 'Cell', number: '413-555-0151' }], required: false, callNextAfterMinutes: 10 },
      { name: 'Fire alarm office', phones: [{ label: 'Line', number: '413-555-0110' }] },
    ];
    // the last of the list has no next to call: refused naming it, nothing written
    const before = await counts();
    const last = await send('PUT', '/notification-lists/GAS_LEAK', file.commander.headers, { name: 'Gas leak', entries: entries.map((e) => ({ ...e, callNextAfterMinutes: 5 })) });
    expect(last.statusCode).toBe(400);
    expect(last.json()).toMatchObject({ field: 'body.entries.2.callNextAfterMinutes' });
    expect((await send('PUT', '/notification-lists/GAS_LEAK', file.commander.headers, { name: 'Gas leak', entries: [{ ...entries[0], callNextAfterMinutes: 0 }, entries[2]] })).statusCode).toBe(400);
    expect(await counts()).toEqual(before);
    const saved = await send('PUT', '/notification-lists/GAS_LEAK', file.commander.headers, { name: 'Gas leak', entries });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().entries.map((e: { callNextAfterMinutes: number | null }) => e.callNextAfterMinutes)).toEqual([5, 10, null]);

    const clock = manualClock(new Date());
    file.server.ctx.clock = clock;
    try {
      const started = await send('POST', '/call-downs', file.dispatcher.headers, { kind: 'GAS_LEAK' });
      expect(started.statusCode, started.body).toBe(201);
      const id = started.json().id as string;
      type Row = { id: string; name: string; callNextAfterMinutes: number | null; reminderAt: string | null; reminderDue: boolean };
      const read = async () => (await send('GET', `/call-downs/${id}`, file.dispatcher.headers)).json().entries as Row[];
      const [first, second] = await read();
      expect(first).toMatchObject({ callNextAfterMinutes: 5, reminderAt: null, reminderDue: false });
      const call = async (entryId: string, outcome: string) => expect((await send('POST', `/call-downs/${id}/attempts`, file.dispatcher.headers, { entryId, outcome })).statusCode).toBe(200);
      const calledAt = clock.now().getTime();
      await call(first!.id, 'no_answer');
      clock.advance(60_000);
      await call(first!.id, 'left_message'); // a second try does not restart the wait: it runs from the first call
      expect((await read())[0]).toMatchObject({ reminderAt: new Date(calledAt + 5 * 60_000).toISOString(), reminderDue: false });
      clock.advance(3 * 60_000 + 59_000);
      expect((await read())[0]!.reminderDue).toBe(false);
      clock.advance(1_000);
      expect((await read())[0]!.reminderDue).toBe(true);
      // the next is called: no reminder for the first; the second's own wait begins
      await call(second!.id, 'no_answer');
      const after = await read();
      expect(after[0]).toMatchObject({ reminderAt: null, reminderDue: false });
      expect(after[1]).toMatchObject({ reminderAt: new Date(clock.now().getTime() + 10 * 60_000).toISOString(), reminderDue: false });
      // the first calls back and is reached; the supervisor's 10 minutes still run out, the fire alarm office not yet called
      await call(first!.id, 'reached');
      clock.advance(10 * 60_000);
      expect((await read()).map((e) => e.reminderDue)).toEqual([false, true, false]);
      // the fire alarm office is reached: the call-down is complete, and no reminder stays
      await call((await read())[2]!.id, 'reached');
      clock.advance(60 * 60_000);
      expect((await read()).map((e) => e.reminderDue)).toEqual([false, false, false]);
    } finally {
      file.server.ctx.clock = systemClock;
    }
  });
});
