import type { ColumnType, Generated } from 'kysely';
import type { Json } from './columns.ts';

export type EntrySource = 'directory' | 'person' | 'other';
export type CallOutcome = 'reached' | 'no_answer' | 'left_message' | 'wrong_number';
export type Completion = 'all_reached' | 'closed';
/** A number to call and what it is ("DPW on-call cell"). */
export interface Phone { label: string; number: string }

/** A kind of town emergency and its list's notes (S-110 §A.1.h): kept by the commanding officer or the administrator. */
export interface NotificationListTable {
  kind: string;
  name: string;
  notes: string | null;
  active: Generated<boolean>;
  updated_by: string;
  updated_at: Generated<Date>;
}

/** One place in a list's calling order: a directory contact, one of the agency's people, or a name entered with its phones. */
export interface NotificationListEntryTable {
  id: Generated<string>;
  kind: string;
  position: number;
  source: EntrySource;
  directory_entry_id: string | null;
  person: string | null;
  name: string;
  role: string | null;
  phones: Json<Phone[]>;
  notes: string | null;
  required: boolean;
  /** "If no answer within N minutes, call the next" (null: no reminder). */
  call_next_after_minutes: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A call-down: who started it for which emergency (and incident), and when it was complete. */
export interface CallDownTable {
  id: Generated<string>;
  kind: string;
  kind_name: string;
  list_notes: string | null;
  incident_number: string | null;
  reason: string | null;
  started_by: string;
  /** The agency clock's time when it was started (ctx.clock), not the database's. */
  started_at: ColumnType<Date, Date, never>;
  completed_at: Date | null;
  completed_by: string | null;
  completion: Completion | null;
}

/** The list's entries as they were when the call-down started: append-only. No residential number is copied. */
export interface CallDownEntryTable {
  id: Generated<string>;
  call_down_id: string;
  position: number;
  source: EntrySource;
  person: string | null;
  name: string;
  role: string | null;
  phones: Json<Phone[]>;
  notes: string | null;
  required: boolean;
  call_next_after_minutes: ColumnType<number | null, number | null | undefined, never>;
}

/** Each call made: its outcome, the agency clock's time, the dispatcher; append-only. */
export interface CallDownAttemptTable {
  id: Generated<string>;
  call_down_id: string;
  entry_id: string;
  outcome: CallOutcome;
  note: string | null;
  at: ColumnType<Date, Date, never>;
  by_user: string;
}

/** The tables the emergency notification capability owns (migration 0047). */
export interface NotifyTables {
  notification_list: NotificationListTable;
  notification_list_entry: NotificationListEntryTable;
  call_down: CallDownTable;
  call_down_entry: CallDownEntryTable;
  call_down_attempt: CallDownAttemptTable;
}
