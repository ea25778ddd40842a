/**
 * Leave balances and minimum staffing (S-110 §A.1.i): pure rules. A leave plan credits an
 * employee's vacation, sick or personal leave, as the commanding officer set it, either each
 * completed pay period (an accrual) or once a year (a grant on the plan's first day and each
 * anniversary); absences recorded with that reason draw it down. A balance does not go below
 * zero unless the absence is recorded with an override saying why.
 */
import { allow, refuse, type Decision } from '../core/decision.ts';
import { CLAUSE } from './rules.ts';

export const LEAVE_TYPES = ['vacation', 'sick', 'personal'] as const;
export type LeaveType = (typeof LEAVE_TYPES)[number];
export const LEAVE_MODES = ['accrual', 'yearly', 'none'] as const;
export type LeaveMode = (typeof LEAVE_MODES)[number];
/** The hours a whole-day absence takes from a balance (an absence with a start and end takes its span). */
export const LEAVE_DAY_HOURS = 8;

export interface LeavePlan { mode: LeaveMode; hours: number; periodDays: number | null; startsOn: string; openingHours: number }
export interface LeaveTaken { date: string; startsAt: Date | null; endsAt: Date | null }

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Hours credited by the plan up to and including `asOf`: the opening balance, then each completed pay period's accrual, or each year's grant. */
export function credited(plan: LeavePlan, asOf: string): number {
  if (asOf < plan.startsOn) return 0;
  const days = daysBetween(plan.startsOn, asOf);
  if (plan.mode === 'accrual') return round2(plan.openingHours + plan.hours * Math.floor((days + 1) / plan.periodDays!));
  if (plan.mode === 'yearly') {
    const [y, monthDay] = [Number(plan.startsOn.slice(0, 4)), plan.startsOn.slice(5) === '02-29' ? '02-28' : plan.startsOn.slice(5)];
    let grants = 0;
    while (`${String(y + grants).padStart(4, '0')}-${monthDay}` <= asOf) grants++;
    return round2(plan.openingHours + plan.hours * grants);
  }
  return round2(plan.openingHours);
}

/** The hours one absence takes: its span when it has a start and end, else a whole day. */
export function hoursTaken(t: LeaveTaken): number {
  return t.startsAt && t.endsAt ? round2((t.endsAt.getTime() - t.startsAt.getTime()) / 3_600_000) : LEAVE_DAY_HOURS;
}

/** The balance: credited up to `asOf` less every absence of the type recorded from the plan's first day on (leave planned ahead counts once recorded). */
export function balance(plan: LeavePlan, taken: readonly LeaveTaken[], asOf: string): { credited: number; taken: number; balance: number } {
  const used = round2(taken.filter((t) => t.date >= plan.startsOn).reduce((sum, t) => sum + hoursTaken(t), 0));
  const c = credited(plan, asOf);
  return { credited: c, taken: used, balance: round2(c - used) };
}

/** An absence that would take a balance below zero needs an override saying why (recorded with the entry). */
export function leaveAllowed(type: LeaveType, after: number, needs: number, override: string | null): Decision {
  if (after >= 0 || override) return allow(CLAUSE);
  return refuse('attendance.leave_exhausted', CLAUSE,
    `This absence takes ${needs} h of ${type} leave and leaves ${after} h: a balance does not go below zero without an override (give leaveOverride, why).`, 409, 'body.leaveOverride');
}

/** What a plan must say: hours for an accrual or a grant, a pay period of 7 to 31 days for an accrual only. */
export function planProblem(p: { mode: LeaveMode; hours: number; periodDays?: number | undefined }): Decision {
  const bad = (field: string, detail: string) => refuse('attendance.invalid', CLAUSE, detail, 422, `body.${field}`);
  if (p.mode === 'accrual' && p.periodDays === undefined) return bad('periodDays', 'An accrual is credited each pay period: give its length in days (7 to 31).');
  if (p.mode !== 'accrual' && p.periodDays !== undefined) return bad('periodDays', 'Only an accrual has a pay period.');
  if (p.mode !== 'none' && !(p.hours > 0)) return bad('hours', `An ${p.mode === 'accrual' ? 'accrual' : 'yearly grant'} credits more than 0 hours.`);
  if (p.mode === 'none' && p.hours !== 0) return bad('hours', 'A plan of no leave credits 0 hours.');
  return allow(CLAUSE);
}

/** In words: "12 h each 14-day pay period from 2026-01-01", "80 h a year from 2026-01-01". */
export function planWords(p: LeavePlan): string {
  const opening = p.openingHours ? `, ${p.openingHours} h carried in` : '';
  if (p.mode === 'accrual') return `${p.hours} h each ${p.periodDays}-day pay period from ${p.startsOn}${opening}`;
  if (p.mode === 'yearly') return `${p.hours} h a year from ${p.startsOn}${opening}`;
  return `no leave credited${opening}`;
}

/** A watch below its minimum: fewer on duty than the commanding officer set. */
export function belowMinimum(onDuty: number, minimum: number | null): boolean {
  return minimum !== null && onDuty < minimum;
}
