/**
 * Street files (S-110 §A.1.v), with no I/O: what a premises note or hazard may cover (a street,
 * a range of house numbers on it, one address), when it is in force (from its first day to the
 * end of its last, agency calendar, unless ended), and which notes apply at a typed address.
 */
import { allow, refuse, type Decision } from '../core/decision.ts';
import type { RangeSide } from '../db/tables/streets.ts';

export const CLAUSE = 'S-110 §A.1.v';

/** A house number as the address file writes it: `12`, `12A`, `12-14`. */
export const HOUSE_NUMBER = /^[0-9]{1,6}[A-Z]?(-[0-9A-Z]{1,6})?$/;

/** Where on a street a note applies: the whole street, a range, or one house number. */
export interface NotePlace { number?: string | null | undefined; low?: number | null | undefined; high?: number | null | undefined; side?: RangeSide | null | undefined }

export interface NoteDates { effectiveFrom: string; effectiveUntil?: string | null | undefined }

/** A range runs low to high on one side (or both); an address is one house number; a note covers one of the three. */
export function placeAllowed(p: NotePlace): Decision {
  const ranged = p.low != null || p.high != null;
  if (ranged && p.number) return refuse('street_file.place', CLAUSE, 'a note is on one address (number) or on a range (low–high), not both', 422, 'body.number');
  if (ranged && (p.low == null || p.high == null)) return refuse('street_file.range', CLAUSE, 'a range needs both its low and its high house number', 422, p.low == null ? 'body.low' : 'body.high');
  if (ranged && p.low! > p.high!) return refuse('street_file.range', CLAUSE, `the range's low number (${p.low}) is above its high number (${p.high})`, 422, 'body.low');
  if (!ranged && p.side) return refuse('street_file.range', CLAUSE, 'a side (odd, even, both) belongs to a range: give low and high', 422, 'body.side');
  if (p.number && !HOUSE_NUMBER.test(p.number)) return refuse('street_file.number', CLAUSE, `"${p.number}" is not a house number`, 422, 'body.number');
  return allow(CLAUSE);
}

/** A note is in force from its first day; its last day, when given, is not before its first. */
export function datesAllowed(d: NoteDates): Decision {
  if (d.effectiveUntil && d.effectiveUntil < d.effectiveFrom) {
    return refuse('street_file.dates', CLAUSE, `the note ends (${d.effectiveUntil}) before it begins (${d.effectiveFrom})`, 422, 'body.effectiveUntil');
  }
  return allow(CLAUSE);
}

/** A street's ranges entered by hand: each side's low is not above its high, and both or neither are given. */
export function rangesAllowed(r: { oddLow?: number | undefined; oddHigh?: number | undefined; evenLow?: number | undefined; evenHigh?: number | undefined }): Decision {
  for (const side of ['odd', 'even'] as const) {
    const low = r[`${side}Low`];
    const high = r[`${side}High`];
    if ((low === undefined) !== (high === undefined)) return refuse('street_file.range', CLAUSE, `the ${side} range needs both its low and its high number`, 422, `body.${side}${low === undefined ? 'Low' : 'High'}`);
    if (low !== undefined && high !== undefined && low > high) return refuse('street_file.range', CLAUSE, `the ${side} range's low number (${low}) is above its high number (${high})`, 422, `body.${side}Low`);
    if (low !== undefined && low % 2 !== (side === 'odd' ? 1 : 0)) return refuse('street_file.range', CLAUSE, `the ${side} range's low number (${low}) is not ${side}`, 422, `body.${side}Low`);
  }
  return allow(CLAUSE);
}

export type NoteState = 'in_force' | 'scheduled' | 'expired' | 'ended';

/** Where a note stands today: ended by someone, not yet begun, past its last day, or in force. */
export function noteState(n: { effectiveFrom: string; effectiveUntil: string | null; ended: boolean }, today: string): NoteState {
  if (n.ended) return 'ended';
  if (n.effectiveFrom > today) return 'scheduled';
  if (n.effectiveUntil !== null && n.effectiveUntil < today) return 'expired';
  return 'in_force';
}

/**
 * Whether a note applies at a house number (or, with none typed, to the street as a whole):
 * a street-wide note always; an address note at that number; a range note at a number within
 * it on its side (`12A` counts as 12).
 */
export function appliesAt(note: NotePlace, number: string | null): boolean {
  if (!note.number && note.low == null) return true;
  if (!number) return false;
  if (note.number) return note.number.toUpperCase() === number.toUpperCase();
  const n = parseInt(number, 10);
  if (!Number.isFinite(n) || n < note.low! || n > note.high!) return false;
  return note.side === 'both' || (note.side === 'odd') === (n % 2 === 1);
}

/** How a note's place reads: `the whole street`, `no. 12`, `10–40 (even side)`. */
export function placeWords(p: NotePlace): string {
  if (p.number) return `no. ${p.number}`;
  if (p.low != null) return `${p.low}–${p.high}${p.side === 'both' ? '' : ` (${p.side} side)`}`;
  return 'the whole street';
}
