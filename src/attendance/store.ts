/** All of the attendance SQL (S-110 §A.1.i). */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { AttendanceKind } from '../db/tables/attendance.ts';

type Q = Db | Tx;

export interface NewEntry {
  username: string; date: string; shift: string | null; kind: AttendanceKind; reason: string | null; startsAt: Date | null; endsAt: Date | null;
  minutes: number | null; court: string | null; docket: string | null; caseNumber: string | null; note: string | null;
  corrects: string | null; correctionReason: string | null; by: string;
}

export function insertEntry(tx: Tx, e: NewEntry) {
  return tx.insertInto('attendance_entry').values({
    username: e.username, work_date: e.date, shift: e.shift, kind: e.kind, reason: e.reason, starts_at: e.startsAt, ends_at: e.endsAt, minutes: e.minutes,
    court: e.court, docket: e.docket, case_number: e.caseNumber, note: e.note, corrects: e.corrects, correction_reason: e.correctionReason, recorded_by: e.by,
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
