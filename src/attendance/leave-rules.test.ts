import { describe, expect, test } from 'vitest';
import { balance, belowMinimum, credited, hoursTaken, leaveAllowed, planProblem, planWords } from './leave-rules.ts';

describe('leave balances (S-110 §A.1.i)', () => {
  test('S-110 §A.1.i: an accrual credits its hours at the end of each completed pay period, with the balance carried in from the first day', () => {
    const plan = { mode: 'accrual' as const, hours: 4, periodDays: 14, startsOn: '2026-10-01', openingHours: 10 };
    expect(credited(plan, '2026-09-30')).toBe(0);
    expect(credited(plan, '2026-10-01')).toBe(10);
    expect(credited(plan, '2026-10-13')).toBe(10);
    expect(credited(plan, '2026-10-14')).toBe(14); // the first 14-day period is complete at the end of its 14th day
    expect(credited(plan, '2026-10-28')).toBe(18);
    expect(planWords(plan)).toBe('4 h each 14-day pay period from 2026-10-01, 10 h carried in');
  });

  test('S-110 §A.1.i: a yearly grant is credited on its first day and on each anniversary (29 February on the 28th)', () => {
    const plan = { mode: 'yearly' as const, hours: 80, periodDays: null, startsOn: '2024-02-29', openingHours: 0 };
    expect(credited(plan, '2024-02-29')).toBe(80);
    expect(credited(plan, '2025-02-27')).toBe(80);
    expect(credited(plan, '2025-02-28')).toBe(160);
    expect(credited(plan, '2026-12-03')).toBe(240);
  });

  test('S-110 §A.1.i: a whole-day absence takes 8 hours, part of a shift its span; leave taken before the plan began does not count', () => {
    expect(hoursTaken({ date: '2026-10-02', startsAt: null, endsAt: null })).toBe(8);
    expect(hoursTaken({ date: '2026-10-02', startsAt: new Date('2026-10-02T14:00:00Z'), endsAt: new Date('2026-10-02T17:30:00Z') })).toBe(3.5);
    const plan = { mode: 'yearly' as const, hours: 16, periodDays: null, startsOn: '2026-01-01', openingHours: 0 };
    expect(balance(plan, [{ date: '2025-12-31', startsAt: null, endsAt: null }, { date: '2026-03-02', startsAt: null, endsAt: null }], '2026-06-01')).toEqual({ credited: 16, taken: 8, balance: 8 });
  });

  test('S-110 §A.1.i: a balance goes below zero only with an override; a plan says what its mode needs; a watch is below its minimum only when one is set', () => {
    expect(leaveAllowed('vacation', 0, 8, null).allowed).toBe(true);
    expect(leaveAllowed('vacation', -8, 8, null)).toMatchObject({ allowed: false, code: 'attendance.leave_exhausted', status: 409, field: 'body.leaveOverride' });
    expect(leaveAllowed('vacation', -8, 8, 'approved by the chief').allowed).toBe(true);
    expect(planProblem({ mode: 'accrual', hours: 4 })).toMatchObject({ allowed: false, field: 'body.periodDays' });
    expect(planProblem({ mode: 'yearly', hours: 80, periodDays: 14 })).toMatchObject({ allowed: false, field: 'body.periodDays' });
    expect(planProblem({ mode: 'yearly', hours: 0 })).toMatchObject({ allowed: false, field: 'body.hours' });
    expect(planProblem({ mode: 'none', hours: 0 }).allowed).toBe(true);
    expect(belowMinimum(2, 3)).toBe(true);
    expect(belowMinimum(3, 3)).toBe(false);
    expect(belowMinimum(0, null)).toBe(false);
  });
});
