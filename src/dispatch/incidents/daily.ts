/**
 * What the daily police log (M.G.L. c.41 §98F, built in src/release) needs from dispatch:
 * the incidents reported in a span of time, with their units and whether a shelter
 * address (81A §D.3.c) was recorded for them. The caller decides what is public.
 */
import type { Db, Tx } from '../../db/index.ts';

export interface IncidentOfDay {
  number: string;
  type: string;
  reportedAt: Date;
  address: string;
  disposition: string | null;
  confidential: boolean;
  shelter: boolean;
  units: string[];
}

/** Incidents reported in [from, to), oldest first. */
export async function incidentsReportedBetween(q: Db | Tx, from: Date, to: Date): Promise<IncidentOfDay[]> {
  const rows = await q.selectFrom('incident').select(['number', 'type', 'reported_at', 'location', 'disposition', 'confidential'])
    .where('reported_at', '>=', from).where('reported_at', '<', to).orderBy('reported_at').orderBy('number').execute();
  if (rows.length === 0) return [];
  const numbers = rows.map((r) => r.number);
  const units = await q.selectFrom('incident_unit').select(['incident_number', 'call_sign']).where('incident_number', 'in', numbers).orderBy('dispatched_at').execute();
  const shelters = new Set((await q.selectFrom('shelter_address').select('incident_number').where('incident_number', 'in', numbers).execute()).map((r) => r.incident_number));
  return rows.map((r) => ({
    number: r.number, type: r.type, reportedAt: r.reported_at, address: String(r.location?.address ?? ''), disposition: r.disposition,
    confidential: r.confidential, shelter: shelters.has(r.number),
    units: [...new Set(units.filter((u) => u.incident_number === r.number).map((u) => u.call_sign))],
  }));
}
