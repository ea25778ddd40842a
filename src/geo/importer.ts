import { parse as parseCsv } from 'csv-parse/sync';
import wkx from 'wkx';
import proj4 from 'proj4';
import type { Geometry } from 'geojson';
import { normalizeStreet } from './model.ts';
import type { AddressPoint, Area, Place, SegmentRanges, StreetSegment } from './gazetteer.ts';
import type { GeoLayerKind } from '../db/tables/geo.ts';

/** Projections a Massachusetts town's GIS files come in, besides WGS 84 longitude/latitude. */
proj4.defs('EPSG:26986', '+proj=lcc +lat_0=41 +lon_0=-71.5 +lat_1=42.6833333333333 +lat_2=41.7166666666667 +x_0=200000 +y_0=750000 +ellps=GRS80 +units=m +no_defs');
proj4.defs('EPSG:2249', '+proj=lcc +lat_0=41 +lon_0=-71.5 +lat_1=42.6833333333333 +lat_2=41.7166666666667 +x_0=200000.0001016 +y_0=750000 +ellps=GRS80 +units=us-ft +no_defs');
export const PROJECTIONS = ['EPSG:4326', 'EPSG:3857', 'EPSG:26986', 'EPSG:2249'] as const;

export interface ImportProblem { where: string; field: string; detail: string }

export type LayerFeatures =
  | { kind: 'addresses'; features: AddressPoint[] }
  | { kind: 'streets'; features: StreetSegment[] }
  | { kind: 'areas'; features: Area[] }
  | { kind: 'places'; features: Place[] };

export interface ImportInput {
  kind: GeoLayerKind;
  format: 'geojson' | 'csv';
  text: string;
  /** The file's projection when it is not WGS 84 longitude/latitude. */
  projection?: string | undefined;
  /** A shapefile's .prj: the projection as well-known text, read by proj4 (instead of `projection`). */
  prj?: string | undefined;
  /** For areas: what the polygons are when a feature does not say (`kind` property). */
  areaKind?: Area['kind'] | undefined;
  /** For streets: the names of the left/right from–to address columns when they are not one of the common names (RANGE_COLUMNS). */
  rangeColumns?: RangeColumns | undefined;
}

/** A centerline file's address-range columns: left side from and to, right side from and to. */
export interface RangeColumns { leftFrom: string; leftTo: string; rightFrom: string; rightTo: string }

/** The names centerline files commonly give their range columns (TIGER, MassGIS, Esri address locators). */
export const RANGE_COLUMNS: Record<keyof RangeColumns, string[]> = {
  leftFrom: ['l_f_add', 'fromleft', 'from_left', 'lfromadd', 'l_add_from', 'left_from', 'l_from', 'lfromhn'],
  leftTo: ['l_t_add', 'toleft', 'to_left', 'ltoadd', 'l_add_to', 'left_to', 'l_to', 'ltohn'],
  rightFrom: ['r_f_add', 'fromright', 'from_right', 'rfromadd', 'r_add_from', 'right_from', 'r_from', 'rfromhn'],
  rightTo: ['r_t_add', 'toright', 'to_right', 'rtoadd', 'r_add_to', 'right_to', 'r_to', 'rtohn'],
};

interface RawFeature { where: string; properties: Record<string, unknown>; geometry: Geometry | null }

const MAX_PROBLEMS = 20;

/** Read a layer file into features, or every problem found (each naming its line or feature and field). */
export function readLayer(input: ImportInput): { layer: LayerFeatures; problems: [] } | { layer: null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const raw = input.format === 'geojson' ? rawGeoJson(input.text, problems) : rawCsv(input.text, problems);
  const project = input.prj === undefined ? projector(input.projection, problems) : prjProjector(input.prj, input.projection, problems);
  if (problems.length) return { layer: null, problems };
  const features: unknown[] = [];
  for (const f of raw) {
    if (problems.length >= MAX_PROBLEMS) break;
    const geometry = f.geometry && project(f.geometry, f.where, problems);
    if (!geometry) { if (!f.geometry) problems.push({ where: f.where, field: 'geometry', detail: 'has no geometry' }); continue; }
    const feature = FEATURE_READERS[input.kind](f.properties, geometry, f.where, problems, input);
    if (feature) features.push(...(Array.isArray(feature) ? feature : [feature]));
  }
  if (input.kind === 'streets' && input.rangeColumns && !problems.length) {
    // columns named by hand that no feature has: a misspelt name would otherwise import no ranges without a word
    for (const column of Object.values(input.rangeColumns)) {
      if (!raw.some((f) => Object.keys(f.properties).some((k) => k.toLowerCase() === column.toLowerCase()))) problems.push({ where: 'file', field: column, detail: 'is a range column no feature has' });
    }
  }
  if (problems.length) return { layer: null, problems };
  if (features.length === 0) return { layer: null, problems: [{ where: 'file', field: 'features', detail: 'holds no features' }] };
  return { layer: { kind: input.kind, features } as LayerFeatures, problems: [] };
}

