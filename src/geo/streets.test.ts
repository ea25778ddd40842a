import { describe, expect, test } from 'vitest';
import { StreetNetwork } from './streets.ts';
import { metresBetween } from './model.ts';
import type { StreetSegment } from './gazetteer.ts';

const LAT = 42.32;
const LON = -72.64;
const at = (east: number, north: number) => ({ lat: LAT + north, lon: LON + east });
const line = (name: string, speedKmh: number, ...points: { lat: number; lon: number }[]): StreetSegment => ({ name, speedKmh, coords: points.map((p) => [p.lon, p.lat]) });

describe('driving time over the street centerlines (81A §E.2.b "location")', () => {
  test('the faster drive wins over the shorter one: a slow direct street against a fast loop round it', () => {
    const [a, b, c, d] = [at(0, 0), at(0.01, 0), at(0, 0.002), at(0.01, 0.002)];
    const network = new StreetNetwork([line('SLOW ST', 20, a, b), line('FAST RD', 100, a, c, d, b)]);
    const loop = metresBetween(a, c) + metresBetween(c, d) + metresBetween(d, b);
    const [estimate] = network.travelTo(b, [a]);
    expect(estimate!.metres).toBeCloseTo(loop, 6);
    expect(estimate!.seconds).toBeCloseTo(loop / (100 / 3.6), 6);
    expect(network.travel(a, b)).toEqual(estimate);
  });

  test('many units at once get, in their order, what each would get alone; a point 2 km from every street or on a street no road joins gets none', () => {
    const streets = [line('MAIN ST', 40, at(0, 0), at(0.005, 0), at(0.01, 0)), line('ELM ST', 30, at(0.005, 0), at(0.005, 0.004)), line('ISLAND RD', 40, at(0.02, 0.01), at(0.021, 0.01))];
    const network = new StreetNetwork(streets);
    const incident = at(0.0052, 0.0041);
    const units = [at(0, 0.0001), at(0.02, 0.0101), at(0.01, 0), at(0.5, 0.5), at(0, 0.0001), at(0.0051, 0.004)];
    const together = network.travelTo(incident, units);
    expect(together).toEqual(units.map((u) => network.travel(u, incident)));
    expect(together[1]).toBeNull(); // Island Road joins nothing
    expect(together[3]).toBeNull(); // 2 km from every street
    expect(together[0]).toEqual(together[4]);
    // on the same vertex: only the way to and from the street, at 15 km/h
    const off = metresBetween(units[5]!, at(0.005, 0.004)) + metresBetween(incident, at(0.005, 0.004));
    expect(together[5]!.seconds).toBeCloseTo(off / (15 / 3.6), 6);
  });

  test('on a grid of streets at mixed speeds every drive is the fastest, checked against all pairs worked out by Floyd–Warshall', () => {
    const size = 7;
    const speed = (i: number, j: number) => 20 + ((i * 7 + j * 13) % 9) * 10;
    const streets: StreetSegment[] = [];
    const vertices = Array.from({ length: size * size }, (_, k) => at((k % size) * 0.002, Math.floor(k / size) * 0.0015));
    const cost = Array.from({ length: size * size }, (_, i) => Array.from({ length: size * size }, (_, j) => (i === j ? 0 : Infinity)));
    const join = (p: number, q: number, kmh: number) => {
      streets.push(line(`S${p}-${q}`, kmh, vertices[p]!, vertices[q]!));
      const seconds = metresBetween(vertices[p]!, vertices[q]!) / (kmh / 3.6);
      cost[p]![q] = Math.min(cost[p]![q]!, seconds);
      cost[q]![p] = Math.min(cost[q]![p]!, seconds);
    };
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) {
      const k = r * size + c;
      if (c + 1 < size) join(k, k + 1, speed(r, c));
      if (r + 1 < size) join(k, k + size, speed(c, r + 3));
    }
    for (let m = 0; m < size * size; m++) for (let i = 0; i < size * size; i++) for (let j = 0; j < size * size; j++) {
      if (cost[i]![m]! + cost[m]![j]! < cost[i]![j]!) cost[i]![j] = cost[i]![m]! + cost[m]![j]!;
    }
    const network = new StreetNetwork(streets);
    for (const goal of [0, 24, 48, 17]) {
      const answers = network.travelTo(vertices[goal]!, vertices);
      answers.forEach((answer, i) => expect(answer!.seconds).toBeCloseTo(cost[i]![goal]!, 6));
    }
  });

  test('the units nearest by drive: the same drives as a search to every unit, the nearest of them, and every other unit at least as far as the frontier (issue 17)', () => {
    const size = 12;
    const speed = (i: number, j: number) => 20 + ((i * 5 + j * 11) % 7) * 10;
    const streets: StreetSegment[] = [];
    const vertex = (r: number, c: number) => at(c * 0.003, r * 0.002);
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) {
      if (c + 1 < size) streets.push(line(`E${r}-${c}`, speed(r, c), vertex(r, c), vertex(r, c + 1)));
      if (r + 1 < size) streets.push(line(`N${r}-${c}`, speed(c, r + 2), vertex(r, c), vertex(r + 1, c)));
    }
    const network = new StreetNetwork(streets);
    expect(network.topSpeedKmh).toBe(80);
    // 60 units scattered over the grid, a little off the streets; one far off them
    const units = Array.from({ length: 60 }, (_, i) => at(((i * 37) % 100) / 100 * 0.033 + 0.0001, ((i * 61) % 100) / 100 * 0.022 + 0.0001));
    units.push(at(0.5, 0.5));
    const incident = at(0.016, 0.011);
    const all = network.travelTo(incident, units);
    const byDrive = units.map((_, i) => i).filter((i) => all[i]).sort((a, b) => all[a]!.seconds - all[b]!.seconds);
    for (const count of [1, 5, 12]) {
      const { estimates, beyondSeconds } = network.nearestByDrive(incident, units, count);
      const reached = estimates.map((e, i) => (e ? i : -1)).filter((i) => i >= 0);
      // the `count` nearest are reached, with the drive a full search gives them
      for (const i of byDrive.slice(0, count)) expect(estimates[i]!.seconds).toBeCloseTo(all[i]!.seconds, 6);
      expect(reached.length).toBeGreaterThanOrEqual(count);
      expect(reached.length).toBeLessThan(units.length - 1); // the search stopped before the whole town
      // no unit left out is nearer than the frontier, and no drive is shorter than its straight line at the top speed
      expect(beyondSeconds).toBeGreaterThanOrEqual(all[byDrive[count - 1]!]!.seconds - 1e-6);
      for (const [i, unit] of units.entries()) {
        if (!estimates[i] && all[i]) expect(all[i]!.seconds).toBeGreaterThanOrEqual(beyondSeconds - 1e-6);
        if (all[i]) expect(all[i]!.seconds).toBeGreaterThanOrEqual(network.leastSeconds(metresBetween(incident, unit)) - 1e-6);
      }
      expect(estimates[60]).toBeNull();
    }
  });
});
