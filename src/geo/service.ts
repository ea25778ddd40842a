import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { BadRequest } from '../core/errors.ts';
import { inTransaction, type Db } from '../db/index.ts';
import { appendEvent } from '../core/events/log.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { auditSubject } from '../core/audit/action.ts';
import { defineSetting, readSetting } from '../core/settings.ts';
import { Gazetteer } from './gazetteer.ts';
import { StreetNetwork, type TravelEstimate } from './streets.ts';
import { readLayer, type ImportInput } from './importer.ts';
import { metresBetween, parseLocation, STRAIGHT_LINE_KMH, type AreasAt, type Point, type Suggestion } from './model.ts';
import * as store from './store.ts';

/** After this many seconds without a report a unit's position is stale: shown as such, not used for distance (issue: default 2 minutes). */
export const AVL_STALE_SECONDS = defineSetting('geo.avlStaleSeconds', 120);

/**
 * Within this many metres two places are taken to be the same scene: a new call is offered
 * the open incident there ("same incident?"), and reverse lookup names the nearest address
 * point. The agency's administrator sets it with the call-taking settings (default 250 m).
 */
export const NEARBY_METRES = defineSetting('geo.nearbyMetres', 250);

export async function nearbyMetres(db: Db): Promise<number> {
  return readSetting(db, NEARBY_METRES);
}

interface Loaded { stamp: string; gazetteer: Gazetteer; network?: StreetNetwork }
const loaded = new WeakMap<Db, Loaded>();
/** A rebuild under way, so that requests arriving while the layers load share it instead of each building its own. */
const building = new WeakMap<Db, { stamp: string; next: Promise<Loaded> }>();

/**
 * The layers' stamp as this process last read it, per database, kept only while a watcher
 * (`watchGeography`) hears of every import: then a lookup reads no table at all. Without
 * one (a context with no event hub) the stamp is read each time, as before.
 */
const stamps = new WeakMap<Db, { watchers: number; reading?: Promise<string> | undefined }>();

function layerStamp(db: Db): Promise<string> {
  const held = stamps.get(db);
  if (!held || held.watchers === 0) return store.layerStamp(db);
  if (!held.reading) {
    const reading = store.layerStamp(db);
    held.reading = reading;
    reading.catch(() => { if (held.reading === reading) held.reading = undefined; }); // a failed read is not kept
  }
  return held.reading;
}

/** This process's layers are out of date: the next lookup reads the stamp again (and rebuilds if it changed). */
export function forgetLayerStamp(db: Db): void {
  const held = stamps.get(db);
  if (held) held.reading = undefined;
}

/**
 * Keep the layers' stamp in memory and drop it when a `geo.layer_imported` event arrives
 * (an import on this node or another: the event reaches every node's hub). Returns the
 * function that stops watching.
 */
export function watchGeography(ctx: Pick<AppContext, 'db' | 'hub'>): () => void {
  const held = stamps.get(ctx.db) ?? { watchers: 0 };
  stamps.set(ctx.db, held);
  held.watchers += 1;
  const stop = ctx.hub.subscribe(ctx.hub.position, (events) => {
    if (events.some((e) => e.kind === 'geo.layer_imported')) forgetLayerStamp(ctx.db);
  });
  return () => { stop(); held.watchers -= 1; held.reading = undefined; };
}

/** The town's geography as loaded now; rebuilt only when a layer's version changed. */
export async function geography(ctx: Pick<AppContext, 'db'>): Promise<Loaded> {
  const stamp = await layerStamp(ctx.db);
  const current = loaded.get(ctx.db);
  if (current && current.stamp === stamp) return current;
  const under = building.get(ctx.db);
  if (under && under.stamp === stamp) return under.next;
  const next = store.readGeography(ctx.db).then((data) => {
    const built: Loaded = { stamp, gazetteer: new Gazetteer(data) };
    loaded.set(ctx.db, built);
    return built;
  }).finally(() => { if (building.get(ctx.db)?.next === next) building.delete(ctx.db); });
  building.set(ctx.db, { stamp, next });
  return next;
}