function rawGeoJson(text: string, problems: ImportProblem[]): RawFeature[] {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch (error) {
    problems.push({ where: 'file', field: 'json', detail: `is not JSON (${(error as Error).message})` });
    return [];
  }
  const collection = doc as { type?: unknown; features?: unknown };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    problems.push({ where: 'file', field: 'type', detail: 'must be a GeoJSON FeatureCollection with a features array' });
    return [];
  }
  return collection.features.map((f: unknown, i) => {
    const feature = (f ?? {}) as { properties?: unknown; geometry?: unknown };
    const properties = feature.properties && typeof feature.properties === 'object' ? (feature.properties as Record<string, unknown>) : {};
    return { where: `feature ${i + 1}`, properties, geometry: (feature.geometry ?? null) as Geometry | null };
  });
}

function rawCsv(text: string, problems: ImportProblem[]): RawFeature[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    problems.push({ where: 'file', field: 'csv', detail: (error as Error).message });
    return [];
  }
  return rows.map((row, i) => {
    const where = `line ${i + 2}`;
    const wkt = row.wkt ?? row.geometry ?? row.the_geom;
    if (wkt) {
      try { return { where, properties: row, geometry: wkx.Geometry.parse(wkt).toGeoJSON() as Geometry }; } catch (error) {
        problems.push({ where, field: 'wkt', detail: `is not well-known text (${(error as Error).message})` });
        return { where, properties: row, geometry: null };
      }
    }
    const lat = row.lat ?? row.latitude ?? row.y;
    const lon = row.lon ?? row.lng ?? row.longitude ?? row.x;
    if (lat === undefined || lon === undefined || lat === '' || lon === '') return { where, properties: row, geometry: null };
    return { where, properties: row, geometry: { type: 'Point', coordinates: [Number(lon), Number(lat)] } };
  });
}

type Projector = (geometry: Geometry, where: string, problems: ImportProblem[]) => Geometry | null;

/** Reproject each position to WGS 84 (or, with none given, check that it already is). */
function projector(projection: string | undefined, problems: ImportProblem[]): Projector {
  const from = projection?.toUpperCase();
  if (from && !(PROJECTIONS as readonly string[]).includes(from)) {
    problems.push({ where: 'file', field: 'projection', detail: `${projection} is not one of ${PROJECTIONS.join(', ')}` });
  }
  const convert = from && from !== 'EPSG:4326' && (PROJECTIONS as readonly string[]).includes(from) ? proj4(from, 'EPSG:4326') : null;
  return checkedPositions(convert, from ?? null);
}

/** Each position reprojected with `convert` (or, with none, checked to be longitude/latitude); a bad one named with its feature. */
function checkedPositions(convert: proj4.Converter | null, from: string | null): Projector {
  return (geometry, where, found) => {
    let bad: string | null = null;
    const mapped = mapPositions(geometry, (p) => {
      if (p.length < 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) { bad ??= `a position is not two numbers: ${JSON.stringify(p).slice(0, 60)}`; return p; }
      const [x, y] = convert ? convert.forward([p[0]!, p[1]!]) : [p[0]!, p[1]!];
      if (Math.abs(y!) > 90 || Math.abs(x!) > 180) {
        bad ??= convert ? `(${p[0]}, ${p[1]}) is outside ${from}` : `(${p[0]}, ${p[1]}) is not longitude/latitude: the file looks projected; name its projection (one of ${PROJECTIONS.join(', ')})`;
      }
      return [x!, y!];
    });
    if (mapped === null) { found.push({ where, field: 'geometry', detail: `is not a GeoJSON Point, LineString, MultiLineString, Polygon or MultiPolygon` }); return null; }
    if (bad) { found.push({ where, field: 'coordinates', detail: bad }); return null; }
    return mapped;
  };
}

