import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { signedInAs } from './support/session.ts';
import { startAvlListener, type AvlListener } from '../src/geo/avl-listener.ts';
import { AvlSimulator, modemReport } from '../src/geo/avl-simulator.ts';
import { lastPosition, placeUnits, reverseLookup, suggestLocations } from '../src/geo/service.ts';
import { closeContext } from '../src/app/start.ts';

const until = async (check: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

forEachDatabase('geography: verified locations, layers, vehicle locations (81A §B.2.b.iv, §C.2.b, §E.2.b)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: Record<string, string>;
  let admin: Record<string, string>;
  let obrien: Record<string, string>;
  let listener: AvlListener;

  beforeAll(async () => {
    server = await database().server();
    const signIn = await demoAgency(server.ctx, server.app);
    dispatcher = await signIn('dkowalski');
    admin = await signIn('afischer');
    obrien = await signIn('jobrien');
    listener = await startAvlListener(server.ctx, { udpPort: 0, tcpPort: 0, log: () => undefined });
  }, 240_000);
  afterAll(async () => {
    await listener?.close();
    await server?.close();
  });

  const get = (url: string, headers = dispatcher) => server.app.inject({ url: `/api/v1${url}`, headers });
  const post = (url: string, payload: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const suggest = async (q: string) => ((await get(`/geo/suggestions?q=${encodeURIComponent(q)}`)).json() as { kind: string; label: string; sector: string }[]);

  test('81A §C.2.b.iii: "12 elm", "12 Elm Street" and "Elm St 12" all find 12 ELM ST with its sector and districts', async () => {
    for (const typed of ['12 elm', '12 Elm Street', 'Elm St 12', '12 Elmm Street']) {
      expect((await suggest(typed))[0]).toMatchObject({ kind: 'address', label: '12 ELM ST', sector: 'Sector 3', fireDistrict: 'Fire District 1', emsDistrict: 'EMS Zone A', verified: true });
    }
  });

  test('81A §C.2.b.iii: intersections, place names and mile markers are offered as typed', async () => {
    expect((await suggest('main st/center st'))[0]).toMatchObject({ kind: 'intersection', label: 'MAIN ST/CENTER ST' });
    expect((await suggest('Elm and Park'))[0]).toMatchObject({ kind: 'intersection', label: 'ELM ST/PARK AVE', sector: 'Sector 3' });
    expect((await suggest('the mall'))[0]).toMatchObject({ kind: 'place', label: 'Millbrook Mall', sector: 'Sector 4' });
    expect((await suggest('MM 11'))[0]).toMatchObject({ kind: 'mile_marker', label: 'MM 11 Route 9' });
  });

  test('an address not in the file can still be used, flagged unverified', async () => {
    const unknown = (await get('/geo/verify?q=9999%20Nowhere%20Lane')).json();
    expect(unknown).toMatchObject({ label: '9999 Nowhere Lane', verified: false, lat: null, sector: null });
    expect((await get('/geo/verify?q=12%20Elm%20Street')).json()).toMatchObject({ label: '12 ELM ST', verified: true, sector: 'Sector 3' });
  });

  test('reverse lookup gives the nearest address point to a point, and the areas it lies in', async () => {
    const twelve = (await suggest('12 elm'))[0] as unknown as { lat: number; lon: number };
    const answer = (await get(`/geo/reverse?lat=${twelve.lat + 0.00005}&lon=${twelve.lon}`)).json();
    expect(answer).toMatchObject({ nearest: { label: '12 ELM ST' }, sector: 'Sector 3' });
    expect(answer.nearest.metres).toBeLessThan(10);
    expect((await get('/geo/reverse?lat=91&lon=0')).statusCode).toBe(400);
  });

  test('an import with a bad feature is refused whole, naming the feature and field; the layer in use is untouched', async () => {
    const before = ((await get('/geo/layers/versions')).json() as { kind: string; version: number; features: number }[]).find((l) => l.kind === 'addresses')!;
    const text = JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { number: '1', street: 'New Street' }, geometry: { type: 'Point', coordinates: [-72.63, 42.32] } },
      { type: 'Feature', properties: { number: '3', street: 'New Street' }, geometry: { type: 'Point', coordinates: [-72.63, 142.32] } },
    ] });
    const refused = await post('/geo/layers/addresses', { format: 'geojson', text, source: 'bad.geojson' }, admin);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'geo.import_invalid' });
    expect(refused.json().detail).toContain('feature 2: coordinates');
    const after = ((await get('/geo/layers/versions')).json() as { kind: string; version: number; features: number }[]).find((l) => l.kind === 'addresses')!;
    expect(after).toEqual(before);
    expect((await suggest('1 New Street')).filter((s) => s.label === '1 NEW ST')).toEqual([]);
  });

  test('a projected file is detected and refused without its projection, and reprojected with it (EPSG:26986)', async () => {
    const csv = 'name,aliases,wkt\nOld Mill,the mill,POINT(171000 879700)\n';
    const refused = await post('/geo/layers/places', { format: 'csv', text: csv, source: 'places.csv' }, admin);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toMatch(/line 2: coordinates .* looks projected/);
    const loaded = await post('/geo/layers/places', { format: 'csv', text: csv, source: 'places.csv', projection: 'EPSG:26986' }, admin);
    expect(loaded.statusCode).toBe(201);
    expect(loaded.json()).toMatchObject({ kind: 'places', features: 1, version: 2 });
    const mill = (await suggest('the mill'))[0] as unknown as { label: string; lat: number; lon: number };
    expect(mill.label).toBe('Old Mill');
    // Inside Massachusetts' bounds: the State Plane metres became longitude/latitude.
    expect(mill.lat).toBeGreaterThan(41.2);
    expect(mill.lat).toBeLessThan(42.9);
    expect(mill.lon).toBeGreaterThan(-73.5);
    expect(mill.lon).toBeLessThan(-69.9);
    const audit = await server.ctx.db.selectFrom('audit').selectAll().where('action', '=', 'geo.import').where('subject_id', '=', 'places v2').execute();
    expect(audit).toHaveLength(1);
  });

  test('a layer loaded on one node is used by another node’s lookups once the import’s event reaches it (two servers on one PostgreSQL database)', async () => {
    if (database().kind !== 'postgresql') return; // a second PGlite context is a new database
    const other = await database().open();
    try {
      expect((await suggestLocations(other, 'the mill'))[0]).toMatchObject({ label: 'Old Mill' }); // the other node has the layers loaded
      const csv = 'name,aliases,lat,lon\nOld Mill,the mill,42.3251,-72.6402\nGrist Mill,the grist,42.325,-72.64\n';
      expect((await post('/geo/layers/places', { format: 'csv', text: csv, source: 'places-2.csv' }, admin)).statusCode).toBe(201);
      expect((await suggest('the grist'))[0]).toMatchObject({ label: 'Grist Mill' }); // this node at once
      await until(async () => (await suggestLocations(other, 'the grist'))[0]?.label === 'Grist Mill', 'the other node to use the new places layer');
    } finally {
      await closeContext(other);
    }
  });

  test('only the system administrator loads layers', async () => {
    const refused = await post('/geo/layers/places', { format: 'csv', text: 'name,lat,lon\nX,42.3,-72.6\n', source: 'x.csv' }, dispatcher);
    expect(refused.statusCode).toBe(403);
  });

  test('AVL: NMEA RMC from a configured modem over UDP and TCP moves the unit; a bad checksum is counted, and the listener goes on', async () => {
    const route: [number, number][] = [[-72.644, 42.3215], [-72.638, 42.3215]];
    const udp = new AvlSimulator({ port: listener.udpPort!, protocol: 'udp' });
    const tcp = new AvlSimulator({ port: listener.tcpPort!, protocol: 'tcp' });
    const good = modemReport({ modemId: 'N412', route, speedKmh: 40 }, 0, new Date());
    const corrupted = good.replace(/\*[0-9A-F]{2}$/, '*00');
    await udp.send([corrupted, 'garbage without a sentence', good]);
    await until(async () => (await lastPosition(server.ctx, '412')) !== null, 'the UDP fix');
    expect(listener.counts.refused).toBeGreaterThanOrEqual(2);
    await tcp.report([{ modemId: 'N413', route, speedKmh: 40 }], 30, new Date());
    await until(async () => (await lastPosition(server.ctx, '413')) !== null, 'the TCP fix');
    const board = (await get('/geo/units')).json() as { callSign: string; lat: number; lon: number; stale: boolean; source: string }[];
    expect(board.find((u) => u.callSign === '412')).toMatchObject({ stale: false, source: 'modem' });
    expect(board.find((u) => u.callSign === '413')!.lon).toBeGreaterThan(-72.644);
    const events = (await get('/events/recent?limit=50')).json() as { kind: string; subjectId: string }[];
    expect(events.some((e) => e.kind === 'unit.position' && e.subjectId === '413')).toBe(true);
    udp.close();
    tcp.close();
  });

  test('the AVL gateway posts JSON positions; an unknown modem is refused by name, not the whole batch', async () => {
    const gateway = await signedInAs(server.ctx, server.app, ['avl_gateway']);
    const at = new Date().toISOString();
    const answer = await post('/geo/avl', { positions: [{ modemId: 'N414', lat: 42.3302, lon: -72.6388, fixedAt: at }, { modemId: 'NOPE', lat: 42.3, lon: -72.6, fixedAt: at }] }, gateway.headers);
    expect(answer.json()).toMatchObject({ accepted: 1, refused: [{ index: 1, modemId: 'NOPE' }] });
    expect((await post('/geo/avl', { positions: [{ modemId: 'N414', lat: 95, lon: 0, fixedAt: at }] }, gateway.headers)).statusCode).toBe(400);
  });

  test('81A §B.4.d: the field view reports its own unit’s position, and only its own', async () => {
    expect((await post('/geo/units/411/position', { lat: 42.3325, lon: -72.64 }, obrien)).statusCode).toBe(204);
    expect((await post('/geo/units/412/position', { lat: 42.3325, lon: -72.64 }, obrien)).statusCode).toBe(403);
    expect(await lastPosition(server.ctx, '411')).toMatchObject({ source: 'field', stale: false });
  });

  test('81A §E.1.a: a unit’s position carries its nearest address, in the list and on the stream, for the board’s Location column', async () => {
    const point = { lat: 42.3275, lon: -72.6412 };
    const nearest = (await reverseLookup(server.ctx, point)).nearest?.label;
    expect(nearest).toMatch(/^\d+ [A-Z ]+$/);
    expect((await post('/geo/units/411/position', point, obrien)).statusCode).toBe(204);
    const listed = (await get('/geo/units')).json() as { callSign: string; address: string | null }[];
    expect(listed.find((u) => u.callSign === '411')!.address).toBe(nearest);
    const events = (await get('/events/recent?limit=20')).json() as { kind: string; subjectId: string; payload: { address?: string } }[];
    expect(events.filter((e) => e.kind === 'unit.position' && e.subjectId === '411').at(-1)!.payload.address).toBe(nearest);
    // far from every address point (250 m), nothing is named
    expect((await post('/geo/units/411/position', { lat: 42.9, lon: -72.9 }, obrien)).statusCode).toBe(204);
    expect(((await get('/geo/units')).json() as { callSign: string; address: string | null }[]).find((u) => u.callSign === '411')!.address).toBeNull();
  });

  test('a position older than geo.avlStaleSeconds (2 minutes) is shown stale and not used for distance', async () => {
    const old = new Date(Date.now() - 5 * 60_000).toISOString();
    await post('/geo/units/411/position', { lat: 42.3325, lon: -72.64, fixedAt: old }, obrien);
    const gateway = await signedInAs(server.ctx, server.app, ['avl_gateway']);
    await post('/geo/avl', { positions: [{ modemId: 'N411', lat: 42.319, lon: -72.63, fixedAt: old }] }, gateway.headers);
    await server.ctx.db.updateTable('geo_unit_position').set({ fixed_at: new Date(old) }).where('call_sign', '=', '411').execute();
    expect(await lastPosition(server.ctx, '411')).toMatchObject({ stale: true });
    const placed = await placeUnits(server.ctx, { lat: 42.3215, lon: -72.641 }, ['411', '412']);
    expect(placed.find((p) => p.callSign === '411')).toMatchObject({ basis: 'none', stale: true, distanceKm: null });
    expect(placed.find((p) => p.callSign === '412')).toMatchObject({ basis: 'travel' });
    expect(placed.find((p) => p.callSign === '412')!.travelSeconds).toBeGreaterThan(0);
  });
});
