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

/** Each officer who opened a case or wrote in it, with the case's occurrence: kept by triggers (migration 0041), read by the case search. */
export interface CaseOfficerTable {
  officer: string;
  case_number: string;
  occurred_at: Date;
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
  status: Generated<'open' | 'closed' | 'inactive'>;
  address_norm: ServerAssigned<string>;
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

/** Property and evidence (migration 0015_case_file). */
export type PropertyKind = 'evidence' | 'found' | 'safekeeping' | 'stolen';
export type PropertyStatus = 'in_custody' | 'out' | 'released' | 'destroyed' | 'outstanding' | 'recovered';
export interface PropertyItemTable {
  id: Generated<string>; tag: string; case_number: string; kind: PropertyKind; category: string; description: string;
  description_norm: ServerAssigned<string>; make: string | null; model: string | null; serial: string | null; serial_norm: ServerAssigned<string>;
  value_cents: number | null; owner_person_id: string | null; status: PropertyStatus; location: string | null; holder: string | null; holder_outside: Generated<boolean>;
  recovered_item_id: string | null; created_by: string; created_at: StampedAt;
}
export type CustodyAction = 'received' | 'transfer' | 'lab' | 'court' | 'returned' | 'release' | 'destruction';
export interface CustodyEntryTable {
  id: ServerAssigned<number>; item_id: string; action: CustodyAction; from_location: string | null; to_location: string | null;
  from_holder: string | null; to_holder: string | null; reason: string; authorized_by: string | null; recorded_by: string; at: StampedAt;
  /** 0038: the holder is an outside recipient typed as given (a lab, a court, an owner), not a login. */
  from_outside: Generated<boolean>; to_outside: Generated<boolean>;
}
export interface PropertyAuthorizationTable { id: Generated<string>; item_id: string; action: 'release' | 'destruction'; reason: string; authorized_by: string; authorized_at: StampedAt; used_at: Date | null }
export interface PropertyAuditTable { id: Generated<string>; location: string; expected: string[]; started_by: string; started_at: StampedAt; closed_at: Date | null }
export interface PropertyAuditScanTable { audit_id: string; tag: string; scanned_by: string; scanned_at: StampedAt }

export interface CitationTable {
  number: string; case_number: string; incident_number: string | null; violator_person_id: string | null; vehicle_id: string | null;
  plate: string | null; plate_state: string | null; location: string; violations: Json<string[]>; issued_at: Date; officer: string;
  disposition: Generated<string>; created_at: StampedAt;
}
export interface CrashUnit { vehicleId?: string | undefined; driverId?: string | undefined; occupants: { personId?: string | undefined; name?: string | undefined; injury: string }[]; damage: string }
export interface CrashReportTable {
  id: Generated<string>; case_number: string; incident_number: string | null; occurred_at: Date; location: string; road: string; light: string;
  weather: string; units: Json<CrashUnit[]>; diagram_sha256: string | null; diagram_type: string | null; diagram: Buffer | null;
  created_by: string; created_at: StampedAt;
}
export interface TowTable {
  id: Generated<string>; case_number: string; vehicle_id: string; company: string; reason: string; storage_location: string; towed_at: Date;
  owner_notified_at: Date | null; owner_notified_how: string | null; released_at: Date | null; released_to: string | null; created_by: string; created_at: StampedAt;
}
export interface ProtectiveOrderTable {
  id: Generated<string>; kind: 'restraining' | 'trespass'; case_number: string; respondent_id: string; protected_id: string | null; addresses: string[];
  terms: string; court: string | null; docket: string | null; issued_on: string; expires_on: string | null; served_at: Date | null; served_by: string | null;
  vacated_at: Date | null; created_by: string; created_at: StampedAt;
}
export interface ProtectiveOrderAddressTable { order_id: string; address_norm: string }
/** Caution flags on an address or a person (migration 0026_caution_flags): officer safety at call time. */
export interface CautionFlagTable {
  id: Generated<string>; address: string | null; address_key: string | null; person_id: string | null; kind: string; note: string; source: string;
  expires_on: string | null; created_by: string; created_at: StampedAt; removed_at: Date | null; removed_by: string | null; removed_reason: string | null;
}

/** NIBRS (migration 0019_nibrs, S-110 §A.1.q). */
export interface NibrsOffenseMapTable { agency_code: string; nibrs_code: string; description: Generated<string>; updated_by: string; updated_at: Generated<Date> }
export interface NibrsIncidentTable {
  case_number: string;
  data: Json<Record<string, unknown>>;
  version: Generated<number>;
  errors: Json<{ field: string; message: string }[]>;
  updated_by: string;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
  deleted_by: string | null;
  delete_reason: string | null;
  submitted_version: number | null;
  submitted_at: Date | null;
  delete_submitted_at: Date | null;
}
export interface NibrsSubmissionTable {
  id: Generated<string>; month: string; created_by: string; created_at: StampedAt;
  incidents: number; replacements: number; deletes: number; arrests: number; zero_report: boolean; held: number;
}
export interface NibrsSubmissionFileTable {
  submission_id: string; seq: number; case_number: string | null; category: string; action: string; xml: string; sha256: string;
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
  case_officer: CaseOfficerTable;
  report: ReportTable;
  report_party: ReportPartyTable;
  photo: PhotoTable;
  property_item: PropertyItemTable;
  custody_entry: CustodyEntryTable;
  property_authorization: PropertyAuthorizationTable;
  property_audit: PropertyAuditTable;
  property_audit_scan: PropertyAuditScanTable;
  citation: CitationTable;
  crash_report: CrashReportTable;
  tow: TowTable;
  protective_order: ProtectiveOrderTable;
  caution_flag: CautionFlagTable;
  protective_order_address: ProtectiveOrderAddressTable;
  nibrs_offense_map: NibrsOffenseMapTable;
  nibrs_incident: NibrsIncidentTable;
  nibrs_submission: NibrsSubmissionTable;
  nibrs_submission_file: NibrsSubmissionFileTable;
}
