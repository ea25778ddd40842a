import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { openIncident } from './support/incidents.ts';
import { signedInAs } from './support/session.ts';
import { manualClock } from '../src/core/clock.ts';
import { cjisLink, configureCjisLink } from '../src/cjis/link.ts';
import { noteOverdueConfirmations } from '../src/cjis/hits.ts';

// 81A §J: queries through the built-in training switch, over the real NCIC-format adapter and TCP socket.
forEachDatabase('CJIS queries and hits', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let as: (username: string) => Promise<Record<string, string>>;
  let dispatcher: Record<string, string>;
  const post = (url: string, payload: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers = dispatcher) => server.app.inject({ url: `/api/v1${url}`, headers });
  const sent = async () => (await cjisLink(server.ctx)).switch.status().sent;
  const timeline = async (number: string) => (await get(`/incidents/${number}`)).json().timeline as { kind: string; payload: { text?: string } }[];

  beforeAll(async () => {
    server = await database().server({});
    configureCjisLink(server.ctx, { confirmDelayMs: 2000 });
    as = await demoAgency(server.ctx, server.app);
    dispatcher = await as('dkowalski');
  }, 180_000);
  afterAll(async () => server?.close());

  test('Q PLATE on a traffic stop: a stolen-vehicle hit that is NOT probable cause goes on the incident timeline, and the query is logged (81A §J.5.e, CJIS AU-3)', async () => {
    const number = await openIncident(server.ctx, { type: 'MV_STOP', address: 'Route 9 at Elm Street' });
    const response = await post('/cjis/queries', { line: 'PLATE ABC123 MA', purpose: 'C', incident: number });
    expect(response.statusCode).toBe(201);
    const query = response.json();
    expect(query).toMatchObject({ training: true, banner: expect.stringMatching(/^TRAINING/), mke: 'QV', criteria: { plate: 'ABC123', state: 'MA' }, incident: number, operator: 'dkowalski', status: 'answered' });
    const stolen = query.hits.find((h: { type: string }) => h.type === 'stolen_vehicle');
    expect(stolen).toMatchObject({ isHit: true, probableCause: false, needsConfirmation: true, source: 'NCIC', ori: 'MA0130200', training: true, clause: '81A §J.5.e; §J.1.b.x(c)' });
    expect(stolen.advice).toMatch(/^NOT probable cause: confirm with the entering agency/);
    expect(query.hits.find((h: { type: string }) => h.type === 'registration')).toMatchObject({ isHit: false, descriptors: expect.objectContaining({ OWN: 'PATEL, RAVI' }) });
    expect(query.summary).toMatch(/^TRAINING — QV ABC123 MA: 1 hit: Stolen vehicle \(NCIC, MA0130200\) — NOT probable cause/);

    const entry = (await timeline(number)).find((e) => e.kind === 'cjis.query');
    expect(entry?.payload.text).toBe(query.summary);

    // The CJIS Representative and the auditor list the queries with operator, terminal, purpose and incident; the dispatcher may not.
    for (const reader of ['tcarver', 'hlindqvist']) {
      const log = (await get(`/cjis/queries?incident=${number}`, await as(reader))).json();
      expect(log).toEqual([expect.objectContaining({ id: query.id, operator: 'dkowalski', terminal: expect.stringMatching(/@/), purpose: 'C', incident: number, requester: null, hitCount: 1, training: true })]);
    }
    expect((await get('/cjis/queries')).statusCode).toBe(403);
    const audit = await server.ctx.db.selectFrom('audit').selectAll().where('action', '=', 'cjis.query').where('subject_id', '=', query.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ mke: 'QV', purpose: 'C', incident: number, criteria: { plate: 'ABC123' } });
  });

  test('a query run for another agency records the requester (CJIS AU-3)', async () => {
    const response = await post('/cjis/queries', { line: 'VIN 1HGCM82633A004352', purpose: 'C', requester: { name: 'Det. Lowe', agency: 'Springdale PD', kind: 'criminal_justice_agency' } });
    expect(response.statusCode).toBe(201);
    expect(response.json().hits.map((h: { type: string }) => h.type).sort()).toEqual(['registration', 'stolen_vehicle']);
    const [logged] = (await get('/cjis/queries?limit=1', await as('tcarver'))).json();
    expect(logged).toMatchObject({ requester: { name: 'Det. Lowe', agency: 'Springdale PD', kind: 'criminal_justice_agency' }, criteria: { vin: '1HGCM82633A004352' } });
  });

  test('a hit confirmation request (YQ) is answered by the entering agency (YR); each step is on the incident timeline (81A §J.1.b.x(c))', async () => {
    const number = await openIncident(server.ctx, { type: 'MV_STOP' });
    const query = (await post('/cjis/queries', { line: 'PLATE ABC123 MA', purpose: 'C', incident: number })).json();
    const hit = query.hits.find((h: { type: string }) => h.type === 'stolen_vehicle');
    const before = Date.now();
    const requested = await post(`/cjis/hits/${hit.id}/confirmations`, { priority: 'urgent' });
    expect(requested.statusCode).toBe(200);
    const confirmation = requested.json().hits.find((h: { id: string }) => h.id === hit.id).confirmations[0];
    expect(confirmation).toMatchObject({ number: 1, priority: 'urgent', requestedBy: 'dkowalski', state: 'waiting', answeredAt: null });
    expect(Date.parse(confirmation.dueAt) - before).toBeGreaterThan(9.9 * 60_000); // urgent: ten minutes
    expect((await post(`/cjis/hits/${hit.id}/confirmations`, { priority: 'urgent' })).json()).toMatchObject({ code: 'cjis.confirmation_pending', status: 409 });
    expect((await get('/cjis/confirmations')).json()).toEqual(expect.arrayContaining([expect.objectContaining({ hitId: hit.id, state: 'waiting', incident: number })]));

    let answered: { answer: string; answeredBy: string; remarks: string } | undefined;
    for (let i = 0; i < 200 && !answered; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answered = (await get(`/cjis/queries/${query.id}`)).json().hits.find((h: { id: string }) => h.id === hit.id).confirmations.find((c: { answeredAt: string | null }) => c.answeredAt);
    }
    expect(answered).toMatchObject({ answer: 'confirmed', answeredBy: 'DISPATCH SPRINGDALE PD', remarks: 'STILL STOLEN, HOLD FOR OWNER' });
    const kinds = (await timeline(number)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['cjis.query', 'cjis.confirmation.requested', 'cjis.confirmation.answered']));
    expect((await timeline(number)).find((e) => e.kind === 'cjis.confirmation.answered')?.payload.text).toMatch(/TRAINING — Hit confirmation answered \(YR\) by MA0130200: CONFIRMED/);
    expect((await post(`/cjis/hits/${hit.id}/confirmations`, { priority: 'routine' })).json().code).toBe('cjis.confirmation_answered');
  });

  test('no answer in time: the request goes overdue on the timeline, and a second request may then be sent', async () => {
    const number = await openIncident(server.ctx, { type: 'WARRANT' });
    const query = (await post('/cjis/queries', { line: 'WARRANT SMITH,ANNA 1992-07-04', purpose: 'C', incident: number })).json();
    const hit = query.hits[0];
    expect(hit).toMatchObject({ type: 'warrant', source: 'CJIS', probableCause: false, needsConfirmation: true });
    expect((await post(`/cjis/hits/${hit.id}/confirmations`, { priority: 'routine' })).statusCode).toBe(200);
    const real = server.ctx.clock;
    const clock = manualClock(new Date(Date.now() + 61 * 60_000)); // routine: an hour
    server.ctx.clock = clock;
    try {
      expect(await noteOverdueConfirmations(server.ctx)).toBeGreaterThanOrEqual(1);
      const overdue = (await timeline(number)).find((e) => e.kind === 'cjis.confirmation.overdue');
      expect(overdue?.payload.text).toMatch(/No answer from MA0130200 to hit confirmation request 1 \(routine\).*send request 2/);
      expect((await get('/cjis/confirmations')).json().find((c: { hitId: string }) => c.hitId === hit.id)).toMatchObject({ state: 'overdue', msLeft: 0 });
      const second = await post(`/cjis/hits/${hit.id}/confirmations`, { priority: 'urgent' });
      expect(second.statusCode).toBe(200);
      expect(second.json().hits[0].confirmations.map((c: { number: number }) => c.number)).toEqual([1, 2]);
    } finally {
      server.ctx.clock = real;
    }
  });

  test('a person query with WMS warrants matching exactly is probable cause; a Warrant Locate goes on each, and the ones without are listed (81A §J.3.a.iii–iv)', async () => {
    const number = await openIncident(server.ctx, { type: 'SUSPICIOUS' });
    const query = (await post('/cjis/queries', { line: 'PERSON DOE,JOHN 1985-04-12 M', purpose: 'C', incident: number })).json();
    const warrants = query.hits.filter((h: { type: string }) => h.type === 'warrant');
    expect(warrants).toHaveLength(2);
    for (const w of warrants) expect(w).toMatchObject({ source: 'WMS', probableCause: true, match: 'exact', differences: [], locateNeeded: true, advice: 'WMS warrant, descriptors match exactly: probable cause to arrest.' });
    expect(query.warrantsWithoutLocate.sort()).toEqual(warrants.map((w: { id: string }) => w.id).sort());
    expect((await post(`/cjis/hits/${warrants[0].id}/confirmations`, { priority: 'urgent' })).json()).toMatchObject({ code: 'cjis.no_confirmation_needed', clause: '81A §J.3.a.iii' });

    const located = await post(`/cjis/hits/${warrants[0].id}/locate`, {});
    expect(located.statusCode).toBe(200);
    expect(located.json().warrantsWithoutLocate).toEqual([warrants[1].id]);
    expect((await post(`/cjis/hits/${warrants[0].id}/locate`, {})).json()).toMatchObject({ code: 'cjis.locate_exists', clause: '81A §J.3.a.iv' });
    expect((await post(`/cjis/hits/${warrants[1].id}/locate`, {})).json().warrantsWithoutLocate).toEqual([]);
    expect((await timeline(number)).filter((e) => e.kind === 'cjis.locate.placed')).toHaveLength(2);
    // The switch now shows this agency's Locate on the record.
    const again = (await post('/cjis/queries', { line: 'WARRANT DOE,JOHN 1985-04-12', purpose: 'C' })).json();
    expect(again.hits.every((h: { locate: unknown; locateNeeded: boolean }) => h.locate && !h.locateNeeded)).toBe(true);
  });

  test('a partial match names the descriptors that differ and is not probable cause', async () => {
    const query = (await post('/cjis/queries', { kind: 'person', name: 'DOE, JOHN', dob: '1985-04-21', purpose: 'C' })).json();
    expect(query.hits.length).toBeGreaterThan(0);
    for (const w of query.hits) {
      expect(w).toMatchObject({ probableCause: false, match: 'partial', differences: [{ field: 'date of birth', query: '1985-04-21', record: '1985-04-12' }] });
      expect(w.advice).toMatch(/descriptors differ \(date of birth\)/);
    }
  });

  test('only the Caution and Remarks of a WMS warrant are modified (81A §J.3.a.ii)', async () => {
    const query = (await post('/cjis/queries', { line: 'WARRANT DOE,JOHN 1985-04-12', purpose: 'C' })).json();
    const changed = await post(`/cjis/hits/${query.hits[0].id}/wms`, { caution: 'KNOWN TO RESIST ARREST', remarks: 'DRIVES BLACK PICKUP' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().hits[0].modifications).toEqual([expect.objectContaining({ by: 'dkowalski', caution: 'KNOWN TO RESIST ARREST', remarks: 'DRIVES BLACK PICKUP' })]);
    const fresh = (await post('/cjis/queries', { line: 'WARRANT DOE,JOHN 1985-04-12', purpose: 'C' })).json();
    expect(fresh.hits.find((h: { nic: string }) => h.nic === query.hits[0].nic).descriptors).toMatchObject({ CMC: 'KNOWN TO RESIST ARREST', MIS: 'DRIVES BLACK PICKUP' });
    const ncic = (await post('/cjis/queries', { line: 'WARRANT ROE,RICHARD 1979-03-22', purpose: 'C' })).json();
    expect((await post(`/cjis/hits/${ncic.hits[0].id}/wms`, { caution: 'x' })).json()).toMatchObject({ code: 'cjis.not_wms', clause: '81A §J.3.a.ii; §J.3.b.i' });
  });

  test('bad input answers a problem naming the field and the clause, and nothing is sent to the switch', async () => {
    await post('/cjis/queries', { line: 'PLATE ABC123 MA', purpose: 'C' }); // the link is open
    const before = await sent();
    const cases: [unknown, number, string, string][] = [
      [{ line: 'PLATE AB$123 MA', purpose: 'C' }, 400, 'cjis.bad_plate', '81A §J.5.a'],
      [{ kind: 'vin', vin: '1HGCM82643A004352', purpose: 'C' }, 400, 'cjis.bad_vin', '81A §J.5.a; 49 CFR 565.15'],
      [{ kind: 'person', name: 'SMITH,JOHN', dob: '1980-02-30', purpose: 'C' }, 400, 'cjis.bad_dob', '81A §J.1.b.x(c)'],
      [{ kind: 'plate', plate: 'ABC123', state: 'ZZ', purpose: 'C' }, 400, 'cjis.bad_state', '81A §J.5.a'],
      [{ line: 'PLATE ABC123 MA' }, 422, 'cjis.purpose_required', '81A §J.1.b.x(a)'],
      [{ line: 'PLATE ABC123 MA', purpose: 'H' }, 422, 'cjis.not_criminal_justice', '81A §J.1.b.x(a)'],
      [{ line: 'PERSON DOE,JOHN 1985-04-12', purpose: 'C', requester: { name: 'Pat Doyle', agency: 'Millbrook Parks Department', kind: 'town_department' } }, 422, 'cjis.town_department', '81A §J.1.b.x(b)'],
    ];
    for (const [body, status, code, clause] of cases) {
      const response = await post('/cjis/queries', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json()).toMatchObject({ code, clause });
    }
    expect(await sent()).toBe(before);
  });

  test('CJIS is refused, with the clause, to the untrained, the expired and Communications staff below Full Access (81A §J.1.b.i, §J.2)', async () => {
    const rep = await as('tcarver');
    const newcomer = await signedInAs(server.ctx, server.app, ['dispatcher']);
    expect((await post('/cjis/queries', { line: 'PLATE ABC123 MA', purpose: 'C' }, newcomer.headers)).json()).toMatchObject({ status: 403, code: 'cjis.not_a_cjis_user', clause: '81A §J.1.b.iv' });
    // Employed a year ago and never trained.
    const employed = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    expect((await server.app.inject({ method: 'PUT', url: `/api/v1/cjis/users/${newcomer.username}/employment`, payload: { employedSince: employed }, headers: rep })).json()).toMatchObject({ state: 'untrained', queryAllowed: false });
    const before = await sent();
    expect((await get('/cjis/entries', newcomer.headers)).json()).toMatchObject({ status: 403, code: 'cjis.not_trained' }); // reading CJIS answers too
    const refused = await post('/cjis/queries', { line: 'PLATE ABC123 MA', purpose: 'C' }, newcomer.headers);
    expect(refused.json()).toMatchObject({ status: 403, code: 'cjis.not_trained', clause: '81A §J.1.b.i; §J.2', detail: expect.stringMatching(/not trained within six months of employment/) });
    expect(await sent()).toBe(before);
    const denied = await server.ctx.db.selectFrom('audit').selectAll().where('username', '=', newcomer.username).where('action', '=', 'cjis.refused').execute();
    expect(denied.map((d) => [d.outcome, d.reason])).toContainEqual(['denied', 'cjis.not_trained']);

    // Certified Query Only: refused to Communications staff, who must be Full Access.
    const recent = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    await post(`/cjis/users/${newcomer.username}/certifications`, { level: 'query_only', certifiedOn: recent }, rep);
    expect((await post('/cjis/queries', { line: 'PLATE ABC123 MA', purpose: 'C' }, newcomer.headers)).json()).toMatchObject({ code: 'cjis.full_access_required', clause: '81A §J.2' });
    await post(`/cjis/users/${newcomer.username}/certifications`, { level: 'full_access', certifiedOn: recent }, rep);
    expect((await post('/cjis/queries', { line: 'PLATE ABC123 MA', purpose: 'C' }, newcomer.headers)).statusCode).toBe(201);

    // Two years on, the certification has expired.
    const real = server.ctx.clock;
    server.ctx.clock = manualClock(new Date(Date.now() + 2 * 366 * 86_400_000));
    try {
      expect((await post('/cjis/queries', { line: 'PLATE ABC123 MA', purpose: 'C' }, newcomer.headers)).json()).toMatchObject({ code: 'cjis.certification_expired', clause: '81A §J.1.b.i; §J.2' });
    } finally {
      server.ctx.clock = real;
    }
  });

  test('a patrol officer certified Query Only queries from the field, but places no Locate (81A §J.2)', async () => {
    const officer = await as('jobrien');
    const query = await post('/cjis/queries', { line: 'PERSON DOE,JOHN 1985-04-12', purpose: 'C' }, officer);
    expect(query.statusCode).toBe(201);
    const hit = query.json().hits.find((h: { type: string }) => h.type === 'warrant');
    expect((await post(`/cjis/hits/${hit.id}/locate`, {}, officer)).json()).toMatchObject({ status: 403, code: 'cjis.full_access_required' });
  });

  test('Board of Probation history only for those on the Chief’s list, never on the timeline, shown only to the one who ran it (81A §J.4)', async () => {
    const number = await openIncident(server.ctx, { type: 'SUSPICIOUS' });
    const bop = await post('/cjis/queries', { line: 'BOP DOE,JOHN 1985-04-12', purpose: 'C', incident: number });
    expect(bop.statusCode).toBe(201); // dispatchers are on the list by position
    expect(bop.json().hits.map((h: { type: string; isHit: boolean }) => [h.type, h.isHit])).toEqual([['bop_entry', false], ['bop_entry', false]]);
    const onTimeline = (await timeline(number)).find((e) => e.kind === 'cjis.query');
    expect(onTimeline?.payload.text).toMatch(/Board of Probation query run \(results not shown here/);
    expect(JSON.stringify(onTimeline)).not.toMatch(/OUI LIQUOR/);
    expect((await post('/cjis/queries', { line: 'BOP DOE,JOHN 1985-04-12', purpose: 'C' }, await as('jobrien'))).json()).toMatchObject({ status: 403, code: 'cjis.bop_not_authorized', clause: '81A §J.4.a' });
    expect((await get(`/cjis/queries/${bop.json().id}`, await as('mreyes'))).json()).toMatchObject({ status: 403, code: 'cjis.bop_not_yours' });
    expect((await get(`/cjis/queries/${bop.json().id}`, await as('tcarver'))).statusCode).toBe(200);
  });
});
