import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.ts';
import { fixedStatement } from '../../db/fixed.ts';
import type { UnitStatus, UnitView } from './model.ts';
import { rosterDates } from '../../core/clock.ts';
import { lastEventSeqOf } from '../../core/events/log.ts';
import { callSignsOf, supervisedCallSigns } from '../../directory/roster.ts';
import { freshPositionJoin } from '../../geo/service.ts';
import { POINTS, SPECIALIST_KINDS } from './rules.ts';

type Q = Db | Tx;

export interface UnitRow {
  call_sign: string;
  kind: string;
  service: 'police' | 'fire' | 'ems';
  area: string | null;
  supervisor: boolean;
  status: string;
  incident_number: string | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
  since: Date;
  location: Record<string, unknown> | null;
  location_at: Date | null;
  personnel: string[];
  standby_since: Date | null;
  standby_reason: string | null;
  unanswered_calls: number;
  first_unanswered_at: Date | null;
  incident_confidential: boolean | null;
  incident_type: string | null;
  incident_priority: number | null;
  last_seq: number | string | null;
}

/**
 * Units with their status. A unit counts as a supervisor when the unit is marked so
 * or a commanding officer or patrol supervisor (sergeant) is on today's roster for it (81A §E.4).
 */
function unitQuery(q: Q) {
  return q.selectFrom('agency_unit as a')
    .innerJoin('unit_status as s', 's.call_sign', 'a.call_sign')
    .leftJoin('incident as i', 'i.number', 's.incident_number')
    .select([
      'a.call_sign', 'a.kind', 'a.service', 'a.area', 's.status', 's.incident_number', 's.reason', 's.detail', 's.since',
      's.location', 's.location_at', 's.personnel', 's.standby_since', 's.standby_reason', 's.unanswered_calls', 's.first_unanswered_at',
      'i.confidential as incident_confidential', 'i.type as incident_type', 'i.priority as incident_priority',
      'a.supervisor',
      // read in the same statement as the row, so the number and the row agree
      lastEventSeqOf('unit', sql.ref('a.call_sign')).as('last_seq'),
    ])
    .where('a.retired_at', 'is', null); // a retired unit leaves the board; the register keeps it
}

/** A unit counts as a supervisor when it is marked so, or a commanding officer or sergeant rides in it today (81A §E.4). */
async function withSupervisors<T extends { call_sign: string; supervisor: boolean }>(q: Q, today: string, rows: T[]): Promise<T[]> {
  if (rows.length === 0) return rows;
  const supervised = await supervisedCallSigns(q, [today]);
  return rows.map((r) => (r.supervisor || !supervised.has(r.call_sign) ? r : { ...r, supervisor: true }));
}

export async function listUnits(q: Q, today: string, only?: readonly string[]): Promise<UnitRow[]> {
  if (only && only.length === 0) return [];
  let query = unitQuery(q);
  if (only) query = query.where('a.call_sign', 'in', [...only]);
  return withSupervisors(q, today, (await query.orderBy('a.service').orderBy('a.call_sign').execute()) as UnitRow[]);
}

export async function findUnit(q: Q, today: string, callSign: string): Promise<UnitRow | undefined> {
  const [row] = (await oneUnit(q, callSign)) as UnitRow[];
  return row ? (await withSupervisors(q, today, [row]))[0] : undefined;
}

/** One unit's row, read after every change to it: compiled once, and prepared on PostgreSQL (db/fixed.ts). */
const oneUnit = fixedStatement((db, callSign: string) => unitQuery(db).where('a.call_sign', '=', callSign));

/** The unit register's entry for a call sign (81A §E.5.c), if there is one. */
export function agencyUnit(q: Q, callSign: string) {
  return q.selectFrom('agency_unit').selectAll().where('call_sign', '=', callSign).executeTakeFirst();
}

/** The whole unit register, by service then call sign. */
export function agencyUnits(q: Q) {
  return q.selectFrom('agency_unit').selectAll().orderBy('service').orderBy('call_sign').execute();
}

