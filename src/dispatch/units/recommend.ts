import type { AppContext } from '../../core/context.ts';
import { NotFound } from '../../core/errors.ts';
import { codeTable } from '../../agency/service.ts';
import { serviceFor, specialistKindFor } from './model.ts';
import { proposeSet, rankUnits, type Candidate, type Ranked } from './rules.ts';
import { activeAssignments, rankableUnits } from './store.ts';
import { agencyDate } from '../../core/clock.ts';
import { unitsInDistress } from '../alerts/store.ts';
import { lastFixOf, placeFixes, type LastFix } from '../../geo/service.ts';

export interface Recommendation {
  incident: string;
  requiredResponse: { minUnits: number; supervisor: boolean };
  service: string;
  onIncident: string[];
  /** Units left out because they are in distress (81A §E.6.e). */
  excluded: string[];
  /** One page of the ranking, best first; the first page also carries every proposed unit, so each has its reasons. */
  ranked: Ranked[];
  /** How many units the whole ranking holds. */
  rankedTotal: number;
  proposed: string[];
  met: boolean;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Units to send to an incident (81A §E.2.b), best first, and the smallest set that
 * meets its required response together with the units already on it (§E.3, §E.4).
 */
export async function recommend(ctx: AppContext, number: string, page: { limit: number; offset: number } = { limit: 10, offset: 0 }): Promise<Recommendation> {
  const incident = await ctx.db.selectFrom('incident').selectAll().where('number', '=', number).executeTakeFirst();
  if (!incident) throw new NotFound('incident.not_found', `there is no incident ${number}`);
  const attrs = (await codeTable(ctx.db, 'incident_type')).find((c) => c.code === incident.type)?.attrs ?? {};
  const service = serviceFor(incident.type, attrs);
  // independent reads, at once (on PostgreSQL each on its own connection); only the units that
  // can be ranked (available, of the call's service) and those on the incident, with their last positions
  const [rows, distress, assignments] = await Promise.all([
    rankableUnits(ctx.db, agencyDate(ctx.config.agency.timeZone), service, number), unitsInDistress(ctx.db, number), activeAssignments(ctx.db, number),
  ]);
  // 81A §E.6.e: a unit in distress is never sent, least of all to its own emergency.
  const inDistress = new Set(distress);
  const lastFixes = new Map<string, LastFix | null>();
  const candidates: Candidate[] = rows.filter((r) => !inDistress.has(r.call_sign)).map((r) => {
    lastFixes.set(r.call_sign, lastFixOf(r.last));
    return {
      callSign: r.call_sign, service: r.service, officers: r.officers, supervisor: r.supervisor, status: r.status as Candidate['status'],
      kind: r.kind, area: r.area, lat: num(r.lat), lon: num(r.lon),
    };
  });
  const location = incident.location as Record<string, unknown>;
  await placeByGeography(ctx, { lat: num(location.lat), lon: num(location.lon) }, candidates.filter((c) => c.status === 'available' && c.service === service), lastFixes);
  const required = { minUnits: incident.min_units, supervisor: incident.supervisor_required };
  const ranked = rankUnits({ service, area: typeof location.area === 'string' ? location.area : null, lat: num(location.lat), lon: num(location.lon), required }, candidates, specialistKindFor(incident.type));
  const byCallSign = new Map(candidates.map((c) => [c.callSign, c]));
  const onIncident = assignments.map((a) => a.call_sign);
  // Units already responding count towards the response; propose only what is still missing.
  const withCurrent = [...onIncident.map((c) => ({ callSign: c, score: Infinity, distanceKm: null, reasons: [] })), ...ranked];
  const proposal = incident.status === 'closed' ? { units: [], met: false } : proposeSet(required, withCurrent, byCallSign, service);
  const proposed = proposal.units.filter((c) => !onIncident.includes(c));
  const shown = ranked.slice(page.offset, page.offset + page.limit);
  if (page.offset === 0) shown.push(...ranked.filter((r, i) => i >= page.limit && proposed.includes(r.callSign)));
  return {
    incident: number, requiredResponse: required, service, onIncident, ranked: shown, rankedTotal: ranked.length, excluded: [...inDistress].sort(),
    proposed, met: proposal.met,
  };
}

/**
 * Put each available unit where the geography last saw it (AVL, the field view): a
 * fresh position replaces the status board's, with the drive over the streets; a
 * stale one is not used for distance (the sector decides).
 */
async function placeByGeography(ctx: AppContext, point: { lat: number | null; lon: number | null }, units: Candidate[], lastFixes: ReadonlyMap<string, LastFix | null>): Promise<void> {
  if (point.lat === null || point.lon === null || units.length === 0) return;
  const fixes = units.map((u) => ({ callSign: u.callSign, last: lastFixes.get(u.callSign) ?? null }));
  const placed = new Map((await placeFixes(ctx, { lat: point.lat, lon: point.lon }, fixes)).map((p) => [p.callSign, p]));
  for (const unit of units) {
    const p = placed.get(unit.callSign);
    if (p?.position) {
      unit.lat = p.position.lat; unit.lon = p.position.lon; unit.travelSeconds = p.travelSeconds; unit.travelKm = p.travelKm;
    } else if (p?.stale) {
      unit.lat = null; unit.lon = null;
    }
  }
}
