import { describe, expect, test } from 'vitest';
import { correctable, entryProblem, mayRecord } from './rules.ts';
import { attendanceTotals } from './report.ts';

const today = '2026-12-03';

describe('attendance entries (S-110 §A.1.i)', () => {
  test('an absence already taken is not dated ahead; planned leave is, up to a year', () => {
    expect(entryProblem({ kind: 'absent', reason: 'sick', date: '2026-12-04' }, today).allowed).toBe(true);
    expect(entryProblem({ kind: 'absent', reason: 'sick', date: '2026-12-10' }, today)).toMatchObject({ allowed: false, field: 'body.date', clause: 'S-110 §A.1.i' });
    expect(entryProblem({ kind: 'absent', reason: 'vacation', date: '2027-06-01' }, today).allowed).toBe(true);
    expect(entryProblem({ kind: 'absent', reason: 'vacation', date: '2028-06-01' }, today)).toMatchObject({ allowed: false, field: 'body.date' });
  });

  test.each([
    [{ kind: 'overtime', reason: 'detail', hours: 0 }, 'body.hours'],
    [{ kind: 'overtime', reason: 'detail', hours: 24.5 }, 'body.hours'],
    [{ kind: 'overtime', reason: 'detail', start: '2026-12-01T18:00', end: '2026-12-01T17:00', spanMinutes: -60 }, 'body.end'],
    [{ kind: 'overtime', reason: 'detail', hours: 5, start: '2026-12-01T18:00', end: '2026-12-01T20:00', spanMinutes: 120 }, 'body.hours'],
    [{ kind: 'court', hours: 2 }, 'body.court'],
    [{ kind: 'overtime', reason: 'vacation', hours: 2 }, 'body.reason'],
  ] as const)('%o is refused naming %s', (entry, field) => {
    expect(entryProblem({ date: '2026-12-01', ...entry }, today)).toMatchObject({ allowed: false, field });
  });

  test('the commanding officer records anyone’s attendance, a sergeant their own shift’s, nobody their own', () => {
    expect(mayRecord({ username: 'co', roles: ['commanding_officer'] }, 'pn1', false).allowed).toBe(true);
    expect(mayRecord({ username: 'sgt', roles: ['patrol_supervisor'] }, 'pn1', true).allowed).toBe(true);
    expect(mayRecord({ username: 'sgt', roles: ['patrol_supervisor'] }, 'pn1', false)).toMatchObject({ allowed: false, status: 403, code: 'attendance.not_your_shift' });
    expect(mayRecord({ username: 'co', roles: ['commanding_officer'] }, 'co', true)).toMatchObject({ allowed: false, code: 'attendance.own_entry' });
  });

  test('only the latest entry of a chain is corrected', () => {
    expect(correctable({ kind: 'absent' }, null).allowed).toBe(true);
    expect(correctable({ kind: 'absent' }, 'later')).toMatchObject({ allowed: false, status: 409, code: 'attendance.not_latest' });
    expect(correctable({ kind: 'withdrawn' }, null)).toMatchObject({ allowed: false, code: 'attendance.withdrawn' });
  });

  test('totals: absent days count each date once, a day’s absence takes every shift of that day off, hours add up', () => {
    const totals = attendanceTotals([
      { username: 'a', date: '2026-12-01', shift: null, kind: 'absent', reason: 'sick', minutes: null },
      { username: 'a', date: '2026-12-01', shift: 'Day', kind: 'absent', reason: 'sick', minutes: null },
      { username: 'a', date: '2026-12-02', shift: null, kind: 'overtime', reason: 'detail', minutes: 90 },
      { username: 'a', date: '2026-12-02', shift: null, kind: 'court', reason: null, minutes: 150 },
    ], [{ date: '2026-12-01', shift: 'Day', username: 'a' }, { date: '2026-12-01', shift: 'Evening', username: 'a' }, { date: '2026-12-02', shift: 'Day', username: 'a' }]);
    expect(totals.get('a')).toMatchObject({ rosteredShifts: 3, shiftsWorked: 1, absentDays: { sick: 1 }, courtHours: 2.5, overtimeHours: { detail: 1.5 } });
  });
});
