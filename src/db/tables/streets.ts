import type { ColumnType, Generated } from 'kysely';
import type { StampedAt } from './columns.ts';

export type StreetNoteKind = 'premises' | 'hazard';
export type RangeSide = 'odd' | 'even' | 'both';

/** A street entered by hand for a town without a centerline file (S-110 §A.1.v), with its ranges, sectors and cross streets. */
export interface StreetFileStreetTable {
  /** Normalised as the geography stores street names (`ELM ST`). */
  name: string;
  odd_low: number | null;
  odd_high: number | null;
  even_low: number | null;
  even_high: number | null;
  sectors: ColumnType<string[], string[] | undefined, string[]>;
  cross_streets: ColumnType<string[], string[] | undefined, string[]>;
  entered_by: string;
  entered_at: StampedAt;
}

/**
 * A premises note or hazard on a street (no number, no range), a range of house numbers on it
 * (low–high on the odd side, the even side or both), or one address (a house number); in force
 * from `effective_from` to the end of `effective_until`, or until ended with a reason.
 */
export interface StreetFileNoteTable {
  id: Generated<string>;
  street: string;
  number: string | null;
  low: number | null;
  high: number | null;
  side: RangeSide | null;
  kind: StreetNoteKind;
  text: string;
  effective_from: string;
  effective_until: string | null;
  entered_by: string;
  entered_at: StampedAt;
  ended_at: Date | null;
  ended_by: string | null;
  ended_reason: string | null;
}

/** The tables the street file owns (migration 0048). */
export interface StreetsTables {
  street_file_street: StreetFileStreetTable;
  street_file_note: StreetFileNoteTable;
}
