import type { Static } from 'typebox';
import type { UnitPosition } from '../../../src/geo/schemas.ts';
import type { DispatchEvent } from '../client/types.ts';

/** A unit's last position as the map holds it. */
export type Position = Pick<Static<typeof UnitPosition>, 'callSign' | 'lat' | 'lon' | 'fixedAt' | 'stale'>;

/**
 * Apply the `unit.position` events newer than `after` (the feed is newest first) to the
 * positions; returns the same object when nothing changed, and the newest seq seen.
 */
export function applyPositionEvents(positions: Record<string, Position>, feed: readonly DispatchEvent[], after: number): [Record<string, Position>, number] {
  let next = positions;
  let last = after;
  for (let i = feed.length - 1; i >= 0; i--) {
    const event = feed[i]!;
    if (event.seq <= after) continue;
    last = Math.max(last, event.seq);
    if (event.kind !== 'unit.position') continue;
    const p = event.payload as { callSign?: unknown; lat?: unknown; lon?: unknown; fixedAt?: unknown };
    if (typeof p.callSign !== 'string' || typeof p.lat !== 'number' || typeof p.lon !== 'number') continue;
    if (next === positions) next = { ...positions };
    next[p.callSign] = { callSign: p.callSign, lat: p.lat, lon: p.lon, fixedAt: String(p.fixedAt ?? event.at), stale: false };
  }
  return [next, last];
}
