import type { ColumnType, Generated } from 'kysely';

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

export interface Database {
  event: EventTable;
  audit: AuditTable;
  app_user: UserTable;
  session: SessionTable;
  code_entry: CodeTable;
  agency_unit: AgencyUnitTable;
  roster: RosterTable;
  setting: SettingTable;
}
