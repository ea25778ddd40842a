import { ApiError } from '../shared/api.ts';

/** A recording as the server answers it (src/recordings/model.ts RecordingView). */
export interface Recording {
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
  size: number;
  sha256: string;
  callId: string | null;
  incidentNumber: string | null;
  units: string[];
  matchMethod: string | null;
  matchedBy: string | null;
}

export interface TimelineEntry { at: string; kind: string; source: string; actor: string | null; text: string; duringRecording: boolean }

export interface RecordingDetail {
  recording: Recording;
  call: { id: string; line: string; callbackNumber: string | null; receivedAt: string; answeredAt: string | null; endedAt: string | null; callTakers: string[]; incidentNumber: string | null } | null;
  timeline: TimelineEntry[];
  held: boolean;
  purgeableFrom: string;
  clause: string;
}

export interface Playback { ticket: string; url: string; expiresAt: string; purpose: string; clause: string; recording: Recording }

/** 81A §M.1.a: why the commanding officer reviews a recording. */
export const REVIEW_PURPOSES = [
  ['administrative_review', 'Administrative review'],
  ['dispatch_verification', 'Dispatch verification'],
  ['investigation', 'Case-related investigation'],
  ['training', 'Training'],
] as const;

export const LINE_NAMES: Record<string, string> = { e911: 'E-911', emergency: 'Emergency line', business: 'Business line', radio: 'Radio' };

export function seconds(r: Recording): string {
  const s = Math.round(r.durationSeconds ?? (Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function recordingLabel(r: Recording): string {
  return [LINE_NAMES[r.line] ?? r.line, r.talkgroup ? `TG ${r.talkgroup}` : `ch ${r.channel}`, r.position ? `pos ${r.position}` : null, r.ani].filter(Boolean).join(' · ');
}

/** The sentence a refusal carries, for the person. */
export function problemText(e: unknown): string {
  return e instanceof ApiError ? (e.problem.detail ?? e.problem.title) : 'The request failed.';
}
