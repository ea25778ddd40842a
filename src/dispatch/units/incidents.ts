import type { Db, Tx } from '../../db/index.ts';
import { NotFound } from '../../app/errors.ts';
import { eventsFor, type DispatchEvent } from '../../events/store.ts';

/**
 * The incident record as `GET /api/v1/incidents/{number}` shows it (API.md), returned
 * by dispatch and close. Confidential details (81A §E.2.c) are withheld from a
 * reader who may not see them.
 */
export interface IncidentView {
  number: string;
  type: string;
  priority: number;
  location: Record<string, unknown> | null;
  complainant: Record<string, unknown> | null;
  narrative: string | null;
  reportedAt: string;
  status: string;
  disposition: string | null;
  closedAt: string | null;
  confidential: boolean;
  requiredResponse: { minUnits: number; supervisor: boolean };
  units: { callSign: string; role: string; dispatchedAt: string; enRouteAt: string | null; arrivedAt: string | null; clearedAt: string | null }[];
  timeline: { seq: number; at: string; kind: string; actor: string | null; unit: string | null; payload: Record<string, unknown> }[];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function incidentView(q: Db | Tx, number: string, seesConfidential: boolean): Promise<IncidentView> {
  const row = await q.selectFrom('incident').selectAll().where('number', '=', number).executeTakeFirst();
  if (!row) throw new NotFound('incident.not_found', `there is no incident ${number}`);
  const units = await q.selectFrom('incident_unit').selectAll().where('incident_number', '=', number).orderBy('dispatched_at').orderBy('call_sign').execute();
  const events: DispatchEvent[] = await eventsFor(q, 'incident', number);
  const withhold = row.confidential && !seesConfidential;
  return {
    number: row.number,
    type: row.type,
    priority: row.priority,
    location: withhold ? null : row.location,
    complainant: withhold ? null : row.complainant,
    narrative: withhold ? null : row.narrative,
    reportedAt: row.reported_at.toISOString(),
    status: row.status,
    disposition: row.disposition,
    closedAt: iso(row.closed_at),
    confidential: row.confidential,
    requiredResponse: { minUnits: row.min_units, supervisor: row.supervisor_required },
    units: units.map((u) => ({
      callSign: u.call_sign, role: u.role, dispatchedAt: u.dispatched_at.toISOString(),
      enRouteAt: iso(u.en_route_at), arrivedAt: iso(u.arrived_at), clearedAt: iso(u.cleared_at),
    })),
    timeline: events.map((e) => ({ seq: e.seq, at: e.at, kind: e.kind, actor: e.actor.user, unit: e.actor.unit, payload: withhold ? {} : e.payload })),
  };
}
