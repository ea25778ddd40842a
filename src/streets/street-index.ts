/**
 * The town's street index (S-110 §A.1.v) derived from the geography layers, with no I/O:
 * each street named by a centerline or an address point, its house-number ranges (odd and
 * even, lowest to highest) from the address points and, beside them, from the centerline file's
 * left/right from–to range columns where it has them, the sectors it lies in, and the streets that meet it (centerlines sharing a vertex).
 * It is rebuilt from the layers whenever a layer is replaced, so it cannot drift from them.
 */
import type { GeographyData } from '../geo/gazetteer.ts';
import type { AreasAt, Point } from '../geo/model.ts';

export interface Range { low: number; high: number }

export interface IndexedStreet {
  name: string;
  /** `geography`: from the imported layers; `hand`: entered by hand for a town without a centerline file. */
  source: 'geography' | 'hand';
  odd: Range | null;
  even: Range | null;
  /** The ranges the centerline file gives its segments (left/right from–to), odd and even, lowest to highest; null where it gives none. */
  centerlineOdd: Range | null;
  centerlineEven: Range | null;
  sectors: string[];
  crossStreets: string[];
  /** How many address points the town's file has on it (0 for a street entered by hand). */
  addresses: number;
}

const vertexKey = ([lon, lat]: [number, number]) => `${lon.toFixed(6)},${lat.toFixed(6)}`;

function widen(range: Range | null, n: number): Range {
  return range ? { low: Math.min(range.low, n), high: Math.max(range.high, n) } : { low: n, high: n };
}

/** Every street of the layers, by name. `sectorAt` names the patrol sector a point lies in. */
export function deriveStreetIndex(data: Pick<GeographyData, 'addresses' | 'streets'>, sectorAt: (p: Point) => AreasAt['sector']): Map<string, IndexedStreet> {
  const index = new Map<string, IndexedStreet & { sectorSet: Set<string>; crossSet: Set<string> }>();
  const entry = (name: string) => {
    let e = index.get(name);
    if (!e) { e = { name, source: 'geography', odd: null, even: null, centerlineOdd: null, centerlineEven: null, sectors: [], crossStreets: [], addresses: 0, sectorSet: new Set(), crossSet: new Set() }; index.set(name, e); }
    return e;
  };
  for (const a of data.addresses) {
    const e = entry(a.street);
    e.addresses++;
    const n = parseInt(a.number, 10);
    if (Number.isFinite(n)) { if (n % 2 === 1) e.odd = widen(e.odd, n); else e.even = widen(e.even, n); }
    const sector = sectorAt(a);
    if (sector) e.sectorSet.add(sector);
  }
  const namesAt = new Map<string, Set<string>>();
  for (const s of data.streets) {
    const e = entry(s.name);
    for (const [from, to] of s.ranges ? [[s.ranges.leftFrom, s.ranges.leftTo], [s.ranges.rightFrom, s.ranges.rightTo]] as const : []) {
      if (from === null || to === null) continue;
      const [low, high] = [Math.min(from, to), Math.max(from, to)];
      // a side numbered odd (or even) throughout widens that range; a side mixing both (1–100) widens both
      if (low % 2 === 1 || high % 2 === 1) e.centerlineOdd = widen(widen(e.centerlineOdd, low % 2 === 1 ? low : low + 1), high % 2 === 1 ? high : high - 1);
      if (low % 2 === 0 || high % 2 === 0) e.centerlineEven = widen(widen(e.centerlineEven, low % 2 === 0 ? low : low + 1), high % 2 === 0 ? high : high - 1);
    }
    s.coords.forEach((c, i) => {
      const key = vertexKey(c);
      namesAt.set(key, (namesAt.get(key) ?? new Set()).add(s.name));
      // a street without address points still lies in the sectors its segments' middles fall in
      if (e.addresses === 0 && i > 0) {
        const p = s.coords[i - 1]!;
        const sector = sectorAt({ lon: (p[0] + c[0]) / 2, lat: (p[1] + c[1]) / 2 });
        if (sector) e.sectorSet.add(sector);
      }
    });
  }
  for (const names of namesAt.values()) {
    if (names.size < 2) continue;
    for (const a of names) for (const b of names) if (a !== b) index.get(a)!.crossSet.add(b);
  }
  const out = new Map<string, IndexedStreet>();
  for (const [name, { sectorSet, crossSet, ...street }] of [...index].sort(([a], [b]) => a.localeCompare(b))) {
    out.set(name, { ...street, sectors: [...sectorSet].sort(), crossStreets: [...crossSet].sort() });
  }
  return out;
}
