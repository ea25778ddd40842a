import MiniSearch from 'minisearch';
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import { metresBetween, normalizeText, parseLocation, type AreasAt, type Point, type Suggestion } from './model.ts';

export interface AddressPoint extends Point { number: string; street: string; unit: string | null }
/** A centerline segment's address ranges as its file gives them: each side's from (at the line's start) and to (at its end). */
export interface SegmentRanges { leftFrom: number | null; leftTo: number | null; rightFrom: number | null; rightTo: number | null }
export interface StreetSegment { name: string; coords: [number, number][]; speedKmh: number; ranges?: SegmentRanges | null }
export interface Area { kind: 'sector' | 'fire_district' | 'ems_district'; name: string; geometry: Polygon | MultiPolygon }
export interface Place extends Point { kind: 'place' | 'mile_marker'; name: string; aliases: string[] }

export interface GeographyData {
  addresses: AddressPoint[];
  streets: StreetSegment[];
  areas: Area[];
  places: Place[];
}

type Box = [number, number, number, number];

function boxOf(geometry: Polygon | MultiPolygon): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  for (const ring of rings) for (const [lon, lat] of ring) {
    box[0] = Math.min(box[0], lon!); box[1] = Math.min(box[1], lat!); box[2] = Math.max(box[2], lon!); box[3] = Math.max(box[3], lat!);
  }
  return box;
}

const vertexKey = ([lon, lat]: [number, number]) => `${lon.toFixed(6)},${lat.toFixed(6)}`;

/** The point a fraction `t` (0 to 1) of the way along a line, by length. */
function alongLine(coords: [number, number][], t: number): Point {
  const legs = coords.slice(1).map((c, i) => metresBetween({ lon: coords[i]![0], lat: coords[i]![1] }, { lon: c[0], lat: c[1] }));
  let left = Math.max(0, Math.min(1, t)) * legs.reduce((a, b) => a + b, 0);
  for (let i = 0; i < legs.length; i++) {
    if (left <= legs[i]! || i === legs.length - 1) {
      const f = legs[i]! > 0 ? Math.min(1, left / legs[i]!) : 0;
      const [a, b] = [coords[i]!, coords[i + 1]!];
      return { lon: Math.round((a[0] + (b[0] - a[0]) * f) * 1e6) / 1e6, lat: Math.round((a[1] + (b[1] - a[1]) * f) * 1e6) / 1e6 };
    }
    left -= legs[i]!;
  }
  return { lon: coords[0]![0], lat: coords[0]![1] };
}
const byNumber = (a: AddressPoint, b: AddressPoint) => parseInt(a.number, 10) - parseInt(b.number, 10) || a.number.localeCompare(b.number);

/**
 * The town's geography held in memory for lookups as a call-taker types: address
 * points by street, street names (fuzzy, forgiving typos), intersections where two
 * named centerlines meet, place names and mile markers, the areas a point lies in,
 * and the nearest address point to a point.
 */
export class Gazetteer {
  readonly #byStreet = new Map<string, AddressPoint[]>();
  readonly #ranged = new Map<string, StreetSegment[]>();
  readonly #streetPoint = new Map<string, Point>();
  readonly #streetNames: MiniSearch<{ id: number; name: string }>;
  readonly #places: MiniSearch<{ id: number; text: string }>;
  readonly #intersections = new Map<string, Point>();
  readonly #areas: { area: Area; box: Box }[];
  readonly #points: KDBush;

