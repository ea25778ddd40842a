import type { AppContext } from '../../core/context.ts';
import { NotFound } from '../../core/errors.ts';
import { codeTable } from '../../agency/service.ts';
import { serviceFor, specialistKindFor } from './model.ts';
import { byRank, proposeSet, rankUnits, type Candidate, type Ranked, type ResponderUnit } from './rules.ts';
import { rankedCandidates, unitsOnIncident } from './store.ts';
import { agencyDate } from '../../core/clock.ts';
import { unitsInDistress } from '../alerts/store.ts';
import { drivePlanner, freshSince, type DrivePlanner } from '../../geo/service.ts';
import { supervisedCallSigns } from '../../directory/roster.ts';

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

/** The units nearest by drive that get their drive over the streets (the others: the least time theirs can take). */
const DRIVES = 12;

/**
 * Units to send to an incident (81A §E.2.b), best first, and the smallest set that
 * meets its required response together with the units already on it (§E.3, §E.4).
 * It reads only the units that can be among the best: those whose bound (`rankedCandidates`)
 * is above the score of the last unit it needs, more if the response is not met among them.
 */
export async function recommend(ctx: AppContext, number: string, page: { limit: number; offset: number } = { limit: 10, offset: 0 }): Promise<Recommendation> {
  const incident = await ctx.db.selectFrom('incident').selectAll().where('number', '=', number).executeTakeFirst();
  if (!incident) throw new NotFound('incident.not_found', `there is no incident ${number}`);
  const attrs = (await codeTable(ctx.db, 'incident_type')).find((c) => c.code === incident.type)?.attrs ?? {};
  const service = serviceFor(incident.type, attrs);
  const specialistKind = specialistKindFor(incident.type);
  const location = incident.location as Record<string, unknown>;
  const point = num(location.lat) !== null && num(location.lon) !== null ? { lat: num(location.lat)!, lon: num(location.lon)! } : null;
  const today = agencyDate(ctx.config.agency.timeZone);
  // independent reads, at once (on PostgreSQL each on its own connection)
  const [distress, onIncidentRows, supervised, planner, fresh] = await Promise.all([
    unitsInDistress(ctx.db, number), unitsOnIncident(ctx.db, number), supervisedCallSigns(ctx.db, [today]), drivePlanner(ctx), freshSince(ctx),
  ]);
  const required = { minUnits: incident.min_units, supervisor: incident.supervisor_required };
  const forRanking = { service, area: typeof location.area === 'string' ? location.area : null, lat: point?.lat ?? null, lon: point?.lon ?? null, required };
  const query = {
    service, area: forRanking.area, specialistKind, supervisorRequired: required.supervisor, supervised: [...supervised],
    // 81A §E.6.e: a unit in distress is never sent, least of all to its own emergency.
    excluded: distress, point, freshSince: fresh, leastKmh: planner.leastKmh,
  };
  const onIncident = onIncidentRows.map((u) => u.call_sign);
  const onIncidentUnits = new Map<string, ResponderUnit>(onIncidentRows.map((u) => [u.call_sign, { callSign: u.call_sign, service: u.service, officers: u.officers, supervisor: u.supervisor || supervised.has(u.call_sign) }]));
  const needed = page.offset + page.limit;
  for (let limit = Math.max(needed + 10, 30); ; limit *= 4) {
    const { rows, total, supervisors } = await rankedCandidates(ctx.db, query, limit + 1);
    const read = rows.slice(0, limit);
    const next = rows[limit]; // the best of those not read: none of them scores above its bound
    const candidates = read.map((r): Candidate => ({
      callSign: r.call_sign, service: r.service, officers: r.officers, supervisor: r.supervisor, status: r.status as Candidate['status'],
      kind: r.kind, area: r.area, lat: r.lat, lon: r.lon,
    }));
    if (point) placeByDrive(planner, point, candidates);
    const ranked = rankUnits(forRanking, candidates, specialistKind);
    // the units read that no unit left unread can outrank
    const sure = next ? ranked.filter((r) => byRank(r, { score: next.bound, callSign: next.call_sign }) < 0) : ranked;
    const units = new Map<string, ResponderUnit>([...onIncidentUnits, ...candidates.map((c) => [c.callSign, c] as const)]);
    // Units already responding count towards the response; propose only what is still missing.
    const withCurrent = [...onIncident.map((c) => ({ callSign: c, score: Infinity, distanceKm: null, reasons: [] })), ...sure];
    const proposal = incident.status === 'closed' ? { units: [], met: false } : proposeSet(required, withCurrent, units, service);
    // a response not met among the units read: more units bring more officers, but a supervisor only if one is left unread
    const moreCanHelp = () => incident.status !== 'closed'
      && (!required.supervisor || !proposeSet({ ...required, supervisor: false }, withCurrent, units, service).met || sure.filter((r) => units.get(r.callSign)!.supervisor).length < supervisors);
    if (next && (sure.length < needed || (!proposal.met && moreCanHelp()))) continue;
    const proposed = proposal.units.filter((c) => !onIncident.includes(c));
    const shown = sure.slice(page.offset, page.offset + page.limit);
    if (page.offset === 0) shown.push(...sure.filter((r, i) => i >= page.limit && proposed.includes(r.callSign)));
    return {
      incident: number, requiredResponse: required, service, onIncident, ranked: shown, rankedTotal: total, excluded: [...distress].sort(),
      proposed, met: proposal.met,
    };
  }
}

/**
 * Each unit with a position gets its minutes away (81A §E.2.b "location"): the units nearest by
 * drive their drive over the streets, the others the least time theirs can take, so that a
 * minute counts the same for both.
 */
function placeByDrive(planner: DrivePlanner, point: { lat: number; lon: number }, units: Candidate[]): void {
  const located = units.filter((u) => u.lat !== null && u.lon !== null);
  const drives = planner.drives(point, located.map((u) => ({ lat: u.lat!, lon: u.lon! })), DRIVES);
  for (const [i, unit] of located.entries()) {
    const { drive, leastSeconds } = drives[i]!;
    if (drive) { unit.travelSeconds = Math.round(drive.seconds); unit.travelKm = drive.metres / 1000; } else unit.leastSeconds = leastSeconds;
  }
}
