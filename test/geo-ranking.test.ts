import { afterAll, beforeAll, expect, test } from 'vitest';
import { inTransaction } from '../src/db/index.ts';
import { importLayer } from '../src/geo/service.ts';
import { consoleActor } from '../src/identity/service.ts';
import { forEachDatabase, type TestServer } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

/**
 * A river town: River Road runs 10 km east from the incident's address; Hill Road runs beside
 * it 500 m to the north, and the only bridge between them is at the far end. Unit A is on Hill
 * Road straight across from the incident (0.5 km as the crow flies, 20 km to drive); units B1–B14
 * are along River Road, 0.6 km apart.
 */
const SOUTH = 42.3;
const WEST = -72.7;
const KM_EAST = 1 / (111.195 * Math.cos((SOUTH * Math.PI) / 180));
const KM_NORTH = 1 / 111.195;
const road = (name: string, north: number) => ({
  type: 'Feature', properties: { name, speed_kmh: 50 },
  geometry: { type: 'LineString', coordinates: Array.from({ length: 101 }, (_, i) => [WEST + i * 0.1 * KM_EAST, SOUTH + north * KM_NORTH]) },
});
const streets = JSON.stringify({ type: 'FeatureCollection', features: [
  road('River Road', 0), road('Hill Road', 0.5),
  { type: 'Feature', properties: { name: 'Bridge Street', speed_kmh: 50 }, geometry: { type: 'LineString', coordinates: [[WEST + 10 * KM_EAST, SOUTH], [WEST + 10 * KM_EAST, SOUTH + 0.5 * KM_NORTH]] } },
] });
const addresses = JSON.stringify({ type: 'FeatureCollection', features: [
  { type: 'Feature', properties: { number: '1', street: 'River Road' }, geometry: { type: 'Point', coordinates: [WEST, SOUTH - 0.015 * KM_NORTH] } },
] });
const units: [string, number, number][] = [
  ['A', 0, 0.5],
  ...Array.from({ length: 14 }, (_, i) => [`B${String(i + 1).padStart(2, '0')}`, 0.6 * (i + 1), 0] as [string, number, number]),
];

forEachDatabase('recommendation by place compares minutes (81A §E.2.b.iv, issue 17)', (database) => {
  let server: TestServer;
  let dispatcher: Record<string, string>;
  beforeAll(async () => {
    server = await database().server();
    dispatcher = (await signedInAs(server.ctx, server.app, ['dispatcher'])).headers;
    await importLayer(server.ctx, consoleActor(), { kind: 'streets', format: 'geojson', text: streets, source: 'river-town-streets.geojson' });
    await importLayer(server.ctx, consoleActor(), { kind: 'addresses', format: 'geojson', text: addresses, source: 'river-town-addresses.geojson' });
    const now = new Date();
    await inTransaction(server.ctx.db, async (tx) => {
      await tx.insertInto('agency_unit').values(units.map(([callSign]) => ({ call_sign: callSign, kind: 'cruiser', service: 'police' as const, area: null, description: null }))).execute();
      await tx.insertInto('unit_status').values(units.map(([callSign]) => ({ call_sign: callSign, status: 'available', incident_number: null, reason: null, since: now, location: JSON.stringify({}), personnel: ['Officer'] }))).execute();
      await tx.insertInto('geo_unit_position').values(units.map(([callSign, east, north]) => ({
        call_sign: callSign, lat: SOUTH + north * KM_NORTH, lon: WEST + east * KM_EAST, speed_kmh: null, heading: null, source: 'http' as const, fixed_at: now, received_at: now,
      }))).execute();
    });
  }, 120_000);
  afterAll(async () => server?.close());

  test('the twelve units nearest by drive come first, in order of their drives, each with its minutes; the unit across the river, nearest as the crow flies, is behind all of them', async () => {
    const created = await server.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: dispatcher, payload: { type: 'DISTURB', location: { address: '1 River Road' } } });
    expect(created.statusCode).toBe(201);
    expect(created.json().location).toMatchObject({ verified: true });
    const answer = await server.app.inject({ url: `/api/v1/incidents/${created.json().number}/recommendation?limit=20`, headers: dispatcher });
    expect(answer.statusCode).toBe(200);
    const { ranked, rankedTotal } = answer.json() as { ranked: { callSign: string; reasons: string[]; travelSeconds: number | null }[]; rankedTotal: number };
    expect(rankedTotal).toBe(15);
    const order = ranked.map((r) => r.callSign);
    // B01…B12 by their drives (0.6 km, ~1 min … 7.2 km, ~9 min): a minute of drive counts the same for every unit
    expect(order.slice(0, 12)).toEqual(units.slice(1, 13).map(([callSign]) => callSign));
    for (const [i, unit] of ranked.slice(0, 12).entries()) {
      expect(unit.reasons.find((r) => r.includes('min'))).toMatch(new RegExp(`^${(0.6 * (i + 1)).toFixed(1)} km, ~\\d+ min$`));
      // 50 km/h, plus the few metres from the address point to the road at 15 km/h
      expect(unit.travelSeconds! / 60).toBeCloseTo(0.6 * (i + 1) / 50 * 60, 0);
      if (i > 0) expect(unit.travelSeconds!).toBeGreaterThan(ranked[i - 1]!.travelSeconds!);
    }
    // A is 0.5 km away as the crow flies, but its drive is longer than the twelfth's: it is not placed above them
    const across = ranked.find((r) => r.callSign === 'A')!;
    expect(order.indexOf('A')).toBeGreaterThanOrEqual(12);
    expect(across.reasons).toContain('0.5 km away');
    expect(across.travelSeconds).toBeNull();
  });

  test('a page further on is read on demand, and the whole ranking holds each unit once', async () => {
    const created = await server.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: dispatcher, payload: { type: 'DISTURB', location: { address: '1 River Road' } } });
    const page = async (offset: number) => (await server.app.inject({ url: `/api/v1/incidents/${created.json().number}/recommendation?limit=5&offset=${offset}`, headers: dispatcher })).json() as { ranked: { callSign: string }[]; proposed: string[] };
    const pages = await Promise.all([0, 5, 10].map(page));
    // the first page also carries the proposed units; the others only their five
    const seen = [...pages[0]!.ranked.slice(0, 5), ...pages[1]!.ranked, ...pages[2]!.ranked].map((r) => r.callSign);
    expect(new Set(seen).size).toBe(15);
    expect(seen.slice(0, 12)).toEqual(units.slice(1, 13).map(([callSign]) => callSign));
    expect(pages[0]!.proposed).toEqual(['B01', 'B02']);
  });
});
