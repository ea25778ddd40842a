/**
 * The recordings' policy decisions (81A §L–M), pure: data in, a Decision or a match out.
 */
import { allow, refuse, type Decision } from '../core/decision.ts';
import type { Permission } from '../core/permissions.ts';
import {
  MINIMUM_RETENTION_YEARS, RETENTION_CLAUSE, REVIEW_PURPOSES,
  type CheckedMetadata, type Match, type Purpose, type RecordedLine, type RetentionClass, type Talkgroup,
} from './model.ts';

/** The retention class of a recorded line: E-911 (81A §L.1), radio and business lines (§L.2). */
export function classOf(line: RecordedLine): CheckedMetadata['class'] {
  if (line === 'e911') return 'e911';
  if (line === 'radio') return 'radio';
  return 'business_line';
}

/** The recorder's clock may run a little ahead of the server's; more than this is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;
const LONGEST_RECORDING_MS = 24 * 3_600_000;

/** A recording's times: the end not before the start, not in the future, not longer than a day. */
export function checkTimes(start: Date, end: Date, now: Date): Decision {
  const clause = '81A §L';
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return refuse('recording.bad_time', clause, 'start and end must be ISO 8601 times with an offset.', 422);
  if (end.getTime() < start.getTime()) return refuse('recording.end_before_start', clause, `The recording's end (${end.toISOString()}) is before its start (${start.toISOString()}).`);
  if (end.getTime() - start.getTime() > LONGEST_RECORDING_MS) return refuse('recording.too_long', clause, 'A recording longer than 24 hours is not a call or a transmission; split it at the recorder.');
  if (end.getTime() > now.getTime() + CLOCK_SKEW_MS) return refuse('recording.in_future', clause, `The recording ends at ${end.toISOString()}, after the server's time: check the recorder's clock.`);
  return allow(clause);
}

/** What a line needs in its metadata: a radio recording names its talkgroup; a telephone line has none. */
export function checkLineFields(line: RecordedLine, talkgroup: string | null, radioId: string | null): Decision {
  if (line === 'radio' && !talkgroup) return refuse('recording.talkgroup_required', '81A §L.2', 'A radio recording names its talkgroup.');
  if (line !== 'radio' && (talkgroup || radioId)) return refuse('recording.not_radio', '81A §L', `A ${line} line recording carries no talkgroup or radio ID.`);
  return allow('81A §L');
}

/** A telephone number as digits, its last ten (a North American number without the leading 1). */
export function normalizeAni(ani: string | null | undefined): string | null {
  if (!ani) return null;
  const digits = ani.replace(/\D/g, '');
  if (!digits) return null;
  return digits.length > 10 ? digits.slice(-10) : digits;
}

/** 81A §L.1.a–b, §L.2.a: a class is kept not less than three years; the agency may keep it longer. */
export function retentionAllowed(cls: RetentionClass, years: number): Decision {
  const clause = RETENTION_CLAUSE[cls];
  if (!Number.isInteger(years)) return refuse('retention.whole_years', clause, `Give ${cls} retention in whole years, not ${years}.`);
  if (years < MINIMUM_RETENTION_YEARS) {
    return refuse('retention.below_minimum', clause, `${cls} recordings must be kept not less than ${MINIMUM_RETENTION_YEARS} years (${clause}); ${years} is too short.`);
  }
  if (years > 100) return refuse('retention.too_long', clause, 'Retention over 100 years is not a period; keep the records under a hold instead.');
  return allow(clause);
}

/** The same instant `years` calendar years earlier (UTC): a recording started before it is past its period. */
export function purgeCutoff(now: Date, years: number): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

/** When something started at `startedAt` becomes purgeable under a `years` retention. */
export function purgeableFrom(startedAt: Date, years: number): Date {
  const at = new Date(startedAt.getTime());
  at.setUTCFullYear(at.getUTCFullYear() + years);
  return at;
}

/** A call as matching needs it. */
export interface CandidateCall {
  id: string;
  line: string;
  callbackNumber: string | null;
  callTakers: string[];
  receivedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  incidentNumber: string | null;
}