  constructor(readonly data: GeographyData) {
    for (const a of data.addresses) {
      const list = this.#byStreet.get(a.street) ?? [];
      list.push(a);
      this.#byStreet.set(a.street, list);
    }
    for (const list of this.#byStreet.values()) list.sort(byNumber);
    this.#indexStreets(data.streets);
    const names = [...new Set([...this.#byStreet.keys(), ...data.streets.map((s) => s.name)])];
    for (const name of names) if (!this.#streetPoint.has(name)) this.#streetPoint.set(name, this.#byStreet.get(name)![0]!);
    this.#streetNames = new MiniSearch({ fields: ['name'], storeFields: ['name'] });
    this.#streetNames.addAll(names.map((name, id) => ({ id, name })));
    this.#places = new MiniSearch({ fields: ['text'], processTerm: (t) => normalizeText(t) || null });
    this.#places.addAll(data.places.map((p, id) => ({ id, text: [p.name, ...p.aliases].join(' ') })));
    this.#areas = data.areas.map((area) => ({ area, box: boxOf(area.geometry) }));
    this.#points = new KDBush(Math.max(1, data.addresses.length));
    for (const a of data.addresses) this.#points.add(a.lon, a.lat);
    if (data.addresses.length === 0) this.#points.add(0, 0);
    this.#points.finish();
  }

  #indexStreets(streets: StreetSegment[]): void {
    const namesAt = new Map<string, Set<string>>();
    for (const s of streets) {
      if (s.ranges) this.#ranged.set(s.name, [...(this.#ranged.get(s.name) ?? []), s]);
      if (!this.#streetPoint.has(s.name)) {
        const mid = s.coords[Math.floor(s.coords.length / 2)]!;
        this.#streetPoint.set(s.name, { lon: mid[0], lat: mid[1] });
      }
      for (const c of s.coords) {
        const key = vertexKey(c);
        const set = namesAt.get(key) ?? new Set<string>();
        set.add(s.name);
        namesAt.set(key, set);
      }
    }
    for (const [key, names] of namesAt) {
      if (names.size < 2) continue;
      const [lon, lat] = key.split(',').map(Number) as [number, number];
      const list = [...names];
      for (const a of list) for (const b of list) if (a < b && !this.#intersections.has(`${a}/${b}`)) this.#intersections.set(`${a}/${b}`, { lat, lon });
    }
  }

  /** The streets a typed street name may mean, best first (typos and prefixes forgiven). */
  streetsMatching(words: string, limit = 5): string[] {
    if (!words) return [];
    if (this.#streetPoint.has(words)) return [words, ...this.#fuzzyStreets(words, limit - 1).filter((n) => n !== words)];
    return this.#fuzzyStreets(words, limit);
  }

  #fuzzyStreets(words: string, limit: number): string[] {
    const hits = this.#streetNames.search(words, { prefix: true, fuzzy: (term) => (term.length > 3 ? 0.25 : 0), combineWith: 'AND' });
    return hits.slice(0, limit).map((h) => h.name as string);
  }

  /** Everything a typed location may mean, best first. */
  suggest(text: string, limit = 10): Suggestion[] {
    const parsed = parseLocation(text);
    const out: Suggestion[] = [];
    if (parsed.kind === 'intersection') out.push(...this.#intersectionsFor(parsed.streets!));
    if (parsed.kind === 'address') out.push(...this.#addressesFor(parsed.number!, parsed.street!, limit));
    if (parsed.kind === 'mile_marker' || parsed.kind === 'words') out.push(...this.#placesFor(parsed.words, limit));
    if (parsed.kind === 'words') {
      for (const name of this.streetsMatching(parsed.words, limit)) out.push(this.#suggestion('street', name, this.#streetPoint.get(name)!));
    }
    return out.slice(0, limit);
  }

  #addressesFor(number: string, street: string, limit: number): Suggestion[] {
    const exact: Suggestion[] = [];
    const near: Suggestion[] = [];
    // "12 Elm Street, Millbrook": words after the street (the town, a unit) are dropped until a street matches.
    let words = street.split(' ');
    let names = this.streetsMatching(street);
    while (names.length === 0 && words.length > 1) { words = words.slice(0, -1); names = this.streetsMatching(words.join(' ')); }
    for (const name of names) {
      for (const a of this.#byStreet.get(name) ?? []) {
        if (a.number === number) exact.push(this.#addressSuggestion(a));
        else if (a.number.startsWith(number) && near.length < limit) near.push(this.#addressSuggestion(a));
      }
    }
    // no address point has the number: a centerline range that holds it places it on its block
    const blocks = exact.length ? [] : names.flatMap((name) => this.#onBlock(number, name));
    return [...exact, ...blocks.slice(0, 1), ...near];
  }

  /** The number on a range of the street's centerline segments (its side's parity), placed along the segment. */
  #onBlock(number: string, name: string): Suggestion[] {
    const n = parseInt(number, 10);
    const out: Suggestion[] = [];
    for (const s of this.#ranged.get(name) ?? []) {
      for (const [from, to] of [[s.ranges!.leftFrom, s.ranges!.leftTo], [s.ranges!.rightFrom, s.ranges!.rightTo]] as const) {
        if (from === null || to === null) continue;
        const low = Math.min(from, to);
        const high = Math.max(from, to);
        const sameParity = low % 2 === high % 2;
        if (n < low || n > high || (sameParity && n % 2 !== low % 2)) continue;
        const point = alongLine(s.coords, from === to ? 0.5 : (n - from) / (to - from));
        out.push({ ...this.#suggestion('block', `${number} ${name}`, point), block: `${low}–${high}`, note: `on the ${low}–${high} block of ${name}` });
      }
    }
    return out;
  }

  #addressSuggestion(a: AddressPoint): Suggestion {
    return this.#suggestion('address', `${a.number} ${a.street}${a.unit ? ` ${a.unit}` : ''}`, a);
  }

  #intersectionsFor([first, second]: [string, string]): Suggestion[] {
    const out: Suggestion[] = [];
    for (const a of this.streetsMatching(first, 3)) for (const b of this.streetsMatching(second, 3)) {
      const key = a < b ? `${a}/${b}` : `${b}/${a}`;
      const point = this.#intersections.get(key);
      if (point && !out.some((s) => s.label === `${a}/${b}`)) out.push(this.#suggestion('intersection', `${a}/${b}`, point));
    }
    return out;
  }

  #placesFor(words: string, limit: number): Suggestion[] {
    if (!words) return [];
    const hits = this.#places.search(words, { prefix: true, fuzzy: (term) => (term.length > 3 ? 0.2 : 0), combineWith: 'AND' });
    return hits.slice(0, limit).map((h) => {
      const p = this.data.places[h.id as number]!;
      return this.#suggestion(p.kind, p.name, p);
    });
  }

  #suggestion(kind: Suggestion['kind'], label: string, point: Point): Suggestion {
    return { kind, label, lat: point.lat, lon: point.lon, verified: true, ...this.areasAt(point) };
  }

  /** The sector and districts a point lies in. */
  areasAt(point: Point): AreasAt {
    const found: AreasAt = { sector: null, fireDistrict: null, emsDistrict: null };
    const field = { sector: 'sector', fire_district: 'fireDistrict', ems_district: 'emsDistrict' } as const;
    for (const { area, box } of this.#areas) {
      if (point.lon < box[0] || point.lat < box[1] || point.lon > box[2] || point.lat > box[3]) continue;
      if (found[field[area.kind]] === null && booleanPointInPolygon([point.lon, point.lat], area.geometry)) found[field[area.kind]] = area.name;
    }
    return found;
  }

  /** The nearest address point within `maxMetres`, or null. */
  nearestAddress(point: Point, maxMetres = 250): (Suggestion & { metres: number }) | null {
    if (this.data.addresses.length === 0) return null;
    const [index] = around(this.#points, point.lon, point.lat, 1, maxMetres / 1000);
    if (index === undefined) return null;
    const a = this.data.addresses[index]!;
    return { ...this.#addressSuggestion(a), metres: Math.round(metresBetween(point, a)) };
  }

  /** The point of a named intersection (`MAIN ST/ELM ST`), or null. */
  intersection(a: string, b: string): Point | null {
    return this.#intersections.get(a < b ? `${a}/${b}` : `${b}/${a}`) ?? null;
  }
}