async function network(ctx: Pick<AppContext, 'db'>): Promise<StreetNetwork> {
  const geo = await geography(ctx);
  geo.network ??= new StreetNetwork(geo.gazetteer.data.streets);
  return geo.network;
}

/**
 * Load one layer of the town's geography from a file, replacing the layer whole:
 * either every feature is good and the new version is in use, or nothing changes and
 * the problem names the line or feature and the field. Audited and announced.
 */
export async function importLayer(ctx: AppContext, actor: Actor, input: ImportInput & { source: string }) {
  const read = readLayer(input);
  if (!read.layer) {
    const first = read.problems[0]!;
    throw new BadRequest('geo.import_invalid', `${input.source}: ${first.where}: ${first.field} ${first.detail}`, { problems: read.problems });
  }
  const layer = read.layer;
  return inTransaction(ctx.db, async (tx) => {
    const version = await store.replaceLayer(tx, layer, input.source, actor.username);
    const result = { kind: layer.kind, version, features: layer.features.length, source: input.source };
    await appendEvent(tx, { kind: 'geo.layer_imported', subject: { type: 'geo_layer', id: layer.kind }, actor, payload: result });
    await recordAudit(tx, { actor, action: 'geo.import', subject: { type: 'geo_layer', id: `${layer.kind} v${version}` }, outcome: 'allowed', detail: result });
    return result;
  }).finally(() => forgetLayerStamp(ctx.db)); // this node's next lookup sees the new layer at once; other nodes learn of it by the event
}

export async function layerVersions(ctx: Pick<AppContext, 'db'>) {
  return (await store.layerVersions(ctx.db)).map((r) => ({
    kind: r.kind, version: r.version, source: r.source, features: r.features, importedAt: r.imported_at.toISOString(), importedBy: r.imported_by,
  }));
}

/** What a typed location may mean: addresses, intersections, streets, places, mile markers (81A §C.2.b). */
export async function suggestLocations(ctx: Pick<AppContext, 'db'>, text: string, limit = 10): Promise<Suggestion[]> {
  return (await geography(ctx)).gazetteer.suggest(text, limit);
}

export interface VerifiedLocation extends AreasAt {
  label: string;
  lat: number | null;
  lon: number | null;
  verified: boolean;
}

/**
 * The location a call-taker typed, checked against the town's files: the best match
 * when one is an exact address, intersection or place, else the text as typed,
 * flagged unverified (still usable: the caller may be right and the file wrong).
 */
export async function verifyLocation(ctx: Pick<AppContext, 'db'>, text: string): Promise<VerifiedLocation> {
  return bestMatch((await suggestLocations(ctx, text, 1))[0], text);
}

/** An exact address, a number on a centerline's range (a block), or an intersection, place or mile marker, verifies the text; a street alone or another number does not. */
function bestMatch(best: Suggestion | undefined, text: string): VerifiedLocation {
  const typed = parseLocation(text);
  const sameNumber = best?.kind === 'address' && best.label.split(' ')[0] === typed.number;
  if (best && best.kind !== 'street' && (best.kind !== 'address' || sameNumber)) return best;
  return { label: text.trim(), lat: null, lon: null, verified: false, sector: null, fireDistrict: null, emsDistrict: null };
}

/** The sector and districts a point lies in. */
export async function areasAt(ctx: Pick<AppContext, 'db'>, point: Point): Promise<AreasAt> {
  return (await geography(ctx)).gazetteer.areasAt(point);
}

/** The nearest address point to a point (within `maxMetres`) and the areas the point lies in. */
export async function reverseLookup(ctx: Pick<AppContext, 'db'>, point: Point, maxMetres?: number) {
  const { gazetteer } = await geography(ctx);
  maxMetres ??= await nearbyMetres(ctx.db);
  return { nearest: gazetteer.nearestAddress(point, maxMetres), ...gazetteer.areasAt(point) };
}

export interface UnitPosition extends Point {
  callSign: string;
  speedKmh: number | null;
  heading: number | null;
  source: 'field' | 'modem' | 'http';
  fixedAt: string;
  /** Older than `geo.avlStaleSeconds`: shown as stale and not used for distance. */
  stale: boolean;
  /** The nearest address point within 250 m, for the unit board's Location column. */
  address: string | null;
}