export interface PhoneRecording {
  line: RecordedLine;
  startedAt: Date;
  endedAt: Date;
  ani: string | null;
  /** Who sat at the recording's position while it was recorded (empty when unknown). */
  occupants: string[];
}

export type MatchResult = { matched: true; match: Match } | { matched: false; reason: string };

const SLACK_MS = 15_000;

/**
 * Match a telephone recording to its call: same line, talking time overlapping the
 * recording, the same caller number (ANI) for E-911, and a call taker who sat at the
 * recording's position. A different ANI or a call no occupant of the position took rules
 * a call out; of the rest the strongest evidence wins, and a tie leaves it for a person.
 */
export function matchPhoneCall(recording: PhoneRecording, calls: readonly CandidateCall[]): MatchResult {
  const start = recording.startedAt.getTime();
  const end = recording.endedAt.getTime();
  const ani = normalizeAni(recording.ani);
  const scored = calls.flatMap((call) => {
    if (call.line !== recording.line) return [];
    const callAni = normalizeAni(call.callbackNumber);
    if (ani && callAni && ani !== callAni) return [];
    const byPosition = recording.occupants.length > 0 ? call.callTakers.some((t) => recording.occupants.includes(t)) : null;
    if (byPosition === false) return [];
    const talkFrom = (call.answeredAt ?? call.receivedAt).getTime() - SLACK_MS;
    const talkTo = call.endedAt ? call.endedAt.getTime() + SLACK_MS : Number.POSITIVE_INFINITY;
    const overlap = Math.min(end, talkTo) - Math.max(start, talkFrom);
    if (overlap < 0 || (overlap === 0 && end > start)) return [];
    const fraction = end > start ? Math.min(1, overlap / (end - start)) : 1;
    const evidence = [ani && callAni ? 'ani' : null, byPosition ? 'position' : null, 'time'].filter(Boolean) as string[];
    const score = (evidence.includes('ani') ? 4 : 0) + (evidence.includes('position') ? 2 : 0) + fraction
      - Math.min(1, Math.abs(start - (call.answeredAt ?? call.receivedAt).getTime()) / 600_000) * 0.5;
    return [{ call, score, evidence }];
  }).sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (!best) return { matched: false, reason: 'no call on this line overlaps the recording' };
  const strong = best.evidence.length > 1;
  if (second && best.score - second.score < 0.25 && !(strong && second.evidence.length < best.evidence.length)) {
    return { matched: false, reason: `ambiguous: calls ${best.call.id} and ${second.call.id} fit equally well` };
  }
  return { matched: true, match: { callId: best.call.id, incidentNumber: best.call.incidentNumber, units: [], method: best.evidence.join('+') } };
}

export interface Assignment {
  incidentNumber: string;
  callSign: string;
  service: string;
  dispatchedAt: Date;
  enRouteAt: Date | null;
  arrivedAt: Date | null;
  clearedAt: Date | null;
}

export interface RadioRecording {
  startedAt: Date;
  endedAt: Date;
  /** The unit the transmitting radio is registered to, when the recorder gave its radio ID. */
  unit: string | null;
  talkgroup: Talkgroup | null;
}

const RADIO_SLACK_MS = 30_000;

/**
 * Match a radio transmission to its unit and incident (81A §L.2). A known radio ID
 * names the unit, and the incident it was assigned to at that moment follows. Without
 * one, the talkgroup's units whose dispatch, en-route, arrival or clear falls within
 * the transmission (the traffic that goes with them) name the incident, when only one
 * incident is concerned.
 */
