import { afterAll, beforeAll, expect, test } from 'vitest';
import { MAX_RANKING_OFFSET } from '../src/dispatch/schemas.ts';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { openIncident } from './support/incidents.ts';
import { signedInAs } from './support/session.ts';

forEachDatabase('dispatching units (81A §E.1–4)', (database, kind) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: Record<string, string>;
  let dispatcher2: Record<string, string>;
  let commander: Record<string, string>;

  beforeAll(async () => {
    server = await database().server();
    const signIn = await demoAgency(server.ctx, server.app);
    dispatcher = await signIn('dkowalski');
    commander = await signIn('mreyes');
    dispatcher2 = (await signedInAs(server.ctx, server.app, ['dispatcher'])).headers;
  });
  afterAll(async () => server?.close());

  const post = (url: string, payload: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers = dispatcher) => server.app.inject({ url: `/api/v1${url}`, headers });
  const unit = async (callSign: string) => (await get(`/units/${encodeURIComponent(callSign)}`)).json();
  const free = async (...callSigns: string[]) => {
    for (const c of callSigns) {
      const u = await unit(c);
      if (u.status !== 'available') await post(`/units/${encodeURIComponent(c)}/status`, { status: 'available' });
    }
  };

  test('81A §E.3.a: a disturbance with one officer is refused with response.too_few_units, and nothing is written', async () => {
    const number = await openIncident(server.ctx, { type: 'DISTURB' });
    const response = await post(`/incidents/${number}/dispatch`, { units: ['411'] });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'response.too_few_units', clause: '81A §E.3' });
    expect((await unit('411')).status).toBe('available');
    const rows = await server.ctx.db.selectFrom('incident_unit').selectAll().where('incident_number', '=', number).execute();
    expect(rows).toHaveLength(0);
  });

  test('81A §E.2.d: two officers to a disturbance: both dispatched, the incident shows its units and times', async () => {
    const number = await openIncident(server.ctx, { type: 'DISTURB' });
    const response = await post(`/incidents/${number}/dispatch`, { units: ['411', '412'] });
    expect(response.statusCode).toBe(200);
    const incident = response.json();
    expect(incident.status).toBe('dispatched');
    expect(incident.units.map((u: { callSign: string; role: string }) => [u.callSign, u.role])).toEqual([['411', 'primary'], ['412', 'backup']]);
    expect(Date.parse(incident.units[0].dispatchedAt)).toBeGreaterThan(Date.now() - 60_000);
    const board = (await get('/units')).json() as { callSign: string; status: string; incident: string | null }[];
    expect(board.find((u) => u.callSign === '411')).toMatchObject({ status: 'dispatched', incident: number });
    // §E.2.e arrival, §E.2.f back in service: the incident's unit times fill in from the changes
    expect((await post('/units/411/status', { status: 'en_route' })).statusCode).toBe(200);
    expect((await post('/units/411/status', { status: 'arrived' })).json()).toMatchObject({ status: 'arrived', incident: number });
    let view = (await post(`/incidents/${number}/units/412/clear`, {})).json();
    expect(view.status).toBe('on_scene');
    const u411 = view.units.find((u: { callSign: string }) => u.callSign === '411');
    expect(u411.enRouteAt).not.toBeNull();
    expect(u411.arrivedAt).not.toBeNull();
    expect(view.units.find((u: { callSign: string }) => u.callSign === '412').clearedAt).not.toBeNull();
    view = (await post(`/incidents/${number}/close`, { disposition: 'ADVISED' })).json();
    expect(view).toMatchObject({ status: 'closed', disposition: 'ADVISED' });
    expect(view.units.every((u: { clearedAt: string | null }) => u.clearedAt)).toBe(true);
    expect((await unit('411')).status).toBe('available');
    const kinds = view.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['incident.units_dispatched', 'incident.unit_status', 'incident.unit_cleared', 'incident.closed']));
  });

  const lastEvent = async (subjectType: string, subjectId: string) => Number((await server.ctx.db.selectFrom('event').select((eb) => eb.fn.max('seq').as('seq'))
    .where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).executeTakeFirstOrThrow()).seq);

  test('a dispatch answers the incident and the dispatched units’ board rows as GET /units shows them, each with the seq of its last event: the console reads neither again (81A §E.1.a)', async () => {
    await free('411', '412');
    const number = await openIncident(server.ctx, { type: 'DISTURB' });
    const answer = (await post(`/incidents/${number}/dispatch`, { units: ['411', '412'] })).json();
    expect(answer.units.map((u: { callSign: string }) => u.callSign)).toEqual(['411', '412']);
    expect(answer.board.map((u: { callSign: string }) => u.callSign)).toEqual(['411', '412']);
    const board = (await get('/units')).json() as { callSign: string; lastSeq: number }[];
    for (const row of answer.board) {
      expect(row).toEqual(board.find((u) => u.callSign === row.callSign));
      expect(row).toMatchObject({ status: 'dispatched', incident: number });
      expect(row.lastSeq).toBe(await lastEvent('unit', row.callSign));
    }
    // one unit's answer and board row name the same last event
    expect((await unit('411')).lastSeq).toBe(await lastEvent('unit', '411'));
  });

  test('a status change on an incident answers the unit with its last event and the incident with the unit’s new times: nothing left to read again (81A §E.2.e)', async () => {
    await free('411', '412');
    const number = await openIncident(server.ctx, { type: 'DISTURB' });
    await post(`/incidents/${number}/dispatch`, { units: ['411', '412'] });
    const arrived = (await post('/units/411/status', { status: 'arrived' })).json();
    expect(arrived).toMatchObject({ callSign: '411', status: 'arrived', incident: number, lastSeq: await lastEvent('unit', '411') });
    expect(arrived.incidentRecord).toEqual((await get(`/incidents/${number}`)).json());
    expect(arrived.incidentRecord.status).toBe('on_scene');
    const timeline = arrived.incidentRecord.timeline as { seq: number; kind: string }[];
    expect(Math.max(...timeline.map((e) => e.seq))).toBe(await lastEvent('incident', number));
    // back in service: the unit leaves the incident, the answer still carries the incident it left
    const cleared = (await post('/units/411/status', { status: 'available' })).json();
    expect(cleared).toMatchObject({ status: 'available', incident: null, lastSeq: await lastEvent('unit', '411') });
    expect(cleared.incidentRecord.units.find((u: { callSign: string }) => u.callSign === '411').clearedAt).not.toBeNull();
    // a unit on no incident: no incident in the answer
    expect((await post('/units/411/status', { status: 'out_of_service', reason: 'REPORTS' })).json()).toMatchObject({ incidentRecord: null, lastSeq: await lastEvent('unit', '411') });
    await free('411');
    // closing answers the board rows of the units it sent back in service
    const closed = (await post(`/incidents/${number}/close`, { disposition: 'ADVISED' })).json();
    expect(closed.status).toBe('closed');
    const u412 = closed.board.find((u: { callSign: string }) => u.callSign === '412');
    expect(u412).toMatchObject({ status: 'available', incident: null, lastSeq: await lastEvent('unit', '412') });
  });

  test('81A §E.4.a.ii: a robbery needs a supervisor; a dispatcher cannot override, a commanding officer can, with a reason that is audited', async () => {
    await free('411', '412', '414');
    const number = await openIncident(server.ctx, { type: 'ROBBERY' });
    const refused = await post(`/incidents/${number}/dispatch`, { units: ['411', '412'] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('response.supervisor_required');
    const notCo = await post(`/incidents/${number}/dispatch`, { units: ['411', '412'], override: { reason: 'short staffed' } });
    expect(notCo.statusCode).toBe(403);
    expect(notCo.json().code).toBe('response.override_forbidden');
    expect((await unit('411')).status).toBe('available');
    const ok = await post(`/incidents/${number}/dispatch`, { units: ['411', '412'], override: { reason: 'supervisor tied up at 26 Main; sergeant en route from court' } }, commander);
    expect(ok.statusCode).toBe(200);
    const override = ok.json().timeline.find((e: { kind: string }) => e.kind === 'incident.response_overridden');
    expect(override).toMatchObject({ actor: 'mreyes', payload: { shortfall: 'response.supervisor_required', reason: expect.stringContaining('supervisor tied up') } });
    const audit = await server.ctx.db.selectFrom('audit').selectAll().where('action', '=', 'dispatch.override').where('subject_id', '=', number).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.reason).toContain('supervisor tied up');
    // 414 carries the officer in charge on today's roster: it meets §E.4 for the next robbery
    const next = await openIncident(server.ctx, { type: 'ROBBERY' });
    await free('413');
    const withSupervisor = await post(`/incidents/${next}/dispatch`, { units: ['413', '414'] });
    expect(withSupervisor.statusCode).toBe(200);
  });

  test('81A §E.2.a: a unit that is not available cannot be dispatched (409 unit.unavailable)', async () => {
    await free('413');
    const first = await openIncident(server.ctx, { type: 'WELFARE' });
    const second = await openIncident(server.ctx, { type: 'WELFARE' });
    expect((await post(`/incidents/${first}/dispatch`, { units: ['413'] })).statusCode).toBe(200);
    const busy = await post(`/incidents/${second}/dispatch`, { units: ['413'] });
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'unit.unavailable', units: [{ callSign: '413', status: 'dispatched', incident: first }] });
  });

  test('two dispatchers sending the same unit to two incidents at the same moment: one assignment, one clean 409', async () => {
    for (let round = 0; round < 3; round += 1) {
      await free('LC1');
      const a = await openIncident(server.ctx, { type: 'SUSPICIOUS' });
      const b = await openIncident(server.ctx, { type: 'SUSPICIOUS' });
      const [ra, rb] = await Promise.all([
        post(`/incidents/${a}/dispatch`, { units: ['LC1'] }, dispatcher),
        post(`/incidents/${b}/dispatch`, { units: ['LC1'] }, dispatcher2),
      ]);
      expect([ra.statusCode, rb.statusCode].sort()).toEqual([200, 409]);
      const loser = ra.statusCode === 409 ? ra : rb;
      expect(loser.json().code).toBe('unit.unavailable');
      const active = await server.ctx.db.selectFrom('incident_unit').selectAll().where('call_sign', '=', 'LC1').where('cleared_at', 'is', null).execute();
      expect(active).toHaveLength(1);
      const winner = ra.statusCode === 200 ? a : b;
      expect((await unit('LC1')).incident).toBe(winner);
    }
  });

  test.runIf(kind === 'postgresql')('two server nodes on one database: the same unit sent from both at once goes once', async () => {
    const second = await database().server(); // a second node sharing the PostgreSQL database
    try {
      const otherDispatcher = (await signedInAs(second.ctx, second.app, ['dispatcher'])).headers;
      for (let round = 0; round < 3; round += 1) {
        await free('BP2');
        const a = await openIncident(server.ctx, { type: 'SUSPICIOUS' });
        const b = await openIncident(server.ctx, { type: 'SUSPICIOUS' });
        const [ra, rb] = await Promise.all([
          post(`/incidents/${a}/dispatch`, { units: ['BP2'] }),
          second.app.inject({ method: 'POST', url: `/api/v1/incidents/${b}/dispatch`, payload: { units: ['BP2'] }, headers: otherDispatcher }),
        ]);
        expect([ra.statusCode, rb.statusCode].sort()).toEqual([200, 409]);
        expect((ra.statusCode === 409 ? ra : rb).json().code).toBe('unit.unavailable');
        const active = await server.ctx.db.selectFrom('incident_unit').selectAll().where('call_sign', '=', 'BP2').where('cleared_at', 'is', null).execute();
        expect(active).toHaveLength(1);
      }
    } finally {
      await second.close();
    }
  });

  test('bad input: unknown call sign, duplicate unit, unknown field, closed incident, unknown disposition — nothing written', async () => {
    const number = await openIncident(server.ctx, { type: 'WELFARE' });
    const unknown = await post(`/incidents/${number}/dispatch`, { units: ['999'] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('unit.not_found');
    expect((await post(`/incidents/${number}/dispatch`, { units: ['BP1', 'BP1'] })).json().code).toBe('dispatch.duplicate_unit');
    expect((await post(`/incidents/${number}/dispatch`, { units: ['BP1'], priority: 1 })).statusCode).toBe(400);
    expect((await post('/incidents/26-99999/dispatch', { units: ['BP1'] })).json().code).toBe('incident.not_found');
    expect((await post(`/incidents/${number}/close`, { disposition: 'NOPE' })).json().code).toBe('incident.unknown_disposition');
    expect((await post(`/incidents/${number}/units/BP1/clear`, {})).json().code).toBe('unit.not_on_incident');
    expect((await post(`/incidents/${number}/close`, { disposition: 'CANCELLED' })).statusCode).toBe(200);
    const closed = await post(`/incidents/${number}/dispatch`, { units: ['BP1'] });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('incident.closed');
    expect((await unit('BP1')).status).toBe('available');
  });

  test('an incident taken by call-taking (POST /incidents) is dispatched and shows its units on GET /incidents/{number}', async () => {
    await free('413', 'LC1');
    const created = await post('/incidents', { type: 'NOISE', location: { address: '18 Maple Street' } });
    expect(created.statusCode).toBe(201);
    const { number } = created.json();
    const dispatched = await post(`/incidents/${number}/dispatch`, { units: ['413', 'LC1'] });
    expect(dispatched.statusCode).toBe(200);
    const record = (await get(`/incidents/${number}`)).json();
    expect(record).toMatchObject({ status: 'dispatched', units: [{ callSign: '413', role: 'primary' }, { callSign: 'LC1', role: 'backup' }] });
    await post(`/incidents/${number}/close`, { disposition: 'WARNING' });
  });

  test('81A §E.2.b: the recommendation ranks available units and proposes a set meeting §E.3 and §E.4', async () => {
    await free('411', '412', '413', '414', 'LC1', 'BP1', 'BP2');
    const number = await openIncident(server.ctx, { type: 'ROBBERY' });
    const rec = (await get(`/incidents/${number}/recommendation`)).json();
    expect(rec.requiredResponse).toEqual({ minUnits: 2, supervisor: true });
    expect(rec.ranked.map((r: { callSign: string }) => r.callSign)).not.toContain('E1');
    expect(rec.ranked.map((r: { callSign: string }) => r.callSign)).not.toContain('Meter 1');
    expect(rec.met).toBe(true);
    expect(rec.proposed).toContain('414');
    expect((await post(`/incidents/${number}/dispatch`, { units: rec.proposed })).statusCode).toBe(200);
    const fire = await openIncident(server.ctx, { type: 'FIRE' });
    const fireRec = (await get(`/incidents/${fire}/recommendation`)).json();
    expect(fireRec.service).toBe('fire');
    expect(fireRec.proposed).toHaveLength(1);
    expect(['E1', 'E2', 'L1', 'C1']).toContain(fireRec.proposed[0]);
  });

  test('81A §E.3, §E.4: units already on the incident count towards its response, though they are not available to rank; only what is missing is proposed (issue 17: the recommendation reads only the units it can rank and those on the incident)', async () => {
    await free('411', '412', '413', '414', 'LC1', 'BP1', 'BP2');
    const number = await openIncident(server.ctx, { type: 'ROBBERY' }); // two officers and a supervisor
    expect((await post(`/incidents/${number}/dispatch`, { units: ['414', '411'] })).statusCode).toBe(200);
    const met = (await get(`/incidents/${number}/recommendation`)).json();
    expect([...met.onIncident].sort()).toEqual(['411', '414']);
    expect(met.ranked.map((r: { callSign: string }) => r.callSign)).not.toContain('414');
    expect(met).toMatchObject({ proposed: [], met: true });
    // 411 leaves: the supervisor's unit (414) still counts, and one more unit is proposed
    expect((await post(`/incidents/${number}/units/411/clear`, {})).statusCode).toBe(200);
    const short = (await get(`/incidents/${number}/recommendation`)).json();
    expect(short.onIncident).toEqual(['414']);
    expect(short.proposed).toHaveLength(1);
    expect(short.proposed[0]).not.toBe('414');
    expect(short.met).toBe(true);
    await post(`/incidents/${number}/close`, { disposition: 'WARNING' });
  });

  test('81A §E.2.b: the recommendation comes a page at a time, and the first page still gives every proposed unit its reasons', async () => {
    await free('411', '412', '413', '414', 'LC1', 'BP1', 'BP2');
    const number = await openIncident(server.ctx, { type: 'ROBBERY' });
    const whole = (await get(`/incidents/${number}/recommendation?limit=100`)).json();
    expect(whole.rankedTotal).toBe(whole.ranked.length);
    expect(whole.rankedTotal).toBeGreaterThan(2);
    const first = (await get(`/incidents/${number}/recommendation?limit=1`)).json();
    expect(first.rankedTotal).toBe(whole.rankedTotal);
    expect(first.proposed).toEqual(whole.proposed);
    expect(first.ranked[0]).toEqual(whole.ranked[0]);
    for (const callSign of first.proposed) expect(first.ranked.find((r: { callSign: string }) => r.callSign === callSign)?.reasons).toContain('available');
    const pages = [];
    for (let offset = 0; offset < whole.rankedTotal; offset += 2) {
      pages.push(...(await get(`/incidents/${number}/recommendation?limit=2&offset=${offset}`)).json().ranked.slice(0, 2));
    }
    expect(pages).toEqual(whole.ranked);
    expect((await get(`/incidents/${number}/recommendation?limit=101`)).statusCode).toBe(400);
    // A page past the end is empty; an offset past any board is refused naming the field, never a 500
    // (found by test/integrity-fuzz.test.ts: offset=99999999999999999999 made the ranking's statement fail).
    const past = (await get(`/incidents/${number}/recommendation?offset=${MAX_RANKING_OFFSET}`)).json();
    expect(past).toMatchObject({ ranked: [], rankedTotal: whole.rankedTotal, proposed: whole.proposed });
    for (const offset of [MAX_RANKING_OFFSET + 1, '99999999999999999999']) {
      const refused = await get(`/incidents/${number}/recommendation?offset=${offset}`);
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ field: 'offset', detail: expect.stringContaining('querystring.offset') });
    }
  });
});
