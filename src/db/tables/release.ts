import type { ColumnType, Generated } from 'kysely';
import type { Json, ServerAssigned, StampedAt } from './columns.ts';

/** An agency recorded as authorized to receive CORI (81A §K.1.b.i), kept by a records supervisor. */
export interface CoriAgencyTable {
  id: Generated<string>;
  name: string;
  ori: string | null;
  authorized: Generated<boolean>;
  added_by: string;
  added_at: StampedAt;
  revoked_by: string | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

/** An employee of a registered agency authorized to receive CORI (81A §K.1.b.i). */
export interface CoriEmployeeTable {
  id: Generated<string>;
  agency_id: string;
  name: string;
  employee_id: string | null;
  authorized: Generated<boolean>;
  added_by: string;
  added_at: StampedAt;
  revoked_by: string | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

/** A criminal justice agency's records-check request taken by dispatch (81A §K.1). */
export interface RecordsCheckTable {
  id: Generated<string>;
  number: ColumnType<number, never, never>;
  received_at: StampedAt;
  received_by: string;
  agency_name: string;
  agency_id: string | null;
  employee_name: string;
  employee_id: string | null;
  subject_name: string;
  subject_dob: ColumnType<string | null, string | null, string | null>;
  purpose: string;
  routing: 'records_office' | 'answered_after_hours';
  status: 'open' | 'answered';
  identity_method: string | null;
  identity_note: string | null;
  answered_by: string | null;
  answered_at: Date | null;
}

/** One CORI dissemination (803 CMR 7.11): append-only. */
export interface CoriDisseminationTable {
  id: Generated<string>;
  number: ColumnType<number, never, never>;
  disseminated_at: StampedAt;
  disseminated_by: string;
  subject_name: string;
  subject_dob: ColumnType<string | null, string | null, never>;
  recipient_name: string;
  recipient_agency: string;
  purpose: string;
  what: string;
  records_check_id: string | null;
  identity_method: string | null;
}

export interface CoriDisseminationNoteTable {
  id: Generated<string>;
  dissemination_id: string;
  note: string;
  noted_by: string;
  noted_at: StampedAt;
}

/** A day's public log as a supervisor published it (M.G.L. c.41 §98F): append-only. */
export interface DailyLogPublicationTable {
  log_date: ColumnType<string, string, never>;
  published_by: string;
  published_at: StampedAt;
  entries: Json<unknown[]>;
}

/** A correction to a published day: a new, marked entry (never an edit). */
export interface DailyLogCorrectionTable {
  id: Generated<string>;
  log_date: ColumnType<string, string, never>;
  entry_ref: string | null;
  text: string;
  made_by: string;
  made_at: StampedAt;
}

/** A public records request (S-110 §B.2; M.G.L. c.66 §10) and its response deadline. */
export interface RecordsRequestTable {
  id: Generated<string>;
  number: ServerAssigned<number>;
  requester_name: string;
  requester_contact: string;
  received_via: 'in_person' | 'mail' | 'email' | 'phone' | 'web';
  description: string;
  received_on: ColumnType<string, string, never>;
  deadline: ColumnType<string, string, never>;
  status: Generated<'open' | 'released' | 'partially_released' | 'denied' | 'withdrawn'>;
  logged_by: string;
  logged_at: StampedAt;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  closed_by: string | null;
  closed_at: Date | null;
  withdraw_reason: string | null;
}

/** A record gathered into a request: a report, an incident, a day's public log. */
export interface RecordsRequestItemTable {
  id: Generated<string>;
  request_id: string;
  kind: 'report' | 'incident' | 'daily_log';
  ref: string;
  title: string;
  /** SHA-256 of the record's text as gathered and reviewed. */
  digest: string;
  added_by: string;
  added_at: StampedAt;
}

/** A redaction proposed by the system or added by the clerk, and the clerk's decision. */
export interface RecordsRequestRedactionTable {
  id: Generated<string>;
  request_id: string;
  item_id: string;
  scope: 'text' | 'item';
  what: string;
  terms: Json<string[]>;
  exemption: string;
  origin: 'proposed' | 'clerk';
  decision: 'proposed' | 'accepted' | 'removed';
  reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: StampedAt;
}

/** A release or denial (append-only): who released what to whom, when, with which redactions. */
export interface RecordsReleaseTable {
  id: Generated<string>;
  request_id: string;
  outcome: 'released' | 'partially_released' | 'denied';
  released_by: string;
  released_at: StampedAt;
  recipient: string;
  items: Json<unknown[]>;
  redactions: Json<unknown[]>;
  exemptions: Json<string[]>;
  release_pdf: Buffer | null;
  letter_pdf: Buffer | null;
}

export interface ReleaseTables {
  records_request: RecordsRequestTable;
  records_request_item: RecordsRequestItemTable;
  records_request_redaction: RecordsRequestRedactionTable;
  records_release: RecordsReleaseTable;
  cori_agency: CoriAgencyTable;
  cori_employee: CoriEmployeeTable;
  records_check: RecordsCheckTable;
  cori_dissemination: CoriDisseminationTable;
  cori_dissemination_note: CoriDisseminationNoteTable;
  daily_log_publication: DailyLogPublicationTable;
  daily_log_correction: DailyLogCorrectionTable;
}
