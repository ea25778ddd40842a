import type { ColumnType, Generated } from 'kysely';
import type { StampedAt } from './columns.ts';

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
  mfa_secret: ColumnType<string | null, string | null | undefined, string | null>;
  mfa_enabled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  mfa_pending_secret: ColumnType<string | null, string | null | undefined, string | null>;
  mfa_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  enabled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  changed_at: Date;
}

export interface RecoveryCodeTable {
  username: string;
  code_hash: string;
  used_at: Date | null;
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


export interface RoleChangeTable {
  id: Generated<string>;
  username: string;
  roles: string[];
  before_roles: string[];
  requested_by: string;
  requested_at: StampedAt;
  decided_by: string | null;
  decided_at: Date | null;
  outcome: 'approved' | 'refused' | 'superseded' | null;
}

/** The tables the identity capability owns. */
export interface IdentityTables {
  role_change: RoleChangeTable;
  app_user: UserTable;
  session: SessionTable;
  password_history: PasswordHistoryTable;
  recovery_code: RecoveryCodeTable;
}
