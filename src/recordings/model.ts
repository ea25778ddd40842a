import type { HoldScope, RecordedLine, RetentionClass } from '../db/tables/recordings.ts';

export type { HoldScope, RecordedLine, RetentionClass };

export const RECORDED_LINES: readonly RecordedLine[] = ['e911', 'emergency', 'business', 'radio'];
export const RETENTION_CLASSES: readonly RetentionClass[] = ['e911', 'radio', 'business_line', 'call_detail'];
export const HOLD_SCOPES: readonly HoldScope[] = ['incident', 'case', 'call', 'person', 'time_range', 'channel'];

/** The clause that sets each class's retention (81A §L.1.a, §L.1.b, §L.2.a). */
export const RETENTION_CLAUSE: Record<RetentionClass, string> = {
  e911: '81A §L.1.a',
  call_detail: '81A §L.1.b',
  radio: '81A §L.2.a',
  business_line: '81A §L.2.a',
};

/** Not less than three years, provided no litigation is pending (81A §L.1.a–b, §L.2.a). */
export const MINIMUM_RETENTION_YEARS = 3;

/** Why a recording is reviewed: the purposes of 81A §M.1.a, and the dispatcher's instant recall of §M.2. */
export const PURPOSES = {
  administrative_review: 'Administrative review',
  dispatch_verification: 'Dispatch verification',
  investigation: 'Case-related investigation',
  training: 'Training',
  instant_recall: 'Instant recall at the dispatch position',
} as const;
export type Purpose = keyof typeof PURPOSES;
/** The purposes of 81A §M.1.a, open to the commanding officer for any recording. */
export const REVIEW_PURPOSES: readonly Purpose[] = ['administrative_review', 'dispatch_verification', 'investigation', 'training'];

export type AudioFormat = 'wav' | 'mp3' | 'opus';
export const AUDIO_EXTENSIONS: Record<AudioFormat, string> = { wav: 'wav', mp3: 'mp3', opus: 'opus' };
export const CONTENT_TYPES: Record<AudioFormat, string> = { wav: 'audio/wav', mp3: 'audio/mpeg', opus: 'audio/ogg; codecs=opus' };

/** What the recorder says about a recording, in the drop folder's sidecar or the upload's metadata part. */
export interface RecorderMetadata {
  line: RecordedLine;
  /** ISO 8601 with offset, the recorder's clock. */
  start: string;
  end: string;
  channel: string;
  position?: string | undefined;
  talkgroup?: string | undefined;
  radioId?: string | undefined;
  ani?: string | undefined;
  recorder?: string | undefined;
  recordingId?: string | undefined;
}

/** A recording's metadata after checking: times as dates, ANI as digits. */
export interface CheckedMetadata {
  class: Exclude<RetentionClass, 'call_detail'>;
  line: RecordedLine;
  startedAt: Date;
  endedAt: Date;
  channel: string;
  position: string | null;
  talkgroup: string | null;
  radioId: string | null;
  ani: string | null;
  recorder: string | null;
  recorderRef: string | null;
}

/** What a recording was matched to, and how. */
export interface Match {
  callId: string | null;
  incidentNumber: string | null;
  units: string[];
  method: string;
}

/** A talkgroup the recorder records, and the service whose units talk on it (setting recordings.talkgroups). */
export interface Talkgroup {
  id: string;
  name: string;
  service: 'police' | 'fire' | 'ems';
}

export interface RecordingView {
  id: string;
  class: string;
  line: string;
  startedAt: string;
  endedAt: string;
  durationSeconds: number | null;
  channel: string;
  position: string | null;
  talkgroup: string | null;
  radioId: string | null;
  ani: string | null;
  format: string;
  contentType: string;
  size: number;
  sha256: string;
  receivedAt: string;
  receivedVia: string;
  callId: string | null;
  incidentNumber: string | null;
  units: string[];
  matchMethod: string | null;
  matchedBy: string | null;
}
