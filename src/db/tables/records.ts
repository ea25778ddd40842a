import type { Generated } from 'kysely';
import type { Json, ServerAssigned, StampedAt } from './columns.ts';

/** The records tables (migration 0007_records). */
export interface PersonTable {
  id: Generated<string>;
  dob: string | null;
  sex: string | null;
  race: string | null;
  height_in: number | null;
  weight_lb: number | null;
  merged_into: string | null;
  created_at: StampedAt;
  created_by: string;
}

export interface PersonNameTable {
  id: ServerAssigned<number>;
  person_id: string;
  kind: 'primary' | 'alias';
  first_name: string;
  middle_name: string | null;
  last_name: string;
  first_norm: ServerAssigned<string>;
  last_norm: ServerAssigned<string>;
  first_soundex: ServerAssigned<string>;
  last_soundex: ServerAssigned<string>;
  last_dmeta: ServerAssigned<string>;
}

export interface PersonIdentifierTable { id: ServerAssigned<number>; person_id: string; kind: string; value: string; state: string | null }
export interface PersonAddressTable { id: ServerAssigned<number>; person_id: string; kind: Generated<string>; address: string; added_at: StampedAt }
export interface PersonPhoneTable { id: ServerAssigned<number>; person_id: string; kind: Generated<string>; number: string }

export interface PersonMergeTable {
  id: Generated<string>;
  survivor_id: string;
  merged_id: string;
  reason: string;
  merged_by: string;
  merged_at: StampedAt;
  undone_by: string | null;
  undone_at: Date | null;
  undo_reason: string | null;
}

export interface VehicleTable {
  id: Generated<string>;
  plate: string | null;
  plate_norm: ServerAssigned<string>;
  /** The plate's characters in order: a transposed plate has the same key. */
  plate_key: string | null;
  state: string | null;
  vin: string | null;
  make: string | null;
  model: string | null;
  color: string | null;
  year: number | null;
  created_at: StampedAt;
  created_by: string;
}

export interface EmergencyContact { name: string; phone: string; role?: string | undefined }

export interface BusinessTable {
  id: Generated<string>;
  name: string;
  name_norm: ServerAssigned<string>;
  name_dmeta: ServerAssigned<string>;
  address: string;
  phone: string | null;
  emergency_contacts: Json<EmergencyContact[]>;
  created_at: StampedAt;
  created_by: string;
}

export interface CaseTable {
  number: string;
  year: number;
  type: string;
  location: Json<{ address: string; [key: string]: unknown }>;
  occurred_at: Date;
  incident_number: string | null;
  carried: Json<Record<string, unknown>>;
  opened_at: StampedAt;
  opened_by: string;
}

export type ReportKind = 'incident' | 'arrest' | 'field_interview' | 'supplement';
export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'approved';

export interface ReportTable {
  id: Generated<string>;
  kind: ReportKind;
  case_number: string | null;
  parent_id: string | null;
  status: Generated<ReportStatus>;
  author: string;
  occurred_at: Date;
  event_date: string;
  fields: Json<Record<string, unknown>>;
  narrative: Generated<string>;
  juvenile: Generated<boolean>;
  version: Generated<number>;
  return_comments: string | null;
  submitted_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
  created_at: StampedAt;
  updated_at: Generated<Date>;
}

export interface ReportPartyTable {
  report_id: string;
  entity_type: 'person' | 'vehicle' | 'business';
  entity_id: string;
  role: string;
  juvenile: Generated<boolean>;
}

export interface PhotoTable {
  id: Generated<string>;
  report_id: string | null;
  person_id: string | null;
  content_type: string;
  size: number;
  sha256: string;
  stored_name: string;
  caption: string | null;
  uploaded_by: string;
  uploaded_at: StampedAt;
}

export interface RecordsTables {
  person: PersonTable;
  person_name: PersonNameTable;
  person_identifier: PersonIdentifierTable;
  person_address: PersonAddressTable;
  person_phone: PersonPhoneTable;
  person_merge: PersonMergeTable;
  vehicle: VehicleTable;
  business: BusinessTable;
  record_case: CaseTable;
  report: ReportTable;
  report_party: ReportPartyTable;
  photo: PhotoTable;
}
