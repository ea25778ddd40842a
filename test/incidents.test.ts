import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

forEachDatabase('the incident record', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: Record<string, string>;
  let patrol: Record<string, string>;
  const post = (url: string, payload: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers = dispatcher) => server.app.inject({ url: `/api/v1${url}`, headers });
  const counts = async () => ({
    incidents: Number((await server.ctx.db.selectFrom('incident').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    events: Number((await server.ctx.db.selectFrom('event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    series: (await server.ctx.db.selectFrom('number_series').select('last').where('series', '=', 'incident').executeTakeFirst())?.last ?? 0,
  });

  beforeAll(async () => {
    server = await database().server();
    dispatcher = (await signedInAs(server.ctx, server.app, ['dispatcher'])).headers;
    patrol = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
  });
  afterAll(async () => server?.close());

  test('creating an incident assigns the number and time on the server and puts it on the stream (CALEA 81.2.3 a, b)', async () => {
    const before = Date.now();
    const response = await post('/incidents', {
      type: 'DOMESTIC', location: { address: '12 Elm Street, Millbrook', lat: 42.4471, lon: -71.2245, placeName: 'Elm Court' },
      complainant: { name: 'Jane Kowalski', address: '14 Elm Street', phone: '(508) 555-0142' },
      reportingParty: { what: 'shouting and breaking glass', where: 'second floor', who: 'neighbours', when: 'now' },
    });
    expect(response.statusCode).toBe(201);
    const incident = response.json();
    expect(incident.number).toMatch(/^\d{2}-\d{5}$/);
    expect(incident.status).toBe('pending');
    expect(Date.parse(incident.reportedAt)).toBeGreaterThanOrEqual(before - 2000);
    // 81A §E.3.e domestic disturbances need two or more officers
    expect(incident.requiredResponse).toEqual({ minUnits: 2, supervisor: false });
    expect(incident.reportingParty.what).toBe('shouting and breaking glass'); // 81A §D.2.c
    expect((await get(`/incidents/${incident.number}`)).json()).toEqual(incident); // what was answered is what was stored
    const events = get('/events?after=0');
    const created = (await events).json().find((e: { kind: string; subjectId: string }) => e.kind === 'incident.created' && e.subjectId === incident.number);
    expect(created.subjectType).toBe('incident');
    expect(created.payload.type).toBe('DOMESTIC');
  });

  test('a robbery needs a supervisor (81A §E.4.a.ii) and the type’s priority is used unless the call-taker sets one', async () => {
    const robbery = (await post('/incidents', { type: 'ROBBERY', location: { address: '1 Bank Plaza' } })).json();
    expect(robbery.requiredResponse).toEqual({ minUnits: 2, supervisor: true });
    expect(robbery.priority).toBe(1);
    const noise = (await post('/incidents', { type: 'NOISE', location: { address: '3 Oak Road' }, priority: 2 })).json();
    expect(noise.priority).toBe(2);
  });

  test('incident numbers stay unique, sequential and gap-free under 30 concurrent creations (81A §D.3.a)', async () => {
    const { series } = await counts();
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => post('/incidents', { type: 'SUSPICIOUS', location: { address: `${i + 1} Pine Lane` } })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(30).fill(201));
    const numbers = responses.map((r) => Number(r.json().number.split('-')[1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => series + 1 + i));
  });

  test('two call-takers making an incident from the same call at once: one wins, the other is told it is taken', async () => {
    const call = (await post('/calls', { line: 'e911' })).json();
    const [a, b] = await Promise.all([1, 2].map(() => post('/incidents', { callId: call.id, type: 'FIRE', location: { address: '6 Ash St' } })));
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r!.statusCode === 409)!.json().code).toBe('call.already_linked');
    const rows = await server.ctx.db.selectFrom('incident').select('number').where('call_id', '=', call.id).execute();
    expect(rows).toHaveLength(1);
  });

  test('the record lists responding units with dispatch, arrival and back-in-service times, and every event in its timeline (CALEA 81.2.3 f–i)', async () => {
    const { number } = (await post('/incidents', { type: 'DISTURB', location: { address: '5 Main Street' } })).json();
    const t = new Date();
    await server.ctx.db.insertInto('agency_unit').values([
      { call_sign: '411', kind: 'patrol', service: 'police', area: null, description: null },
      { call_sign: '412', kind: 'patrol', service: 'police', area: null, description: null },
    ]).onConflict((oc) => oc.doNothing()).execute();
    await server.ctx.db.insertInto('incident_unit').values([
      { incident_number: number, call_sign: '411', role: 'primary', dispatched_at: t, en_route_at: t, arrived_at: t, cleared_at: null },
      { incident_number: number, call_sign: '412', role: 'backup', dispatched_at: t, en_route_at: null, arrived_at: null, cleared_at: t },
    ]).execute();
    const record = (await get(`/incidents/${number}`)).json();
    expect(record.units).toEqual([
      { callSign: '411', role: 'primary', dispatchedAt: t.toISOString(), enRouteAt: t.toISOString(), arrivedAt: t.toISOString(), clearedAt: null },
      { callSign: '412', role: 'backup', dispatchedAt: t.toISOString(), enRouteAt: null, arrivedAt: null, clearedAt: t.toISOString() },
    ]);
    expect(record.timeline[0]).toMatchObject({ kind: 'incident.created', actor: expect.any(String), at: expect.any(String), seq: expect.any(Number) });
    expect(record.disposition).toBeNull();
    // a patrol officer reads the record too
    expect((await get(`/incidents/${number}`, patrol)).statusCode).toBe(200);
  });

  test('bad input gets problem+json and writes nothing: no location, unknown type, a 10 000-character name', async () => {
    const before = await counts();
    const cases: [unknown, number, string][] = [
      [{ type: 'DISTURB' }, 400, 'request.invalid'],
      [{ type: 'DISTURB', location: { address: '   ' } }, 400, 'incident.location_required'],
      [{ type: 'NO_SUCH_TYPE', location: { address: '5 Main Street' } }, 400, 'incident.unknown_type'],
      [{ type: 'DISTURB', location: { address: '5 Main Street' }, complainant: { name: 'x'.repeat(10_000), address: '', phone: '' } }, 400, 'request.invalid'],
      [{ type: 'DISTURB', location: { address: '5 Main Street' }, callId: '00000000-0000-4000-8000-000000000000' }, 404, 'call.not_found'],
      [{ type: 'DISTURB', location: { address: '5 Main Street', lat: 95 } }, 400, 'request.invalid'],
    ];
    for (const [payload, status, code] of cases) {
      const response = await post('/incidents', payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe(code);
    }
    expect(await counts()).toEqual(before); // no incident, no event, no number used up
  });

  test('a shelter address is never shown: the record, the list and the stream carry the police department’s address (81A §D.3.c.iii)', async () => {
    const real = '77 Hidden Way, Millbrook';
    const call = (await post('/calls', { line: 'e911', ali: { callbackNumber: '5085550100', address: '77 HIDDEN WAY', lat: 42.4517319, lon: -71.2318277, classOfService: 'RESD' } })).json();
    await post(`/calls/${call.id}/ali-checks`, { field: 'address', action: 'corrected', value: '77 Hidden Way, rear door' });
    const response = await post('/incidents', {
      callId: call.id, type: 'DOMESTIC', location: { address: real, lat: 42.4517319, lon: -71.2318277, confidentialShelter: true },
      complainant: { name: 'A. Resident', address: real, phone: '5085550100', confidentialShelter: true },
    });
    expect(response.statusCode).toBe(201);
    const { number } = response.json();
    const pd = server.ctx.config.agency.address;
    const record = (await get(`/incidents/${number}`)).json();
    expect(record.location).toMatchObject({ address: pd, lat: null, lon: null, confidentialShelter: true });
    expect(record.complainant.address).toBe(pd);
    const callRecord = (await get(`/calls/${call.id}`)).json();
    expect(callRecord.ali).toMatchObject({ address: pd, callbackNumber: '5085550100', confidentialShelter: true }); // the caller's ALI too
    const everywhere = JSON.stringify([record, callRecord, (await get('/incidents')).json().items, (await get('/events?after=0&limit=1000')).json()]);
    expect(everywhere).not.toMatch(/hidden way/i);
    // seven decimals: no timestamp (six at most) or id can hold these digits by chance
    expect(everywhere).not.toContain('42.4517319');
    expect(everywhere).not.toContain('71.2318277');
    // the real addresses, the caller's ALI and its correction among them, are in the restricted field
    const restricted = (await get(`/incidents/${number}/shelter-addresses`)).json();
    expect(restricted.find((r: { field: string }) => r.field === 'location')).toMatchObject({
      address: real, callerAli: [{ callId: call.id, address: '77 HIDDEN WAY', lat: 42.4517319, addressCheck: { corrected: '77 Hidden Way, rear door' } }],
    });
  });

  test('the real shelter address needs dispatch.confidential, and every read leaves an audit row (81A §D.3.c)', async () => {
    const { number } = (await post('/incidents', { type: 'WELFARE', location: { address: '9 Quiet Lane', confidentialShelter: true } })).json();
    expect((await get(`/incidents/${number}/shelter-addresses`, patrol)).statusCode).toBe(403);
    const auditBefore = await server.ctx.db.selectFrom('audit').select('id').where('action', '=', 'shelter_address.read').execute();
    const read = await get(`/incidents/${number}/shelter-addresses`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual([expect.objectContaining({ field: 'location', address: '9 Quiet Lane' })]);
    const audit = await server.ctx.db.selectFrom('audit').selectAll().where('action', '=', 'shelter_address.read').orderBy('id').execute();
    expect(audit.length).toBe(auditBefore.length + 1);
    expect(audit.at(-1)).toMatchObject({ subject_type: 'incident', subject_id: number, outcome: 'allowed' });
  });

  test('a confidential incident keeps its number, times and status for a patrol officer but not its location or contents (81A §E.2.c)', async () => {
    const { number } = (await post('/incidents', { type: 'WARRANT', location: { address: '3 Quiet Court' }, narrative: 'Surveillance first' })).json();
    await server.ctx.db.updateTable('incident').set({ confidential: true }).where('number', '=', number).execute();
    const seen = (await get(`/incidents/${number}`, patrol)).json();
    expect(seen).toMatchObject({ number, status: 'pending', confidential: true, location: null, narrative: null, callers: [] });
    expect(seen.timeline[0]).toMatchObject({ kind: 'incident.created', payload: {} });
    expect(JSON.stringify(seen)).not.toContain('Quiet Court');
    expect((await get(`/incidents/${number}`)).json().location.address).toBe('3 Quiet Court'); // a dispatcher sees it
    expect((await get('/incidents', patrol)).json().items.map((i: { number: string }) => i.number)).not.toContain(number);
  });

  test('journal notes are added at any time; a correction is a new entry pointing at the one it corrects (81A §D.3)', async () => {
    const { number } = (await post('/incidents', { type: 'LARCENY', location: { address: '2 Market Square' } })).json();
    const noted = (await post(`/incidents/${number}/notes`, { text: 'Suspect wore a red jacket' })).json();
    const note = noted.timeline.find((e: { kind: string }) => e.kind === 'incident.note');
    expect(note.payload.text).toBe('Suspect wore a red jacket');
    const corrected = (await post(`/incidents/${number}/notes`, { text: 'Jacket was blue, not red', corrects: note.seq })).json();
    const original = corrected.timeline.find((e: { seq: number }) => e.seq === note.seq);
    expect(original.payload.text).toBe('Suspect wore a red jacket'); // never edited
    const correction = corrected.timeline.at(-1);
    expect(correction).toMatchObject({ kind: 'incident.correction', payload: { corrects: note.seq } });
    expect(original.correctedBy).toEqual([correction.seq]);
    const wrong = await post(`/incidents/${number}/notes`, { text: 'x', corrects: 1 });
    expect([wrong.statusCode, wrong.json().code]).toEqual([400, 'note.unknown_entry']);
    expect((await post('/incidents/26-99999/notes', { text: 'x' })).statusCode).toBe(404);
  });

  test('open incidents are listed by priority then age; nearby open incidents are suggested for a new caller (81A §C "Multiple Calls")', async () => {
    const open = (await get('/incidents')).json().items as { priority: number; reportedAt: string; status: string }[];
    expect(open.length).toBeGreaterThan(3);
    for (let i = 1; i < open.length; i++) {
      expect(open[i]!.priority > open[i - 1]!.priority || (open[i]!.priority === open[i - 1]!.priority && open[i]!.reportedAt >= open[i - 1]!.reportedAt)).toBe(true);
    }
    const suggestions = (await get('/incidents/suggestions?address=12%20Elm%20St&type=DOMESTIC')).json();
    expect(suggestions[0]).toMatchObject({ type: 'DOMESTIC', reasons: expect.arrayContaining(['same address', 'same type']) });
    const near = (await get('/incidents/suggestions?lat=42.4472&lon=-71.2246')).json();
    expect(near[0].location.address).toBe('12 Elm Street, Millbrook');
  });
});
