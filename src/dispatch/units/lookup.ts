import { sql } from 'kysely';
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

/** The units these portable or mobile radios are registered to (81A §E.5.e); radios registered to none are absent. */
export async function unitsOfRadios(q: Db | Tx, radioIds: readonly string[]): Promise<Map<string, string>> {
  if (radioIds.length === 0) return new Map();
  const rows = await q.selectFrom('unit_radio').select(['radio_id', 'call_sign']).where('radio_id', 'in', [...new Set(radioIds)]).execute();
  return new Map(rows.flatMap((r) => (r.call_sign ? [[r.radio_id, r.call_sign] as const] : [])));
}

/**
 * The units and incidents radio transmissions may concern: for each window, in its order,
 * the assignments open at some moment of it (dispatched at most two days before it), at
 * most `limit` each. One query for a batch of recordings.
 */
export async function assignmentsInWindows(q: Db | Tx, windows: readonly { from: Date; to: Date }[], limit = 500): Promise<UnitAssignment[][]> {
  const found: UnitAssignment[][] = windows.map(() => []);
  if (windows.length === 0) return found;
  const spec = JSON.stringify(windows.map((w, i) => ({ i, f: w.from.toISOString(), t: w.to.toISOString(), since: new Date(w.from.getTime() - 2 * 86_400_000).toISOString() })));
  const { rows } = await sql<{ i: number; incident_number: string; call_sign: string; service: UnitAssignment['service']; dispatched_at: Date; en_route_at: Date | null; arrived_at: Date | null; cleared_at: Date | null }>`select w.i, x.*
    from jsonb_to_recordset(${spec}::jsonb) as w(i int, f timestamptz, t timestamptz, since timestamptz)
    cross join lateral (select iu.incident_number, iu.call_sign, a.service, iu.dispatched_at, iu.en_route_at, iu.arrived_at, iu.cleared_at
      from incident_unit iu join agency_unit a on a.call_sign = iu.call_sign
      where iu.dispatched_at <= w.t and (iu.cleared_at is null or iu.cleared_at >= w.f) and iu.dispatched_at >= w.since
      order by iu.dispatched_at limit ${limit}) x
    order by w.i, x.dispatched_at`.execute(q);
  for (const r of rows) {
    found[r.i]!.push({
      incidentNumber: r.incident_number, callSign: r.call_sign, service: r.service, dispatchedAt: r.dispatched_at,
      enRouteAt: r.en_route_at, arrivedAt: r.arrived_at, clearedAt: r.cleared_at,
    });
  }
  return found;
}
