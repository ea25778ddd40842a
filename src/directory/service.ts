import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { BadRequest, NotFound } from '../core/errors.ts';
import { recordAuditNow, recordRead } from '../core/audit/trail.ts';
import { roleUsedFor } from '../core/permissions.ts';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import { appendEvent } from '../core/events/log.ts';
import type { Actor } from '../core/actor.ts';
import { agencyDate, rosterDates } from '../core/clock.ts';
import { findPeople, peopleByUsername, personByUsername } from '../identity/people.ts';
import { unitRegister } from '../dispatch/units/service.ts';
import { insertRosterEntries, rosterEntries, type RosterEntry } from './roster.ts';

/** 81A §B.2.b: the dispatcher's resources. */
export const CATEGORIES = ['utility', 'town_department', 'facility_contact', 'law_enforcement', 'plan', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface EntryInput {
  category: Category; name: string; organization?: string | undefined; phone?: string | undefined; url?: string | undefined;
  notes?: string | undefined; facility?: string | undefined;
}

type EntryRow = { id: string; category: string; name: string; organization: string | null; phone: string | null; url: string | null; notes: string | null; facility: string | null; updated_at: Date };
const entryView = (r: EntryRow) => ({ id: r.id, category: r.category, name: r.name, organization: r.organization, phone: r.phone, url: r.url, notes: r.notes, facility: r.facility, updatedAt: r.updated_at.toISOString() });

const dates = (ctx: AppContext) => rosterDates(ctx.config.agency.timeZone);

const rosterView = (r: RosterEntry) => ({
  date: r.date, shift: r.shift, callSign: r.callSign, username: r.username, assignment: r.assignment,
  name: r.person?.name ?? null, badge: r.person?.badge ?? null,
});

/** §B.2.b.i: the officer in charge: the commanding officers on today's (or last night's) roster. */
export async function officerInCharge(ctx: AppContext) {
  const rows = await rosterEntries(ctx.db, dates(ctx));
  return rows.filter((r) => r.person?.roles.includes('commanding_officer')).map(rosterView);
}

function matches(r: RosterEntry, text: string): boolean {
  const t = text.toLowerCase();
  return [r.person?.firstName, r.person?.lastName, r.callSign, r.assignment, r.person?.badge].some((v) => v?.toLowerCase().includes(t));
}

/**
 * One search over the dispatcher's resources (§B.2.b): officer in charge, duty roster,
 * utilities, town departments, facility contacts, law-enforcement directory and plans.
 * Residential phone numbers are not here: they have their own audited search.
 */
export async function searchResources(ctx: AppContext, q: string | undefined) {
  const text = q?.trim() ?? '';
  const like = `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  let entries = ctx.db.selectFrom('directory_entry').selectAll();
  if (text) {
    entries = entries.where((eb) => eb.or([
      eb('name', 'ilike', like), eb('organization', 'ilike', like), eb('notes', 'ilike', like), eb('category', 'ilike', like),
      eb(sql<number>`similarity(name, ${text})`, '>', 0.3),
    ]));
  }
  const [entryRows, rosterRows, oic] = await Promise.all([
    entries.orderBy('category').orderBy('name').limit(200).execute(),
    rosterEntries(ctx.db, dates(ctx)),
    officerInCharge(ctx),
  ]);
  const roster = (text ? rosterRows.filter((r) => matches(r, text)) : rosterRows).slice(0, 200);
  return { officerInCharge: oic, roster: roster.map(rosterView), entries: entryRows.map(entryView) };
}

/** §B.2.b: the contacts kept for a facility (its alarm's call list). */
export async function facilityContacts(q: Db | Tx, facility: string) {
  return q.selectFrom('directory_entry').select(['name', 'phone']).where('facility', '=', facility).orderBy('name').execute();
}

export async function saveEntry(ctx: AppContext, actor: Actor, id: string | null, input: EntryInput) {
  const values = {
    category: input.category, name: input.name, organization: input.organization ?? null, phone: input.phone ?? null,
    url: input.url ?? null, notes: input.notes ?? null, facility: input.facility ?? null,
  };
  return inTransaction(ctx.db, async (tx) => {
    const row = id
      ? await tx.updateTable('directory_entry').set({ ...values, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst()
      : await tx.insertInto('directory_entry').values(values).returningAll().executeTakeFirstOrThrow();
    if (!row) throw new NotFound('directory.not_found', `there is no directory entry ${id}`);
    await appendEvent(tx, { kind: id ? 'directory.entry_changed' : 'directory.entry_added', subject: { type: 'directory_entry', id: row.id }, actor, payload: { ...values } });
    return entryView(row);
  });
}

/** §B.3.d, §B.3.f: the commanding officer (police) or fire captain (fire) posts the shift's duty roster. */
export async function postRoster(ctx: AppContext, actor: Actor, input: { date?: string | undefined; shift: string; entries: { callSign?: string | undefined; username?: string | undefined; assignment: string }[] }) {
  const date = input.date ?? agencyDate(ctx.config.agency.timeZone);
  const signs = input.entries.map((e) => e.callSign).filter((c): c is string => Boolean(c));
  const users = input.entries.map((e) => e.username).filter((u): u is string => Boolean(u));
  const register = new Set((await unitRegister(ctx.db)).filter((u) => !u.retired_at).map((u) => u.call_sign)); // a retired unit rides no shift
  const knownUsers = await peopleByUsername(ctx.db, users);
  const badSign = signs.find((c) => !register.has(c));
  if (badSign) throw new BadRequest('roster.unknown_unit', `no unit has the call sign "${badSign}"`);
  const badUser = users.find((u) => !knownUsers.has(u));
  if (badUser) throw new BadRequest('roster.unknown_user', `there is no user "${badUser}"`);
  await inTransaction(ctx.db, async (tx) => {
    await insertRosterEntries(tx, date, input.shift, input.entries);
    await appendEvent(tx, { kind: 'roster.posted', subject: { type: 'roster', id: `${date}/${input.shift}` }, actor, payload: { date, shift: input.shift, entries: input.entries } });
  });
  return (await rosterEntries(ctx.db, [date], { shift: input.shift })).map(rosterView);
}

/**
 * §B.2.b.iii: residential telephone numbers of all personnel: restricted. Every read
 * is audited (who asked, what for, whose numbers came back) before the answer leaves.
 */
export async function residentialPhones(ctx: AppContext, actor: Actor, q: string | undefined) {
  const text = q?.trim();
  let query = ctx.db.selectFrom('residential_phone').select(['username', 'phone', 'updated_at']);
  if (text) {
    const found = await findPeople(ctx.db, text, 1000);
    if (found.length === 0) query = query.where(sql<boolean>`false`);
    else query = query.where('username', 'in', found.map((p) => p.username));
  }
  const phones = await query.execute();
  const people = await peopleByUsername(ctx.db, phones.map((r) => r.username));
  const rows = phones.flatMap((r) => {
    const p = people.get(r.username);
    return p ? [{ username: r.username, first_name: p.firstName, last_name: p.lastName, badge: p.badge, phone: r.phone, updated_at: r.updated_at }] : [];
  }).sort((a, b) => a.last_name.localeCompare(b.last_name)).slice(0, 100);
  await recordAuditNow(ctx.db, {
    actor, role: roleUsedFor(actor.roles, 'directory.residential') ?? null, action: 'directory.residential_phones.read',
    subject: { type: 'residential_phone', id: text ?? '' }, outcome: 'allowed', detail: { query: text ?? null, returned: rows.map((r) => r.username) },
  });
  return rows.map((r) => ({ username: r.username, name: `${r.first_name} ${r.last_name}`, badge: r.badge, phone: r.phone, updatedAt: r.updated_at.toISOString() }));
}

export async function setResidentialPhone(ctx: AppContext, actor: Actor, username: string, phone: string) {
  const user = await personByUsername(ctx.db, username);
  if (!user) throw new NotFound('user.not_found', `there is no user "${username}"`);
  await inTransaction(ctx.db, async (tx) => {
    await tx.insertInto('residential_phone').values({ username, phone, updated_by: actor.username })
      .onConflict((oc) => oc.column('username').doUpdateSet({ phone, updated_by: actor.username, updated_at: new Date() })).execute();
    // the number itself stays out of the open event log
    await appendEvent(tx, { kind: 'directory.residential_phone_set', subject: { type: 'user', id: username }, actor, confidential: true, payload: {} });
  });
  return { username, phone };
}

/** Directory contacts by id (a notification list names them; S-110 §A.1.h). */
export async function directoryContacts(q: Db | Tx, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, ReturnType<typeof entryView>>();
  const rows = await q.selectFrom('directory_entry').selectAll().where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, entryView(r)]));
}

/** Which of these people have a residential number on file: whether, never the number (no audit needed). */
export async function haveResidentialNumber(q: Db | Tx, usernames: readonly string[]): Promise<Set<string>> {
  if (usernames.length === 0) return new Set();
  const rows = await q.selectFrom('residential_phone').select('username').where('username', 'in', [...usernames]).execute();
  return new Set(rows.map((r) => r.username));
}

/**
 * §B.2.b.iii: the residential numbers of these people, for a reader holding directory.residential,
 * with the read audited in the caller's transaction (who read, for what, whose numbers came back).
 */
export async function readResidentialNumbers(tx: Tx, actor: Actor, usernames: readonly string[], purpose: { type: string; id: string }): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  const rows = await tx.selectFrom('residential_phone').select(['username', 'phone']).where('username', 'in', [...usernames]).execute();
  if (rows.length === 0) return new Map();
  await recordRead(tx, {
    actor, role: roleUsedFor(actor.roles, 'directory.residential') ?? null, action: 'directory.residential_phones.read',
    subject: purpose, outcome: 'allowed', detail: { returned: rows.map((r) => r.username).sort() },
  });
  return new Map(rows.map((r) => [r.username, r.phone]));
}

/** Every contact of the directory with a phone, by name (a notification list chooses from them). */
export async function directoryContactList(q: Db | Tx) {
  const rows = await q.selectFrom('directory_entry').selectAll().where('phone', 'is not', null).orderBy('name').limit(1000).execute();
  return rows.map(entryView);
}
