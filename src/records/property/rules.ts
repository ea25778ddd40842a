/**
 * Property and evidence custody (S-110 §A.1.j evidence, §A.1.u stolen property), with no
 * I/O: every movement starts where the item is; an item released or destroyed is gone
 * for good; release to the owner and destruction need a supervisor's authorization, given
 * by someone other than the person who hands the item over.
 */
import { allow, refuse, type Decision } from '../../core/decision.ts';
import type { CustodyAction, PropertyStatus } from '../../db/tables/records.ts';

const EVIDENCE = 'S-110 §A.1.j';
const STOLEN = 'S-110 §A.1.u';

/** Locations compare without case, spacing or punctuation: "Shelf B-3" is "shelf b3". */
export function sameLocation(a: string | null, b: string | null): boolean {
  const norm = (s: string | null) => (s ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  return norm(a) !== '' && norm(a) === norm(b);
}

/** Where a movement leaves the item: in the property room, out (lab, court), or gone. */
export function statusAfter(action: CustodyAction): PropertyStatus {
  if (action === 'lab' || action === 'court') return 'out';
  if (action === 'release') return 'released';
  if (action === 'destruction') return 'destroyed';
  return 'in_custody';
}

export interface ItemState { status: PropertyStatus; location: string | null; tag: string }

/** A movement of an item claimed to be at `from`. */
export function movementAllowed(item: ItemState, action: CustodyAction, from: string): Decision {
  if (item.status === 'released' || item.status === 'destroyed') {
    return refuse('property.gone', EVIDENCE, `item ${item.tag} was ${item.status}; it has no further custody`, 409);
  }
  if (item.status === 'outstanding' || item.status === 'recovered') {
    return refuse('property.not_held', STOLEN, `item ${item.tag} is a stolen-property report, not an item in the department's custody`, 409);
  }
  if (!sameLocation(item.location, from)) {
    return refuse('property.not_there', EVIDENCE, `item ${item.tag} is at "${item.location}", not "${from}"; record where it really is`, 409);
  }
  if (action === 'returned' && item.status !== 'out') return refuse('property.not_out', EVIDENCE, `item ${item.tag} is already in the property room`, 409);
  return allow(EVIDENCE);
}

export interface Authorization { action: 'release' | 'destruction'; authorizedBy: string; usedAt: Date | null; itemId: string }

/** Release to an owner and destruction need an unused authorization for this item and this act, from someone else. */
export function finalActAllowed(action: 'release' | 'destruction', itemId: string, recorder: string, auth: Authorization | undefined): Decision {
  if (!auth || auth.itemId !== itemId || auth.action !== action) {
    return refuse('property.not_authorized', EVIDENCE, `${action === 'release' ? 'release to the owner' : 'destruction'} needs a supervisor's authorization for this item`);
  }
  if (auth.usedAt) return refuse('property.authorization_used', EVIDENCE, 'that authorization was already used', 409);
  if (auth.authorizedBy === recorder) return refuse('property.own_authorization', EVIDENCE, 'the person who authorizes a release or destruction does not also carry it out', 403);
  return allow(EVIDENCE);
}

/** The difference between what a shelf should hold and what was scanned there. */
export function shelfDifferences(expected: readonly string[], scanned: readonly string[]): { missing: string[]; unexpected: string[]; found: string[] } {
  const want = new Set(expected);
  const seen = new Set(scanned);
  return {
    found: expected.filter((t) => seen.has(t)),
    missing: expected.filter((t) => !seen.has(t)),
    unexpected: scanned.filter((t) => !want.has(t)),
  };
}
