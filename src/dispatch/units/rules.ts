/**
 * Pure dispatching decisions from 81A §E: which status a unit may go to next, whether
 * a set of units meets the response an incident type requires (§E.3, §E.4), and how
 * to rank units for a recommendation (§E.2.b). No I/O; table tests beside this file.
 */
import type { UnitStatus } from './model.ts';
import { metresBetween, STRAIGHT_LINE_KMH } from '../../geo/model.ts';

export interface Refusal {
  code: string;
  detail: string;
  clause: string;
}

/**
 * The status changes a unit may make by `POST /units/{callSign}/status`. Going to
 * "dispatched" only happens through a dispatch (§E.2.d); en route and arrived need an
 * incident; a unit leaves an incident by going available (§E.2.f). A unit on scene
 * may go out of service (a prisoner or citizen transport from the scene, §E.5.a.iv–v).
 */
const NEXT: Record<UnitStatus, readonly UnitStatus[]> = {
  available: ['out_of_service'],
  dispatched: ['en_route', 'arrived', 'available'],
  en_route: ['arrived', 'available'],
  arrived: ['available', 'out_of_service'],
  out_of_service: ['available', 'out_of_service'],
};

export function statusChangeRefusal(from: UnitStatus, to: UnitStatus, hasIncident: boolean): Refusal | null {
  if (to === 'dispatched') {
    return { code: 'unit.status_transition', detail: 'a unit is set to dispatched by dispatching it to an incident', clause: '81A §E.2.d' };
  }
  if ((to === 'en_route' || to === 'arrived') && !hasIncident) {
    return { code: 'unit.no_incident', detail: `a unit can only be ${to.replace('_', ' ')} when it is assigned to an incident`, clause: '81A §E.2.e' };
  }
  if (!NEXT[from].includes(to)) {
    return { code: 'unit.status_transition', detail: `a unit that is ${from.replace(/_/g, ' ')} cannot go ${to.replace(/_/g, ' ')}`, clause: '81A §E.2.d–f' };
  }
  return null;
}

/** Details an out-of-service reason needs: a motor vehicle stop is logged with plate and location (§E.5.a.vi). */
export function missingDetail(reason: string, detail: Record<string, unknown> | undefined): string | null {
  if (reason === 'MV_STOP') {
    for (const field of ['plate', 'location']) {
      const value = detail?.[field];
      if (typeof value !== 'string' || value.trim() === '') return `a motor vehicle stop needs detail.${field} (81A §E.5.a.vi)`;
    }
  }
  return null;
}

export interface ResponderUnit {
  callSign: string;
  service: 'police' | 'fire' | 'ems';
  /** Sworn officers aboard; a unit with no roster counts as one. */
  officers: number;
  supervisor: boolean;
}

export interface RequiredResponse {
  minUnits: number;
  supervisor: boolean;
}

/**
 * The first way in which these units fall short of the required response, or null.
 * §E.3 counts officers: a police unit with two officers aboard meets a two-officer
 * call by itself. §E.4 needs a supervisor among them.
 */
export function responseShortfall(required: RequiredResponse, units: readonly ResponderUnit[], service: ResponderUnit['service'] = 'police'): Refusal | null {
  const responding = units.filter((u) => u.service === service);
  const count = service === 'police' ? responding.reduce((sum, u) => sum + Math.max(1, u.officers), 0) : responding.length;
  if (count < required.minUnits) {
    const what = service === 'police' ? 'officers' : `${service} units`;
    return {
      code: 'response.too_few_units',
      detail: `this incident type needs at least ${required.minUnits} ${what}; ${count} would be responding`,
      clause: '81A §E.3',
    };
  }
  if (required.supervisor && !units.some((u) => u.supervisor)) {
    return { code: 'response.supervisor_required', detail: 'this incident type needs a supervisor to respond and take command', clause: '81A §E.4.a' };
  }
  return null;
}

export interface Candidate extends ResponderUnit {
  status: UnitStatus;
  kind: string;
  area: string | null;
  lat: number | null;
  lon: number | null;
  /** Estimated driving time over the streets from a fresh position (geography), when there is one. */
  travelSeconds?: number | null;
  travelKm?: number | null;
  /** When it has a position but no drive: the least time its drive can take (geography's `drivePlanner`). */
  leastSeconds?: number | null;
}

export interface IncidentForRanking {
  service: 'police' | 'fire' | 'ems';
  area: string | null;
  lat: number | null;
  lon: number | null;
  required: RequiredResponse;
}

export interface Ranked {
  callSign: string;
  score: number;
  distanceKm: number | null;
  travelSeconds?: number | null;
  reasons: string[];
}

/** Great-circle distance in kilometres. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  return metresBetween(a, b) / 1000;
}

/**
 * The points of a ranking (§E.2.b): every available unit starts at `available`; the others
 * are added where they hold. The ranking's read (`rankedCandidates`) bounds each unit's score
 * with the same points, so that it reads only the units that can be among the best.
 */
