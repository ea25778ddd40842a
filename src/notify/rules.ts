/**
 * The emergency notification list and its call-downs (S-110 §A.1.h): pure rules. The service
 * reads the call-down, asks here, then writes the attempt (and the completion) together.
 */
import { allow, refuse, type Decision } from '../core/decision.ts';
import type { CallOutcome, Completion } from '../db/tables/notify.ts';

export const CLAUSE = 'S-110 §A.1.h';
/** Residential telephone numbers of personnel are restricted; every read is audited. */
export const RESIDENTIAL_CLAUSE = '81A §B.2.b.iii';

export const OUTCOMES = ['reached', 'no_answer', 'left_message', 'wrong_number'] as const satisfies readonly CallOutcome[];

export const OUTCOME_WORDS: Record<CallOutcome, string> = {
  reached: 'reached', no_answer: 'no answer', left_message: 'left a message', wrong_number: 'wrong number',
};

/** An entry of a call-down with the outcomes of the calls made to it so far, oldest first. */
export interface EntryCalls { name: string; required: boolean; outcomes: readonly CallOutcome[] }

/**
 * Whether a call was made to this entry and needs no other: the person was reached, or the
 * number is wrong (calling it again will not reach them). "No answer" and "left a message"
 * leave the entry open: the dispatcher may call again.
 */
export function settled(entry: EntryCalls): boolean {
  return entry.outcomes.includes('reached') || entry.outcomes.at(-1) === 'wrong_number';
}

/** A call-down completes by itself once every required entry is settled (reached, or a wrong number). */
export function completesByItself(entries: readonly EntryCalls[]): boolean {
  return entries.filter((e) => e.required).every(settled);
}

/** Calls are recorded only on a call-down that is not complete. */
export function attemptAllowed(completedAt: Date | null): Decision {
  if (completedAt) return refuse('calldown.complete', CLAUSE, 'This call-down is complete: no further call can be recorded on it. Start a new call-down if more calls are needed.', 409);
  return allow(CLAUSE);
}

/**
 * The dispatcher closes a call-down when every required entry has been called at least once
 * (each marked reached, no answer, left a message or wrong number); one nobody has called yet keeps it open.
 */
export function closeAllowed(completedAt: Date | null, entries: readonly EntryCalls[]): Decision {
  if (completedAt) return refuse('calldown.complete', CLAUSE, 'This call-down is already complete.', 409);
  const uncalled = entries.filter((e) => e.required && e.outcomes.length === 0).map((e) => e.name);
  if (uncalled.length) return refuse('calldown.not_called', CLAUSE, `Every required entry must be called before the call-down is closed; not yet called: ${uncalled.join(', ')}.`, 409);
  return allow(CLAUSE);
}

export const COMPLETION_WORDS: Record<Completion, string> = {
  all_reached: 'everyone required was reached', closed: 'closed by the dispatcher with everyone required called',
};

/**
 * "If no answer within N minutes, call the next" (S-110 §A.1.h): the time a reminder is due for an
 * entry of an open call-down — N minutes after its first call when none of its calls reached anyone
 * and the next entry has not been called — or null when none is due to come.
 */
export function reminderAt(entry: { callNextAfterMinutes: number | null; attempts: readonly { outcome: CallOutcome; at: Date }[] }, next: { attempts: readonly unknown[] } | undefined, open: boolean): Date | null {
  if (!open || entry.callNextAfterMinutes === null || !next || next.attempts.length > 0) return null;
  if (entry.attempts.length === 0 || entry.attempts.some((a) => a.outcome === 'reached')) return null;
  const first = Math.min(...entry.attempts.map((a) => a.at.getTime()));
  return new Date(first + entry.callNextAfterMinutes * 60_000);
}
