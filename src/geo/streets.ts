import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { metresBetween, type Point } from './model.ts';
import type { StreetSegment } from './gazetteer.ts';

/** Speed assumed between a point and the street it is nearest to (a driveway, a parking lot). */
const OFF_STREET_KMH = 15;
/** A point farther than this from every street vertex is not placed on the streets. */
const NEAREST_STREET_KM = 2;

export interface TravelEstimate {
  seconds: number;
  metres: number;
}

/** The units nearest by drive (`StreetNetwork.nearestByDrive`). */
export interface NearestByDrive {
  /** For each start, in order: its drive when it is among those reached, else null. */
  estimates: (TravelEstimate | null)[];
  /**
   * Every start not reached takes at least this long to drive (the search's frontier when it
   * stopped), and at least its straight line at the network's top speed (`leastSeconds`).
   */
  beyondSeconds: number;
}

/**
 * The street centerlines as a graph for travel-time estimates: each segment's
 * consecutive vertices joined by a link (both ways) costing its length at the segment's
 * speed, segments joined where they share a vertex. Held as flat arrays (each vertex's
 * links side by side), searched with Dijkstra's algorithm from the incident outward to
 * every unit at once, stopping when the last of them is reached.
 */
export class StreetNetwork {
  readonly #lat: Float64Array;
  readonly #lon: Float64Array;
  /** Vertex v's links are `#to[#first[v]] … #to[#first[v + 1] - 1]`, with their cost and length beside them. */
  readonly #first: Int32Array;
  readonly #to: Int32Array;
  readonly #seconds: Float64Array;
  readonly #metres: Float64Array;
  readonly #links: number;
  readonly #nodes: KDBush | null;
  /** The fastest speed anywhere (a street's or off the street): no drive of d metres takes less than d at this speed. */
  readonly topSpeedKmh: number;
  // The search's working state, kept between searches (a search runs to its end before the next begins):
  // a vertex's time and length are current only when its `#seen` is the search's number.
  readonly #time: Float64Array;
  readonly #length: Float64Array;
  readonly #seen: Int32Array;
  readonly #done: Int32Array;
  #search = 0;
  readonly #heap: number[] = [];
  readonly #heapTime: number[] = [];
  #popped = 0;