export const POINTS = {
  available: 100,
  specialist: 60,
  sameSector: 50,
  supervisor: 30,
  /** Location: this much for a unit on the spot, `perMinute` fewer for each minute away. */
  place: 40,
  perMinute: 4,
} as const;

/** Units whose kind only answers their own kind of call (parking, animal control). */
export const SPECIALIST_KINDS: readonly string[] = ['parking', 'animal_control'];

/**
 * §E.2.b.iv location at the time of the call, in minutes away: the estimated drive over
 * the streets when there is one ("1.2 km, ~3 min"), else the least time its drive can take
 * (`leastSeconds`, from geography: no less than the drives of the units nearest by drive) or
 * its straight line at 48 km/h ("1.0 km away"), else nothing (the sector decides). Up to 40
 * points, 4 fewer a minute.
 */
function placeScore(incident: IncidentForRanking, unit: Candidate): { score: number; distance: number | null; reason: string | null } {
  if (incident.lat === null || incident.lon === null || unit.lat === null || unit.lon === null) return { score: 0, distance: null, reason: null };
  const distance = distanceKm({ lat: incident.lat, lon: incident.lon }, { lat: unit.lat, lon: unit.lon });
  const points = (minutes: number) => Math.max(0, POINTS.place - minutes * POINTS.perMinute);
  if (unit.travelSeconds != null) {
    const minutes = unit.travelSeconds / 60;
    return { score: points(minutes), distance, reason: `${(unit.travelKm ?? distance).toFixed(1)} km, ~${Math.max(1, Math.round(minutes))} min` };
  }
  const minutes = unit.leastSeconds != null ? unit.leastSeconds / 60 : distance / STRAIGHT_LINE_KMH * 60;
  return { score: points(minutes), distance, reason: `${distance.toFixed(1)} km away` };
}

/**
 * Rank the units that could go, best first (§E.2.b: area of assignment, availability,
 * nature of the call, location). Only available units of the call's service are
 * ranked; specialists (Meter 1, ACO) only for their own calls (`specialistKind`).
 * Ties go by call sign in character order (as the ranking's read sorts them).
 */
export function rankUnits(incident: IncidentForRanking, units: readonly Candidate[], specialistKind?: string): Ranked[] {
  const ranked: Ranked[] = [];
  for (const unit of units) {
    if (unit.status !== 'available' || unit.service !== incident.service) continue;
    if (SPECIALIST_KINDS.includes(unit.kind) && unit.kind !== specialistKind) continue;
    const reasons = ['available'];
    let score: number = POINTS.available;
    if (specialistKind && unit.kind === specialistKind) { score += POINTS.specialist; reasons.push(`${unit.kind.replace('_', ' ')} call`); }
    if (incident.area && unit.area === incident.area) { score += POINTS.sameSector; reasons.push('same sector'); }
    const place = placeScore(incident, unit);
    score += place.score;
    if (place.reason) reasons.push(place.reason);
    if (incident.required.supervisor && unit.supervisor) { score += POINTS.supervisor; reasons.push('supervisor'); }
    ranked.push({ callSign: unit.callSign, score: Math.round(score * 10) / 10, distanceKm: place.distance, travelSeconds: unit.travelSeconds ?? null, reasons });
  }
  return ranked.sort(byRank);
}

/** Best first; ties by call sign in character order (`collate "C"` in the database). */
export function byRank(a: { score: number; callSign: string }, b: { score: number; callSign: string }): number {
  return b.score - a.score || (a.callSign < b.callSign ? -1 : a.callSign > b.callSign ? 1 : 0);
}

/**
 * The smallest prefix-greedy set from the ranking that meets the required response:
 * the best unit, a supervisor if one is needed, then the next best until enough
 * officers respond. `met` is false when the available units cannot meet it.
 */
export function proposeSet(
  required: RequiredResponse, ranked: readonly Ranked[], units: ReadonlyMap<string, ResponderUnit>, service: ResponderUnit['service'] = 'police',
): { units: string[]; met: boolean } {
  const chosen: string[] = [];
  const short = (need: RequiredResponse) => responseShortfall(need, chosen.map((c) => units.get(c)!), service);
  const take = (callSign: string | undefined) => { if (callSign && !chosen.includes(callSign)) chosen.push(callSign); };
  take(ranked[0]?.callSign);
  if (required.supervisor && !chosen.some((c) => units.get(c)?.supervisor)) take(ranked.find((r) => units.get(r.callSign)?.supervisor)?.callSign);
  for (const r of ranked) {
    if (!short({ ...required, supervisor: false })) break;
    take(r.callSign);
  }
  const met = chosen.length > 0 && !short(required);
  return { units: chosen, met };
}