/** A shapefile's .prj read by proj4: reproject from it, or refuse it clearly (nothing is guessed). */
function prjProjector(prj: string, projection: string | undefined, problems: ImportProblem[]): Projector {
  if (projection) problems.push({ where: '.prj', field: 'projection', detail: `the shapefile's .prj names its projection; --projection ${projection} is not also taken` });
  let convert: proj4.Converter | null = null;
  try { convert = proj4(prj.trim(), 'EPSG:4326'); } catch (error) {
    problems.push({ where: '.prj', field: 'projection', detail: `is not a projection proj4 can read (${String((error as Error)?.message ?? error).slice(0, 80)}): reproject the file to longitude/latitude or to one of ${PROJECTIONS.join(', ')}` });
  }
  return checkedPositions(convert, 'the .prj\'s projection');
}

function mapPositions(g: Geometry, f: (p: number[]) => number[]): Geometry | null {
  const c = (g as { coordinates?: unknown }).coordinates;
  const depth = { Point: 0, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 }[g.type as string];
  if (depth === undefined || !Array.isArray(c)) return null;
  const walk = (v: unknown, d: number): unknown => {
    if (!Array.isArray(v)) throw new Error('shape');
    return d === 0 ? f(v as number[]) : v.map((x) => walk(x, d - 1));
  };
  try { return { type: g.type, coordinates: walk(c, depth) } as Geometry; } catch { return null; }
}

const pick = (p: Record<string, unknown>, names: string[]): string => {
  for (const n of names) for (const key of Object.keys(p)) if (key.toLowerCase() === n && p[key] != null && String(p[key]).trim() !== '') return String(p[key]).trim();
  return '';
};

type Reader = (p: Record<string, unknown>, g: Geometry, where: string, problems: ImportProblem[], input: ImportInput) => unknown;

/** The property holding one range column (named by hand, or the first common name present), with its value. */
function rangeProperty(p: Record<string, unknown>, names: string[]): { column: string; value: unknown } | null {
  for (const n of names) for (const key of Object.keys(p)) if (key.toLowerCase() === n) return { column: key, value: p[key] };
  return null;
}

/**
 * A centerline's four range columns read as house numbers: each side's from and to, in either
 * order (a line drawn against the numbering runs from high to low). A value that is not a whole
 * number is refused naming the feature and the column; a side with only one end given, too.
 * A side of 0–0 (the convention for "no addresses") or with both ends empty has no range.
 */
function readRanges(p: Record<string, unknown>, where: string, problems: ImportProblem[], columns: RangeColumns | undefined): SegmentRanges | null {
  const out: Record<keyof RangeColumns, number | null> = { leftFrom: null, leftTo: null, rightFrom: null, rightTo: null };
  const found: Partial<Record<keyof RangeColumns, string>> = {};
  let bad = false;
  for (const key of Object.keys(out) as (keyof RangeColumns)[]) {
    const hit = rangeProperty(p, columns ? [columns[key].toLowerCase()] : RANGE_COLUMNS[key]);
    if (!hit || hit.value === null || hit.value === undefined || String(hit.value).trim() === '') continue;
    found[key] = hit.column;
    const text = String(hit.value).trim();
    if (!/^[0-9]{1,6}(\.0+)?$/.test(text)) { problems.push({ where, field: hit.column, detail: `"${text.slice(0, 20)}" is not a house number (a whole number from 0 to 999999)` }); bad = true; continue; }
    out[key] = parseInt(text, 10);
  }
  if (bad) return null;
  for (const [from, to] of [['leftFrom', 'leftTo'], ['rightFrom', 'rightTo']] as const) {
    if ((out[from] === null) !== (out[to] === null)) {
      const missing = out[from] === null ? from : to;
      problems.push({ where, field: columns?.[missing] ?? RANGE_COLUMNS[missing][0]!.toUpperCase(), detail: `is missing: the ${from.startsWith('left') ? 'left' : 'right'} side gives ${found[from] ?? found[to]} but not both ends of its range` });
      return null;
    }
    if (out[from] === 0 && out[to] === 0) { out[from] = null; out[to] = null; }
  }
  return out.leftFrom === null && out.rightFrom === null ? null : out;
}

