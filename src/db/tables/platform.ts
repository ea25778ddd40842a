import type { Generated } from 'kysely';
import type { ServerAssigned, StampedAt, Json } from './columns.ts';

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
  at: StampedAt;
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


/** Audit rows written but not yet linked into the keyed chain. */
export interface AuditPendingTable {
  audit_id: number;
}

/** The keyed chain: the audit row at each position and its HMAC over the previous MAC and the row's canonical text. */
export interface AuditLinkTable {
  position: number;
  audit_id: number;
  mac: string;
  linked_at: StampedAt;
}

/** The tables the platform capability owns. */
export interface PlatformTables {
  event: EventTable;
  audit: AuditTable;
  audit_pending: AuditPendingTable;
  audit_link: AuditLinkTable;
  setting: SettingTable;
  number_series: NumberSeriesTable;
}
