import type { Static } from 'typebox';
import type { UnitPosition } from '../../../src/geo/schemas.ts';
import type { DispatchEvent, Unit } from './types.ts';
import { locationText } from './types.ts';

/** A unit's last position as the live store holds it: the map draws it, the board names its nearest address. */
export type Position = Pick<Static<typeof UnitPosition>, 'callSign' | 'lat' | 'lon' | 'fixedAt' | 'stale' | 'address'>;

/** The positions the server lists, by call sign. */
export function positionsByCallSign(list: readonly Position[]): Record<string, Position> {
  return Object.fromEntries(list.map((p) => [p.callSign, { callSign: p.callSign, lat: p.lat, lon: p.lon, fixedAt: p.fixedAt, stale: p.stale, address: p.address ?? null }]));
}

/** The position events: one unit's (`unit.position`), or many units' of one AVL tick (`unit.positions`). */
export const POSITION_KINDS: readonly string[] = ['unit.position', 'unit.positions'];

function positionOf(p: unknown, at: string): Position | null {
  const q = p as { callSign?: unknown; lat?: unknown; lon?: unknown; fixedAt?: unknown; address?: unknown } | null;
  if (!q || typeof q.callSign !== 'string' || typeof q.lat !== 'number' || typeof q.lon !== 'number') return null;
  return { callSign: q.callSign, lat: q.lat, lon: q.lon, fixedAt: String(q.fixedAt ?? at), stale: false, address: typeof q.address === 'string' ? q.address : null };
}

/**
 * Apply the position events among these (any order) to the positions: a new report is
 * fresh. A `unit.positions` event carries many units' reports, each applied as one
 * `unit.position` would be. Returns the same object when nothing changed.
 */
export function applyPositionEvents(positions: Record<string, Position>, events: readonly DispatchEvent[]): Record<string, Position> {
  let next = positions;
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    if (!POSITION_KINDS.includes(event.kind)) continue;
    const reports = event.kind === 'unit.positions' ? event.payload.positions : [event.payload];
    if (!Array.isArray(reports)) continue;
    for (const report of reports) {
      const position = positionOf(report, event.at);
      if (!position) continue;
      if (next === positions) next = { ...positions };
      next[position.callSign] = position;
    }
  }
  return next;
}

/**
 * What the unit board's Location column says: the nearest address of a fresh AVL
 * position, else the status location (a stale position is not used).
 */
export function unitWhere(unit: Unit, position: Position | undefined): { text: string; source: 'avl' | 'status'; stale: boolean } {
  if (position && !position.stale && position.address) return { text: position.address, source: 'avl', stale: false };
  return { text: locationText(unit.location), source: 'status', stale: Boolean(position?.stale) };
}
