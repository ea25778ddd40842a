/**
 * Employee attendance (S-110 §A.1.i): absences, court time and overtime per employee and day,
 * read beside the duty roster. Entries are never edited: a correction is a new entry naming
 * the one it corrects, and every entry and its audit row commit in one transaction.
 */
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { BadRequest, Forbidden, NotFound } from '../core/errors.ts';
import { enforce } from '../core/decision.ts';
import { agencyDate } from '../core/clock.ts';
import { permissionsOf } from '../core/permissions.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import { toCsv } from '../audit/reports.ts';
import { rosterEntries } from '../directory/roster.ts';
import { activePeople, displayName, displayNames, peopleByUsername, personByUsername, type Person } from '../identity/people.ts';
import { agencyInstant } from '../keys/rules.ts';
import { absenceFor, attendanceTotals, REPORT_CSV_COLUMNS, type EffectiveEntry } from './report.ts';
import { ABSENCE_REASONS, addDays, CLAUSE, correctable, entryProblem, mayRecord, OVERTIME_REASONS, type EntryKind } from './rules.ts';
import { checkLeave, minimums } from './leave.ts';
import { belowMinimum } from './leave-rules.ts';
import * as store from './store.ts';

/** The longest period one list or report covers. */
export const MAX_PERIOD_DAYS = 366;
/** Logins that are systems, not employees. */
const SYSTEM_ROLES = ['recorder', 'avl_gateway'];

export interface EntryInput {
  employee: string; date: string; shift?: string | undefined; kind: EntryKind; reason?: string | undefined;
  /** 'YYYY-MM-DDTHH:MM' on the agency's clock. */
  start?: string | undefined; end?: string | undefined;
  hours?: number | undefined; court?: string | undefined; docket?: string | undefined; caseNumber?: string | undefined; note?: string | undefined;
  /** Why a leave absence is recorded although it takes the employee's balance below zero (S-110 §A.1.i). */
  leaveOverride?: string | undefined;
}

type Row = Awaited<ReturnType<typeof store.entriesBetween>>[number];

const trimmed = (v: string | undefined) => v?.trim() || null;
const isEmployee = (p: Person | undefined): p is Person => Boolean(p && p.roles.some((r) => !SYSTEM_ROLES.includes(r)));

function instant(local: string, timeZone: string): Date {
  return agencyInstant(local.slice(0, 10), Number(local.slice(11, 13)), Number(local.slice(14, 16)), timeZone);
}

/** Whether the recorder and the employee are on the same roster shift that day (the shift named, when one is). */
async function sharesShift(q: Db | Tx, recorder: string, employee: string, date: string, shift: string | null): Promise<boolean> {
  const lines = await rosterEntries(q, [date], shift ? { shift } : {});
  const shiftsOf = (u: string) => new Set(lines.filter((l) => l.username === u).map((l) => l.shift));
  const mine = shiftsOf(recorder);
  return [...shiftsOf(employee)].some((s) => mine.has(s));
}

/** Check an entry and turn it into the row to write: the employee exists, the rules hold, the recorder may record it. */
async function prepared(ctx: AppContext, actor: Actor, input: EntryInput) {
  const employee = await personByUsername(ctx.db, input.employee);
  if (!isEmployee(employee)) throw new BadRequest('request.invalid', `body.employee names no employee ("${input.employee}")`, { field: 'body.employee' });
  const timeZone = ctx.config.agency.timeZone;
  const startsAt = input.start ? instant(input.start, timeZone) : null;
  const endsAt = input.end ? instant(input.end, timeZone) : null;
  const spanMinutes = startsAt && endsAt ? Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000) : undefined;
  const facts = { ...input, court: trimmed(input.court) ?? undefined, docket: trimmed(input.docket) ?? undefined, spanMinutes };
  enforce(entryProblem(facts, agencyDate(timeZone, ctx.clock.now())));
  const shift = trimmed(input.shift);
  enforce(mayRecord(actor, employee.username, await sharesShift(ctx.db, actor.username, employee.username, input.date, shift)));
  const minutes = input.kind === 'absent' ? null : input.hours !== undefined ? Math.round(input.hours * 60) : spanMinutes ?? null;
  return {
    username: employee.username, date: input.date, shift, kind: input.kind, reason: input.reason ?? null, startsAt, endsAt, minutes,
    court: input.kind === 'court' ? facts.court ?? null : null, docket: input.kind === 'court' ? facts.docket ?? null : null,
    caseNumber: trimmed(input.caseNumber), note: trimmed(input.note), leaveOverride: trimmed(input.leaveOverride),
  };
}

