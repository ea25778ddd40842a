import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.ts';
import type { UnitStatus, UnitView } from './model.ts';
import { rosterDates } from '../../core/clock.ts';
import { lastEventSeqOf } from '../../core/events/log.ts';
import { callSignsOf, supervisedCallSigns } from '../../directory/roster.ts';
import { lastPositionJoin } from '../../geo/service.ts';

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
  const row = (await unitQuery(q).where('a.call_sign', '=', callSign).executeTakeFirst()) as UnitRow | undefined;
  return row ? (await withSupervisors(q, today, [row]))[0] : undefined;
}

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

/** What a recommendation needs of a unit (`rankableUnits`). */
export interface CandidateRow {
  call_sign: string; kind: string; service: 'police' | 'fire' | 'ems'; area: string | null; status: string;
  officers: number; supervisor: boolean;
  /** Where the status board has it (its status's location), when that has a point. */
  lat: number | null; lon: number | null;
  /** Its last reported position (geography's `lastPositionJoin`), as read back by `lastFixOf`. */
  last: unknown;
}

/**
 * What a recommendation needs of the units it may rank (available, of the call's service) and of
 * those on the incident, with each one's last reported position, in one statement (81A §E.2.b
 * over 2 000 units): the rows come back as one JSON text, which the embedded database hands over
 * several times faster than thousands of rows of columns.
 */
export async function rankableUnits(q: Q, today: string, service: string, incidentNumber: string): Promise<CandidateRow[]> {
  const position = lastPositionJoin(sql.ref('a.call_sign'));
  const [{ rows }, supervised] = await Promise.all([
    sql<{ units: string }>`select coalesce(json_agg(json_build_array(
        a.call_sign, a.kind, a.service, a.area, s.status, cardinality(s.personnel), a.supervisor,
        (s.location->>'lat')::float8, (s.location->>'lon')::float8, ${position.column}
      ))::text, '[]') as units
      from agency_unit a join unit_status s on s.call_sign = a.call_sign ${position.join}
      where a.retired_at is null and (
        (s.status = 'available' and a.service = ${service})
        or a.call_sign in (select u.call_sign from incident_unit u where u.incident_number = ${incidentNumber} and u.cleared_at is null))`.execute(q),
    // who is on the roster as a supervisor today, read at once
    supervisedCallSigns(q, [today]),
  ]);
  type Tuple = [string, string, CandidateRow['service'], string | null, string, number | null, boolean, number | null, number | null, unknown];
  return (JSON.parse(rows[0]?.units ?? '[]') as Tuple[]).map(([call_sign, kind, service, area, status, officers, supervisor, lat, lon, last]) => ({
    call_sign, kind, service, area, status, officers: officers ?? 0, supervisor: supervisor || supervised.has(call_sign), lat, lon, last,
  }));
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
