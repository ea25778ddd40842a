import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { openIncident } from './support/incidents.ts';
import { signedInAs } from './support/session.ts';
import { agencyDate } from '../src/core/clock.ts';

forEachDatabase('unit status and field units (81A §E.5, §E.6.d, §E.2.c)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: Record<string, string>;
  let obrien: Record<string, string>; // patrol, rides 411 on today's roster
  let nguyen: Record<string, string>; // patrol, rides 412

  beforeAll(async () => {
    server = await database().server();
    const signIn = await demoAgency(server.ctx, server.app);
    dispatcher = await signIn('dkowalski');
    obrien = await signIn('jobrien');
    nguyen = await signIn('pnguyen');
  });
  afterAll(async () => server?.close());

  const post = (url: string, payload: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers = dispatcher) => server.app.inject({ url: `/api/v1${url}`, headers });

  test('the OpenAPI document lists the fixed dispatch points of API.md', async () => {
    const paths = Object.keys((await server.app.inject('/api/openapi.json')).json().paths);
    for (const path of ['/api/v1/incidents/{number}/dispatch', '/api/v1/units/{callSign}/status', '/api/v1/incidents/{number}/close', '/api/v1/units']) {
      expect(paths).toContain(path);
    }
  });

  test('GET /units: every unit with call sign (81A §E.5.c), service, status and since', async () => {
    const board = (await get('/units')).json() as { callSign: string; status: string; service: string; since: string; personnel: string[] }[];
    expect(board.map((u) => u.callSign)).toEqual(expect.arrayContaining(['411', '414', 'LC1', 'BP1', 'BP2', 'Meter 1', 'ACO', 'E1', 'A1']));
    expect(board.find((u) => u.callSign === 'A1')).toMatchObject({ service: 'ems', status: 'available' });
    expect(board.find((u) => u.callSign === '411')!.personnel).toEqual(['Jordan O’Brien']);
  });

  test('81A §E.5.a.vii: out of service needs a listed reason; the reason is on the board and in the history', async () => {
    const noReason = await post('/units/413/status', { status: 'out_of_service' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('unit.reason_required');
    expect((await post('/units/413/status', { status: 'out_of_service', reason: 'NAPPING' })).json().code).toBe('unit.unknown_reason');
    const ok = await post('/units/413/status', { status: 'out_of_service', reason: 'DINNER' });
    expect(ok.json()).toMatchObject({ status: 'out_of_service', reason: 'DINNER' });
    expect((await post('/units/413/status', { status: 'available' })).json()).toMatchObject({ status: 'available', reason: null });
    const history = (await get('/units/413/history')).json() as { kind: string; at: string; actor: { user: string }; payload: { status: string; reason: string | null } }[];
    const changes = history.filter((e) => e.kind === 'unit.status_changed').map((e) => [e.payload.status, e.payload.reason, e.actor.user]);
    expect(changes).toEqual([['out_of_service', 'DINNER', 'dkowalski'], ['available', null, 'dkowalski']]);
  });

  test('81A §E.5.a.vi: a motor vehicle stop is logged with plate and location', async () => {
    const missing = await post('/units/411/status', { status: 'out_of_service', reason: 'MV_STOP', detail: { plate: '7XK-220' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'unit.detail_required', detail: expect.stringContaining('location') });
    const stop = await post('/units/411/status', { status: 'out_of_service', reason: 'MV_STOP', detail: { plate: '7XK-220', state: 'MA', location: 'Main St at Elm St' } }, obrien);
    expect(stop.statusCode).toBe(200);
    expect(stop.json().detail).toEqual({ plate: '7XK-220', state: 'MA', location: 'Main St at Elm St' });
    await post('/units/411/status', { status: 'available' }, obrien);
    const history = (await get('/units/411/history')).json() as { actor: { user: string; unit: string }; payload: Record<string, unknown> }[];
    const end = history.at(-1)!;
    expect(end.actor).toEqual({ user: 'jobrien', unit: '411' }); // a field unit's own change, attributed to the officer and unit
    expect(end.payload.ended).toMatchObject({ reason: 'MV_STOP', detail: { plate: '7XK-220' } });
  });

  test('81A §E.5.a.iv: a prisoner transport from the scene has a start and an end; the unit then clears', async () => {
    const number = await openIncident(server.ctx, { type: 'ASSIST' });
    expect((await post(`/incidents/${number}/dispatch`, { units: ['BP2'] })).statusCode).toBe(200);
    await post('/units/BP2/status', { status: 'arrived' });
    const start = await post('/units/BP2/status', { status: 'out_of_service', reason: 'PRISONER_TRANSPORT', detail: { destination: 'County House of Correction' } });
    expect(start.json()).toMatchObject({ status: 'out_of_service', incident: number, reason: 'PRISONER_TRANSPORT' });
    const end = await post('/units/BP2/status', { status: 'available' });
    expect(end.json()).toMatchObject({ status: 'available', incident: null });
    const events = (await get('/units/BP2/history')).json() as { payload: Record<string, unknown> }[];
    expect(events.at(-1)!.payload.ended).toMatchObject({ reason: 'PRISONER_TRANSPORT', transport: true });
    const incident = await server.ctx.db.selectFrom('incident_unit').selectAll().where('incident_number', '=', number).executeTakeFirstOrThrow();
    expect(incident.cleared_at).not.toBeNull();
  });

  test('statuses a unit cannot go to from its current one are refused with 409 and change nothing', async () => {
    const cases = [
      { status: 'en_route', code: 'unit.no_incident' },
      { status: 'arrived', code: 'unit.no_incident' },
      { status: 'dispatched', code: 'unit.status_transition' }, // §E.2.d: only a dispatch sets it
    ];
    for (const c of cases) {
      const response = await post('/units/ACO/status', { status: c.status });
      expect(response.json().code).toBe(c.code);
    }
    expect((await post('/units/ACO/status', { status: 'on_break' })).statusCode).toBe(400);
    expect((await post('/units/ACO/status', { status: 'available', reason: 'DINNER' })).json().code).toBe('unit.reason_not_expected');
    expect((await post('/units/NOPE/status', { status: 'available' })).json().code).toBe('unit.not_found');
    expect((await get('/units/ACO')).json().status).toBe('available');
    expect((await get('/units/ACO/history')).json()).toEqual([]);
  });

  test('field units change their own status only (81A §B.4.c); dispatchers change any', async () => {
    const own = await post('/units/412/status', { status: 'out_of_service', reason: 'REPORTS' }, nguyen);
    expect(own.statusCode).toBe(200);
    const other = await post('/units/411/status', { status: 'out_of_service', reason: 'REPORTS' }, nguyen);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('unit.not_own_unit');
    expect((await get('/units/411')).json().status).toBe('available');
    expect((await post('/units/412/status', { status: 'available' })).statusCode).toBe(200);
  });

  test('81A §E.6.d: a unit backing up another tells dispatch and is recorded on scene', async () => {
    const number = await openIncident(server.ctx, { type: 'SUSPICIOUS' });
    await post(`/incidents/${number}/dispatch`, { units: ['412'] });
    const backup = await post('/units/411/backup', { incident: number }, obrien);
    expect(backup.json()).toMatchObject({ status: 'arrived', incident: number });
    const incident = await server.ctx.db.selectFrom('incident_unit').selectAll().where('incident_number', '=', number).where('call_sign', '=', '411').executeTakeFirstOrThrow();
    expect(incident).toMatchObject({ role: 'backup' });
    expect(incident.arrived_at).not.toBeNull();
    expect((await server.ctx.db.selectFrom('incident').select('status').where('number', '=', number).executeTakeFirstOrThrow()).status).toBe('on_scene');
    await post(`/incidents/${number}/close`, { disposition: 'ADVISED' });
  });

  test('81A §E.2.c: a confidential incident is withheld from field units not assigned to it, and from the open stream', async () => {
    const number = await openIncident(server.ctx, { type: 'WARRANT', address: '7 Hidden Lane' });
    const before = (await get('/events?after=0&limit=1000')).json().at(-1).seq as number;
    await post(`/incidents/${number}/confidential`, { reason: 'warrant service, secrecy' });
    await post(`/incidents/${number}/dispatch`, { units: ['412', 'LC1'] });
    const seenByOther = (await get('/units', obrien)).json().find((u: { callSign: string }) => u.callSign === 'LC1');
    expect(seenByOther).toMatchObject({ status: 'dispatched', incident: null, incidentType: null, confidential: true });
    const seenByOwn = (await get('/units', nguyen)).json().find((u: { callSign: string }) => u.callSign === '412');
    expect(seenByOwn).toMatchObject({ incident: number, incidentType: 'WARRANT' });
    expect((await get('/units', dispatcher)).json().find((u: { callSign: string }) => u.callSign === 'LC1').incident).toBe(number);
    const stream = (await get(`/events?after=${before}`, obrien)).json() as { kind: string; subjectId: string; confidential: boolean; payload: Record<string, unknown> }[];
    const withheld = stream.filter((e) => e.kind === 'withheld');
    expect(withheld.length).toBeGreaterThan(0);
    expect(withheld.every((e) => Object.keys(e.payload).length === 0 && e.subjectId === '')).toBe(true);
    expect(stream.some((e) => e.kind === 'incident.units_dispatched')).toBe(false);
    expect(JSON.stringify(stream)).not.toContain('7 Hidden Lane');
    // the assigned unit's officer sees the assignment; another field officer cannot ask for it
    expect((await get('/units/412/assignment', nguyen)).json().incident).toMatchObject({ number, location: { address: '7 Hidden Lane' } });
    expect((await get('/units/LC1/assignment', obrien)).statusCode).toBe(403);
    await post(`/incidents/${number}/close`, { disposition: 'ARREST' });
  });

  test('81A §E.5.c.iii: an officer on a paid detail goes on the board under the badge number', async () => {
    const added = await post('/units', { callSign: '318', kind: 'detail', service: 'police', description: 'Paid traffic detail, Route 2 work zone', personnel: ['Priya Nguyen'] });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ callSign: '318', status: 'available', kind: 'detail' });
    expect((await post('/units', { callSign: '318', kind: 'detail', service: 'police' })).json().code).toBe('unit.exists');
    expect((await post('/units', { callSign: '319', kind: 'detail', service: 'coast_guard' })).statusCode).toBe(400);
    expect((await post('/units', { callSign: '320', kind: 'detail', service: 'police' }, obrien)).statusCode).toBe(403);
  });

  test('81A §E.4: a unit with a patrol supervisor (sergeant) on today’s roster counts as a supervisor', async () => {
    expect((await get('/units/ACO')).json().supervisor).toBe(false);
    const sergeant = await signedInAs(server.ctx, server.app, ['patrol_supervisor']);
    await server.ctx.db.insertInto('roster').values({ shift_date: agencyDate(server.ctx.config.agency.timeZone), shift: 'Day', call_sign: 'ACO', username: sergeant.username, assignment: 'Sergeant' }).execute();
    expect((await get('/units/ACO')).json().supervisor).toBe(true);
    expect((await get('/units/414')).json().supervisor).toBe(true); // the OIC rides 414
  });

  test('last known location from a position feed, and the personnel aboard', async () => {
    const located = await post('/units/BP1/location', { lat: 42.4473, lon: -71.2245 });
    expect(located.json().location).toEqual({ lat: 42.4473, lon: -71.2245 });
    expect(located.json().locationAt).not.toBeNull();
    expect((await post('/units/BP1/location', {})).json().code).toBe('unit.location_required');
    const crewed = await server.app.inject({ method: 'PUT', url: '/api/v1/units/BP1/personnel', payload: { personnel: ['Ofc. A. Lee', 'Ofc. B. Cho'] }, headers: dispatcher });
    expect(crewed.json().personnel).toEqual(['Ofc. A. Lee', 'Ofc. B. Cho']);
  });
});