/** Lock the status rows of these units, in call-sign order so two dispatchers never deadlock. */
export async function lockUnits(tx: Tx, callSigns: readonly string[]): Promise<Map<string, { status: string; incident_number: string | null }>> {
  if (callSigns.length === 0) return new Map();
  const rows = await tx.selectFrom('unit_status').select(['call_sign', 'status', 'incident_number'])
    .where('call_sign', 'in', [...callSigns]).orderBy('call_sign').forUpdate().execute();
  return new Map(rows.map((r) => [r.call_sign, r]));
}

export async function lockIncident(tx: Tx, number: string) {
  return tx.selectFrom('incident').selectAll().where('number', '=', number).forUpdate().executeTakeFirst();
}

/** The units on an incident that have not cleared. */
export async function activeAssignments(q: Q, number: string) {
  return q.selectFrom('incident_unit').selectAll().where('incident_number', '=', number).where('cleared_at', 'is', null).execute();
}

/**
 * The incident's status from its units (a projection): closed stays closed; a unit
 * on scene makes it on_scene; any unit assigned makes it dispatched; else pending.
 */
export async function projectIncidentStatus(tx: Tx, number: string): Promise<string> {
  const incident = await tx.selectFrom('incident').select('status').where('number', '=', number).executeTakeFirstOrThrow();
  if (incident.status === 'closed') return 'closed';
  const active = await activeAssignments(tx, number);
  const everAssigned = await tx.selectFrom('incident_unit').select('call_sign').where('incident_number', '=', number).limit(1).executeTakeFirst();
  const status = active.some((a) => a.arrived_at) ? 'on_scene' : active.length > 0 || everAssigned ? 'dispatched' : 'pending';
  if (status !== incident.status) await tx.updateTable('incident').set({ status: status as 'pending' }).where('number', '=', number).execute();
  return status;
}

/** What a recommendation needs of a unit (`rankedCandidates`). */
export interface CandidateRow {
  call_sign: string; kind: string; service: 'police' | 'fire' | 'ems'; area: string | null; status: string;
  officers: number; supervisor: boolean;
  /** Its fresh reported position, else (when it never reported one) where the status board has it; null when stale or unknown. */
  lat: number | null; lon: number | null;
  /** The most its score can be (`POINTS`, the place counted at the least time its straight line allows). */
  bound: number;
}

/** What the ranking is for: the call's nature and place, and who may be ranked. */
export interface RankingQuery {
  service: string;
  area: string | null;
  specialistKind: string | undefined;
  supervisorRequired: boolean;
  /** Rostered as supervisors today, beside the units that are supervisors' by kind. */
  supervised: readonly string[];
  /** Units never ranked (in distress, 81A §E.6.e). */
  excluded: readonly string[];
  point: { lat: number; lon: number } | null;
  /** Positions reported before this are stale. */
  freshSince: Date;
  /** No drive of d km takes less than d at this speed (geography's `drivePlanner`). */
  leastKmh: number;
}

/** Kilometres in a degree of latitude on the sphere `distanceKm` uses (12 742 km across). */
const KM_PER_DEGREE = (Math.PI * 6371) / 180;

/**
 * The units a recommendation may rank (available, of the call's service, not retired, not a
 * specialist of another kind, not in distress), best bound first, `limit` of them, with how many
 * there are in all and how many of them are supervisors (81A §E.2.b over 2 000 units). Each unit's bound is the most its score can be:
 * the points of `POINTS` it holds, and for its place the points of the least time its straight
 * line allows (a flat-earth distance, 1 % short, plus 0.05 for the score's rounding), so a unit
 * not read never outranks the units read once they are scored. Ties by call sign in character
 * order. The database does the arithmetic for every unit; the caller scores only those read.
 */
