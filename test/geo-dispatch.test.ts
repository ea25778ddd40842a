import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';

forEachDatabase('dispatching by place: verified incident locations, ALI kept, recommendation by sector and travel time (81A §C.2.b, §E.2.b)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: Record<string, string>;
  let gateway: Record<string, string>;

  beforeAll(async () => {
    server = await database().server();
    const signIn = await demoAgency(server.ctx, server.app);
    dispatcher = await signIn('dkowalski');
    const { signedInAs } = await import('./support/session.ts');
    gateway = (await signedInAs(server.ctx, server.app, ['avl_gateway'])).headers;
  }, 240_000);
  afterAll(async () => server?.close());

  const post = (url: string, payload: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers = dispatcher) => server.app.inject({ url: `/api/v1${url}`, headers });

  test('81A §E.2.b.i: an incident at a verified address gets its point, sector and districts from the town’s file', async () => {
    const created = await post('/incidents', { type: 'DISTURB', location: { address: '12 Elm Street, Millbrook' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().location).toMatchObject({ address: '12 Elm Street, Millbrook', verified: true, area: 'Sector 3', fireDistrict: 'Fire District 1', emsDistrict: 'EMS Zone A' });
    expect(created.json().location.lat).toBeCloseTo(42.3215, 3);
  });

  test('an address not in the file is kept as typed and flagged unverified; a sector may be given', async () => {
    const created = await post('/incidents', { type: 'DISTURB', location: { address: '77 Unknown Way', area: 'Sector 2' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().location).toMatchObject({ address: '77 Unknown Way', verified: false, area: 'Sector 2', lat: null });
  });

  test('81A §C.2.b.ii: the ALI point and its uncertainty are kept on the incident made from the E-911 call', async () => {
    const call = await post('/calls', { line: 'e911', ali: { callbackNumber: '4135550142', lat: 42.3276, lon: -72.6412, uncertaintyMetres: 35 } });
    expect(call.statusCode).toBe(201);
    const created = await post('/incidents', { type: 'DISTURB', callId: call.json().id, location: { address: 'near the park, caller unsure' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().location).toMatchObject({ verified: false, lat: 42.3276, lon: -72.6412, area: 'Sector 1', ali: { lat: 42.3276, lon: -72.6412, uncertaintyMetres: 35 } });
  });

  test('81A §E.2.b: of two available units in the incident’s sector, the one with the shorter drive is recommended first, each reason shown', async () => {
    const at = new Date().toISOString();
    // 411 at the north-west corner of town, 414 at Oak Street and Park Avenue; both assigned to Sector 1.
    const fed = await post('/geo/avl', { positions: [
      { modemId: 'N411', lat: 42.3325, lon: -72.648, fixedAt: at },
      { modemId: 'N414', lat: 42.3275, lon: -72.6412, fixedAt: at },
    ] }, gateway);
    expect(fed.json()).toMatchObject({ accepted: 2 });
    const incident = (await post('/incidents', { type: 'DISTURB', location: { address: '20 Oak Street' } })).json();
    expect(incident.location.area).toBe('Sector 1');
    const recommendation = (await get(`/incidents/${incident.number}/recommendation`)).json() as { ranked: { callSign: string; reasons: string[]; travelSeconds: number | null }[] };
    const [first, second] = recommendation.ranked;
    expect(first).toMatchObject({ callSign: '414' });
    expect(second).toMatchObject({ callSign: '411' });
    for (const unit of [first!, second!]) {
      expect(unit.reasons).toContain('same sector');
      expect(unit.reasons.some((r) => /^\d+\.\d km, ~\d+ min$/.test(r))).toBe(true);
    }
    expect(first!.travelSeconds!).toBeLessThan(second!.travelSeconds!);
  });

  test('a stale position is not used: the unit falls back to its sector', async () => {
    const old = new Date(Date.now() - 10 * 60_000);
    await server.ctx.db.updateTable('geo_unit_position').set({ fixed_at: old }).where('call_sign', '=', '414').execute();
    const incident = (await post('/incidents', { type: 'DISTURB', location: { address: '20 Oak Street' } })).json();
    const ranked = (await get(`/incidents/${incident.number}/recommendation`)).json().ranked as { callSign: string; reasons: string[]; travelSeconds: number | null }[];
    const supervisor = ranked.find((r) => r.callSign === '414')!;
    expect(supervisor.travelSeconds).toBeNull();
    expect(supervisor.reasons).toContain('same sector');
    expect(supervisor.reasons.some((r) => r.includes('km'))).toBe(false);
  });
  type Offered = { number: string; reasons: string[]; distanceMetres: number | null }[];
  const offered = async (address: string) => (await get(`/incidents/suggestions?address=${encodeURIComponent(address)}`)).json() as Offered;
  /** The address point nearest a point, as reverse lookup names it (the demo town's points are 15 m off the centerlines). */
  const nearestAddress = async (lat: number, lon: number) => ((await get(`/geo/reverse?lat=${lat}&lon=${lon}`)).json() as { nearest: { label: string; metres: number } }).nearest;

  test('81A §C "Multiple Calls": an intersection typed as MAIN ST/PARK AVE gets its point where the centerlines meet; a caller at an address near it is offered its incident, and the other way round', async () => {
    const crash = (await post('/incidents', { type: 'MVA', location: { address: 'MAIN ST/PARK AVE' } })).json();
    expect(crash.location).toMatchObject({ verified: true });
    expect(crash.location.lat).toBeCloseTo(42.324, 6); // Main Street's latitude …
    expect(crash.location.lon).toBeCloseTo(-72.6412, 6); // … where Park Avenue crosses it
    const nearMain = await nearestAddress(42.3241, -72.6409);
    expect(nearMain.label).toMatch(/ (MAIN ST|PARK AVE)$/);
    const nearCrash = (await offered(nearMain.label)).find((s) => s.number === crash.number);
    expect(nearCrash?.reasons.some((r) => / m away$/.test(r))).toBe(true);
    expect(nearCrash!.distanceMetres!).toBeLessThanOrEqual(250);

    // The other way round: the open incident is at an address; the caller names the intersection beside it.
    const nearSchool = await nearestAddress(42.3303, -72.6338);
    const fire = (await post('/incidents', { type: 'FIRE', location: { address: nearSchool.label } })).json();
    const atCrossing = (await offered('SCHOOL ST/CHURCH ST')).find((s) => s.number === fire.number);
    expect(atCrossing?.reasons.some((r) => / m away$/.test(r))).toBe(true);
  });

  test('the nearby distance is the agency’s: when the administrator sets it to 10 m (audited), New call no longer offers the incident a few tens of metres away; back at 250 m it does', async () => {
    const admin = (await (await import('./support/session.ts')).signedInAs(server.ctx, server.app, ['system_administrator'])).headers;
    const put = (body: unknown) => server.app.inject({ method: 'PUT', url: '/api/v1/calls/settings', payload: body as object, headers: admin });
    const incident = (await post('/incidents', { type: 'NOISE', location: { address: 'WATER ST/PLEASANT ST' } })).json();
    const neighbour = await nearestAddress(42.3323, -72.6303);
    const ring = (await post('/calls', { line: 'e911' })).json() as { id: string };
    const newCallOffers = async () => ((await get(`/calls/${ring.id}/suggestions?address=${encodeURIComponent(neighbour.label)}`)).json() as Offered).map((s) => s.number);
    expect((await get('/calls/settings', admin)).json()).toMatchObject({ nearbyMetres: 250 });
    expect(await newCallOffers()).toContain(incident.number);
    expect((await put({ nearbyMetres: 5 })).json()).toMatchObject({ status: 400, field: 'nearbyMetres' });
    expect((await put({ nearbyMetres: 10 })).json()).toMatchObject({ nearbyMetres: 10 });
    expect(await newCallOffers()).not.toContain(incident.number);
    const audit = await server.ctx.db.selectFrom('audit').select('action').where('action', '=', 'calls.settings_changed').execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect((await put({ nearbyMetres: 250 })).json()).toMatchObject({ nearbyMetres: 250 });
    expect(await newCallOffers()).toContain(incident.number);
  });
});