/** The label of the address point nearest a unit's position (within 250 m), or null. */
function nearestLabel(gazetteer: Gazetteer, point: Point): string | null {
  return gazetteer.nearestAddress(point)?.label ?? null;
}

/** Units' last positions, each marked stale or not. */
export async function unitPositions(ctx: Pick<AppContext, 'db' | 'clock'>, callSigns?: readonly string[]): Promise<UnitPosition[]> {
  const staleAfter = (await readSetting(ctx.db, AVL_STALE_SECONDS)) * 1000;
  const now = ctx.clock.now().getTime();
  const { gazetteer } = await geography(ctx);
  return (await store.positions(ctx.db, callSigns)).map((r) => ({
    callSign: r.call_sign, lat: r.lat, lon: r.lon, speedKmh: r.speed_kmh, heading: r.heading, source: r.source,
    fixedAt: r.fixed_at.toISOString(), stale: now - r.fixed_at.getTime() > staleAfter, address: nearestLabel(gazetteer, r),
  }));
}

/** One unit's last position, or null when it never reported. */
export async function lastPosition(ctx: Pick<AppContext, 'db' | 'clock'>, callSign: string): Promise<UnitPosition | null> {
  return (await unitPositions(ctx, [callSign]))[0] ?? null;
}

export interface PlacedUnit {
  callSign: string;
  /** The fresh position used, or null. */
  position: Point | null;
  /** Length of the estimated drive. */
  travelKm: number | null;
  /** Estimated driving time over the street network, when the unit has a fresh position on or near a street. */
  travelSeconds: number | null;
  /** Straight-line distance from a fresh position. */
  distanceKm: number | null;
  /** How the unit was placed: driving time, straight line, or not at all (no fresh position). */
  basis: 'travel' | 'straight_line' | 'none';
  stale: boolean;
}

/** How many of the nearest units (by drive) get a driving-time estimate. */
const TRAVEL_ESTIMATES = 12;
/** Past this many units a placement reads every unit's position and picks, rather than naming each unit in the query. */
const NAMED_UNITS = 200;

/**
 * Where each of these units stands relative to a point (81A §E.2.b "location"):
 * the nearest by drive get a driving-time estimate over the street network
 * (one search from the point outward), the others their straight line; a unit without a
 * fresh position is placed nowhere (the caller falls back to sector).
 */
export async function placeUnits(ctx: Pick<AppContext, 'db' | 'clock'>, point: Point, callSigns: readonly string[]): Promise<PlacedUnit[]> {
  // only what placing needs: no nearest-address label (for 2 000 units it cost more than the ranking), four columns
  const rows = await store.placements(ctx.db, callSigns.length > NAMED_UNITS ? undefined : callSigns);
  const positions = new Map(rows.map((r) => [r.call_sign, r]));
  const fresh = (await freshSince(ctx)).getTime();
  const placed: PlacedUnit[] = callSigns.map((callSign) => {
    const p = positions.get(callSign);
    const stale = p !== undefined && p.fixed_at.getTime() < fresh;
    if (!p || stale) return { callSign, position: null, travelKm: null, travelSeconds: null, distanceKm: null, basis: 'none', stale };
    return { callSign, position: { lat: p.lat, lon: p.lon }, travelKm: null, travelSeconds: null, distanceKm: metresBetween(point, p) / 1000, basis: 'straight_line', stale: false };
  });
  const located = placed.filter((u) => u.position);
  const drives = (await drivePlanner(ctx)).drives(point, located.map((u) => u.position!), TRAVEL_ESTIMATES);
  for (const [i, unit] of located.entries()) {
    const drive = drives[i]!.drive;
    if (drive) { unit.travelSeconds = Math.round(drive.seconds); unit.travelKm = drive.metres / 1000; unit.basis = 'travel'; }
  }
  return placed;
}

/** Where the drives of a recommendation come from (`drivePlanner`). */
export interface DrivePlanner {
  /** No drive of d km takes less than d at this speed: the streets' top speed, or the straight line's without streets. */
  leastKmh: number;
  /**
   * The `count` units nearest `point` by drive over the streets, each with its drive; for the
   * others (farther by drive, or off the streets) the least time their drive can take. In
   * `from`'s order.
   */
  drives(point: Point, from: readonly Point[], count: number): { drive: TravelEstimate | null; leastSeconds: number }[];
}

