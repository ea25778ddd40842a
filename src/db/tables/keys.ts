import type { ColumnType, Generated } from 'kysely';
import type { Json, StampedAt } from './columns.ts';

/** Table types of the Knox capability (migration 0006), merged into the shared `Database`. */
export interface KnoxContact {
  role: string;
  name: string;
  email?: string | null;
  phone?: string | null;
}

export type BoxKind = 'housing_authority' | 'state_housing' | 'school';
export type KeyStatus = 'cabinet' | 'assigned' | 'lost' | 'retired';
export type AccessStatus = 'requested' | 'authorized' | 'removed' | 'returned';
export interface WarrantAuthorization { name: string; title: string }

export interface KnoxBoxTable {
  id: string;
  building: string;
  address: string;
  lat: number | null;
  lon: number | null;
  kind: BoxKind;
  authority: string;
  contacts: Json<KnoxContact[]>;
  report_to: string;
  units: string[];
  active: Generated<boolean>;
  created_at: StampedAt;
}

export interface KnoxKeyTable {
  number: string;
  status: Generated<KeyStatus>;
  holder: string | null;
  assignment_id: string | null;
  issued_by: string;
  note: string | null;
  since: Generated<Date>;
}

export interface KnoxAssignmentTable {
  id: Generated<string>;
  key_number: string;
  officer: string;
  call_sign: string | null;
  assigned_by: string;
  assigned_at: StampedAt;
  due_back_at: Date;
  returned_at: Date | null;
  returned_to: string | null;
  went_off_duty: Generated<boolean>;
  lost_at: Date | null;
}

export interface KnoxAlertTable {
  id: Generated<string>;
  kind: string;
  key_number: string | null;
  assignment_id: string | null;
  box_id: string | null;
  officer: string | null;
  message: string;
  raised_at: StampedAt;
  cleared_at: Date | null;
  cleared_by: string | null;
  cleared_because: string | null;
}

export interface KnoxAccessTable {
  id: Generated<string>;
  box_id: string;
  incident_number: string;
  reason: string;
  apartments: string[];
  occupant: string | null;
  officer: string;
  officer_unit: string | null;
  warrant_authorized_by: Json<WarrantAuthorization | null>;
  status: Generated<AccessStatus>;
  requested_by: string;
  requested_at: StampedAt;
  authorized_by: string | null;
  authorized_at: Date | null;
  removed_at: Date | null;
  removed_logged_by: string | null;
  returned_at: Date | null;
  returned_logged_by: string | null;
  /** The access key the officer held for the shift (O-604 §III.B–C); null on accesses filed before it was recorded. */
  access_key: string | null;
  key_assignment_id: string | null;
}

export interface KnoxDocumentTable {
  id: Generated<string>;
  access_id: string;
  kind: string;
  fields: Json<Record<string, string>>;
  pdf: ColumnType<Uint8Array, Uint8Array, never>;
  sha256: string;
  filed_at: StampedAt;
  filed_by: string;
}

export interface KnoxDeliveryTable {
  id: Generated<string>;
  purpose: string;
  document_id: string | null;
  access_id: string | null;
  recipient: string;
  recipient_name: string;
  subject: string;
  body: string;
  status: Generated<'pending' | 'delivered'>;
  attempts: Generated<number>;
  last_error: string | null;
  last_attempt_at: Date | null;
  next_attempt_at: Generated<Date>;
  delivered_at: Date | null;
  message_id: string | null;
  created_at: StampedAt;
}

export interface KnoxNoticeTable {
  id: Generated<string>;
  cause: 'lost_key' | 'missing_master_keys';
  key_number: string | null;
  box_id: string | null;
  details: string;
  notified_role: string;
  notified_name: string;
  contact: string | null;
  delivery_id: string | null;
  reported_by: string;
  notified_at: StampedAt;
}

/** The tables the keys capability owns. */
export interface KeysTables {
  knox_box: KnoxBoxTable;
  knox_key: KnoxKeyTable;
  knox_assignment: KnoxAssignmentTable;
  knox_alert: KnoxAlertTable;
  knox_access: KnoxAccessTable;
  knox_document: KnoxDocumentTable;
  knox_delivery: KnoxDeliveryTable;
  knox_notice: KnoxNoticeTable;
}
