import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';

type Entry = { seq: number; kind: string; actor: string | null; payload: Record<string, unknown> };

forEachDatabase('correcting, reopening and merging incidents without rewriting them (81A §D.3, §C "Multiple Calls")', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: Record<string, string>;
  let commander: Record<string, string>;
  let officer: Record<string, string>;

  beforeAll(async () => {
    server = await database().server();
    const signIn = await demoAgency(server.ctx, server.app);
    dispatcher = await signIn('dkowalski');
    commander = await signIn('mreyes');
    officer = await signIn('jobrien');
  });
  afterAll(async () => server?.close());

  const post = (url: string, payload: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers = dispatcher) => server.app.inject({ url: `/api/v1${url}`, headers });
  const open = async (body: Record<string, unknown> = {}) => (await post('/incidents', { type: 'DISTURB', location: { address: '12 Elm Street, Millbrook' }, ...body })).json();
  const written = async () => ({
    events: Number((await server.ctx.db.selectFrom('event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    audit: Number((await server.ctx.db.selectFrom('audit').select((eb) => eb.fn.countAll().as('n')).where('outcome', '=', 'allowed').executeTakeFirstOrThrow()).n),
  });
  const entries = (record: { timeline: Entry[] }, kind: string) => record.timeline.filter((e) => e.kind === kind);

  test('81A §D.3: a new type is a timeline entry with the old and new value, the reason and who; the required response follows it (§E.4)', async () => {
    const incident = await open();
    const r = await post(`/incidents/${incident.number}/corrections`, { reason: 'Caller now says a bag was snatched at knife point', type: 'ROBBERY' });
    expect(r.statusCode, r.body).toBe(200);
    const corrected = r.json();
    expect(corrected).toMatchObject({ type: 'ROBBERY', priority: 1, requiredResponse: { minUnits: 2, supervisor: true } });
    const [entry] = entries(corrected, 'incident.corrected');
    expect(entry).toMatchObject({
      actor: 'dkowalski',
      actorName: expect.stringMatching(/^Dana Kowalski/), // the timeline names the person, not the login
      payload: {
        reason: 'Caller now says a bag was snatched at knife point',
        changes: [{ field: 'type', from: 'DISTURB', to: 'ROBBERY' }, { field: 'priority', from: 2, to: 1 }],
        requiredResponse: { from: { minUnits: 2, supervisor: false }, to: { minUnits: 2, supervisor: true } },
      },
    });
    // the creation entry still holds what was first recorded: nothing is rewritten
    expect(entries(corrected, 'incident.created')[0]!.payload.type).toBe('DISTURB');
    // the requirements are checked again: two patrol units without a supervisor no longer meet a robbery's response
    const refused = await post(`/incidents/${incident.number}/dispatch`, { units: ['411', '412'] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'response.supervisor_required' });
    expect((await get(`/incidents/${incident.number}/recommendation`)).json().requiredResponse).toEqual({ minUnits: 2, supervisor: true });
  });

  test('the answer to a correction carries the board rows of the incident\'s units with the new type and priority, as GET /units shows them (the console needs no re-read)', async () => {
    const incident = await open({ location: { address: '40 Elm Street, Millbrook' } });
    const dispatched = await post(`/incidents/${incident.number}/dispatch`, { units: ['411', '412'] });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    const corrected = (await post(`/incidents/${incident.number}/corrections`, { reason: 'Only loud music after all', type: 'NOISE' })).json();
    expect(corrected.board.map((u: { callSign: string }) => u.callSign).sort()).toEqual(['411', '412']);
    const row = corrected.board.find((u: { callSign: string }) => u.callSign === '411');
    expect(row).toMatchObject({ incident: incident.number, incidentType: 'NOISE', incidentPriority: corrected.priority });
    expect((await get('/units')).json().find((u: { callSign: string }) => u.callSign === '411')).toEqual(row);
    await post(`/incidents/${incident.number}/close`, { disposition: 'ADVISED' });
  });

  test('a correction without a reason, with an unknown type or changing nothing is refused naming the field, and nothing is written', async () => {
    const incident = await open();
    const before = await written();
    const noReason = await post(`/incidents/${incident.number}/corrections`, { reason: '   ', priority: 1 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ code: 'incident.reason_required', field: 'reason' });
    const unknown = await post(`/incidents/${incident.number}/corrections`, { reason: 'typo', type: 'NOT_A_TYPE' });
    expect(unknown.json()).toMatchObject({ code: 'incident.unknown_type', field: 'type' });
    const same = await post(`/incidents/${incident.number}/corrections`, { reason: 'no change', type: 'DISTURB', priority: incident.priority });
    expect(same.json()).toMatchObject({ code: 'incident.correction_unchanged' });
    expect(await written()).toEqual(before);
    expect((await get(`/incidents/${incident.number}`)).json().timeline).toEqual(incident.timeline);
  });

  test('a corrected location is placed again; a shelter keeps its real address out of the record and the timeline (81A §D.3.c)', async () => {
    const incident = await open({ complainant: { name: 'Dana Price', address: '12 Elm Street', phone: '5085550100' } });
    const moved = (await post(`/incidents/${incident.number}/corrections`, { reason: 'Wrong house: the caller is next door', location: { address: '14 Elm Street, Millbrook' } })).json();
    expect(moved.location.address).toBe('14 Elm Street, Millbrook');
    expect(entries(moved, 'incident.corrected')[0]!.payload.changes).toEqual([
      expect.objectContaining({ field: 'location', from: expect.objectContaining({ address: '12 Elm Street, Millbrook' }), to: expect.objectContaining({ address: '14 Elm Street, Millbrook' }) }),
    ]);
    const shelter = (await post(`/incidents/${incident.number}/corrections`, {
      reason: 'The caller is at a domestic-violence program', complainant: { name: 'Dana Price', address: '77 Hidden Way', phone: '5085550100', confidentialShelter: true },
    })).json();
    expect(shelter.complainant.address).not.toContain('Hidden');
    expect(JSON.stringify(shelter.timeline)).not.toContain('Hidden');
    const kept = (await get(`/incidents/${incident.number}/shelter-addresses`, commander)).json();
    expect(kept).toEqual([expect.objectContaining({ field: 'complainant', address: '77 Hidden Way' })]);
  });

  test('a closed incident is reopened within the agency’s window with a reason; after it, the dispatcher is told to open a new one', async () => {
    const incident = await open({ type: 'NOISE', location: { address: '3 Oak Road' } });
    expect((await post(`/incidents/${incident.number}/reopen`, { reason: 'still open' })).json()).toMatchObject({ code: 'incident.not_closed', clause: '81A §D.3' });
    expect((await post(`/incidents/${incident.number}/close`, { disposition: 'ADVISED' })).statusCode).toBe(200);
    const reopened = await post(`/incidents/${incident.number}/reopen`, { reason: 'The music started again' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'pending', disposition: null, closedAt: null });
    expect(entries(reopened.json(), 'incident.reopened')[0]).toMatchObject({ actor: 'dkowalski', payload: { reason: 'The music started again', disposition: 'ADVISED' } });
    expect((await get('/incidents')).json().items.map((i: { number: string }) => i.number)).toContain(incident.number);

    // the commanding officer sets the window to none: a closed incident stays closed
    expect((await server.app.inject({ method: 'PUT', url: '/api/v1/dispatch/timers', payload: { reopenHours: 0 }, headers: commander })).json().reopenHours).toBe(0);
    try {
      await post(`/incidents/${incident.number}/close`, { disposition: 'ADVISED' });
      const late = await post(`/incidents/${incident.number}/reopen`, { reason: 'again' });
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ code: 'incident.reopen_window_passed', clause: '81A §D.3' });
      expect(late.json().detail).toMatch(/open a new incident/);
    } finally {
      await server.app.inject({ method: 'PUT', url: '/api/v1/dispatch/timers', payload: { reopenHours: 24 }, headers: commander });
    }
  });

  test('81A §C "Multiple Calls": a duplicate merges into the incident it repeats; its caller and unit move, it closes naming the other', async () => {
    const callA = (await post('/calls', { line: 'business', callerName: 'First Caller' })).json();
    const callB = (await post('/calls', { line: 'business', callerName: 'Second Caller' })).json();
    const kept = await open({ callId: callA.id, type: 'SUSPICIOUS', location: { address: '20 Birch Road' } });
    const duplicate = await open({ callId: callB.id, type: 'SUSPICIOUS', location: { address: '20 Birch Rd' } });
    for (const c of ['413', '414']) await post(`/units/${c}/status`, { status: 'available' });
    expect((await post(`/incidents/${kept.number}/dispatch`, { units: ['413'] })).statusCode).toBe(200);
    expect((await post(`/incidents/${duplicate.number}/dispatch`, { units: ['414'] })).statusCode).toBe(200);

    const merged = await post(`/incidents/${duplicate.number}/merge`, { into: kept.number, reason: 'Same prowler, two neighbours calling' });
    expect(merged.statusCode, merged.body).toBe(200);
    const survivor = merged.json();
    expect(survivor.number).toBe(kept.number);
    expect(survivor.callers.map((c: { callerName: string }) => c.callerName)).toEqual(['First Caller', 'Second Caller']);
    expect(survivor.units.filter((u: { clearedAt: string | null }) => !u.clearedAt).map((u: { callSign: string; role: string }) => [u.callSign, u.role])).toEqual([['413', 'primary'], ['414', 'backup']]);
    expect(entries(survivor, 'incident.duplicate_merged')[0]!.payload).toMatchObject({ from: duplicate.number, units: ['414'], calls: [callB.id] });
    expect((await get('/units/414')).json().incident).toBe(kept.number);

    const gone = (await get(`/incidents/${duplicate.number}`)).json();
    expect(gone).toMatchObject({ status: 'closed', disposition: 'DUPLICATE', mergedInto: kept.number, callers: [] });
    expect(entries(gone, 'incident.merged')[0]!.payload).toMatchObject({ into: kept.number, reason: 'Same prowler, two neighbours calling' });
    expect(entries(gone, 'incident.created')).toHaveLength(1); // its own history stays where it was
    expect((await post(`/incidents/${duplicate.number}/reopen`, { reason: 'oops' })).json()).toMatchObject({ code: 'incident.merged' });
  });

  test('a merge into a closed incident, into itself or across confidentiality is refused and moves nothing', async () => {
    const a = await open({ location: { address: '5 Cedar Court' } });
    const closed = await open({ location: { address: '5 Cedar Court' } });
    await post(`/incidents/${closed.number}/close`, { disposition: 'GOA' });
    const secret = await open({ location: { address: '5 Cedar Court' }, confidential: true });
    const before = await written();
    expect((await post(`/incidents/${a.number}/merge`, { into: closed.number, reason: 'dup' })).json()).toMatchObject({ code: 'incident.closed' });
    expect((await post(`/incidents/${a.number}/merge`, { into: a.number, reason: 'dup' })).json()).toMatchObject({ code: 'incident.merge_self' });
    expect((await post(`/incidents/${a.number}/merge`, { into: secret.number, reason: 'dup' }, commander)).json()).toMatchObject({ code: 'incident.merge_confidential', clause: '81A §E.2.c' });
    expect((await post(`/incidents/${a.number}/merge`, { into: '26-99999', reason: 'dup' })).statusCode).toBe(404);
    expect(await written()).toEqual(before);
    expect((await get(`/incidents/${a.number}`)).json()).toMatchObject({ status: 'pending', mergedInto: null });
  });

  test('a patrol officer cannot correct, reopen or merge: those are the dispatcher’s (dispatch.calls)', async () => {
    const incident = await open();
    for (const [path, body] of [['corrections', { reason: 'x', priority: 1 }], ['reopen', { reason: 'x' }], ['merge', { into: incident.number, reason: 'x' }]] as const) {
      const r = await post(`/incidents/${incident.number}/${path}`, body, officer);
      expect(r.statusCode, path).toBe(403);
    }
  });
});
