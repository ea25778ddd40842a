import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { GeographyData } from './gazetteer.ts';
import type { LayerFeatures } from './importer.ts';

/** The layers' versions as one stamp: it changes whenever any layer is replaced. */
export async function layerStamp(db: Db): Promise<string> {
  const rows = await db.selectFrom('geo_layer').select(['kind', 'version']).orderBy('kind').execute();
  return rows.map((r) => `${r.kind}:${r.version}`).join(',');
}

export async function layerVersions(db: Db) {
  return db.selectFrom('geo_layer').selectAll().orderBy('kind').execute();
}

export async function readGeography(db: Db): Promise<GeographyData> {
  const [addresses, streets, areas, places] = await Promise.all([
    db.selectFrom('geo_address').select(['number', 'street', 'unit', 'lat', 'lon']).orderBy('id').execute(),
    db.selectFrom('geo_street').select(['name', 'coords', 'speed_kmh', 'l_from', 'l_to', 'r_from', 'r_to']).orderBy('id').execute(),
    db.selectFrom('geo_area').select(['kind', 'name', 'geometry']).orderBy('id').execute(),
    db.selectFrom('geo_place').select(['kind', 'name', 'aliases', 'lat', 'lon']).orderBy('id').execute(),
  ]);
  return {
    addresses,
    streets: streets.map((s) => ({
      name: s.name, coords: s.coords, speedKmh: s.speed_kmh,
      ranges: s.l_from === null && s.r_from === null ? null : { leftFrom: s.l_from, leftTo: s.l_to, rightFrom: s.r_from, rightTo: s.r_to },
    })),
    areas: areas.map((a) => ({ kind: a.kind, name: a.name, geometry: a.geometry as GeographyData['areas'][number]['geometry'] })),
    places,
  };
}

const TABLE = { addresses: 'geo_address', streets: 'geo_street', areas: 'geo_area', places: 'geo_place' } as const;
const CHUNK = 2000;

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** Replace a layer's rows whole and bump its version; returns the new version. */
export async function replaceLayer(tx: Tx, layer: LayerFeatures, source: string, by: string): Promise<number> {
  await tx.deleteFrom(TABLE[layer.kind]).execute();
  if (layer.kind === 'addresses') {
    await insertChunks(layer.features, (c) => tx.insertInto('geo_address').values(c.map((a) => ({ number: a.number, street: a.street, unit: a.unit, city: null, lat: a.lat, lon: a.lon }))).execute());
  } else if (layer.kind === 'streets') {
    await insertChunks(layer.features, (c) => tx.insertInto('geo_street').values(c.map((s) => ({
      name: s.name, coords: JSON.stringify(s.coords), speed_kmh: s.speedKmh,
      l_from: s.ranges?.leftFrom ?? null, l_to: s.ranges?.leftTo ?? null, r_from: s.ranges?.rightFrom ?? null, r_to: s.ranges?.rightTo ?? null,
    }))).execute());
  } else if (layer.kind === 'areas') {
    await insertChunks(layer.features, (c) => tx.insertInto('geo_area').values(c.map((a) => ({ kind: a.kind, name: a.name, geometry: JSON.stringify(a.geometry) }))).execute());
  } else {
    await insertChunks(layer.features, (c) => tx.insertInto('geo_place').values(c.map((p) => ({ kind: p.kind, name: p.name, aliases: p.aliases, lat: p.lat, lon: p.lon }))).execute());
  }
  const row = await tx.insertInto('geo_layer')
    .values({ kind: layer.kind, version: 1, source, features: layer.features.length, imported_by: by })
    .onConflict((oc) => oc.column('kind').doUpdateSet({
      version: sql<number>`geo_layer.version + 1`, source, features: layer.features.length, imported_by: by, imported_at: new Date(),
    }))
    .returning('version').executeTakeFirstOrThrow();
  return row.version;
}

export interface PositionRow {
  call_sign: string; lat: number; lon: number; speed_kmh: number | null; heading: number | null;
  source: 'field' | 'modem' | 'http'; fixed_at: Date; received_at: Date;
}

