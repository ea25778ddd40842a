import type { ColumnType, Generated } from 'kysely';
import type { StampedAt } from './columns.ts';

/** A software or hardware change asked for through the helpdesk, and the Chief's decision (S-110 §C). */
export interface ItChangeRequestTable {
  id: Generated<string>;
  number: ColumnType<number, never, never>;
  kind: 'software' | 'hardware';
  action: 'add' | 'modify' | 'transfer';
  requested_by: string;
  helpdesk_ticket: string | null;
  what: string;
  why: string;
  computer: string;
  licence: string | null;
  status: 'requested' | 'authorized' | 'refused' | 'completed';
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  completed_by: string | null;
  completed_at: Date | null;
  recorded_by: string;
  recorded_at: StampedAt;
}

export type MediaStatus = 'in_use' | 'stored' | 'sanitized' | 'locked_for_destruction' | 'destroyed';

/** A drive or removable medium of the electronic media register (S-110 §G.2). */
export interface ItMediaTable {
  id: Generated<string>;
  serial: string;
  media_type: string;
  description: string;
  holds_cjis: boolean;
  location: string;
  status: MediaStatus;
  registered_by: string;
  registered_at: StampedAt;
  updated_at: Generated<Date>;
}

/** A sanitization of a medium to be reused: three overwrites or degaussing (S-110 §I.1). */
export interface ItMediaSanitizationTable {
  id: Generated<string>;
  media_id: string;
  method: 'overwrite' | 'degauss';
  passes: number | null;
  performed_by: string;
  performed_on: string;
  note: string | null;
  recorded_by: string;
  recorded_at: StampedAt;
}

/** A medium's way to destruction: locked case, transport, witnessed destruction, vendor's certificate (S-110 §I.2). */
export interface ItMediaDestructionTable {
  media_id: string;
  case_label: string;
  locked_by: string;
  locked_at: Date;
  transported_by: string | null;
  transported_on: string | null;
  vendor: string | null;
  witnessed_by: string | null;
  destroyed_on: string | null;
  certificate_number: string | null;
  certificate_serial: string | null;
  certificate_date: string | null;
  certificate_sha256: string | null;
  certificate_name: string | null;
  certificate_type: string | null;
  recorded_by: string | null;
  recorded_at: Date | null;
}

/** One line of the access-control system's log for the server room (S-110 §G.1). */
export interface ItRoomAccessTable {
  id: Generated<string>;
  at: Date;
  badge: string;
  person: string;
  door: string;
  result: 'granted' | 'denied';
  import_name: string;
  imported_by: string;
  imported_at: StampedAt;
}

/** An unauthorized person in the server room, escorted throughout (S-110 §G.1). */
export interface ItRoomVisitorTable {
  id: Generated<string>;
  visitor: string;
  organization: string | null;
  purpose: string;
  escort: string;
  entered_at: Date;
  left_at: Date | null;
  recorded_by: string;
}

export interface ItTables {
  it_change_request: ItChangeRequestTable;
  it_media: ItMediaTable;
  it_media_sanitization: ItMediaSanitizationTable;
  it_media_destruction: ItMediaDestructionTable;
  it_room_access: ItRoomAccessTable;
  it_room_visitor: ItRoomVisitorTable;
}