/**
 * Drives over the town's streets from units to a point (81A §E.2.b "location"), for a
 * ranking that compares them in one unit, minutes: the units nearest by drive get their
 * drive, every other unit the least time its drive can take, which is never less than the
 * nearest ones' (they are nearest by drive). Without a streets layer every unit is counted by
 * its straight line at `STRAIGHT_LINE_KMH`.
 */
export async function drivePlanner(ctx: Pick<AppContext, 'db'>): Promise<DrivePlanner> {
  const streets = await network(ctx);
  const least = (kmh: number, point: Point, p: Point) => metresBetween(point, p) / (kmh / 3.6);
  if (streets.size.nodes === 0) {
    return { leastKmh: STRAIGHT_LINE_KMH, drives: (point, from) => from.map((p) => ({ drive: null, leastSeconds: least(STRAIGHT_LINE_KMH, point, p) })) };
  }
  return {
    leastKmh: streets.topSpeedKmh,
    drives(point, from, count) {
      const { estimates, beyondSeconds } = streets.nearestByDrive(point, from, count);
      return from.map((p, i) => ({ drive: estimates[i] ?? null, leastSeconds: Math.max(beyondSeconds, least(streets.topSpeedKmh, point, p)) }));
    },
  };
}

/** Units' fresh positions as part of another capability's statement about units (`store.freshPositionJoin`). */
export const freshPositionJoin = store.freshPositionJoin;

