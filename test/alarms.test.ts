import { expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase, serverForFile } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { createIncident } from '../src/dispatch/incidents/service.ts';
import { closeIncident } from '../src/dispatch/units/service.ts';
import type { Role } from '../src/core/permissions.ts';

// S-110 §A.1.a: the alarm premises register; 81A §E (ALARM_COMM, ALARM_PANIC) and §G (alarm response, policy 41F).
forEachDatabase('alarm premises (S-110 §A.1.a)', (database) => {
  const file = serverForFile(database, async (server) => ({
    clerk: await signedInAs(server.ctx, server.app, ['records_clerk']),
    oic: await signedInAs(server.ctx, server.app, ['commanding_officer']),
    dispatcher: await signedInAs(server.ctx, server.app, ['dispatcher']),
    officer: await signedInAs(server.ctx, server.app, ['patrol_officer']),
    supply: await signedInAs(server.ctx, server.app, ['supply_supervisor']),
  }));
  const send = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: object) =>
    file.server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const counts = async () => {
    const [premises, audit] = await Promise.all(['alarm_premises', 'audit'].map(async (t) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(file.server.ctx.db)).rows[0]!.n)));
    return { premises, audit };
  };
  const actor = (who: { username: string }, roles: Role[]) => ({ username: who.username, roles, source: '127.0.0.1', remote: false });
  /** An incident at an address, closed with a disposition, as the dispatcher closes it on the console. */
  const closed = async (type: string, address: string, disposition: string) => {
    const dispatcher = actor(file.dispatcher, ['dispatcher']);
    const incident = await createIncident(file.server.ctx, dispatcher, { type, location: { address } });
    await closeIncident(file.server.ctx, dispatcher, incident.number, disposition);
    return incident.number;
  };
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: file.server.ctx.config.agency.timeZone }).format(new Date());
  const shifted = (days: number) => new Date(Date.parse(`${today()}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const jeweler = () => ({
    name: 'Harlow Jewelers', address: '88 Market Street', alarmTypes: ['BURGLAR', 'HOLDUP'],
    company: { name: 'Valley Alarm Co.', phone: '413-555-0190', account: 'VA-22817' },
    permit: { number: 'AP-2026-014', issuedOn: shifted(-30), expiresOn: shifted(335) },
    keyHolders: [
      { name: 'Rosa Harlow', phones: ['413-555-0142', '413-555-0143'], canRespond: true },
      { name: 'Ed Pratt', phones: ['413-555-0177'], canRespond: false },
    ],
    notes: 'Safe room at the back; dog in the office after hours',
  });

  test('S-110 §A.1.a: the records clerk registers premises with company, permit and key holders; alarm incidents closed FALSE_ALARM at the address, however spelled, count automatically and are listed by number', async () => {
    const made = await send('POST', '/alarm-premises', file.clerk.headers, jeweler());
    expect(made.statusCode, made.body).toBe(201);
    const premises = made.json();
    expect(premises).toMatchObject({
      name: 'Harlow Jewelers', address: '88 Market Street', verified: false, active: true, alarmTypes: ['BURGLAR', 'HOLDUP'],
      company: { name: 'Valley Alarm Co.', phone: '413-555-0190', account: 'VA-22817' },
      permit: { number: 'AP-2026-014', status: 'valid' }, falseAlarms: { last12Months: 0, incidents: [] },
    });
    expect(premises.keyHolders.map((k: { name: string }) => k.name)).toEqual(['Rosa Harlow', 'Ed Pratt']);
    expect(premises.updatedByName).toContain('Tester-Quill');

    const first = await closed('ALARM_COMM', '88 Market St, Millbrook', 'FALSE_ALARM');
    const second = await closed('ALARM_PANIC', '88 market street', 'FALSE_ALARM');
    await closed('ALARM_COMM', '88 Market St', 'REPORT'); // a real alarm: not false
    await closed('NOISE', '88 Market St', 'FALSE_ALARM'); // not an alarm incident
    await closed('ALARM_COMM', '90 Market St', 'FALSE_ALARM'); // next door

    const read = (await send('GET', `/alarm-premises/${premises.id}`, file.clerk.headers)).json();
    expect(read.falseAlarms.last12Months).toBe(2);
    expect(read.falseAlarms.permitYear).toMatchObject({ from: jeweler().permit.issuedOn, count: 2 });
    expect(read.falseAlarms.incidents.map((i: { number: string }) => i.number).sort()).toEqual([first, second].sort());
    expect(read.falseAlarms.incidents[0]).toMatchObject({ date: today(), inLast12Months: true, inPermitYear: true });
    const listed = (await send('GET', '/alarm-premises?q=valley', file.clerk.headers)).json();
    expect(listed.items.map((p: { name: string; falseAlarms: { last12Months: number } }) => [p.name, p.falseAlarms.last12Months])).toEqual([['Harlow Jewelers', 2]]);

    // a false alarm reported more than twelve months ago leaves the rolling count (and this permit's year): counted by query, never a stored tally
    await sql`update incident set reported_at = now() - interval '400 days' where number = ${second}`.execute(file.server.ctx.db);
    const older = (await send('GET', `/alarm-premises/${premises.id}`, file.clerk.headers)).json();
    expect(older.falseAlarms.last12Months).toBe(1);
    expect(older.falseAlarms.incidents.map((i: { number: string }) => i.number)).toEqual([first]);

    const audit = await file.server.ctx.db.selectFrom('audit').select(['action', 'username']).where('subject_type', '=', 'alarm_premises').where('subject_id', '=', premises.id).execute();
    expect(audit).toEqual([{ action: 'alarms.registered', username: file.clerk.username }]);
  });

  test('at call time the dispatcher and the officer see the premises, the company phone, the key holders in order and the false-alarm count; an expired permit shows expired; an inactive entry is not shown', async () => {
    const made = await send('POST', '/alarm-premises', file.oic.headers, {
      name: 'Elm Street Pharmacy', address: '12 Elm St', alarmTypes: ['BURGLAR'], company: { name: 'Guardian Monitoring', phone: '800-555-0111' },
      permit: { number: 'AP-2024-002', issuedOn: shifted(-800), expiresOn: shifted(-70) }, keyHolders: [{ name: 'Pat Lowe', phones: ['413-555-0101'], canRespond: true }],
    });
    expect(made.statusCode, made.body).toBe(201);
    const number = await closed('ALARM_COMM', '12 Elm Street, Millbrook', 'FALSE_ALARM');
    for (const who of [file.dispatcher, file.officer]) {
      const at = await send('GET', `/alarm-premises/at?address=${encodeURIComponent('12 elm street')}`, who.headers);
      expect(at.statusCode, at.body).toBe(200);
      expect(at.json()).toHaveLength(1);
      expect(at.json()[0]).toMatchObject({
        name: 'Elm Street Pharmacy', company: { phone: '800-555-0111' }, keyHolders: [{ name: 'Pat Lowe', phones: ['413-555-0101'], canRespond: true }],
        permit: { status: 'expired' }, falseAlarms: { last12Months: 1 },
      });
      expect(at.json()[0].falseAlarms.incidents[0].number).toBe(number);
    }
    expect((await send('GET', '/alarm-premises/at?address=14%20Elm%20St', file.dispatcher.headers)).json()).toEqual([]);

    const inactive = await send('PUT', `/alarm-premises/${made.json().id}`, file.clerk.headers, {
      name: 'Elm Street Pharmacy', address: '12 Elm St', alarmTypes: ['BURGLAR'], keyHolders: [], active: false,
    });
    expect(inactive.statusCode, inactive.body).toBe(200);
    expect(inactive.json()).toMatchObject({ active: false, company: null, permit: null, keyHolders: [] });
    expect((await send('GET', '/alarm-premises/at?address=12%20Elm%20St', file.dispatcher.headers)).json()).toEqual([]);
    const actions = await file.server.ctx.db.selectFrom('audit').select('action').where('subject_id', '=', made.json().id).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['alarms.registered', 'alarms.deactivated']);
  });

  test('81A §E.2.c: a false alarm on a confidential incident counts for everyone, but only a reader of confidential incidents sees its number', async () => {
    const made = await send('POST', '/alarm-premises', file.clerk.headers, { ...jeweler(), name: 'Shelter Annex', address: '61 Oak Street', permit: undefined });
    expect(made.statusCode, made.body).toBe(201);
    const dispatcher = actor(file.dispatcher, ['dispatcher']);
    const incident = await createIncident(file.server.ctx, dispatcher, { type: 'ALARM_PANIC', location: { address: '61 Oak St' }, confidential: true });
    await closeIncident(file.server.ctx, dispatcher, incident.number, 'FALSE_ALARM');
    const byClerk = (await send('GET', `/alarm-premises/${made.json().id}`, file.clerk.headers)).json();
    expect(byClerk.falseAlarms.last12Months).toBe(1);
    expect(byClerk.falseAlarms.incidents.map((i: { number: string | null }) => i.number)).toEqual([null]);
    const byDispatcher = (await send('GET', `/alarm-premises/at?address=61%20Oak%20St`, file.dispatcher.headers)).json();
    expect(byDispatcher[0].falseAlarms.incidents.map((i: { number: string | null }) => i.number)).toEqual([incident.number]);
    const read = await file.server.ctx.db.selectFrom('audit').select(['action', 'username']).where('subject_type', '=', 'incident').where('subject_id', '=', incident.number)
      .where('action', '=', 'incident.read_confidential').execute();
    expect(read).toContainEqual({ action: 'incident.read_confidential', username: file.dispatcher.username });
  });

  test('S-110 §A.1.a bad input names the field and writes nothing: expiry before issue, a key holder without a name or a phone, a second active entry at one address, an unknown alarm type', async () => {
    await send('POST', '/alarm-premises', file.clerk.headers, { ...jeweler(), name: 'Corner Bank', address: '5 Bank Row', permit: undefined });
    const before = await counts();
    const cases: [object, number, string][] = [
      [{ permit: { number: 'AP-1', issuedOn: '2026-05-01', expiresOn: '2026-04-30' } }, 400, 'permit.expiresOn'],
      [{ keyHolders: [{ name: '   ', phones: ['413-555-0100'], canRespond: true }] }, 400, 'keyHolders.0.name'],
      [{ keyHolders: [{ name: 'Rosa Harlow', phones: ['413-555-0100'], canRespond: true }, { name: 'No Phone', phones: [], canRespond: false }] }, 400, 'keyHolders.1.phones'],
      [{ alarmTypes: ['BURGLAR', 'LASER_GRID'] }, 400, 'alarmTypes.1'],
      [{ address: '5 Bank Row, Millbrook' }, 409, 'address'],
    ];
    for (const [change, status, field] of cases) {
      const res = await send('POST', '/alarm-premises', file.clerk.headers, { ...jeweler(), name: 'Corner Bank', address: '5 Bank Row Apt', ...change });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().field).toBe(field);
      if (status === 409) expect(res.json()).toMatchObject({ code: 'alarms.duplicate_address', clause: 'S-110 §A.1.a' });
    }
    // a phone with no digit, wrong types and NUL bytes: 400s too
    for (const body of [
      { ...jeweler(), address: '7 Bank Row', keyHolders: [{ name: 'X', phones: ['call me'], canRespond: true }] },
      { ...jeweler(), address: '7 Bank Row', alarmTypes: 'BURGLAR' },
      { ...jeweler(), address: '7 Bank Row', name: 'Bad\u0000name' },
    ]) expect((await send('POST', '/alarm-premises', file.clerk.headers, body)).statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  test('who: the records clerk and the commanding officer keep the register; a dispatcher and a patrol officer read it but may not write; the supply supervisor may not read it', async () => {
    const body = { ...jeweler(), name: 'Who Test', address: '300 Pine Ave', permit: undefined };
    expect((await send('POST', '/alarm-premises', file.dispatcher.headers, body)).statusCode).toBe(403);
    expect((await send('GET', '/alarm-premises', file.dispatcher.headers)).statusCode).toBe(200);
    expect((await send('GET', '/alarm-premises', file.officer.headers)).statusCode).toBe(200); // records.read
    expect((await send('POST', '/alarm-premises', file.officer.headers, body)).statusCode).toBe(403);
    for (const path of ['/alarm-premises', '/alarm-premises/at?address=300%20Pine%20Ave']) expect((await send('GET', path, file.supply.headers)).statusCode).toBe(403);
  });
});
