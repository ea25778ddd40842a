/**
 * Pure decisions that protect officers (81A §E.5.d, §E.6): when to prompt the dispatcher
 * after unanswered calls, and which timers have run out. No I/O; table tests beside it.
 */

export interface Timers {
  /** §E.5.d: re-establish contact with a unit on standby within this many minutes. */
  standbyMinutes: number;
  /** §E.6.c: after this long unreachable, alert field units and the commanding officer. */
  nonResponseMinutes: number;
  /** A unit on scene this long gets a status check (an incident type's `statusCheckMinutes` overrides it). */
  onSceneMinutes: number;
  /** A unit out of service this long gets a status check (a reason's `statusCheckMinutes` overrides it). */
  outOfServiceMinutes: number;
}

export const DEFAULT_TIMERS: Timers = { standbyMinutes: 3, nonResponseMinutes: 5, onSceneMinutes: 45, outOfServiceMinutes: 60 };

export interface NonResponsePrompt {
  tryAnotherChannel: boolean;
  dispatchAnother: boolean;
  message: string | null;
  clause: string | null;
}

/**
 * §E.6.a: "If, after calling a unit twice, the dispatcher receives no answer" — keep
 * trying, by cell phone or laptop; §E.6.b: "If the call requires an immediate response,
 * another unit will be dispatched." Priority 1 incidents need an immediate response.
 */
export function nonResponsePrompt(unanswered: number, incidentPriority: number | null): NonResponsePrompt {
  if (unanswered < 2) return { tryAnotherChannel: false, dispatchAnother: false, message: null, clause: null };
  const immediate = incidentPriority === 1;
  return {
    tryAnotherChannel: true,
    dispatchAnother: immediate,
    message: immediate
      ? 'No answer after two calls: try cell phone or laptop, and dispatch another unit to this incident.'
      : 'No answer after two calls: keep calling, and try cell phone or laptop.',
    clause: immediate ? '81A §E.6.a–b' : '81A §E.6.a',
  };
}

/** Whether `since` is at least `minutes` before `now`. */
export function overdue(since: Date | null, minutes: number, now: Date): boolean {
  return since !== null && now.getTime() - since.getTime() >= minutes * 60_000;
}

/** The status-check limit for a unit in this status, or null when the status has none. */
export function statusCheckLimit(status: string, timers: Timers, override: unknown): number | null {
  const own = typeof override === 'number' && override > 0 ? override : null;
  if (status === 'arrived') return own ?? timers.onSceneMinutes;
  if (status === 'out_of_service') return own ?? timers.outOfServiceMinutes;
  return null;
}

/** Alert priorities: 0 is the officer's emergency button, the highest of all (§E.6.e). */
export const ALERT_PRIORITY: Record<string, number> = {
  emergency: 0,
  non_response: 1,
  facility_alarm: 1,
  emergency_message: 1,
  standby_recontact: 2,
  status_check: 2,
  message_undelivered: 2,
};

/** An emergency alert is dismissed only with a written acknowledgment of what was done (§E.6.e). */
export function acknowledgmentRefusal(kind: string, text: string | undefined): string | null {
  if (kind === 'emergency' && (!text || text.trim().length < 3)) {
    return 'an emergency alert is acknowledged only with a note of what was done (81A §E.6.e)';
  }
  return null;
}