/** Positions reported before this are stale (`geo.avlStaleSeconds`): not used for distance. */
export async function freshSince(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<Date> {
  return new Date(ctx.clock.now().getTime() - (await readSetting(ctx.db, AVL_STALE_SECONDS)) * 1000);
}

export interface PositionReport extends Point {
  callSign: string;
  speedKmh?: number | null | undefined;
  heading?: number | null | undefined;
  fixedAt?: Date | undefined;
  source: 'field' | 'modem' | 'http';
}

/**
 * Keep a unit's reported position and put it on the stream (`unit.position`) for the
 * map and the board. A fix older than the one stored (a late datagram) is ignored.
 */
export async function recordPosition(ctx: Pick<AppContext, 'db' | 'clock'>, actor: Actor, report: PositionReport): Promise<boolean> {
  const [outcome] = await recordPositions(ctx, actor, [report]);
  if (outcome !== 'kept' && outcome !== 'late') throw new BadRequest('geo.fix_in_future', outcome!.refused);
  return outcome === 'kept';
}

/**
 * What became of one report of a batch: kept, late (the unit has a newer fix stored, or a
 * newer one came in the same batch), or refused with the reason.
 */
export type PositionOutcome = 'kept' | 'late' | { refused: string };

/** A position as the stream carries it, alone in `unit.position` or with others in `unit.positions`. */
export interface PositionPayload {
  callSign: string; lat: number; lon: number; speedKmh: number | null; heading: number | null;
  source: PositionReport['source']; fixedAt: string; address: string | null;
}

/**
 * Keep many units' reported positions in one transaction with one event, as the AVL
 * listener does with what its modems sent in one tick (docs/geography.md, "Vehicle
 * locations"): each unit's newest fix of the batch is kept unless a newer one is stored.
 * One position kept is told as before (`unit.position`, about that unit); several, in one
 * `unit.positions` event carrying them all, so that the consoles get one message a tick,
 * not one per vehicle. Returns each report's outcome, in order.
 */
export async function recordPositions(ctx: Pick<AppContext, 'db' | 'clock'>, actor: Actor, reports: readonly PositionReport[]): Promise<PositionOutcome[]> {
  const now = ctx.clock.now();
  const outcomes: PositionOutcome[] = reports.map(() => 'late');
  const newest = new Map<string, { index: number; fixedAt: Date }>();
  for (const [index, report] of reports.entries()) {
    const fixedAt = report.fixedAt ?? now;
    if (fixedAt.getTime() > now.getTime() + 60_000) { outcomes[index] = { refused: `the fix time ${fixedAt.toISOString()} is in the future` }; continue; }
    const known = newest.get(report.callSign);
    if (!known || fixedAt.getTime() >= known.fixedAt.getTime()) newest.set(report.callSign, { index, fixedAt });
  }
  if (newest.size === 0) return outcomes;
  const { gazetteer } = await geography(ctx);
  const candidates = [...newest.values()].map(({ index, fixedAt }) => ({ index, fixedAt, report: reports[index]! }));
  await inTransaction(ctx.db, async (tx) => {
    const kept = await store.upsertPositions(tx, candidates.map(({ report, fixedAt }) => ({
      call_sign: report.callSign, lat: report.lat, lon: report.lon, speed_kmh: report.speedKmh ?? null, heading: report.heading ?? null,
      source: report.source, fixed_at: fixedAt, received_at: now,
    })));
    const told = candidates.filter((c) => kept.has(c.report.callSign));
    if (told.length === 0) return;
    const payloads: PositionPayload[] = told.map(({ report, fixedAt }) => ({
      callSign: report.callSign, lat: report.lat, lon: report.lon, speedKmh: report.speedKmh ?? null, heading: report.heading ?? null,
      source: report.source, fixedAt: fixedAt.toISOString(), address: nearestLabel(gazetteer, report),
    }));
    for (const c of told) outcomes[c.index] = 'kept';
    if (payloads.length === 1) {
      await appendEvent(tx, { kind: 'unit.position', subject: { type: 'unit_position', id: payloads[0]!.callSign }, actor: { username: actor.username, unit: payloads[0]!.callSign }, payload: { ...payloads[0]! } });
      return;
    }
    // the action's audit row (a gateway's request) names each unit, not the batch
    for (const p of payloads) auditSubject(tx, { type: 'unit_position', id: p.callSign }, 'unit.positions');
    await appendEvent(tx, { kind: 'unit.positions', subject: { type: 'unit_position', id: POSITIONS_BATCH }, actor: { username: actor.username }, payload: { positions: payloads } });
  });
  return outcomes;
}

/** The subject of a `unit.positions` event: it is about many units, named in its payload. */
export const POSITIONS_BATCH = 'batch';

/** The unit a modem reports for, or undefined when the modem is not configured. */
export async function modemUnits(ctx: Pick<AppContext, 'db'>): Promise<Map<string, string>> {
  return new Map((await store.modems(ctx.db)).map((m) => [m.modem_id, m.call_sign]));
}

/** Configure which unit a modem reports for (one modem per unit). */
export async function assignModem(ctx: AppContext, actor: Actor, modemId: string, callSign: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    await store.saveModem(tx, modemId, callSign);
    await appendEvent(tx, { kind: 'geo.modem_assigned', subject: { type: 'unit', id: callSign }, actor, payload: { modemId, callSign } });
  });
}

/** The layers the map draws from: streets, sectors and districts, places, as GeoJSON. */
export async function mapLayers(ctx: Pick<AppContext, 'db'>) {
  const { gazetteer } = await geography(ctx);
  const { streets, areas, places } = gazetteer.data;
  return {
    streets: { type: 'FeatureCollection' as const, features: streets.map((s) => ({ type: 'Feature' as const, properties: { name: s.name }, geometry: { type: 'LineString' as const, coordinates: s.coords } })) },
    areas: { type: 'FeatureCollection' as const, features: areas.map((a) => ({ type: 'Feature' as const, properties: { kind: a.kind, name: a.name }, geometry: a.geometry })) },
    places: places.map((p) => ({ kind: p.kind, name: p.name, lat: p.lat, lon: p.lon })),
  };
}

/** Lookups that need no database once the geography is loaded: for use inside another capability's transaction. */
export interface Locator {
  verify(text: string): VerifiedLocation;
  areasAt(point: Point): AreasAt;
}

/** Load the geography now and hand back synchronous lookups on it. */
export async function locator(ctx: Pick<AppContext, 'db'>): Promise<Locator> {
  const { gazetteer } = await geography(ctx);
  return {
    verify: (text) => bestMatch(gazetteer.suggest(text, 1)[0], text),
    areasAt: (point) => gazetteer.areasAt(point),
  };
}
