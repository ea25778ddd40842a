import type { Db, Tx } from '../../db/index.ts';

/** A unit's assignment to an incident, with the moments radio traffic is expected (dispatched, en route, arrived, cleared). */
export interface UnitAssignment {
  incidentNumber: string;
  callSign: string;
  service: 'police' | 'fire' | 'ems';
  dispatchedAt: Date;
  enRouteAt: Date | null;
  arrivedAt: Date | null;
  clearedAt: Date | null;
}

/** The unit a portable or mobile radio is registered to, if any (81A §E.5.e). */
export async function unitOfRadio(q: Db | Tx, radioId: string): Promise<string | undefined> {
  const row = await q.selectFrom('unit_radio').select('call_sign').where('radio_id', '=', radioId).executeTakeFirst();
  return row?.call_sign ?? undefined;
}

/** Assignments that were open at some moment of [from, to]: the units and incidents a radio transmission may concern. */
export async function assignmentsDuring(q: Db | Tx, from: Date, to: Date, limit = 500): Promise<UnitAssignment[]> {
  const rows = await q.selectFrom('incident_unit as iu').innerJoin('agency_unit as a', 'a.call_sign', 'iu.call_sign')
    .select(['iu.incident_number', 'iu.call_sign', 'a.service', 'iu.dispatched_at', 'iu.en_route_at', 'iu.arrived_at', 'iu.cleared_at'])
    .where('iu.dispatched_at', '<=', to)
    .where((eb) => eb.or([eb('iu.cleared_at', 'is', null), eb('iu.cleared_at', '>=', from)]))
    .where('iu.dispatched_at', '>=', new Date(from.getTime() - 2 * 86_400_000))
    .orderBy('iu.dispatched_at').limit(limit).execute();
  return rows.map((r) => ({
    incidentNumber: r.incident_number, callSign: r.call_sign, service: r.service, dispatchedAt: r.dispatched_at,
    enRouteAt: r.en_route_at, arrivedAt: r.arrived_at, clearedAt: r.cleared_at,
  }));
}