  constructor(streets: readonly StreetSegment[]) {
    const index = new Map<string, number>();
    const lats: number[] = [];
    const lons: number[] = [];
    const from: number[] = [];
    const to: number[] = [];
    const seconds: number[] = [];
    const metres: number[] = [];
    const vertex = (c: [number, number]): number => {
      const key = `${c[0].toFixed(6)},${c[1].toFixed(6)}`;
      let v = index.get(key);
      if (v === undefined) { v = lats.length; index.set(key, v); lats.push(c[1]); lons.push(c[0]); }
      return v;
    };
    for (const s of streets) {
      let previous = -1;
      for (const c of s.coords) {
        const v = vertex(c);
        if (previous >= 0 && previous !== v) {
          const length = metresBetween({ lon: lons[previous]!, lat: lats[previous]! }, { lon: lons[v]!, lat: lats[v]! });
          from.push(previous); to.push(v); metres.push(length); seconds.push(length / (s.speedKmh / 3.6));
        }
        previous = v;
      }
    }
    const n = lats.length;
    let top = OFF_STREET_KMH;
    for (const st of streets) if (st.speedKmh > top) top = st.speedKmh;
    this.topSpeedKmh = top;
    this.#lat = Float64Array.from(lats);
    this.#lon = Float64Array.from(lons);
    this.#links = from.length;
    this.#first = new Int32Array(n + 1);
    for (let e = 0; e < from.length; e++) { this.#first[from[e]! + 1]! += 1; this.#first[to[e]! + 1]! += 1; }
    for (let v = 0; v < n; v++) this.#first[v + 1]! += this.#first[v]!;
    const fill = this.#first.slice(0, n);
    this.#to = new Int32Array(2 * from.length);
    this.#seconds = new Float64Array(2 * from.length);
    this.#metres = new Float64Array(2 * from.length);
    const put = (a: number, b: number, e: number) => {
      const at = fill[a]!++;
      this.#to[at] = b; this.#seconds[at] = seconds[e]!; this.#metres[at] = metres[e]!;
    };
    for (let e = 0; e < from.length; e++) { put(from[e]!, to[e]!, e); put(to[e]!, from[e]!, e); }
    this.#time = new Float64Array(n);
    this.#length = new Float64Array(n);
    this.#seen = new Int32Array(n);
    this.#done = new Int32Array(n);
    if (n === 0) { this.#nodes = null; return; }
    this.#nodes = new KDBush(n);
    for (let v = 0; v < n; v++) this.#nodes.add(lons[v]!, lats[v]!);
    this.#nodes.finish();
  }

  get size(): { nodes: number; links: number } {
    return { nodes: this.#lat.length, links: this.#links };
  }

  #nearestNode(point: Point): { id: number; metres: number } | null {
    if (!this.#nodes) return null;
    const [id] = around(this.#nodes, point.lon, point.lat, 1, NEAREST_STREET_KM);
    if (id === undefined) return null;
    return { id, metres: metresBetween(point, { lat: this.#lat[id]!, lon: this.#lon[id]! }) };
  }

  /** Driving time from one point to another over the streets, or null when either is more than 2 km from any street or no road joins them. */
  travel(from: Point, to: Point): TravelEstimate | null {
    return this.travelTo(to, [from])[0]!;
  }

  /**
   * Driving time to `to` from each of `from` over the streets (the fastest drive; the roads
   * go both ways), in the same order: null for a point more than 2 km from any street or not
   * joined to `to` by road. One search from `to` outward, ended when every start is reached.
   */
  travelTo(to: Point, from: readonly Point[]): (TravelEstimate | null)[] {
    return this.nearestByDrive(to, from, from.length).estimates;
  }

  /** The least time a drive of this straight-line length can take (at the network's top speed). */
  leastSeconds(metres: number): number {
    return metres / (this.topSpeedKmh / 3.6);
  }

  /**
   * The `count` starts nearest `to` by drive, with their drives: one search from `to`
   * outward, taking in each start once the frontier has passed the least time its straight
   * line allows (so only starts that could be among the nearest are ever placed on the
   * streets), and ended when `count` starts are reached and no other can come sooner (those
   * reached on the way keep their drive too). Every start not reached takes at least `beyondSeconds`.
   */
  nearestByDrive(to: Point, from: readonly Point[], count: number): NearestByDrive {
    const estimates: (TravelEstimate | null)[] = from.map(() => null);
    const goal = this.#nearestNode(to);
    if (!goal || count <= 0) return { estimates, beyondSeconds: 0 };
    const offStreet = OFF_STREET_KMH / 3.6;
    const goalSeconds = goal.metres / offStreet;
    const least = from.map((p) => this.leastSeconds(metresBetween(to, p)));
    const order = from.map((_, i) => i).sort((a, b) => least[a]! - least[b]!);
    const search = ++this.#search;
    const wanted = new Map<number, { i: number; metres: number }[]>();
    const found: number[] = []; // the drives found so far, in seconds, ascending
    let next = 0;
    let pending = 0; // placed on the streets, not reached yet
    const answer = (i: number, nodeSeconds: number, nodeMetres: number, startMetres: number) => {
      const seconds = nodeSeconds + (startMetres / offStreet) + goalSeconds;
      estimates[i] = { seconds, metres: nodeMetres + startMetres + goal.metres };
      let at = found.length;
      found.push(seconds);
      while (at > 0 && found[at - 1]! > seconds) { found[at] = found[at - 1]!; at -= 1; }
      found[at] = seconds;
    };
    /** Place on the streets every start whose least time the frontier has reached. */
    const takeIn = (frontier: number) => {
      while (next < order.length && least[order[next]!]! <= frontier) {
        const i = order[next++]!;
        const start = this.#nearestNode(from[i]!);
        if (!start) continue;
        if (this.#done[start.id] === search) { answer(i, this.#time[start.id]!, this.#length[start.id]!, start.metres); continue; }
        const list = wanted.get(start.id);
        if (list) list.push({ i, metres: start.metres }); else wanted.set(start.id, [{ i, metres: start.metres }]);
        pending += 1;
      }
    };
    const heap = this.#heap;
    heap.length = 0;
    this.#heapTime.length = 0;
    this.#seen[goal.id] = search;
    this.#time[goal.id] = 0;
    this.#length[goal.id] = 0;
    this.#push(goal.id, 0);
    let frontier = goalSeconds;
    while (heap.length > 0) {
      const v = this.#pop();
      const time = this.#popped;
      if (this.#done[v] === search || time > this.#time[v]!) continue;
      frontier = time + goalSeconds;
      // enough found, and no start left can be nearer: the ones waiting are at least this far, the others farther still
      if (found.length >= count && found[count - 1]! <= frontier) break;
      takeIn(frontier);
      if (next === order.length && pending === 0) break; // every start placed is reached; the others are off the streets
      this.#done[v] = search;
      for (const start of wanted.get(v) ?? []) { answer(start.i, time, this.#length[v]!, start.metres); pending -= 1; }
      for (let at = this.#first[v]!, end = this.#first[v + 1]!; at < end; at++) {
        const w = this.#to[at]!;
        if (this.#done[w] === search) continue;
        const nextTime = time + this.#seconds[at]!;
        if (this.#seen[w] !== search || nextTime < this.#time[w]!) {
          this.#seen[w] = search;
          this.#time[w] = nextTime;
          this.#length[w] = this.#length[v]! + this.#metres[at]!;
          this.#push(w, nextTime);
        }
      }
    }
    return { estimates, beyondSeconds: frontier };
  }

  /** The binary heap of vertices by time so far (a vertex may be in it more than once; the later, longer entries are skipped). */
  #push(v: number, time: number): void {
    const heap = this.#heap;
    const heapTime = this.#heapTime;
    let i = heap.length;
    heap.push(v);
    heapTime.push(time);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapTime[parent]! <= time) break;
      heap[i] = heap[parent]!; heapTime[i] = heapTime[parent]!;
      i = parent;
    }
    heap[i] = v; heapTime[i] = time;
  }

  /** Take the vertex of least time off the heap (its time in `#popped`). */
  #pop(): number {
    const heap = this.#heap;
    const heapTime = this.#heapTime;
    const top = heap[0]!;
    this.#popped = heapTime[0]!;
    const lastV = heap.pop()!;
    const lastT = heapTime.pop()!;
    const n = heap.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const child = left + 1 < n && heapTime[left + 1]! < heapTime[left]! ? left + 1 : left;
      if (heapTime[child]! >= lastT) break;
      heap[i] = heap[child]!; heapTime[i] = heapTime[child]!;
      i = child;
    }
    heap[i] = lastV; heapTime[i] = lastT;
    return top;
  }
}
