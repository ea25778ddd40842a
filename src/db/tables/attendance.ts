import type { Generated } from 'kysely';
import type { StampedAt } from './columns.ts';

/** `withdrawn` is only ever a correction: the entry it corrects was made in error. */
export type AttendanceKind = 'absent' | 'court' | 'overtime' | 'withdrawn';

/** One attendance entry (S-110 §A.1.i): an absence, court time or overtime of one employee on one day. Append-only. */
export interface AttendanceEntryTable {
  id: Generated<string>;
  username: string;
  /** The agency-local date of the shift or day the entry is about. */
  work_date: string;
  shift: string | null;
  kind: AttendanceKind;
  /** The absence reason or the overtime reason (src/attendance/rules.ts). */
  reason: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  /** Court or overtime time, in minutes. */
  minutes: number | null;
  court: string | null;
  docket: string | null;
  case_number: string | null;
  note: string | null;
  corrects: string | null;
  correction_reason: string | null;
  recorded_by: string;
  recorded_at: StampedAt;
}

/** The tables the attendance capability owns (migration 0045). */
export interface AttendanceTables {
  attendance_entry: AttendanceEntryTable;
}
