import type { ColumnType, Generated } from 'kysely';
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
  /** Why a leave absence was recorded although it takes the balance below zero (null: it did not). */
  leave_override: ColumnType<string | null, string | null | undefined, never>;
}

export type LeaveType = 'vacation' | 'sick' | 'personal';
export type LeaveMode = 'accrual' | 'yearly' | 'none';

/** An employee's leave plan for one type, as the commanding officer set it; the latest row is in force. Append-only. */
export interface AttendanceLeavePlanTable {
  id: Generated<string>;
  username: string;
  leave_type: LeaveType;
  /** accrual: `hours` each pay period of `period_days`; yearly: `hours` on `starts_on` and each anniversary; none: no leave of this type. */
  mode: LeaveMode;
  hours: ColumnType<string, number, never>;
  period_days: number | null;
  starts_on: string;
  /** The balance carried in on `starts_on`. */
  opening_hours: ColumnType<string, number, never>;
  set_by: string;
  set_at: StampedAt;
}

/** The fewest members on duty a watch (a roster shift, by name) may have, set by the commanding officer. */
export interface AttendanceMinStaffingTable {
  shift: string;
  minimum: number;
  set_by: string;
  set_at: ColumnType<Date, Date | undefined, Date>;
}

/** The tables the attendance capability owns (migration 0045). */
export interface AttendanceTables {
  attendance_entry: AttendanceEntryTable;
  attendance_leave_plan: AttendanceLeavePlanTable;
  attendance_min_staffing: AttendanceMinStaffingTable;
}