/**
 * Keep each unit's position unless a newer fix is already stored (datagrams arrive out of order),
 * for many units in one statement (one row per unit: the caller keeps each unit's newest fix). Returns the call signs whose position was kept. The rows go as one JSON
 * parameter, not eight per row: a tick of 500 modems is one value for the embedded database to
 * take in, and no statement of 4 000 placeholders to build.
 */
export async function upsertPositions(tx: Tx, rows: readonly PositionRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const { rows: kept } = await sql<{ call_sign: string }>`insert into geo_unit_position (call_sign, lat, lon, speed_kmh, heading, source, fixed_at, received_at)
    select r.call_sign, r.lat, r.lon, r.speed_kmh, r.heading, r.source, r.fixed_at, r.received_at
      from json_to_recordset(${JSON.stringify(rows)}::json)
        as r(call_sign text, lat float8, lon float8, speed_kmh float8, heading float8, source text, fixed_at timestamptz, received_at timestamptz)
    on conflict (call_sign) do update set lat = excluded.lat, lon = excluded.lon, speed_kmh = excluded.speed_kmh, heading = excluded.heading,
      source = excluded.source, fixed_at = excluded.fixed_at, received_at = excluded.received_at
      where geo_unit_position.fixed_at <= excluded.fixed_at
    returning call_sign`.execute(tx);
  return new Set(kept.map((r) => r.call_sign));
}

export async function positions(db: Db, callSigns?: readonly string[]): Promise<PositionRow[]> {
  let q = db.selectFrom('geo_unit_position').selectAll().orderBy('call_sign');
  if (callSigns) {
    if (callSigns.length === 0) return [];
    q = q.where('call_sign', 'in', callSigns);
  }
  return q.execute();
}

/**
 * Units' positions for the caller's own statement about units (so that a reader of units needs
 * no second query for where they are): `join` joins each unit's stored position by the caller's
 * call-sign column; `lat` and `lon` are its last reported position when reported at or after
 * `freshSince`, and null when that is older (stale: not used for distance); `reported` is true
 * when the unit ever reported one. A join, not a subquery per unit: on the embedded database half
 * the cost for 2 000 units.
 */
export function freshPositionJoin(callSign: Expression<string>, freshSince: Date): { join: RawBuilder<unknown>; lat: RawBuilder<number | null>; lon: RawBuilder<number | null>; reported: RawBuilder<boolean> } {
  return {
    join: sql`left join geo_unit_position as last_fix on last_fix.call_sign = ${callSign}`,
    lat: sql<number | null>`case when last_fix.fixed_at >= ${freshSince} then last_fix.lat end`,
    lon: sql<number | null>`case when last_fix.fixed_at >= ${freshSince} then last_fix.lon end`,
    reported: sql<boolean>`last_fix.call_sign is not null`,
  };
}

/** What placing units needs of their last positions: where and when. */
export async function placements(db: Db, callSigns?: readonly string[]): Promise<Pick<PositionRow, 'call_sign' | 'lat' | 'lon' | 'fixed_at'>[]> {
  let q = db.selectFrom('geo_unit_position').select(['call_sign', 'lat', 'lon', 'fixed_at']);
  if (callSigns) {
    if (callSigns.length === 0) return [];
    q = q.where('call_sign', 'in', callSigns);
  }
  return q.execute();
}

export async function modems(db: Db): Promise<{ modem_id: string; call_sign: string }[]> {
  return db.selectFrom('geo_modem').selectAll().orderBy('modem_id').execute();
}

export async function saveModem(tx: Tx, modemId: string, callSign: string): Promise<void> {
  await tx.deleteFrom('geo_modem').where((eb) => eb.or([eb('modem_id', '=', modemId), eb('call_sign', '=', callSign)])).execute();
  await tx.insertInto('geo_modem').values({ modem_id: modemId, call_sign: callSign }).execute();
}
