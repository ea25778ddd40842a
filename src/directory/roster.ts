import type { Db, Tx } from '../db/index.ts';
import { peopleByUsername, type Person } from '../identity/people.ts';

type Q = Db | Tx;

/** One line of the duty roster (81A §B.3.d, §B.3.f): who rides in which unit on which shift. */
export interface RosterEntry {
  date: string;
  shift: string;
  callSign: string | null;
  username: string | null;
  assignment: string;
  /** The person behind `username`, when there is one. */
  person: Person | undefined;
}

/** Roster entries on these dates, optionally for one login or one call sign, with the people named. */
export async function rosterEntries(q: Q, dates: readonly string[], only: { username?: string; callSign?: string; shift?: string } = {}): Promise<RosterEntry[]> {
  if (dates.length === 0) return [];
  let query = q.selectFrom('roster').select(['shift_date', 'shift', 'call_sign', 'username', 'assignment']).where('shift_date', 'in', [...dates]);
  if (only.username) query = query.where('username', '=', only.username);
  if (only.callSign) query = query.where('call_sign', '=', only.callSign);
  if (only.shift) query = query.where('shift', '=', only.shift);
  const rows = await query.orderBy('shift_date', 'desc').orderBy('shift').orderBy('call_sign').execute();
  const people = await peopleByUsername(q, rows.map((r) => r.username));
  return rows.map((r) => ({
    date: r.shift_date, shift: r.shift, callSign: r.call_sign, username: r.username, assignment: r.assignment,
    person: r.username ? people.get(r.username) : undefined,
  }));
}

/** The whole roster, or one date's, oldest first (GET /agency/roster). */
export async function rosterFor(q: Q, date?: string): Promise<RosterEntry[]> {
  let query = q.selectFrom('roster').select(['shift_date', 'shift', 'call_sign', 'username', 'assignment']);
  if (date) query = query.where('shift_date', '=', date);
  const rows = await query.orderBy('shift_date').orderBy('shift').orderBy('call_sign').execute();
  const people = await peopleByUsername(q, rows.map((r) => r.username));
  return rows.map((r) => ({
    date: r.shift_date, shift: r.shift, callSign: r.call_sign, username: r.username, assignment: r.assignment,
    person: r.username ? people.get(r.username) : undefined,
  }));
}

const SUPERVISOR_ROLES = ['commanding_officer', 'patrol_supervisor'];

/** Call signs with a commanding officer or patrol supervisor (sergeant) aboard on these dates (81A §E.4). */
export async function supervisedCallSigns(q: Q, dates: readonly string[]): Promise<Set<string>> {
  const entries = await rosterEntries(q, dates);
  return new Set(entries.filter((e) => e.callSign && e.person?.roles.some((r) => SUPERVISOR_ROLES.includes(r))).map((e) => e.callSign!));
}

/** Logins of the commanding officers on the roster on these dates: who commands the shift. */
export async function shiftCommanders(q: Q, dates: readonly string[]): Promise<string[]> {
  const entries = await rosterEntries(q, dates);
  return [...new Set(entries.filter((e) => e.person?.roles.includes('commanding_officer')).map((e) => e.username!))].sort();
}

/** The call signs this login rides in on these dates. */
export async function callSignsOf(q: Q, username: string, dates: readonly string[]): Promise<string[]> {
  const entries = await rosterEntries(q, dates, { username });
  return [...new Set(entries.map((e) => e.callSign).filter((c): c is string => c !== null))];
}

/** The call sign this login was last rostered in, if any. */
export async function latestCallSign(q: Q, username: string): Promise<string | null> {
  const row = await q.selectFrom('roster').select('call_sign').where('username', '=', username)
    .where('call_sign', 'is not', null).orderBy('shift_date', 'desc').limit(1).executeTakeFirst();
  return row?.call_sign ?? null;
}

/** Add lines to the roster in the caller's transaction. */
export async function insertRosterEntries(tx: Tx, date: string, shift: string, entries: readonly { callSign?: string | null | undefined; username?: string | null | undefined; assignment: string }[]): Promise<void> {
  for (const e of entries) {
    await tx.insertInto('roster').values({ shift_date: date, shift, call_sign: e.callSign ?? null, username: e.username ?? null, assignment: e.assignment }).execute();
  }
}
