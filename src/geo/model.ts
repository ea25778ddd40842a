/** The town's geography in the dispatcher's words: addresses, streets, sectors, places. */

export interface Point {
  lat: number;
  lon: number;
}

/** `block`: a house number with no address point, on a range of the street's centerline (placed along it). */
export type SuggestionKind = 'address' | 'block' | 'intersection' | 'street' | 'place' | 'mile_marker';

/** The areas a point falls in: the patrol sector and the fire and EMS districts. */
export interface AreasAt {
  sector: string | null;
  fireDistrict: string | null;
  emsDistrict: string | null;
}

/** One thing a typed location may mean, with where it is and the areas it lies in. */
export interface Suggestion extends Point, AreasAt {
  kind: SuggestionKind;
  /** As the board shows it: `12 ELM ST`, `MAIN ST/ELM ST`, `Town Hall`. */
  label: string;
  /** True when it comes from the town's own files (address points, centerlines, place names). */
  verified: boolean;
  /** For a `block`: the centerline range holding the number (`100–198`) and the words for it (`on the 100–198 block of ELM ST`). */
  block?: string;
  note?: string;
}

/** Street-name suffixes and directionals as the E-911 address file writes them (USPS Publication 28). */
export const SUFFIXES: Record<string, string> = {
  STREET: 'ST', STR: 'ST', AVENUE: 'AVE', AV: 'AVE', AVN: 'AVE', ROAD: 'RD', DRIVE: 'DR', DRV: 'DR', LANE: 'LN',
  COURT: 'CT', PLACE: 'PL', BOULEVARD: 'BLVD', BOUL: 'BLVD', HIGHWAY: 'HWY', HIWAY: 'HWY', ROUTE: 'RTE', RT: 'RTE',
  TERRACE: 'TER', TERR: 'TER', CIRCLE: 'CIR', CIRC: 'CIR', PARKWAY: 'PKWY', PKY: 'PKWY', SQUARE: 'SQ', TURNPIKE: 'TPKE',
  EXTENSION: 'EXT', HEIGHTS: 'HTS', CROSSING: 'XING', TRAIL: 'TRL', WAY: 'WAY', ALLEY: 'ALY', PIKE: 'PIKE',
  NORTH: 'N', SOUTH: 'S', EAST: 'E', WEST: 'W', MOUNT: 'MT', SAINT: 'ST',
};

/** `12 Elm Street.` → `12 ELM ST`: upper case, no punctuation but `/` and `&`, suffixes abbreviated. */
export function normalizeText(text: string): string {
  return text
    .toUpperCase()
    .replace(/[^A-Z0-9/&\- ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => SUFFIXES[word] ?? word)
    .join(' ');
}

/** A street name as it is stored and matched: `Elm Street` → `ELM ST`. */
export function normalizeStreet(name: string): string {
  return normalizeText(name).replace(/[/&]/g, ' ').replace(/\s+/g, ' ').trim();
}

export interface ParsedLocation {
  kind: 'address' | 'intersection' | 'mile_marker' | 'words';
  number?: string;
  street?: string;
  streets?: [string, string];
  words: string;
}

const MILE_MARKER = /^(?:MM|MILE MARKER|MILE)\s*([0-9]+(?:\.[0-9]+)?)\b(.*)$/;
const HOUSE_NUMBER = /^[0-9]+[A-Z]?$/;

/**
 * What a typed location looks like: an intersection (`MAIN ST/ELM ST`, `Main & Elm`,
 * `Main and Elm`), a mile marker (`MM 12`), a house number with a street, number
 * first or last (`12 elm`, `Elm St 12`), or only words (a street or a place name).
 */
export function parseLocation(text: string): ParsedLocation {
  const words = normalizeText(text);
  const parts = words.split(/\s*(?:\/|&|\bAND\b|\bAT\b)\s*/).filter(Boolean);
  if (parts.length === 2) return { kind: 'intersection', streets: [normalizeStreet(parts[0]!), normalizeStreet(parts[1]!)], words };
  const marker = MILE_MARKER.exec(words);
  if (marker) return { kind: 'mile_marker', number: marker[1]!, words };
  const tokens = normalizeStreet(words).split(' ').filter(Boolean);
  if (tokens.length > 1 && HOUSE_NUMBER.test(tokens[0]!)) return { kind: 'address', number: tokens[0]!, street: tokens.slice(1).join(' '), words };
  if (tokens.length > 1 && HOUSE_NUMBER.test(tokens[tokens.length - 1]!)) {
    return { kind: 'address', number: tokens[tokens.length - 1]!, street: tokens.slice(0, -1).join(' '), words };
  }
  return { kind: 'words', words: tokens.join(' ') };
}

/** Great-circle distance in metres. */
export function metresBetween(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 12_742_000 * Math.asin(Math.sqrt(h));
}

/** A straight line counts at this speed where there are no streets to drive (the town's usual speed limit). */
export const STRAIGHT_LINE_KMH = 48;