export function matchRadio(recording: RadioRecording, assignments: readonly Assignment[]): MatchResult {
  const from = recording.startedAt.getTime() - RADIO_SLACK_MS;
  const to = recording.endedAt.getTime() + RADIO_SLACK_MS;
  if (recording.unit) {
    const open = assignments.filter((a) => a.callSign === recording.unit && a.dispatchedAt.getTime() <= to && (!a.clearedAt || a.clearedAt.getTime() >= from))
      .sort((a, b) => b.dispatchedAt.getTime() - a.dispatchedAt.getTime());
    const incident = open[0]?.incidentNumber ?? null;
    return { matched: true, match: { callId: null, incidentNumber: incident, units: [recording.unit], method: incident ? 'radio_id+time' : 'radio_id' } };
  }
  if (!recording.talkgroup) return { matched: false, reason: 'the talkgroup is not one the agency listed (setting recordings.talkgroups) and no radio ID was given' };
  const service = recording.talkgroup.service;
  const busy = assignments.filter((a) => a.service === service
    && [a.dispatchedAt, a.enRouteAt, a.arrivedAt, a.clearedAt].some((t) => t && t.getTime() >= from && t.getTime() <= to));
  const incidents = [...new Set(busy.map((a) => a.incidentNumber))];
  if (incidents.length === 0) return { matched: false, reason: `no ${service} unit was dispatched, arrived or cleared during the transmission` };
  if (incidents.length > 1) return { matched: false, reason: `ambiguous: incidents ${incidents.join(', ')} had radio traffic then` };
  const units = [...new Set(busy.map((a) => a.callSign))].sort();
  return { matched: true, match: { callId: null, incidentNumber: incidents[0]!, units, method: 'talkgroup+time' } };
}

export interface PlaybackRequest {
  permissions: ReadonlySet<Permission>;
  purpose: Purpose;
  recording: { position: string | null; startedAt: Date };
  /** The position the person sits at now (recording_seat), if any. */
  seat: string | null;
  now: Date;
  recallMinutes: number;
}

/**
 * 81A §M.1: the commanding officer reviews any recording for administrative review,
 * dispatch verification, investigation or training. §M.2: a dispatcher instantly
 * recalls the recent recordings of their own work station, and no others.
 */
export function mayPlay(request: PlaybackRequest): Decision {
  if (REVIEW_PURPOSES.includes(request.purpose)) {
    if (!request.permissions.has('recordings.review')) {
      return refuse('recording.review_not_permitted', '81A §M.1.a', 'Review of recordings for this purpose is for the commanding officer (81A §M.1).', 403);
    }
    return allow('81A §M.1.a');
  }
  if (!request.permissions.has('recordings.replay')) return refuse('recording.replay_not_permitted', '81A §M.2.a', 'Instant recall is for dispatch personnel at their work station (81A §M.2).', 403);
  if (!request.seat) return refuse('recording.no_position', '81A §M.2.b', 'Take your dispatch position first: instant recall plays the recordings of your own work station.', 409);
  if (request.recording.position !== request.seat) {
    return refuse('recording.not_your_position', '81A §M.2.b', `This recording is not from your position (${request.seat}); ask the commanding officer to review it (81A §M.1).`, 403);
  }
  const oldest = request.now.getTime() - request.recallMinutes * 60_000;
  if (request.recording.startedAt.getTime() < oldest) {
    return refuse('recording.outside_recall_window', '81A §M.2.a', `Instant recall covers the last ${request.recallMinutes} minutes; older recordings are reviewed by the commanding officer (81A §M.1).`, 403);
  }
  return allow('81A §M.2.a');
}

export interface HoldState {
  releaseRequestedBy: string | null;
  releasedAt: Date | null;
}

/** A hold is released by a second person: one asks, with a reason, another confirms. */
export function mayRequestRelease(hold: HoldState): Decision {
  if (hold.releasedAt) return refuse('hold.released', '81A §L', 'This hold is already released.', 409);
  if (hold.releaseRequestedBy) return refuse('hold.release_pending', '81A §L', `${hold.releaseRequestedBy} has already asked to release this hold; a second person confirms it.`, 409);
  return allow('81A §L');
}

export function mayRelease(hold: HoldState, username: string): Decision {
  if (hold.releasedAt) return refuse('hold.released', '81A §L', 'This hold is already released.', 409);
  if (!hold.releaseRequestedBy) return refuse('hold.release_not_requested', '81A §L', 'Ask for the release first (with the reason); a second person then confirms it.', 409);
  if (hold.releaseRequestedBy === username) {
    return refuse('hold.second_person_required', '81A §L', 'Releasing a litigation hold needs a second person: someone other than the one who asked must confirm it.', 409);
  }
  return allow('81A §L');
}
