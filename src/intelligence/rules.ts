/**
 * Criminal intelligence records under 28 CFR Part 23 (S-110 §A.1.m), with no I/O: a record
 * is opened only on a criminal predicate — reasonable suspicion that the subject is involved
 * in definable criminal activity (23.20(a)); information goes out only to a named recipient
 * with a need and a right to know (23.20(e)); a record is reviewed and validated or purged
 * within five years of being opened or last validated (23.20(h)).
 */
import { allow, refuse, type Decision } from '../core/decision.ts';

export const CLAUSE = {
  predicate: '28 CFR 23.20(a); S-110 §A.1.m',
  dissemination: '28 CFR 23.20(e); S-110 §A.1.m',
  retention: '28 CFR 23.20(h); S-110 §A.1.m',
} as const;

/** How many years a record is kept before it must be reviewed again (23.20(h)). */
export const RETENTION_YEARS = 5;

const blank = (s: string | undefined) => !s || s.trim() === '';

export function openAllowed(o: { activity?: string | undefined; predicate?: string | undefined; subjects: readonly string[] }): Decision {
  if (blank(o.activity)) return refuse('intelligence.activity_required', CLAUSE.predicate, 'activity: name the definable criminal activity the subjects are suspected of');
  if (blank(o.predicate)) return refuse('intelligence.predicate_required', CLAUSE.predicate, 'predicate: state the facts giving reasonable suspicion that the subjects are involved in that activity');
  if (o.subjects.length === 0) return refuse('intelligence.subject_required', CLAUSE.predicate, 'subjects: a record is about at least one person (a master name) suspected of the activity');
  return allow(CLAUSE.predicate);
}

export interface Dissemination {
  recipientAgency?: string | undefined; recipientPerson?: string | undefined; needToKnow?: boolean | undefined; rightToKnow?: boolean | undefined; reason?: string | undefined;
}

export function disseminationAllowed(d: Dissemination): Decision {
  if (blank(d.recipientAgency) || blank(d.recipientPerson)) return refuse('intelligence.recipient_required', CLAUSE.dissemination, 'recipientAgency, recipientPerson: name the agency and the person who receives the information');
  if (d.needToKnow !== true) return refuse('intelligence.need_to_know', CLAUSE.dissemination, 'needToKnow: information is given only to a recipient who needs it to perform a law enforcement activity');
  if (d.rightToKnow !== true) return refuse('intelligence.right_to_know', CLAUSE.dissemination, 'rightToKnow: information is given only to a recipient with the right to know it');
  if (blank(d.reason)) return refuse('intelligence.reason_required', CLAUSE.dissemination, 'reason: say why the recipient needs the information');
  return allow(CLAUSE.dissemination);
}

/** The day a record opened or validated on `day` (YYYY-MM-DD) falls due for review: five years on (29 February gives 28 February). */
export function reviewDue(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const due = new Date(Date.UTC(y + RETENTION_YEARS, m - 1, d));
  if (due.getUTCMonth() !== m - 1) due.setUTCDate(0);
  return due.toISOString().slice(0, 10);
}

export const isDue = (r: { reviewDue: string; purged: boolean }, today: string): boolean => !r.purged && r.reviewDue <= today;

export function purgeAllowed(r: { purged: boolean }, reason: string | undefined): Decision {
  if (r.purged) return refuse('intelligence.purged', CLAUSE.retention, 'the record is already purged', 409);
  if (blank(reason)) return refuse('intelligence.purge_reason_required', CLAUSE.retention, 'reason: say why the record is purged (no longer relevant, not validated, …)');
  return allow(CLAUSE.retention);
}

export function reviewAllowed(r: { purged: boolean }, note: string | undefined): Decision {
  if (r.purged) return refuse('intelligence.purged', CLAUSE.retention, 'a purged record cannot be validated', 409);
  if (blank(note)) return refuse('intelligence.review_note_required', CLAUSE.retention, 'note: say what was checked to validate the record (still relevant, still accurate)');
  return allow(CLAUSE.retention);
}

/** How many records a page of the register holds: by default, and at most. */
export const INTEL_PAGE = { default: 50, max: 200 } as const;
