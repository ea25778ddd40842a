import type { Static } from 'typebox';
import type * as R from '../../../src/recordings/schemas.ts';
import { problemText } from '../shared/problem.ts';

/** The server's answers (type-only imports from src/recordings/schemas.ts). */
export type Recording = Static<typeof R.RecordingViewSchema>;
export type TimelineEntry = Static<typeof R.TimelineEntrySchema>;
export type RecordingDetail = Static<typeof R.RecordingDetail>;
export type Playback = Static<typeof R.PlaybackAnswer>;
export type Recent = Static<typeof R.RecentAnswer>;
export type Retention = Static<typeof R.RetentionAnswer>;
export type Hold = Static<typeof R.HoldView>;
export type Forecast = Static<typeof R.ForecastAnswer>;

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

/** The sentence a refusal carries, with its clause. */
export { problemText };