const auditDetail = (e: { username: string; date: string; kind: string; reason: string | null; minutes: number | null }) =>
  ({ employee: e.username, date: e.date, kind: e.kind, reason: e.reason, minutes: e.minutes, clause: CLAUSE });

/** Record an absence, court time or overtime for an employee (S-110 §A.1.i). */
export async function recordEntry(ctx: AppContext, actor: Actor, input: EntryInput): Promise<string> {
  const entry = await prepared(ctx, actor, input);
  return inTransaction(ctx.db, async (tx) => {
    const leave = await checkLeave(tx, entry, entry.leaveOverride);
    const row = await store.insertEntry(tx, { ...entry, leaveOverride: leave?.override ?? null, corrects: null, correctionReason: null, by: actor.username });
    await recordAudit(tx, { actor, action: 'attendance.recorded', subject: { type: 'attendance_entry', id: row.id }, outcome: 'allowed', detail: { ...auditDetail(entry), ...(leave ? { leave } : {}) } });
    return row.id;
  });
}

/**
 * Correct the latest entry of a chain: a new entry that replaces it, or, without one, a
 * withdrawal (the entry was made in error). The corrected entry stays as it was.
 */
export async function correctEntry(ctx: AppContext, actor: Actor, id: string, input: { why: string; entry?: EntryInput | undefined }): Promise<string> {
  const why = input.why.trim();
  if (!why) throw new BadRequest('request.invalid', 'body.why says why the entry is corrected', { field: 'body.why' });
  const replacement = input.entry ? await prepared(ctx, actor, input.entry) : null;
  return inTransaction(ctx.db, async (tx: Tx) => {
    const target = await store.lockEntry(tx, id);
    if (!target) throw new NotFound('attendance.not_found', `No attendance entry has the id ${id}.`);
    enforce(correctable(target, await store.correctionOf(tx, id)));
    enforce(mayRecord(actor, target.username, await sharesShift(tx, actor.username, target.username, target.work_date, target.shift)));
    const entry = replacement ?? {
      username: target.username, date: target.work_date, shift: target.shift, kind: 'withdrawn' as const, reason: null, startsAt: null, endsAt: null,
      minutes: null, court: null, docket: null, caseNumber: null, note: null, leaveOverride: null,
    };
    const leave = await checkLeave(tx, entry, entry.leaveOverride, id);
    const row = await store.insertEntry(tx, { ...entry, leaveOverride: leave?.override ?? null, corrects: id, correctionReason: why, by: actor.username });
    await recordAudit(tx, {
      actor, action: replacement ? 'attendance.corrected' : 'attendance.withdrawn', subject: { type: 'attendance_entry', id: row.id }, outcome: 'allowed',
      detail: { ...auditDetail(entry), corrects: id, why, ...(leave ? { leave } : {}) },
    });
    return row.id;
  });
}

function checkPeriod(from: string, to: string): void {
  if (to < from) throw new BadRequest('request.invalid', `querystring.to (${to}) is before querystring.from (${from})`, { field: 'querystring.to' });
  if (to > addDays(from, MAX_PERIOD_DAYS - 1)) throw new BadRequest('request.invalid', `querystring.to: a period covers at most ${MAX_PERIOD_DAYS} days`, { field: 'querystring.to' });
}

/** A reader of everyone's attendance, or of their own only (an officer reads their own entries). */
function whoseFor(actor: Actor, employee: string | undefined): string | undefined {
  if (permissionsOf(actor.roles).has('attendance.read')) return employee;
  if (employee && employee !== actor.username) throw new Forbidden('attendance.own_only', 'You may read your own attendance only (S-110 §A.1.i).');
  return actor.username;
}

function entryView(r: Row, name: (u: string) => string) {
  return {
    id: r.id, employee: r.username, employeeName: name(r.username), date: r.work_date, shift: r.shift, kind: r.kind, reason: r.reason,
    start: r.starts_at?.toISOString() ?? null, end: r.ends_at?.toISOString() ?? null, hours: r.minutes === null ? null : r.minutes / 60,
    court: r.court, docket: r.docket, caseNumber: r.case_number, note: r.note, corrects: r.corrects, correctionReason: r.correction_reason, correctedBy: r.corrected_by,
    recordedBy: r.recorded_by, recordedByName: name(r.recorded_by), recordedAt: r.recorded_at.toISOString(), leaveOverride: r.leave_override,
  };
}

/** Entries dated in the period, corrected ones too (each naming the entry that corrects it). */
export async function entryList(ctx: AppContext, actor: Actor, q: { from: string; to: string; employee?: string | undefined }) {
  checkPeriod(q.from, q.to);
  const rows = await store.entriesBetween(ctx.db, q.from, q.to, whoseFor(actor, q.employee));
  const name = await displayNames(ctx.db, rows.flatMap((r) => [r.username, r.recorded_by]));
  return rows.map((r) => entryView(r, name));
}

