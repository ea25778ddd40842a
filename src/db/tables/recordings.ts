import type { ColumnType, Generated } from 'kysely';
import type { Json, StampedAt } from './columns.ts';

/** The retention classes of 81A §L: E-911 calls, radio, business lines, and E-911 call detail records. */
export type RetentionClass = 'e911' | 'radio' | 'business_line' | 'call_detail';
export type RecordedLine = 'e911' | 'emergency' | 'business' | 'radio';

/** One recording from the center's recorder: its metadata, where its bytes are, and what it was matched to. */
export interface RecordingTable {
  id: Generated<string>;
  class: Exclude<RetentionClass, 'call_detail'>;
  line: RecordedLine;
  started_at: Date;
  ended_at: Date;
  channel: string;
  position: string | null;
  talkgroup: string | null;
  radio_id: string | null;
  /** The caller's number (ANI), digits only. */
  ani: string | null;
  recorder: string | null;
  recorder_ref: string | null;
  format: 'wav' | 'mp3' | 'opus';
  content_type: string;
  size: ColumnType<number, number, never>;
  duration_seconds: number | null;
  /** SHA-256 of the bytes, taken at arrival; the bytes are stored under it and never changed. */
  sha256: ColumnType<string, string, never>;
  store: ColumnType<'folder' | 's3', 'folder' | 's3', never>;
  stored_key: ColumnType<string, string, never>;
  received_at: StampedAt;
  received_via: 'upload' | 'folder';
  received_by: string;
  call_id: string | null;
  incident_number: string | null;
  units: ColumnType<string[], string[] | undefined, string[]>;
  match_method: string | null;
  matched_at: Date | null;
  matched_by: string | null;
}

/** An E-911 call detail record (ANI/ALI) kept in its own right (81A §L.1.b). */
export interface RecordingCallDetailTable {
  call_id: string;
  received_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  ani: string | null;
  ali: Json<Record<string, unknown> | null>;
  call_takers: ColumnType<string[], string[], never>;
  incident_number: string | null;
  captured_at: StampedAt;
}

export type HoldScope = 'incident' | 'case' | 'call' | 'person' | 'time_range' | 'channel';

/** A litigation hold: what it covers, why, and for which matter; released only by a second person. */
export interface RecordingHoldTable {
  id: Generated<string>;
  scope: HoldScope;
  incident_number: string | null;
  case_number: string | null;
  call_id: string | null;
  person_id: string | null;
  channel: string | null;
  range_from: Date | null;
  range_to: Date | null;
  /** For case and person holds: the incidents they cover, refreshed before every purge. */
  incidents: ColumnType<string[], string[] | undefined, string[]>;
  reason: string;
  court: string | null;
  docket: string | null;
  placed_by: string;
  placed_at: StampedAt;
  release_requested_by: string | null;
  release_requested_at: Date | null;
  release_reason: string | null;
  released_by: string | null;
  released_at: Date | null;
}

/** Which dispatch position a dispatcher sits at, and since when (the instant-recall position of 81A §M.2). */
export interface RecordingSeatTable {
  id: Generated<string>;
  position: string;
  username: string;
  taken_at: Date;
  left_at: Date | null;
}

/** A playback granted with its purpose: the ticket the browser's player streams the audio with. */
export interface RecordingPlaybackTable {
  id: Generated<string>;
  recording_id: string;
  username: string;
  purpose: string;
  issued_at: StampedAt;
  expires_at: Date;
}

/** The tables the recordings capability owns. */
export interface RecordingsTables {
  recording: RecordingTable;
  recording_call_detail: RecordingCallDetailTable;
  recording_hold: RecordingHoldTable;
  recording_seat: RecordingSeatTable;
  recording_playback: RecordingPlaybackTable;
}