export async function rankedCandidates(q: Q, query: RankingQuery, limit: number): Promise<{ rows: CandidateRow[]; total: number; supervisors: number }> {
  const position = freshPositionJoin(sql.ref('a.call_sign'), query.freshSince);
  const point = query.point;
  // flat-earth km, scaled by 0.99 so that it is never more than the great-circle distance at a town's scale
  const place = point
    ? sql`case when c.lat is null then 0 else greatest(0, ${POINTS.place} - ${POINTS.perMinute * 60 / query.leastKmh * 0.99}::float8 * sqrt(
        ((c.lat - ${point.lat}::float8) * ${KM_PER_DEGREE}::float8) ^ 2 + ((c.lon - ${point.lon}::float8) * ${KM_PER_DEGREE * Math.cos(point.lat * Math.PI / 180)}::float8) ^ 2)) + 0.05 end`
    : sql`0`;
  const { rows } = await sql<CandidateRow & { total: string; supervisors: string }>`with c as (
      select a.call_sign, a.kind, a.service, a.area, s.status, coalesce(cardinality(s.personnel), 0) as officers,
        a.supervisor or a.call_sign = any(${[...query.supervised]}::text[]) as supervisor,
        case when ${position.reported} then ${position.lat} else (s.location->>'lat')::float8 end as lat,
        case when ${position.reported} then ${position.lon} else (s.location->>'lon')::float8 end as lon
      from agency_unit a join unit_status s on s.call_sign = a.call_sign ${position.join}
      where a.retired_at is null and s.status = 'available' and a.service = ${query.service}
        and (a.kind <> all(${[...SPECIALIST_KINDS]}::text[]) or a.kind = ${query.specialistKind ?? null})
        and a.call_sign <> all(${[...query.excluded]}::text[]))
    select c.*, count(*) over () as total, count(*) filter (where c.supervisor) over () as supervisors,
      ${POINTS.available} + case when c.kind = ${query.specialistKind ?? null} then ${POINTS.specialist} else 0 end
        + case when c.area = ${query.area} then ${POINTS.sameSector} else 0 end
        + case when ${query.supervisorRequired} and c.supervisor then ${POINTS.supervisor} else 0 end
        + ${place} as bound
    from c order by bound desc, c.call_sign collate "C" limit ${limit}`.execute(q);
  return {
    rows: rows.map(({ total: _total, supervisors: _supervisors, ...row }) => ({ ...row, bound: Number(row.bound) })),
    total: Number(rows[0]?.total ?? 0), supervisors: Number(rows[0]?.supervisors ?? 0),
  };
}

/** What proposing a response needs of the units already on an incident (they count towards it, §E.3, §E.4); `supervisor` by kind only, not by roster. */
export async function unitsOnIncident(q: Q, incidentNumber: string): Promise<Pick<CandidateRow, 'call_sign' | 'service' | 'officers' | 'supervisor'>[]> {
  return q.selectFrom('incident_unit as u').innerJoin('agency_unit as a', 'a.call_sign', 'u.call_sign').innerJoin('unit_status as s', 's.call_sign', 'u.call_sign')
    .select(['a.call_sign', 'a.service', 'a.supervisor', sql<number>`coalesce(cardinality(s.personnel), 0)`.as('officers')])
    .where('u.incident_number', '=', incidentNumber).where('u.cleared_at', 'is', null).execute();
}

/** The call signs this user rides in today (or on a shift that began yesterday): their own units (81A §B.4.c). */
export async function ownUnits(q: Q, timeZone: string, username: string): Promise<string[]> {
  return callSignsOf(q, username, rosterDates(timeZone));
}

export function toView(row: UnitRow, hideIncident: boolean): UnitView {
  const confidential = Boolean(row.incident_confidential);
  return {
    callSign: row.call_sign,
    kind: row.kind,
    service: row.service,
    area: row.area,
    supervisor: row.supervisor,
    status: row.status as UnitStatus,
    reason: row.reason,
    detail: hideIncident && confidential ? null : row.detail,
    incident: hideIncident && confidential ? null : row.incident_number,
    incidentType: hideIncident && confidential ? null : row.incident_type,
    incidentPriority: hideIncident && confidential ? null : row.incident_priority,
    confidential,
    since: row.since.toISOString(),
    location: hideIncident && confidential ? null : row.location,
    locationAt: row.location_at?.toISOString() ?? null,
    personnel: row.personnel,
    standby: row.standby_since ? { since: row.standby_since.toISOString(), reason: row.standby_reason } : null,
    unansweredCalls: row.unanswered_calls,
    lastSeq: Number(row.last_seq ?? 0),
  };
}
