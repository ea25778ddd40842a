/** All of the attendance SQL (S-110 §A.1.i). */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { AttendanceKind } from '../db/tables/attendance.ts';

type Q = Db | Tx;

export interface NewEntry {
  username: string; date: string; shift: string | null; kind: AttendanceKind; reason: string | null; startsAt: Date | null; endsAt: Date | null;
  minutes: number | null; court: string | null; docket: string | null; caseNumber: string | null; note: string | null;
  corrects: string | null; correctionReason: string | null; by: string;
  /** Why a leave absence is recorded although it takes the balance below zero. */
  leaveOverride?: string | null | undefined;
}

export function insertEntry(tx: Tx, e: NewEntry) {
  return tx.insertInto('attendance_entry').values({
    username: e.username, work_date: e.date, shift: e.shift, kind: e.kind, reason: e.reason, starts_at: e.startsAt, ends_at: e.endsAt, minutes: e.minutes,
    court: e.court, docket: e.docket, case_number: e.caseNumber, note: e.note, corrects: e.corrects, correction_reason: e.correctionReason, recorded_by: e.by,
    leave_override: e.leaveOverride ?? null,
  }).returningAll().executeTakeFirstOrThrow();
}

/** The entry, locked so that two corrections of it at once are made one after the other. */
export function lockEntry(tx: Tx, id: string) {
  return tx.selectFrom('attendance_entry').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The id of the entry that corrects this one, if any. */
export async function correctionOf(q: Q, id: string): Promise<string | null> {
  const row = await q.selectFrom('attendance_entry').select('id').where('corrects', '=', id).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Entries dated in the period, each with the id of the entry that corrects it (null for the
 * latest of its chain), optionally for one person, by date then recording time.
 */
export function entriesBetween(q: Q, from: string, to: string, username?: string) {
  let query = q.selectFrom('attendance_entry as e').selectAll('e')
    .select(sql<string | null>`(select c.id from attendance_entry c where c.corrects = e.id)`.as('corrected_by'))
    .where('e.work_date', '>=', from).where('e.work_date', '<=', to);
  if (username) query = query.where('e.username', '=', username);
  return query.orderBy('e.work_date').orderBy('e.recorded_at').orderBy('e.id').execute();
}

/** The plans in force (the latest set for each employee and type), optionally for one employee. */
export async function leavePlans(q: Q, username?: string) {
  let query = q.selectFrom('attendance_leave_plan').selectAll().orderBy('username').orderBy('leave_type').orderBy('set_at', 'desc').orderBy('id', 'desc');
  if (username) query = query.where('username', '=', username);
  const seen = new Set<string>();
  return (await query.execute()).filter((r) => {
    const key = `${r.username}/${r.leave_type}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function insertLeavePlan(tx: Tx, p: { username: string; leaveType: 'vacation' | 'sick' | 'personal'; mode: 'accrual' | 'yearly' | 'none'; hours: number; periodDays: number | null; startsOn: string; openingHours: number; by: string }) {
  return tx.insertInto('attendance_leave_plan').values({
    username: p.username, leave_type: p.leaveType, mode: p.mode, hours: p.hours, period_days: p.periodDays, starts_on: p.startsOn, opening_hours: p.openingHours, set_by: p.by,
  }).returning('id').executeTakeFirstOrThrow();
}

/** Absences with a leave reason that are in effect (not corrected, not withdrawn), for one employee or all. */
export function leaveAbsences(q: Q, username?: string, exceptId?: string) {
  let query = q.selectFrom('attendance_entry as e').select(['e.id', 'e.username', 'e.reason', 'e.work_date', 'e.starts_at', 'e.ends_at'])
    .where('e.kind', '=', 'absent').where('e.reason', 'in', ['vacation', 'sick', 'personal'])
    .where(sql<boolean>`not exists (select 1 from attendance_entry c where c.corrects = e.id)`);
  if (username) query = query.where('e.username', '=', username);
  if (exceptId) query = query.where('e.id', '<>', exceptId);
  return query.execute();
}

export function minimumStaffing(q: Q) {
  return q.selectFrom('attendance_min_staffing').selectAll().orderBy('shift').execute();
}

export async function setMinimumStaffing(tx: Tx, shift: string, minimum: number | null, by: string, at: Date): Promise<number | null> {
  const before = await tx.selectFrom('attendance_min_staffing').select('minimum').where('shift', '=', shift).forUpdate().executeTakeFirst();
  if (minimum === null) await tx.deleteFrom('attendance_min_staffing').where('shift', '=', shift).execute();
  else {
    await tx.insertInto('attendance_min_staffing').values({ shift, minimum, set_by: by, set_at: at })
      .onConflict((oc) => oc.column('shift').doUpdateSet({ minimum, set_by: by, set_at: at })).execute();
  }
  return before?.minimum ?? null;
}
