/**
 * The emergency notification list (S-110 §A.1.h): for each kind of town emergency, the ordered
 * list of people and agencies to call, kept by the commanding officer or the system administrator.
 * An entry names a directory contact (its number read from the directory when the call-down
 * starts), one of the agency's people, or a name entered with its phones. A person's residential
 * number is never part of a list: a list shows only that one is on file (81A §B.2.b.iii).
 */
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { BadRequest, Conflict } from '../core/errors.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction } from '../db/index.ts';
import type { EntrySource, Phone } from '../db/tables/notify.ts';
import { directoryContactList, directoryContacts, haveResidentialNumber } from '../directory/service.ts';
import { activePeople, displayName, displayNames, peopleByUsername } from '../identity/people.ts';
import { CLAUSE } from './rules.ts';
import * as store from './store.ts';

export interface ListEntryInput {
  directoryEntryId?: string | undefined; person?: string | undefined; name?: string | undefined; role?: string | undefined;
  phones?: Phone[] | undefined; notes?: string | undefined; required?: boolean | undefined;
  callNextAfterMinutes?: number | undefined;
}
export interface ListInput { name: string; notes?: string | undefined; active?: boolean | undefined; entries: ListEntryInput[] }

/** A refusal naming the field of the request body it is about. */
export function field(name: string, detail: string): never {
  throw new BadRequest('request.invalid', `body.${name} ${detail}`, { field: `body.${name}` });
}

const trimmed = (v: string | undefined) => v?.trim() || null;
const cleanPhones = (phones: Phone[] | undefined): Phone[] => (phones ?? []).map((p) => ({ label: p.label.trim(), number: p.number.trim() })).filter((p) => p.number);

/** The directory phone of a contact, as a phone of the list ("Water Department: 413-555-0140"). */
export const directoryPhone = (c: { organization: string | null; name: string; phone: string | null }): Phone[] =>
  c.phone ? [{ label: `Directory: ${c.organization ?? c.name}`, number: c.phone }] : [];

/** Check each entry and say what it is: a directory contact, a person, or a name with phones; every entry has a number to call. */
async function checkEntries(ctx: AppContext, entries: readonly ListEntryInput[]): Promise<store.NewListEntry[]> {
  if (entries.length === 0) field('entries', `must name at least one person or agency to call (${CLAUSE})`);
  const contacts = await directoryContacts(ctx.db, entries.flatMap((e) => (e.directoryEntryId ? [e.directoryEntryId] : [])));
  const logins = entries.flatMap((e) => (e.person ? [e.person] : []));
  const [people, residential] = await Promise.all([peopleByUsername(ctx.db, logins), haveResidentialNumber(ctx.db, logins)]);
  return entries.map((e, i) => {
    const at = `entries.${i}`;
    if (e.directoryEntryId && e.person) field(`${at}.person`, 'cannot be given with a directory contact: an entry names one or the other');
    const phones = cleanPhones(e.phones);
    let source: EntrySource = 'other';
    let name = trimmed(e.name);
    let hasNumber = phones.length > 0;
    if (e.directoryEntryId) {
      const contact = contacts.get(e.directoryEntryId);
      if (!contact) field(`${at}.directoryEntryId`, 'names no contact of the directory (81A §B.2.b)');
      source = 'directory';
      name ??= contact.organization ? `${contact.name} (${contact.organization})` : contact.name;
      hasNumber ||= Boolean(contact.phone);
    } else if (e.person) {
      const person = people.get(e.person);
      if (!person || person.disabled) field(`${at}.person`, `names no person of the agency ("${e.person}")`);
      source = 'person';
      name = displayName(person, e.person);
      hasNumber ||= residential.has(e.person);
    }
    if (!name) field(`${at}.name`, 'is required for an entry that names neither a directory contact nor a person');
    if (!hasNumber) field(`${at}.phones`, `must hold at least one number to call: the entry "${name}" has none (${CLAUSE})`);
    if (e.callNextAfterMinutes !== undefined && i === entries.length - 1) field(`${at}.callNextAfterMinutes`, `is for calling the next, and "${name}" is the last of the list (${CLAUSE})`);
    return {
      source, directoryEntryId: e.directoryEntryId ?? null, person: e.person ?? null, name, role: trimmed(e.role), phones, notes: trimmed(e.notes), required: e.required ?? true,
      callNextAfterMinutes: e.callNextAfterMinutes ?? null,
    };
  });
}

