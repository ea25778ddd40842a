/**
 * Employee attendance (S-110 §A.1.i): what an entry must say, who may record it, and which
 * entry may be corrected. Pure rules; the service reads, asks here, then writes the entry and
 * its audit row together.
 */
import { allow, refuse, type Decision } from '../core/decision.ts';

export const CLAUSE = 'S-110 §A.1.i';

export const ABSENCE_REASONS = ['sick', 'personal', 'vacation', 'injured_on_duty', 'bereavement', 'military', 'training'] as const;
export const OVERTIME_REASONS = ['shift_coverage', 'court', 'detail', 'call_back'] as const;
export const KINDS = ['absent', 'court', 'overtime'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];
export type OvertimeReason = (typeof OVERTIME_REASONS)[number];
export type EntryKind = (typeof KINDS)[number];

export const REASON_WORDS: Record<AbsenceReason | OvertimeReason, string> = {
  sick: 'sick', personal: 'personal leave', vacation: 'vacation / annual leave', injured_on_duty: 'injured on duty', bereavement: 'bereavement',
  military: 'military leave', training: 'training', shift_coverage: 'shift coverage', court: 'court', detail: 'detail', call_back: 'call-back',
};

/** Leave that is planned ahead and may be recorded up to a year before; sick and injured-on-duty absences are recorded when they happen (the day before at most, for a call-in). */
const PLANNED: readonly AbsenceReason[] = ['vacation', 'military', 'training', 'personal', 'bereavement'];
const PLANNED_DAYS_AHEAD = 366;
const CALL_IN_DAYS_AHEAD = 1;
export const MAX_MINUTES = 24 * 60;

/** An entry as the service hands it here: times already read on the agency clock, the span between them in minutes. */
export interface EntryFacts {
  kind: EntryKind;
  date: string;
  reason?: string | undefined;
  hours?: number | undefined;
  court?: string | undefined;
  docket?: string | undefined;
  start?: string | undefined;
  end?: string | undefined;
  /** Minutes from start to end, when both are given. */
  spanMinutes?: number | undefined;
}

/** 'YYYY-MM-DD' `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const bad = (field: string, detail: string): Decision => refuse('attendance.invalid', CLAUSE, detail, 422, `body.${field}`);

function checkTimes(e: EntryFacts): Decision | null {
  if (Boolean(e.start) !== Boolean(e.end)) return bad(e.start ? 'end' : 'start', 'Give both the start and the end, or neither.');
  if (e.start && e.end) {
    if (e.end <= e.start) return bad('end', `The end (${e.end.replace('T', ' ')}) is not after the start (${e.start.replace('T', ' ')}).`);
    const startDay = e.start.slice(0, 10);
    if (startDay < e.date || startDay > addDays(e.date, 1)) return bad('start', `The start falls on ${startDay}: it must be on the entry’s date, ${e.date}, or the night after.`);
    if ((e.spanMinutes ?? 0) > MAX_MINUTES) return bad('end', 'An entry covers at most 24 hours; record a longer absence day by day.');
  }
  return null;
}

function checkHours(e: EntryFacts, what: string): Decision | null {
  if (e.hours === undefined) {
    return e.spanMinutes === undefined ? bad('hours', `${what} needs its hours, or its start and end.`) : null;
  }
  if (!(e.hours > 0) || e.hours > 24) return bad('hours', `${what} is more than 0 and at most 24 hours (${e.hours} given).`);
  if (e.spanMinutes !== undefined && e.hours * 60 > e.spanMinutes) return bad('hours', `${e.hours} hours is more than the time between the start and the end.`);
  return null;
}

/**
 * Whether an entry says what its kind needs: an absence its reason, court time its court and
 * hours, overtime its reason and hours; times in order; no absence already taken dated in the
 * future. `today` is the agency's date.
 */
export function entryProblem(e: EntryFacts, today: string): Decision {
  const times = checkTimes(e);
  if (times) return times;
  if (e.kind === 'absent') {
    if (!(ABSENCE_REASONS as readonly string[]).includes(e.reason ?? '')) return bad('reason', `An absence needs its reason: ${ABSENCE_REASONS.join(', ')}.`);
    if (e.hours !== undefined) return bad('hours', 'An absence is counted in days; give its start and end for part of a shift.');
    if (e.court || e.docket) return bad(e.court ? 'court' : 'docket', 'A court and docket are given with court time only.');
    const planned = PLANNED.includes(e.reason as AbsenceReason);
    const latest = addDays(today, planned ? PLANNED_DAYS_AHEAD : CALL_IN_DAYS_AHEAD);
    if (e.date > latest) {
      return bad('date', planned
        ? `Leave is recorded at most a year ahead (until ${latest}).`
        : `A ${REASON_WORDS[e.reason as AbsenceReason]} absence is recorded when it is taken, not ahead (${e.date} is after ${latest}).`);
    }
    return allow(CLAUSE);
  }
  if (e.date > today) return bad('date', `${e.kind === 'court' ? 'Court time' : 'Overtime'} is recorded once worked; ${e.date} is after today (${today}).`);
  if (e.kind === 'court') {
    if (!e.court?.trim()) return bad('court', 'Court time names the court.');
    if (e.reason) return bad('reason', 'Court time has no reason: give the court and docket.');
    return checkHours(e, 'Court time') ?? allow(CLAUSE);
  }
  if (!(OVERTIME_REASONS as readonly string[]).includes(e.reason ?? '')) return bad('reason', `Overtime needs its reason: ${OVERTIME_REASONS.join(', ')}.`);
  if (e.court || e.docket) return bad(e.court ? 'court' : 'docket', 'A court and docket are given with court time only; overtime for court names the case number.');
  return checkHours(e, 'Overtime') ?? allow(CLAUSE);
}

/**
 * Who records whose attendance: the commanding officer anyone's; a patrol supervisor the people on
 * a roster shift they are on themselves that day; nobody their own (another supervisor does).
 */
export function mayRecord(recorder: { username: string; roles: readonly string[] }, employee: string, sharesShift: boolean): Decision {
  if (recorder.username === employee) return refuse('attendance.own_entry', CLAUSE, 'Your own attendance is recorded by another supervisor.', 403, 'body.employee');
  if (recorder.roles.includes('commanding_officer')) return allow(CLAUSE);
  if (recorder.roles.includes('patrol_supervisor') && sharesShift) return allow(CLAUSE);
  return refuse('attendance.not_your_shift', CLAUSE, 'A patrol supervisor records attendance for the people on the roster with them that day; the commanding officer records the rest.', 403, 'body.employee');
}

/** Only the latest entry of a chain is corrected; a withdrawn entry stays withdrawn (record a new one instead). */
export function correctable(target: { kind: string }, correctedBy: string | null): Decision {
  if (correctedBy) return refuse('attendance.not_latest', CLAUSE, `This entry was already corrected by entry ${correctedBy}: correct that one, the latest.`, 409, 'params.id');
  if (target.kind === 'withdrawn') return refuse('attendance.withdrawn', CLAUSE, 'This entry withdraws an earlier one; record a new entry instead of correcting it.', 409, 'params.id');
  return allow(CLAUSE);
}
