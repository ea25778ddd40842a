import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { metresBetween } from './model.ts';
import { assignModem, importLayer } from './service.ts';

/** Millbrook, the demo town: east–west streets at these latitudes, north–south at these longitudes. */
const EAST_WEST: [string, number][] = [
  ['River Road', 42.319], ['Elm Street', 42.3215], ['Main Street', 42.324], ['Hillside Terrace', 42.3255],
  ['Oak Street', 42.3275], ['School Street', 42.3302], ['Pleasant Street', 42.3325],
];
const NORTH_SOUTH: [string, number][] = [
  ['Mill Road', -72.648], ['Washington Street', -72.644], ['Park Avenue', -72.6412], ['Center Street', -72.638],
  ['Church Street', -72.634], ['Water Street', -72.6301], ['Cedar Street', -72.627],
];
const WEST = -72.648;
const EAST = -72.627;
const SOUTH = 42.319;
const NORTH = 42.3325;
const MIDDLE_LAT = 42.324;
const MIDDLE_LON = -72.638;
const ROUTE_9_LAT = 42.3165;

type Position = [number, number];
const r6 = (n: number) => Math.round(n * 1e6) / 1e6;
const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry });
const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

function streetLine(name: string, fixed: number, eastWest: boolean): Position[] {
  const crossings = (eastWest ? NORTH_SOUTH : EAST_WEST).map(([, v]) => v).sort((a, b) => a - b);
  return crossings.map((v) => (eastWest ? [r6(v), r6(fixed)] : [r6(fixed), r6(v)]) as Position);
}

/** Address points every 50 m along a line, even numbers on one side and odd on the other, 15 m off the centerline. */
function addressesAlong(name: string, line: Position[]): unknown[] {
  const points: unknown[] = [];
  const start = { lon: line[0]![0], lat: line[0]![1] };
  const end = { lon: line[line.length - 1]![0], lat: line[line.length - 1]![1] };
  const length = metresBetween(start, end);
  const eastWest = start.lat === end.lat;
  const offset = eastWest ? 15 / 111_320 : 15 / (111_320 * Math.cos((start.lat * Math.PI) / 180));
  for (let i = 0, metres = 25; metres < length - 10; i++, metres += 50) {
    const t = metres / length;
    const lon = start.lon + (end.lon - start.lon) * t;
    const lat = start.lat + (end.lat - start.lat) * t;
    for (const [number, side] of [[2 * (i + 1), 1], [2 * i + 1, -1]] as const) {
      const at = eastWest ? [r6(lon), r6(lat + side * offset)] : [r6(lon + side * offset), r6(lat)];
      points.push(feature({ number: String(number), street: name, city: 'Millbrook' }, { type: 'Point', coordinates: at }));
    }
  }
  return points;
}

const box = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });

/** The demo town's layers as GeoJSON files, as a town's GIS office would hand them over. */
export function demoTownFiles(): { addresses: string; streets: string; areas: string; places: string } {
  const streets = [
    ...EAST_WEST.map(([name, lat]) => ({ name, line: streetLine(name, lat, true), speed: 40 })),
    ...NORTH_SOUTH.map(([name, lon]) => ({ name, line: streetLine(name, lon, false), speed: 40 })),
  ];
  const route9: Position[] = [[-72.655, ROUTE_9_LAT], [WEST, ROUTE_9_LAT], [MIDDLE_LON, ROUTE_9_LAT], [EAST, ROUTE_9_LAT], [-72.62, ROUTE_9_LAT]];
  const streetFeatures = [
    ...streets.map((s) => feature({ name: s.name, speed_kmh: s.speed }, { type: 'LineString', coordinates: s.line })),
    // Route 9 has no address points: its centerline carries the address ranges of each block (odd on the left, even on the right)
    ...route9.slice(1).map((to, i) => feature(
      { name: 'Route 9', speed_kmh: 80, L_F_ADD: i * 100 + 1, L_T_ADD: i * 100 + 99, R_F_ADD: i * 100 || 2, R_T_ADD: i * 100 + 98 },
      { type: 'LineString', coordinates: [route9[i]!, to] },
    )),
    // Mill Road and Center Street run on south to Route 9.
    feature({ name: 'Mill Road', speed_kmh: 40 }, { type: 'LineString', coordinates: [[WEST, ROUTE_9_LAT], [WEST, SOUTH]] }),
    feature({ name: 'Center Street', speed_kmh: 40 }, { type: 'LineString', coordinates: [[MIDDLE_LON, ROUTE_9_LAT], [MIDDLE_LON, SOUTH]] }),
  ];
  const addresses = streets.flatMap((s) => addressesAlong(s.name, s.line));
  const pad = 0.004;
  const areas = [
    feature({ kind: 'sector', name: 'Sector 1' }, box(WEST - pad, MIDDLE_LAT, MIDDLE_LON, NORTH + pad)),
    feature({ kind: 'sector', name: 'Sector 2' }, box(MIDDLE_LON, MIDDLE_LAT, EAST + pad, NORTH + pad)),
    feature({ kind: 'sector', name: 'Sector 3' }, box(WEST - pad, ROUTE_9_LAT - pad, MIDDLE_LON, MIDDLE_LAT)),
    feature({ kind: 'sector', name: 'Sector 4' }, box(MIDDLE_LON, ROUTE_9_LAT - pad, EAST + pad, MIDDLE_LAT)),
    feature({ kind: 'fire_district', name: 'Fire District 1' }, box(WEST - pad, ROUTE_9_LAT - pad, MIDDLE_LON, NORTH + pad)),
    feature({ kind: 'fire_district', name: 'Fire District 2' }, box(MIDDLE_LON, ROUTE_9_LAT - pad, EAST + pad, NORTH + pad)),
    feature({ kind: 'ems_district', name: 'EMS Zone A' }, box(WEST - pad, ROUTE_9_LAT - pad, EAST + pad, NORTH + pad)),
  ];
  const place = (name: string, lon: number, lat: number, aliases = '', kind = 'place') => feature({ name, aliases, kind }, { type: 'Point', coordinates: [lon, lat] });
  const places = [
    place('Town Hall', -72.6386, 42.3246, 'Municipal Building'),
    place('Millbrook High School', -72.6388, 42.3302, 'the high school;MHS'),
    place('Millbrook Mall', -72.6295, 42.3182, 'the mall;shopping center'),
    place('Riverside Park', -72.6455, 42.3195, 'the park'),
    place('Police Station', -72.6345, 42.3243, 'MPD;the station'),
    place('MM 10 Route 9', -72.652, ROUTE_9_LAT, 'Mile 10', 'mile_marker'),
    place('MM 11 Route 9', -72.633, ROUTE_9_LAT, 'Mile 11', 'mile_marker'),
  ];
  return { addresses: collection(addresses), streets: collection(streetFeatures), areas: collection(areas), places: collection(places) };
}

/** Where the demo cruisers' modems report from, one per unit. */
export const DEMO_MODEMS: Record<string, string> = { N411: '411', N412: '412', N413: '413', N414: '414' };

/** Load Millbrook's geography through the real import path, and the cruisers' modems. */
export async function seedGeoDemo(ctx: AppContext, actor: Actor): Promise<void> {
  const files = demoTownFiles();
  for (const kind of ['streets', 'addresses', 'areas', 'places'] as const) {
    await importLayer(ctx, actor, { kind, format: 'geojson', text: files[kind], source: `demo-${kind}.geojson` });
  }
  for (const [modemId, callSign] of Object.entries(DEMO_MODEMS)) await assignModem(ctx, actor, modemId, callSign);
}