/**
 * Create or replace the list for a kind of emergency: its name, notes and whole calling order.
 * The list and its audit row commit together; a list is retired (`active: false`), never deleted,
 * since past call-downs name it.
 */
export async function saveList(ctx: AppContext, actor: Actor, kind: string, input: ListInput): Promise<void> {
  const name = input.name.trim();
  if (!name) field('name', 'is required: the kind of emergency in words');
  const entries = await checkEntries(ctx, input.entries);
  await inTransaction(ctx.db, async (tx) => {
    const sameName = await store.listByName(tx, name);
    if (sameName && sameName.kind !== kind) throw new Conflict('notify.name_used', `The list ${sameName.kind} already has the name "${name}".`, { field: 'body.name' });
    const before = await store.list(tx, kind);
    const previous = before ? await store.entriesOf(tx, [kind]) : [];
    await store.saveList(tx, kind, { name, notes: trimmed(input.notes), active: input.active ?? true, by: actor.username }, entries);
    await recordAudit(tx, {
      actor, action: before ? 'notify.list_changed' : 'notify.list_created', subject: { type: 'notification_list', id: kind }, outcome: 'allowed',
      detail: { name, active: input.active ?? true, before: previous.map((e) => e.name), after: entries.map((e) => e.name), clause: CLAUSE },
    });
  });
}

/** The lists, each with its calling order; a directory contact's number as the directory has it now; a residential number only as "on file". */
export async function notificationLists(ctx: AppContext, includeInactive = false) {
  const lists = await store.lists(ctx.db, includeInactive);
  const entries = await store.entriesOf(ctx.db, lists.map((l) => l.kind));
  const contacts = await directoryContacts(ctx.db, entries.flatMap((e) => (e.directory_entry_id ? [e.directory_entry_id] : [])));
  const logins = entries.flatMap((e) => (e.person ? [e.person] : []));
  const [residential, nameOf] = await Promise.all([haveResidentialNumber(ctx.db, logins), displayNames(ctx.db, [...lists.map((l) => l.updated_by), ...logins])]);
  return lists.map((l) => ({
    kind: l.kind, name: l.name, notes: l.notes, active: l.active, updatedByName: nameOf(l.updated_by), updatedAt: l.updated_at.toISOString(),
    entries: entries.filter((e) => e.kind === l.kind).map((e) => {
      const contact = e.directory_entry_id ? contacts.get(e.directory_entry_id) : undefined;
      return {
        position: e.position, source: e.source, directoryEntryId: e.directory_entry_id, person: e.person, name: e.person ? nameOf(e.person) : e.name, role: e.role,
        phones: [...e.phones, ...(contact ? directoryPhone(contact) : [])], residentialOnFile: e.person ? residential.has(e.person) : false,
        notes: e.notes, required: e.required, callNextAfterMinutes: e.call_next_after_minutes,
      };
    }),
  }));
}

/** Whom a list can name: the directory's contacts with a phone, and the agency's people with whether a residential number is on file. */
export async function listChoices(ctx: AppContext) {
  const [contacts, people] = await Promise.all([directoryContactList(ctx.db), activePeople(ctx.db)]);
  const residential = await haveResidentialNumber(ctx.db, people.map((p) => p.username));
  return {
    contacts: contacts.map((c) => ({ id: c.id, name: c.name, organization: c.organization, phone: c.phone })),
    people: people.map((p) => ({ login: p.username, name: displayName(p, p.username), residentialOnFile: residential.has(p.username) })),
  };
}
