import { sql } from 'kysely';
import type { AppContext } from '../app/context.ts';
import { BadRequest, NotFound } from '../app/errors.ts';
import { recordAuditNow, type Actor } from '../audit/service.ts';
import { roleUsedFor } from '../identity/permissions.ts';
import { inTransaction } from '../db/index.ts';
import { appendEvent } from '../events/store.ts';
import { agencyDate } from '../dispatch/units/store.ts';

/** 81A §B.2.b: the dispatcher's resources. */
export const CATEGORIES = ['utility', 'town_department', 'facility_contact', 'law_enforcement', 'plan', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface EntryInput {
  category: Category; name: string; organization?: string | undefined; phone?: string | undefined; url?: string | undefined;
  notes?: string | undefined; facility?: string | undefined;
}

type EntryRow = { id: string; category: string; name: string; organization: string | null; phone: string | null; url: string | null; notes: string | null; facility: string | null; updated_at: Date };
const entryView = (r: EntryRow) => ({ id: r.id, category: r.category, name: r.name, organization: r.organization, phone: r.phone, url: r.url, notes: r.notes, facility: r.facility, updatedAt: r.updated_at.toISOString() });

function rosterDates(ctx: AppContext): string[] {
  const tz = ctx.config.agency.timeZone;
  return [agencyDate(tz), agencyDate(tz, 1)];
}

function rosterQuery(ctx: AppContext) {
  return ctx.db.selectFrom('roster').leftJoin('app_user', 'app_user.username', 'roster.username')
    .select(['roster.shift_date', 'roster.shift', 'roster.call_sign', 'roster.username', 'roster.assignment', 'app_user.first_name', 'app_user.last_name', 'app_user.badge', 'app_user.roles'])
    .where('roster.shift_date', 'in', rosterDates(ctx));
}

type RosterRow = Awaited<ReturnType<ReturnType<typeof rosterQuery>['execute']>>[number];
const rosterView = (r: RosterRow) => ({
  date: r.shift_date, shift: r.shift, callSign: r.call_sign, username: r.username, assignment: r.assignment,
  name: r.first_name ? `${r.first_name} ${r.last_name}` : null, badge: r.badge,
});

/** §B.2.b.i: the officer in charge: the commanding officers on today's (or last night's) roster. */
export async function officerInCharge(ctx: AppContext) {
  const rows = await rosterQuery(ctx).where(sql<boolean>`'commanding_officer' = any(app_user.roles)`).orderBy('roster.shift_date', 'desc').execute();
  return rows.map(rosterView);
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
  let roster = rosterQuery(ctx);
  if (text) {
    entries = entries.where((eb) => eb.or([
      eb('name', 'ilike', like), eb('organization', 'ilike', like), eb('notes', 'ilike', like), eb('category', 'ilike', like),
      eb(sql<number>`similarity(name, ${text})`, '>', 0.3),
    ]));
    roster = roster.where((eb) => eb.or([
      eb('app_user.first_name', 'ilike', like), eb('app_user.last_name', 'ilike', like), eb('roster.call_sign', 'ilike', like),
      eb('roster.assignment', 'ilike', like), eb('app_user.badge', 'ilike', like),
    ]));
  }
  const [entryRows, rosterRows, oic] = await Promise.all([
    entries.orderBy('category').orderBy('name').limit(200).execute(),
    roster.orderBy('roster.shift_date', 'desc').orderBy('roster.shift').orderBy('roster.call_sign').limit(200).execute(),
    officerInCharge(ctx),
  ]);
  return { officerInCharge: oic, roster: rosterRows.map(rosterView), entries: entryRows.map(entryView) };
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
  const knownSigns = signs.length ? await ctx.db.selectFrom('agency_unit').select('call_sign').where('call_sign', 'in', signs).execute() : [];
  const knownUsers = users.length ? await ctx.db.selectFrom('app_user').select('username').where('username', 'in', users).execute() : [];
  const badSign = signs.find((c) => !knownSigns.some((k) => k.call_sign === c));
  if (badSign) throw new BadRequest('roster.unknown_unit', `no unit has the call sign "${badSign}"`);
  const badUser = users.find((u) => !knownUsers.some((k) => k.username === u));
  if (badUser) throw new BadRequest('roster.unknown_user', `there is no user "${badUser}"`);
  await inTransaction(ctx.db, async (tx) => {
    for (const e of input.entries) {
      await tx.insertInto('roster').values({ shift_date: date, shift: input.shift, call_sign: e.callSign ?? null, username: e.username ?? null, assignment: e.assignment }).execute();
    }
    await appendEvent(tx, { kind: 'roster.posted', subject: { type: 'roster', id: `${date}/${input.shift}` }, actor, payload: { date, shift: input.shift, entries: input.entries } });
  });
  return (await rosterQuery(ctx).where('roster.shift_date', '=', date).where('roster.shift', '=', input.shift).execute()).map(rosterView);
}

/**
 * §B.2.b.iii: residential telephone numbers of all personnel: restricted. Every read
 * is audited (who asked, what for, whose numbers came back) before the answer leaves.
 */
export async function residentialPhones(ctx: AppContext, actor: Actor, q: string | undefined) {
  let query = ctx.db.selectFrom('residential_phone').innerJoin('app_user', 'app_user.username', 'residential_phone.username')
    .select(['app_user.username', 'app_user.first_name', 'app_user.last_name', 'app_user.badge', 'residential_phone.phone', 'residential_phone.updated_at']);
  const text = q?.trim();
  if (text) {
    const like = `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('app_user.first_name', 'ilike', like), eb('app_user.last_name', 'ilike', like), eb('app_user.username', 'ilike', like), eb('app_user.badge', 'ilike', like)]));
  }
  const rows = await query.orderBy('app_user.last_name').limit(100).execute();
  await recordAuditNow(ctx.db, {
    actor, role: roleUsedFor(actor.roles, 'directory.residential') ?? null, action: 'directory.residential_phones.read',
    subject: { type: 'residential_phone', id: text ?? '' }, outcome: 'allowed', detail: { query: text ?? null, returned: rows.map((r) => r.username) },
  });
  return rows.map((r) => ({ username: r.username, name: `${r.first_name} ${r.last_name}`, badge: r.badge, phone: r.phone, updatedAt: r.updated_at.toISOString() }));
}

export async function setResidentialPhone(ctx: AppContext, actor: Actor, username: string, phone: string) {
  const user = await ctx.db.selectFrom('app_user').select('username').where('username', '=', username).executeTakeFirst();
  if (!user) throw new NotFound('user.not_found', `there is no user "${username}"`);
  await inTransaction(ctx.db, async (tx) => {
    await tx.insertInto('residential_phone').values({ username, phone, updated_by: actor.username })
      .onConflict((oc) => oc.column('username').doUpdateSet({ phone, updated_by: actor.username, updated_at: new Date() })).execute();
    // the number itself stays out of the open event log
    await appendEvent(tx, { kind: 'directory.residential_phone_set', subject: { type: 'user', id: username }, actor, confidential: true, payload: {} });
  });
  return { username, phone };
}