const FEATURE_READERS: Record<GeoLayerKind, Reader> = {
  addresses: (p, g, where, problems) => {
    if (g.type !== 'Point') return void problems.push({ where, field: 'geometry', detail: `an address point must be a Point, not a ${g.type}` });
    const number = pick(p, ['number', 'addr_num', 'address_number', 'add_number', 'house_number', 'housenumber']).toUpperCase();
    const street = normalizeStreet(pick(p, ['street', 'street_name', 'full_street_name', 'st_name', 'streetname']));
    if (!/^[0-9]+[A-Z]?(-[0-9A-Z]+)?$/.test(number)) return void problems.push({ where, field: 'number', detail: `"${number}" is not a house number` });
    if (!street) return void problems.push({ where, field: 'street', detail: 'is missing' });
    const [lon, lat] = g.coordinates as [number, number];
    return { number, street, unit: pick(p, ['unit', 'apt', 'unit_number']) || null, city: pick(p, ['city', 'town', 'community']) || null, lat, lon };
  },
  streets: (p, g, where, problems, input) => {
    if (g.type !== 'LineString' && g.type !== 'MultiLineString') return void problems.push({ where, field: 'geometry', detail: `a centerline must be a LineString or MultiLineString, not a ${g.type}` });
    const name = normalizeStreet(pick(p, ['name', 'street', 'street_name', 'full_name', 'st_name']));
    if (!name) return void problems.push({ where, field: 'name', detail: 'is missing' });
    const mph = Number(pick(p, ['speed_mph', 'speed_limit']));
    const kmh = Number(pick(p, ['speed_kmh'])) || (mph ? mph * 1.609 : 40);
    if (!(kmh >= 5 && kmh <= 130)) return void problems.push({ where, field: 'speed', detail: `${kmh} km/h is not between 5 and 130` });
    const lines = (g.type === 'LineString' ? [g.coordinates] : g.coordinates) as [number, number][][];
    if (lines.some((l) => l.length < 2)) return void problems.push({ where, field: 'geometry', detail: 'a line needs at least two positions' });
    const before = problems.length;
    const ranges = readRanges(p, where, problems, input.rangeColumns);
    if (problems.length > before) return;
    // a multi-part line's ranges are the whole feature's: kept on its first part only, so a number is found once
    return lines.map((coords, i) => ({ name, coords: coords.map(([x, y]) => [x, y] as [number, number]), speedKmh: Math.round(kmh), ranges: i === 0 ? ranges : null }));
  },
  areas: (p, g, where, problems, { areaKind }) => {
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return void problems.push({ where, field: 'geometry', detail: `an area must be a Polygon or MultiPolygon, not a ${g.type}` });
    const kind = (pick(p, ['kind', 'type']) || areaKind || 'sector').toLowerCase();
    if (!['sector', 'fire_district', 'ems_district'].includes(kind)) return void problems.push({ where, field: 'kind', detail: `"${kind}" is not sector, fire_district or ems_district` });
    const name = pick(p, ['name', 'sector', 'beat', 'district', 'label']);
    if (!name) return void problems.push({ where, field: 'name', detail: 'is missing' });
    const rings = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
    const open = rings.flat().find((r) => r.length < 4 || r[0]![0] !== r[r.length - 1]![0] || r[0]![1] !== r[r.length - 1]![1]);
    if (open) return void problems.push({ where, field: 'geometry', detail: 'a polygon ring must have at least four positions and end where it starts' });
    return { kind, name, geometry: g };
  },
  places: (p, g, where, problems) => {
    if (g.type !== 'Point') return void problems.push({ where, field: 'geometry', detail: `a place must be a Point, not a ${g.type}` });
    const name = pick(p, ['name', 'place', 'label']);
    if (!name) return void problems.push({ where, field: 'name', detail: 'is missing' });
    const kind = pick(p, ['kind', 'type']).toLowerCase() === 'mile_marker' ? 'mile_marker' : 'place';
    const aliases = pick(p, ['aliases', 'alias']).split(/[;|]/).map((a) => a.trim()).filter(Boolean);
    const [lon, lat] = g.coordinates as [number, number];
    return { kind, name, aliases, lat, lon };
  },
};
