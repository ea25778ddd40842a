/**
 * The attendance report for a period (S-110 §A.1.i): per employee, the shifts the roster gave
 * them and how many they worked, absent days by reason, court hours and overtime hours by
 * reason. Pure: the service hands in the effective entries and the roster lines.
 */
import { ABSENCE_REASONS, OVERTIME_REASONS, type AbsenceReason, type OvertimeReason } from './rules.ts';

export interface EffectiveEntry { username: string; date: string; shift: string | null; kind: string; reason: string | null; minutes: number | null }
export interface RosterLine { date: string; shift: string; username: string | null }

export interface EmployeeTotals {
  employee: string;
  rosteredShifts: number;
  shiftsWorked: number;
  absentDays: Record<AbsenceReason, number>;
  courtHours: number;
  overtimeHours: Record<OvertimeReason, number>;
}

/** The absence that takes this person off this roster line: one for the day, or for that shift by name. */
export function absenceFor(entries: readonly EffectiveEntry[], line: { date: string; shift: string; username: string | null }): EffectiveEntry | undefined {
  return entries.find((e) => e.kind === 'absent' && e.username === line.username && e.date === line.date && (e.shift === null || e.shift === line.shift));
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/** Totals per employee for everyone on the roster or with an entry in the period, by login. */
export function attendanceTotals(entries: readonly EffectiveEntry[], roster: readonly RosterLine[]): Map<string, EmployeeTotals> {
  const totals = new Map<string, EmployeeTotals & { absentDates: Map<string, Set<string>>; courtMinutes: number; overtimeMinutes: Record<string, number> }>();
  const of = (username: string) => {
    let t = totals.get(username);
    if (!t) {
      t = { employee: username, rosteredShifts: 0, shiftsWorked: 0, absentDays: zeros(ABSENCE_REASONS), courtHours: 0, overtimeHours: zeros(OVERTIME_REASONS), absentDates: new Map(), courtMinutes: 0, overtimeMinutes: zeros(OVERTIME_REASONS) };
      totals.set(username, t);
    }
    return t;
  };
  for (const line of roster) {
    if (!line.username) continue;
    const t = of(line.username);
    t.rosteredShifts += 1;
    if (!absenceFor(entries, line)) t.shiftsWorked += 1;
  }
  for (const e of entries) {
    const t = of(e.username);
    if (e.kind === 'absent' && e.reason) {
      const dates = t.absentDates.get(e.reason) ?? new Set<string>();
      t.absentDates.set(e.reason, dates.add(e.date));
    } else if (e.kind === 'court') t.courtMinutes += e.minutes ?? 0;
    else if (e.kind === 'overtime' && e.reason) t.overtimeMinutes[e.reason] = (t.overtimeMinutes[e.reason] ?? 0) + (e.minutes ?? 0);
  }
  const result = new Map<string, EmployeeTotals>();
  for (const [username, { absentDates, courtMinutes, overtimeMinutes, ...t }] of totals) {
    for (const [reason, dates] of absentDates) t.absentDays[reason as AbsenceReason] = dates.size;
    t.courtHours = hours(courtMinutes);
    for (const reason of OVERTIME_REASONS) t.overtimeHours[reason] = hours(overtimeMinutes[reason] ?? 0);
    result.set(username, t);
  }
  return result;
}

export const REPORT_CSV_COLUMNS = [
  'employee', 'badge', 'rostered_shifts', 'shifts_worked', ...ABSENCE_REASONS.map((r) => `absent_days_${r}`), 'court_hours',
  ...OVERTIME_REASONS.map((r) => `overtime_hours_${r}`), 'overtime_hours_total',
] as const;
