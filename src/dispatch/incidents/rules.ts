import type { Complainant, IncidentLocation, IncidentSummary, IncidentTypeEntry, RequiredResponse } from './model.ts';

/**
 * 81A §E.3 (two or more officers) and §E.4 (a supervisor) as the incident type's
 * code-table entry says; an administrator may edit those attributes.
 */
export function requiredResponse(type: IncidentTypeEntry): RequiredResponse {
  const minUnits = Number(type.attrs.minUnits ?? 1);
  return { minUnits: Number.isInteger(minUnits) && minUnits > 0 ? minUnits : 1, supervisor: Boolean(type.attrs.supervisor) };
}

/** The priority the call-taker gave, else the type's (1 is the most urgent). */
export function incidentPriority(type: IncidentTypeEntry, given?: number): number {
  if (given !== undefined) return given;
  const fromType = Number(type.attrs.priority ?? 3);
  return Number.isInteger(fromType) ? fromType : 3;
}

export interface ShelterMasked {
  location: IncidentLocation;
  complainant: Complainant | null;
  /** The real addresses, for the restricted field only. */
  restricted: { field: 'location' | 'complainant'; address: Record<string, unknown> }[];
}

/**
 * 81A §D.3.c.i–iii: the location and street address of a domestic-violence program
 * are confidential. Wherever the record shows or exports a shelter address it
 * carries the police department's address instead (and no coordinates or place
 * name, which would give it away); the real one goes to a restricted field.
 */
export function maskShelterAddresses(location: IncidentLocation, complainant: Complainant | undefined, departmentAddress: string): ShelterMasked {
  const restricted: ShelterMasked['restricted'] = [];
  let shownLocation: IncidentLocation = { address: location.address, lat: location.lat ?? null, lon: location.lon ?? null, placeName: location.placeName ?? null, ...(location.area ? { area: location.area } : {}) };
  if (location.confidentialShelter) {
    restricted.push({ field: 'location', address: { address: location.address, lat: location.lat ?? null, lon: location.lon ?? null, placeName: location.placeName ?? null } });
    shownLocation = { address: departmentAddress, lat: null, lon: null, placeName: null, confidentialShelter: true };
  }
  let shownComplainant: Complainant | null = complainant ? { name: complainant.name, address: complainant.address, phone: complainant.phone } : null;
  if (complainant?.confidentialShelter) {
    restricted.push({ field: 'complainant', address: { address: complainant.address } });
    shownComplainant = { name: complainant.name, address: departmentAddress, phone: complainant.phone, confidentialShelter: true };
  }
  return { location: shownLocation, complainant: shownComplainant, restricted };
}

const EARTH_METRES = 6_371_000;

/** Great-circle distance in metres. */
export function distanceMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_METRES * Math.asin(Math.sqrt(h));
}

const STREET_WORDS: Record<string, string> = {
  street: 'st', st: 'st', avenue: 'ave', ave: 'ave', av: 'ave', road: 'rd', rd: 'rd', drive: 'dr', dr: 'dr', lane: 'ln', ln: 'ln', place: 'pl', court: 'ct',
  boulevard: 'blvd', route: 'rte', rte: 'rte', terrace: 'ter', terr: 'ter', ter: 'ter', circle: 'cir', cir: 'cir', square: 'sq', highway: 'hwy', parkway: 'pkwy',
};

/** "12 Elm Street, Millbrook" → { number: '12', street: 'elm st' }: enough to tell two callers gave the same place. */
export function addressKey(address: string): { number: string | null; street: string } {
  const first = address.toLowerCase().split(',')[0] ?? '';
  const words = first.replace(/[^a-z0-9\s]/g, ' ').split(/\s+/).filter(Boolean).map((w) => STREET_WORDS[w] ?? w);
  const number = words[0] && /^\d+[a-z]?$/.test(words[0]) ? words.shift()! : null;
  return { number, street: words.join(' ') };
}

/**
 * "MAIN ST/ELM ST", "Main Street & Elm St", "Route 9 at Elm Street", "Elm and Main" → the two
 * streets, in a fixed order, however each is spelled; null when the text is not an intersection.
 */
export function intersectionKey(address: string): string[] | null {
  const first = address.toLowerCase().split(',')[0] ?? '';
  const streets = first.split(/\s*(?:\/|&|@|\band\b|\bat\b)\s*/).map((part) => addressKey(part).street).filter(Boolean);
  return streets.length === 2 && streets[0] !== streets[1] ? streets.sort() : null;
}

/** A place as a caller gives it: an address on a street, or an intersection of two streets. */
function placeOf(address: string | undefined): { key: { number: string | null; street: string } | null; cross: string | null; streets: string[] } | null {
  if (!address) return null;
  const cross = intersectionKey(address);
  if (cross) return { key: null, cross: cross.join(' / '), streets: cross };
  const key = addressKey(address);
  return key.street ? { key, cross: null, streets: [key.street] } : null;
}

/** Two addresses name the same place: the same number on the same street, however each is spelled. */
export function sameAddress(a: string, b: string): boolean {
  const x = addressKey(a);
  const y = addressKey(b);
  return x.street !== '' && x.street === y.street && x.number === y.number;
}

export interface LinkCandidate {
  type?: string | undefined;
  address?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
}

export interface Suggestion extends IncidentSummary {
  score: number;
  reasons: string[];
  distanceMetres: number | null;
}

/**
 * 81A §C "Multiple Calls" (d–e): several callers may report one incident. Open
 * incidents near the new call's location (same address, same intersection, same street —
 * an intersection is on both its streets — or within `nearbyMetres`, the agency's setting
 * geo.nearbyMetres) are suggested, the same type counting in favour; the call-taker decides.
 */
export function suggestIncidents(call: LinkCandidate, open: IncidentSummary[], nearbyMetres: number, limit = 5): Suggestion[] {
  const here = placeOf(call.address);
  const suggestions: Suggestion[] = [];
  for (const incident of open) {
    if (incident.status === 'closed') continue;
    const reasons: string[] = [];
    let score = 0;
    let distance: number | null = null;
    if (call.lat !== undefined && call.lon !== undefined && typeof incident.location.lat === 'number' && typeof incident.location.lon === 'number') {
      distance = Math.round(distanceMetres({ lat: call.lat, lon: call.lon }, { lat: incident.location.lat, lon: incident.location.lon }));
      if (distance <= nearbyMetres) { score += 2; reasons.push(`${distance} m away`); }
    }
    const there = here ? placeOf(incident.location.address) : null;
    if (here && there) {
      if (here.cross !== null && here.cross === there.cross) { score += 3; reasons.push('same intersection'); }
      else if (here.key && there.key && here.key.street === there.key.street && here.key.number === there.key.number) { score += 3; reasons.push('same address'); }
      else if (here.streets.some((street) => there.streets.includes(street))) { score += 1; reasons.push('same street'); }
    }
    if (score > 0 && call.type && call.type === incident.type) { score += 1; reasons.push('same type'); }
    if (score >= 2) suggestions.push({ ...incident, score, reasons, distanceMetres: distance });
  }
  return suggestions.sort((a, b) => b.score - a.score || a.priority - b.priority || a.reportedAt.localeCompare(b.reportedAt)).slice(0, limit);
}
