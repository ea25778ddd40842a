import createGraph, { type Graph } from 'ngraph.graph';
import { aStar } from 'ngraph.path';
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { metresBetween, type Point } from './model.ts';
import type { StreetSegment } from './gazetteer.ts';

interface NodeData { lat: number; lon: number }
interface LinkData { seconds: number }

/** Speed assumed between a point and the street it is nearest to (a driveway, a parking lot). */
const OFF_STREET_KMH = 15;

export interface TravelEstimate {
  seconds: number;
  metres: number;
}

/**
 * The street centerlines as a graph for travel-time estimates: each segment's
 * consecutive vertices joined by a link costing its length at the segment's speed,
 * segments joined where they share a vertex. Searched with ngraph's A*.
 */
export class StreetNetwork {
  readonly #graph: Graph<NodeData, LinkData> = createGraph<NodeData, LinkData>();
  readonly #ids: string[] = [];
  readonly #nodes: KDBush | null;
  readonly #finder;

  constructor(streets: readonly StreetSegment[]) {
    const key = (c: [number, number]) => `${c[0].toFixed(6)},${c[1].toFixed(6)}`;
    // A*'s estimate of the time left is the straight line at the layer's own top speed: never
    // more than the real drive (so the path found is the fastest), and close enough to it that
    // the search stays near the line between the two points instead of spreading over the town.
    let fastestKmh = 0;
    for (const s of streets) {
      fastestKmh = Math.max(fastestKmh, s.speedKmh);
      for (let i = 0; i < s.coords.length; i++) {
        const c = s.coords[i]!;
        const id = key(c);
        if (!this.#graph.hasNode(id)) { this.#graph.addNode(id, { lon: c[0], lat: c[1] }); this.#ids.push(id); }
        if (i === 0) continue;
        const p = s.coords[i - 1]!;
        const metres = metresBetween({ lon: p[0], lat: p[1] }, { lon: c[0], lat: c[1] });
        this.#graph.addLink(key(p), id, { seconds: metres / (s.speedKmh / 3.6) });
      }
    }
    if (this.#ids.length === 0) { this.#nodes = null; this.#finder = null; return; }
    this.#nodes = new KDBush(this.#ids.length);
    for (const id of this.#ids) { const n = this.#graph.getNode(id)!.data; this.#nodes.add(n.lon, n.lat); }
    this.#nodes.finish();
    this.#finder = aStar(this.#graph, {
      oriented: false,
      distance: (_from, _to, link) => link.data.seconds,
      heuristic: (from, to) => metresBetween(from.data, to.data) / (fastestKmh / 3.6),
    });
  }

  get size(): { nodes: number; links: number } {
    return { nodes: this.#graph.getNodeCount(), links: this.#graph.getLinkCount() };
  }

  #nearestNode(point: Point): { id: string; metres: number } | null {
    if (!this.#nodes) return null;
    const [index] = around(this.#nodes, point.lon, point.lat, 1, 2);
    if (index === undefined) return null;
    const id = this.#ids[index]!;
    return { id, metres: metresBetween(point, this.#graph.getNode(id)!.data) };
  }

  /** Driving time from one point to another over the streets, or null when either is more than 2 km from any street or no road joins them. */
  travel(from: Point, to: Point): TravelEstimate | null {
    const a = this.#nearestNode(from);
    const b = this.#nearestNode(to);
    if (!a || !b || !this.#finder) return null;
    const offStreet = (a.metres + b.metres) / (OFF_STREET_KMH / 3.6);
    if (a.id === b.id) return { seconds: offStreet, metres: a.metres + b.metres };
    const path = this.#finder.find(a.id, b.id);
    if (path.length === 0) return null;
    let seconds = offStreet;
    let metres = a.metres + b.metres;
    for (let i = 1; i < path.length; i++) {
      const link = this.#graph.getLink(path[i - 1]!.id, path[i]!.id) ?? this.#graph.getLink(path[i]!.id, path[i - 1]!.id);
      seconds += link?.data.seconds ?? 0;
      metres += metresBetween(path[i - 1]!.data, path[i]!.data);
    }
    return { seconds, metres };
  }
}
