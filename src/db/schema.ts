import type { ColumnType, Generated } from 'kysely';
import type { RecordsTables } from '../records/tables.ts';

/** A value the server assigns: it can be read, but an insert or update cannot set it. */
export type ServerAssigned<T> = ColumnType<T, never, never>;
/** A time the database stamps at insert (`default now()`), never sent by a client. */
export type StampedAt = ColumnType<Date, never, never>;
/** jsonb column: objects go in, objects come out. */
export type Json<T = unknown> = ColumnType<T, string, string>;

export interface EventTable {
  seq: ServerAssigned<number>; // bigint, parsed as a number by both drivers (safe below 2^53)
  at: StampedAt;
  kind: string;
  subject_type: string;
  subject_id: string;
  actor_user: string | null;
  actor_unit: string | null;
  confidential: Generated<boolean>;
  payload: Json<Record<string, unknown>>;
}

export interface AuditTable {
  id: ServerAssigned<number>;
  at: Date;
  username: string | null;
  role: string | null;
  source: string | null;
  remote: boolean;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  outcome: 'allowed' | 'denied' | 'failed';
  reason: string | null;
  detail: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface UserTable {
  username: string;
  first_name: string;
  last_name: string;
  badge: string | null;
  unit: string | null;
  roles: string[];
  password_hash: string;
  password_changed_at: Date;
  must_change_password: boolean;
  disabled_at: Date | null;
  disabled_reason: string | null;
  failed_signins: Generated<number>;
  locked_until: Date | null;
  last_signin_at: Date | null;
  created_at: StampedAt;
}

export interface SessionTable {
  id: Generated<string>;
  token_hash: string;
  username: string;
  created_at: StampedAt;
  last_seen_at: Date;
  ended_at: Date | null;
  source: string | null;
  remote: boolean;
}

export interface CodeTable {
  table_name: string;
  code: string;
  name: string;
  attrs: Json<Record<string, unknown>>;
  active: Generated<boolean>;
  sort: Generated<number>;
}

export interface AgencyUnitTable {
  call_sign: string;
  kind: string;
  service: 'police' | 'fire' | 'ems';
  area: string | null;
  description: string | null;
}

export interface RosterTable {
  id: Generated<string>;
  shift_date: string;
  shift: string;
  call_sign: string | null;
  username: string | null;
  assignment: string;
}

export interface SettingTable {
  key: string;
  value: Json<unknown>;
}

export interface NumberSeriesTable {
  series: string;
  year: number;
  last: number;
}

export interface Location {
  address: string;
  lat?: number | null;
  lon?: number | null;
  [key: string]: unknown;
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
}

export interface UnitStatusTable {
  call_sign: string;
  status: Generated<string>;
  incident_number: string | null;
  reason: string | null;
  since: Date;
  location: Json<Location | null>;
  personnel: Generated<string[]>;
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

export interface Database extends RecordsTables {
  event: EventTable;
  audit: AuditTable;
  app_user: UserTable;
  session: SessionTable;
  code_entry: CodeTable;
  agency_unit: AgencyUnitTable;
  roster: RosterTable;
  setting: SettingTable;
  number_series: NumberSeriesTable;
  incident: IncidentTable;
  unit_status: UnitStatusTable;
  incident_unit: IncidentUnitTable;
}
