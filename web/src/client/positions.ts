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

/**
 * Apply the `unit.position` events among these (any order) to the positions: a new
 * report is fresh. Returns the same object when nothing changed.
 */
export function applyPositionEvents(positions: Record<string, Position>, events: readonly DispatchEvent[]): Record<string, Position> {
  let next = positions;
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    if (event.kind !== 'unit.position') continue;
    const p = event.payload as { callSign?: unknown; lat?: unknown; lon?: unknown; fixedAt?: unknown; address?: unknown };
    if (typeof p.callSign !== 'string' || typeof p.lat !== 'number' || typeof p.lon !== 'number') continue;
    if (next === positions) next = { ...positions };
    next[p.callSign] = { callSign: p.callSign, lat: p.lat, lon: p.lon, fixedAt: String(p.fixedAt ?? event.at), stale: false, address: typeof p.address === 'string' ? p.address : null };
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
