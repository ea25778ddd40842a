import type { ColumnType, Generated } from 'kysely';
import type { StampedAt, Json } from './columns.ts';

export interface Location {
  address: string;
  lat?: number | null;
  lon?: number | null;
  [key: string]: unknown;
}

export interface AgencyUnitTable {
  call_sign: string;
  kind: string;
  service: 'police' | 'fire' | 'ems';
  area: string | null;
  description: string | null;
  supervisor: Generated<boolean>;
  /** Retired units stay in the register (old incidents name them) but leave the board; added by 0033_unit_retired. */
  retired_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  retired_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface IncidentTable {
  number: string;
  call_id: string | null;
  type: string;
  priority: number;
  location: Json<Location>;
  complainant: Json<Record<string, unknown> | null>;
  narrative: string | null;
  status: Generated<'pending' | 'dispatched' | 'on_scene' | 'closed'>;
  disposition: string | null;
  confidential: Generated<boolean>;
  reported_at: StampedAt;
  closed_at: Date | null;
  created_by: string;
  min_units: number;
  supervisor_required: boolean;
  /** WHAT/WHERE/WHEN/HOW/WHO/WHY of the reporting party (81A §D.2.c); added by 0004_calls. */
  reporting_party: ColumnType<Record<string, string> | null, string | undefined, string>;
  /** A duplicate names the incident it was merged into (81A §C "Multiple Calls"); added by 0025_incident_merge. */
  merged_into: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UnitStatusTable {
  call_sign: string;
  status: Generated<string>;
  incident_number: string | null;
  reason: string | null;
  since: Date;
  location: Json<Location | null>;
  personnel: Generated<string[]>;
  detail: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  standby_since: Date | null;
  standby_reason: string | null;
  unanswered_calls: Generated<number>;
  first_unanswered_at: Date | null;
  location_at: Date | null;
}

export interface IncidentUnitTable {
  incident_number: string;
  call_sign: string;
  role: 'primary' | 'backup';
  dispatched_at: Date;
  en_route_at: Date | null;
  arrived_at: Date | null;
  cleared_at: Date | null;
}

export interface CallTable {
  id: Generated<string>;
  line: string;
  status: Generated<'ringing' | 'active' | 'on_hold' | 'ended'>;
  outcome: 'incident' | 'no_response' | 'transferred' | 'screening' | 'abandoned' | null;
  priority: number;
  category: string | null;
  caller_name: string | null;
  callback_number: string | null;
  ali: Json<Record<string, unknown> | null>;
  ali_checks: ColumnType<Record<string, unknown>, string | undefined, string>;
  answers: ColumnType<Record<string, unknown>, string | undefined, string>;
  transferred_from: string | null;
  transferred_to: Json<Record<string, unknown> | null>;
  call_takers: ColumnType<string[], string[] | undefined, string[]>;
  hold_reason: string | null;
  held_at: Date | null;
  incident_number: string | null;
  no_response_type: string | null;
  screening: Json<Record<string, unknown> | null>;
  received_at: StampedAt;
  answered_at: Date | null;
  ended_at: Date | null;
  created_by: string;
}

export interface ShelterAddressTable {
  incident_number: string;
  field: 'location' | 'complainant';
  address: Json<Record<string, unknown>>;
  recorded_at: StampedAt;
  recorded_by: string;
}

export interface UnitRadioTable {
  radio_id: string;
  call_sign: string | null;
  username: string | null;
  kind: 'mobile' | 'portable';
  added_at: StampedAt;
}

export interface AlertTable {
  id: Generated<string>;
  kind: string;
  priority: number;
  title: string;
  detail: Json<Record<string, unknown>>;
  call_sign: string | null;
  incident_number: string | null;
  audience: string[];
  dedupe_key: string | null;
  raised_at: StampedAt;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledgment: string | null;
}

export interface EmergencyMessageTable {
  id: Generated<string>;
  received_at: StampedAt;
  received_by: string;
  kind: 'injury_illness' | 'death_family' | 'other_authorized';
  message: string;
  requester: Json<Record<string, unknown>>;
  recipient: Json<Record<string, unknown>>;
  decision: string | null;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  delivered: boolean | null;
  delivery_note: string | null;
  delivery_recorded_at: Date | null;
  delivery_recorded_by: string | null;
  acknowledged_by: string | null;
  requester_told_at: Date | null;
  requester_told_by: string | null;
}

export interface FacilityAlarmTable {
  id: Generated<string>;
  facility: string;
  received_at: StampedAt;
  note: string | null;
  notify: Json<Record<string, unknown>[]>;
  told: Json<Record<string, unknown>[]>;
  alert_id: string | null;
}

/** The call back of an abandoned E-911 call (81A §C.2.f); added by 0032. */
export interface CallCallbackTable {
  call_id: string;
  status: 'open' | 'reached' | 'closed';
  attempts: Json<Record<string, unknown>[]>;
  closed_reason: string | null;
  closed_by: string | null;
  closed_at: Date | null;
}

/** A field terminal's emergency-only credential (81A §E.6.e); added by 0016. */
export interface EmergencyCredentialTable {
  id: Generated<string>;
  token_hash: string;
  username: string;
  call_sign: string;
  issued_at: StampedAt;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
}

/** The tables the dispatch capability owns. */
export interface DispatchTables {
  agency_unit: AgencyUnitTable;
  incident: IncidentTable;
  unit_status: UnitStatusTable;
  incident_unit: IncidentUnitTable;
  call: CallTable;
  shelter_address: ShelterAddressTable;
  unit_radio: UnitRadioTable;
  alert: AlertTable;
  emergency_message: EmergencyMessageTable;
  facility_alarm: FacilityAlarmTable;
  emergency_credential: EmergencyCredentialTable;
  call_callback: CallCallbackTable;
}
