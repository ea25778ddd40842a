import type { ColumnType, Generated } from 'kysely';
import type { Json, StampedAt } from './columns.ts';

/** Table types of the CJIS capability (migration 0012_cjis), merged into the shared `Database`. */
export interface CjisUserTable { username: string; employed_since: string | null; updated_by: string; updated_at: Generated<Date> }

export interface CjisDocumentTable {
  id: Generated<string>;
  kind: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  entry_id: string | null;
  uploaded_by: string;
  uploaded_at: StampedAt;
}

export interface CjisCertificationTable {
  id: Generated<string>;
  username: string;
  level: 'full_access' | 'query_only';
  certified_on: string;
  document_id: string | null;
  recorded_by: string;
  recorded_at: StampedAt;
}

export interface CjisReminderTable { certification_id: string; username: string; expires_on: string; sent_at: StampedAt }

export interface RequesterJson { name: string; agency: string; kind: string }

export interface CjisQueryTable {
  id: Generated<string>;
  at: StampedAt;
  operator: string;
  terminal: string;
  kind: string;
  mke: string;
  criteria: Json<Record<string, string>>;
  purpose: string;
  incident_number: string | null;
  case_number: string | null;
  requester: Json<RequesterJson | null>;
  message: string;
  status: Generated<'sent' | 'answered' | 'failed'>;
  error: string | null;
  answered_at: Date | null;
  round_trip_ms: number | null;
  hit_count: Generated<number>;
  training: boolean;
}

export interface HitMeaningJson {
  isHit: boolean;
  probableCause: boolean;
  match: 'exact' | 'partial' | 'not_compared';
  differences: { field: string; query: string | null; record: string | null }[];
  needsConfirmation: boolean;
  advice: string;
  clause: string;
}

export interface CjisHitTable {
  id: Generated<string>;
  query_id: string;
  position: number;
  nic: string | null;
  record_type: string;
  source: string;
  entering_ori: string;
  entering_agency: string | null;
  descriptors: Json<Record<string, string>>;
  meaning: Json<HitMeaningJson>;
  training: boolean;
}

export interface CjisConfirmationTable {
  id: Generated<string>;
  hit_id: string;
  request_number: number;
  priority: 'urgent' | 'routine';
  requested_by: string;
  requested_at: Generated<Date>;
  due_at: Date;
  answered_at: Date | null;
  answer: 'confirmed' | 'not_confirmed' | null;
  answered_by: string | null;
  remarks: string | null;
  overdue_noted_at: Date | null;
}

export interface CjisLocateTable { id: Generated<string>; hit_id: string; nic: string; placed_by: string; placed_at: StampedAt; incident_number: string | null }

export type EntryStatus = 'active' | 'cleared' | 'cancelled';

export interface CjisEntryTable {
  id: Generated<string>;
  kind: 'warrant' | 'vehicle' | 'plate' | 'missing';
  mke: string;
  nic: string | null;
  status: Generated<EntryStatus>;
  subject: Json<Record<string, string>>;
  incident_number: string | null;
  case_number: string | null;
  report_id: string | null;
  entered_by: string;
  entered_at: StampedAt;
  recalled_on: string | null;
  recalled_by: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  close_mke: string | null;
  close_reason: string | null;
}

export interface DestinationsJson {
  agencies?: string[] | undefined; areas?: string[] | undefined; states?: string[] | undefined; regions?: string[] | undefined;
  statewide?: boolean | undefined; nationwide?: boolean | undefined;
}

export interface CjisMessageTable {
  id: Generated<string>;
  direction: 'out' | 'in';
  mke: string;
  from_ori: string;
  destinations: Json<DestinationsJson>;
  text: string;
  reason: string | null;
  sent_by: string | null;
  at: StampedAt;
  training: boolean;
}

export interface CjisAgreementTable {
  id: Generated<string>;
  signed_on: string;
  filed_records_on: string | null;
  filed_chsb_on: string | null;
  document_id: string | null;
  recorded_by: string;
  recorded_at: StampedAt;
}

export interface CjisOfficialTable {
  id: Generated<string>;
  role: 'cjis_rep' | 'backup_rep' | 'chief';
  name: string;
  username: string | null;
  assigned_on: string;
  recorded_by: string;
  recorded_at: StampedAt;
}

export interface ValidationItemJson { nic: string; type: string; mke: string; enteredOn: string; summary: string }

export interface CjisValidationListTable { month: string; entries: Json<ValidationItemJson[]>; requested_by: string; requested_at: StampedAt }

export interface CjisValidationTable {
  month: string;
  nic: string;
  outcome: 'valid' | 'modified' | 'removed';
  note: string | null;
  validated_by: string;
  validated_at: StampedAt;
}

export interface CjisBopListTable {
  id: Generated<string>;
  kind: 'position' | 'title' | 'name';
  value: string;
  added_by: string;
  added_at: StampedAt;
  removed_by: string | null;
  removed_at: Date | null;
}

export interface CjisAuditFilingTable {
  id: Generated<string>;
  audit_date: string;
  auditor: string;
  result: string;
  filed_records_on: string;
  document_id: string | null;
  recorded_by: string;
  recorded_at: StampedAt;
}

export interface CjisTrainingRecordTable {
  nic: string;
  type: string;
  source: string;
  ori: string;
  agency: string;
  status: Generated<EntryStatus>;
  name_last: string | null;
  name_first: string | null;
  dob: string | null;
  plate: string | null;
  plate_state: string | null;
  vin: string | null;
  serial: string | null;
  owner_last: string | null;
  fields: Json<Record<string, string>>;
  locates: ColumnType<{ ori: string; at: string }[], string | undefined, string>;
  confirm: Generated<'confirmed' | 'not_confirmed' | 'no_answer'>;
  entered_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CjisTables {
  cjis_user: CjisUserTable;
  cjis_document: CjisDocumentTable;
  cjis_certification: CjisCertificationTable;
  cjis_reminder: CjisReminderTable;
  cjis_query: CjisQueryTable;
  cjis_hit: CjisHitTable;
  cjis_confirmation: CjisConfirmationTable;
  cjis_locate: CjisLocateTable;
  cjis_entry: CjisEntryTable;
  cjis_message: CjisMessageTable;
  cjis_agreement: CjisAgreementTable;
  cjis_official: CjisOfficialTable;
  cjis_validation_list: CjisValidationListTable;
  cjis_validation: CjisValidationTable;
  cjis_bop_list: CjisBopListTable;
  cjis_audit_filing: CjisAuditFilingTable;
  cjis_training_record: CjisTrainingRecordTable;
}
