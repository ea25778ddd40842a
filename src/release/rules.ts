/**
 * Pure decisions of the release of records: who may be given CORI and when (81A §K,
 * §J.1.b.x(b)), and what belongs on the public or the non-public daily log (M.G.L. c.41 §98F).
 */
import { withinHours, type Hours } from '../core/clock.ts';
import { allow, refuse, type Decision } from '../core/decision.ts';
import type { LogEntry, NonPublicReason } from './model.ts';

export interface RecordsCheckFacts {
  at: Date;
  businessHours: Hours;
  timeZone: string;
  /** The requester is another department of the town (not a criminal justice agency). */
  municipalDepartment: boolean;
  /** The requesting agency as the register knows it, if it does. */
  agency: { authorized: boolean } | undefined;
  employee: { authorized: boolean } | undefined;
  /** How the requester's identity was known or verified. */
  identity: { method: string } | undefined;
  /** What the dispatcher gave (the CORI log's "what was disseminated"). */
  disseminated: string | undefined;
}

export type CheckRouting =
  | { allowed: true; clause: string; routing: 'records_office' | 'answered_after_hours' }
  | Extract<Decision, { allowed: false }>;

/**
 * 81A §K.1: during business hours a records check goes to the Records Office; after hours
 * the dispatcher may answer only an authorized agency and employee, whose identity is known
 * or verified, with the request entered in the CORI log. Never for another town department
 * (81A §J.1.b.x(b)).
 */
export function routeRecordsCheck(f: RecordsCheckFacts): CheckRouting {
  if (f.municipalDepartment) {
    return refuse('cori.municipal_department', '81A §J.1.b.x(b)', 'No CORI check may be made for another municipal department of the town.', 403) as CheckRouting;
  }
  if (withinHours(f.at, f.businessHours, f.timeZone)) return { allowed: true, clause: '81A §K.1.a', routing: 'records_office' };
  if (!f.agency?.authorized) {
    return refuse('cori.agency_not_authorized', '81A §K.1.b.i', 'The requesting agency is not recorded as authorized to receive CORI.', 403) as CheckRouting;
  }
  if (!f.employee?.authorized) {
    return refuse('cori.employee_not_authorized', '81A §K.1.b.i', 'The requesting employee is not recorded as authorized to receive CORI for that agency.', 403) as CheckRouting;
  }
  if (!f.identity) {
    return refuse('cori.identity_unverified', '81A §K.1.b.ii', 'Record how the requester’s identity is known or was verified (identity.method).') as CheckRouting;
  }
  if (!f.disseminated?.trim()) {
    return refuse('cori.log_entry_required', '81A §K.1.b.iii', 'The request must be entered in the CORI log: say what was given (disseminated).') as CheckRouting;
  }
  return { allowed: true, clause: '81A §K.1.b', routing: 'answered_after_hours' };
}

/** The Records Office answers to a registered, authorized agency and employee only (81A §K.1.b.i, 803 CMR 7.11). */
export function recordsOfficeMayAnswer(agency: { authorized: boolean } | undefined, employee: { authorized: boolean } | undefined): Decision {
  if (!agency?.authorized) return refuse('cori.agency_not_authorized', '81A §K.1.b.i', 'The requesting agency is not recorded as authorized to receive CORI.', 403);
  if (!employee?.authorized) return refuse('cori.employee_not_authorized', '81A §K.1.b.i', 'The requesting employee is not recorded as authorized to receive CORI.', 403);
  return allow('803 CMR 7.11');
}

/** A daily log is of a day that has begun: a log for a future date is refused (M.G.L. c.41 §98F). */
export function logDateAllowed(date: string, today: string): Decision {
  if (date > today) return refuse('dailylog.future_date', 'M.G.L. c.41 §98F', `${date} has not come yet: the log of a day is made from what happened on it.`);
  return allow('M.G.L. c.41 §98F');
}

/** A day's log is published once the day is over (the supervisor reviews the whole day). */
export function publishAllowed(date: string, today: string, alreadyPublished: boolean): Decision {
  const date_ = logDateAllowed(date, today);
  if (!date_.allowed) return date_;
  if (date === today) return refuse('dailylog.day_not_over', 'M.G.L. c.41 §98F', `${date} is not over yet; publish its log tomorrow.`, 409);
  if (alreadyPublished) return refuse('dailylog.already_published', 'M.G.L. c.41 §98F', `The log of ${date} is published; add a correction instead.`, 409);
  return allow('M.G.L. c.41 §98F');
}

/** Incident types whose entries are kept off the public log: domestic violence, sexual assault, a missing child. */
export const NON_PUBLIC_TYPES: Readonly<Record<string, NonPublicReason>> = {
  DOMESTIC: 'domestic_violence',
  SEX_OFFENSE: 'sexual_assault',
  MISSING_CHILD: 'minor',
};

const CHARGE_REASONS: [RegExp, NonPublicReason][] = [
  [/209A|258E|restraining|protective order|abuse prevention|harassment prevention/i, 'protective_order_arrest'],
  [/rape|indecent|sexual|sex offen/i, 'sexual_assault'],
  [/domestic|family member|household member/i, 'domestic_violence'],
];

/**
 * M.G.L. c.41 §98F: why an entry belongs on the separate non-public log, or null when it is
 * public. Confidential incidents and shelter addresses (81A §D.3.c) never reach the public log.
 */
export function nonPublicReasons(entry: Pick<LogEntry, 'type' | 'charges'>, facts: { confidential: boolean; shelter: boolean; minor: boolean }): NonPublicReason[] {
  const reasons = new Set<NonPublicReason>();
  if (facts.confidential) reasons.add('confidential');
  if (facts.shelter) reasons.add('shelter_address');
  if (facts.minor) reasons.add('minor');
  const byType = NON_PUBLIC_TYPES[entry.type];
  if (byType) reasons.add(byType);
  for (const charge of entry.charges ?? []) for (const [pattern, reason] of CHARGE_REASONS) if (pattern.test(charge)) reasons.add(reason);
  return [...reasons];
}
