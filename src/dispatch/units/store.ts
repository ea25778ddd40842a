import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.ts';
import type { UnitStatus, UnitView } from './model.ts';

type Q = Db | Tx;

/** The agency's calendar date, `days` ago, for roster look-ups (a night shift began yesterday). */
export function agencyDate(timeZone: string, daysAgo = 0): string {
  const when = new Date(Date.now() - daysAgo * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(when);
}

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
}

/**
 * Units with their status. A unit counts as a supervisor when the unit is marked so
 * or a commanding officer or patrol supervisor (sergeant) is on today's roster for it (81A §E.4).
 */
function unitQuery(q: Q, today: string) {
  return q.selectFrom('agency_unit as a')
    .innerJoin('unit_status as s', 's.call_sign', 'a.call_sign')
    .leftJoin('incident as i', 'i.number', 's.incident_number')
    .select([
      'a.call_sign', 'a.kind', 'a.service', 'a.area', 's.status', 's.incident_number', 's.reason', 's.detail', 's.since',
      's.location', 's.location_at', 's.personnel', 's.standby_since', 's.standby_reason', 's.unanswered_calls', 's.first_unanswered_at',
      'i.confidential as incident_confidential', 'i.type as incident_type', 'i.priority as incident_priority',
      sql<boolean>`a.supervisor or a.call_sign in (select r.call_sign from roster r join app_user u on u.username = r.username
        where r.shift_date = ${today} and r.call_sign is not null and u.roles && array['commanding_officer','patrol_supervisor']::text[])`.as('supervisor'),
    ]);
}

export async function listUnits(q: Q, today: string, only?: readonly string[]): Promise<UnitRow[]> {
  if (only && only.length === 0) return [];
  let query = unitQuery(q, today);
  if (only) query = query.where('a.call_sign', 'in', [...only]);
  return (await query.orderBy('a.service').orderBy('a.call_sign').execute()) as UnitRow[];
}

export async function findUnit(q: Q, today: string, callSign: string): Promise<UnitRow | undefined> {
  return (await unitQuery(q, today).where('a.call_sign', '=', callSign).executeTakeFirst()) as UnitRow | undefined;
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

/** What a recommendation needs of every unit, in one lean query (2 000 units: §E.2.b over the whole board). */
export async function candidateRows(q: Q, today: string) {
  return q.selectFrom('agency_unit as a').innerJoin('unit_status as s', 's.call_sign', 'a.call_sign')
    .select([
      'a.call_sign', 'a.kind', 'a.service', 'a.area', 's.status',
      sql<number>`cardinality(s.personnel)`.as('officers'),
      sql<number | null>`(s.location->>'lat')::float8`.as('lat'),
      sql<number | null>`(s.location->>'lon')::float8`.as('lon'),
      sql<boolean>`a.supervisor or a.call_sign in (select r.call_sign from roster r join app_user u on u.username = r.username
        where r.shift_date = ${today} and r.call_sign is not null and u.roles && array['commanding_officer','patrol_supervisor']::text[])`.as('supervisor'),
    ]).execute();
}

/** The call signs this user rides in today (or on a shift that began yesterday): their own units (81A §B.4.c). */
export async function ownUnits(q: Q, timeZone: string, username: string): Promise<string[]> {
  const rows = await q.selectFrom('roster').select('call_sign').distinct()
    .where('username', '=', username).where('call_sign', 'is not', null)
    .where('shift_date', 'in', [agencyDate(timeZone), agencyDate(timeZone, 1)]).execute();
  return rows.map((r) => r.call_sign!);
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
  };
}