const effective = (rows: readonly Row[]): EffectiveEntry[] => rows.filter((r) => !r.corrected_by && r.kind !== 'withdrawn')
  .map((r) => ({ username: r.username, date: r.work_date, shift: r.shift, kind: r.kind, reason: r.reason, minutes: r.minutes }));

/** One day's roster with who is absent (a gap, with the reason), shift by shift, and the day's court time and overtime. */
export async function rosterDay(ctx: AppContext, date: string) {
  const [lines, rows, minimum] = await Promise.all([rosterEntries(ctx.db, [date]), store.entriesBetween(ctx.db, date, date), minimums(ctx.db)]);
  const entries = effective(rows);
  const name = await displayNames(ctx.db, [...lines.map((l) => l.username), ...rows.flatMap((r) => [r.username, r.recorded_by])]);
  const shifts = [...new Set(lines.map((l) => l.shift))].sort();
  return {
    date,
    shifts: shifts.map((shift) => {
      const onShift = lines.filter((l) => l.shift === shift).sort((a, b) => (a.callSign === null ? 1 : 0) - (b.callSign === null ? 1 : 0) || (a.callSign ?? '').localeCompare(b.callSign ?? ''));
      const members = onShift.map((l) => {
        const absence = l.username ? absenceFor(entries, { date, shift, username: l.username }) : undefined;
        return {
          callSign: l.callSign, assignment: l.assignment, employee: l.username, name: l.person ? displayName(l.person, l.username!) : null,
          status: absence ? 'absent' as const : 'present' as const, reason: absence?.reason ?? null,
        };
      });
      const people = members.filter((m) => m.employee);
      const absent = people.filter((m) => m.status === 'absent').length;
      const min = minimum.get(shift) ?? null;
      return { shift, members, rostered: people.length, absent, onDuty: people.length - absent, minimum: min, belowMinimum: belowMinimum(people.length - absent, min) };
    }),
    entries: rows.filter((r) => !r.corrected_by && r.kind !== 'withdrawn').map((r) => entryView(r, name)),
  };
}

/** Every date from `from` to `to`. */
function datesOf(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/** Totals per employee for the period (S-110 §A.1.i), by name. */
export async function attendanceReport(ctx: AppContext, actor: Actor, q: { from: string; to: string; employee?: string | undefined }) {
  checkPeriod(q.from, q.to);
  const whose = whoseFor(actor, q.employee);
  const [rows, lines] = await Promise.all([
    store.entriesBetween(ctx.db, q.from, q.to, whose),
    rosterEntries(ctx.db, datesOf(q.from, q.to), whose ? { username: whose } : {}),
  ]);
  const totals = attendanceTotals(effective(rows), lines.map((l) => ({ date: l.date, shift: l.shift, username: l.username })));
  const people = await peopleByUsername(ctx.db, [...totals.keys()]);
  const employees = [...totals.values()].map((t) => ({ ...t, name: displayName(people.get(t.employee), t.employee), badge: people.get(t.employee)?.badge ?? null }))
    .sort((a, b) => (people.get(a.employee)?.lastName ?? a.employee).localeCompare(people.get(b.employee)?.lastName ?? b.employee));
  return { from: q.from, to: q.to, employees };
}

/** The report as CSV for a spreadsheet; the route audits the export. */
export async function attendanceCsv(ctx: AppContext, actor: Actor, q: { from: string; to: string; employee?: string | undefined }): Promise<string> {
  const { employees } = await attendanceReport(ctx, actor, q);
  return toCsv(employees.map((e) => ({
    employee: e.name, badge: e.badge, rostered_shifts: e.rosteredShifts, shifts_worked: e.shiftsWorked,
    ...Object.fromEntries(ABSENCE_REASONS.map((r) => [`absent_days_${r}`, e.absentDays[r]])), court_hours: e.courtHours,
    ...Object.fromEntries(OVERTIME_REASONS.map((r) => [`overtime_hours_${r}`, e.overtimeHours[r]])),
    overtime_hours_total: Math.round(OVERTIME_REASONS.reduce((sum, r) => sum + e.overtimeHours[r], 0) * 100) / 100,
  })), REPORT_CSV_COLUMNS);
}

/** The employees an entry can be about, by name: people with a login that is not disabled (not system logins). */
export async function employees(ctx: AppContext) {
  return (await activePeople(ctx.db)).filter(isEmployee).map((p) => ({ login: p.username, name: displayName(p, p.username) }));
}
