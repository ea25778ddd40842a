/** All of the emergency notification list's SQL (S-110 §A.1.h). */
import type { Db, Tx } from '../db/index.ts';
import { paged, type PageRequest } from '../core/paging.ts';
import type { CallOutcome, Completion, EntrySource, Phone } from '../db/tables/notify.ts';

type Q = Db | Tx;

export function lists(q: Q, includeInactive: boolean) {
  let query = q.selectFrom('notification_list').selectAll();
  if (!includeInactive) query = query.where('active', '=', true);
  return query.orderBy('name').execute();
}

export function list(q: Q, kind: string) {
  return q.selectFrom('notification_list').selectAll().where('kind', '=', kind).executeTakeFirst();
}

export function listByName(q: Q, name: string) {
  return q.selectFrom('notification_list').select('kind').where('name', '=', name).executeTakeFirst();
}

export function entriesOf(q: Q, kinds: readonly string[]) {
  if (kinds.length === 0) return Promise.resolve([]);
  return q.selectFrom('notification_list_entry').selectAll().where('kind', 'in', [...kinds]).orderBy('kind').orderBy('position').execute();
}

export interface NewListEntry {
  source: EntrySource; directoryEntryId: string | null; person: string | null; name: string; role: string | null; phones: Phone[]; notes: string | null; required: boolean;
  callNextAfterMinutes: number | null;
}

/** A list and its calling order, replaced whole: the entries in the order given. */
export async function saveList(tx: Tx, kind: string, list: { name: string; notes: string | null; active: boolean; by: string }, entries: readonly NewListEntry[]) {
  await tx.insertInto('notification_list').values({ kind, name: list.name, notes: list.notes, active: list.active, updated_by: list.by })
    .onConflict((oc) => oc.column('kind').doUpdateSet({ name: list.name, notes: list.notes, active: list.active, updated_by: list.by, updated_at: new Date() })).execute();
  await tx.deleteFrom('notification_list_entry').where('kind', '=', kind).execute();
  await tx.insertInto('notification_list_entry').values(entries.map((e, i) => ({
    kind, position: i + 1, source: e.source, directory_entry_id: e.directoryEntryId, person: e.person, name: e.name, role: e.role,
    phones: JSON.stringify(e.phones), notes: e.notes, required: e.required, call_next_after_minutes: e.callNextAfterMinutes,
  }))).execute();
}

export interface NewCallDown {
  kind: string; kindName: string; listNotes: string | null; incidentNumber: string | null; reason: string | null; by: string; at: Date;
  entries: readonly { position: number; source: EntrySource; person: string | null; name: string; role: string | null; phones: Phone[]; notes: string | null; required: boolean; callNextAfterMinutes: number | null }[];
}

export async function insertCallDown(tx: Tx, c: NewCallDown): Promise<string> {
  const { id } = await tx.insertInto('call_down').values({
    kind: c.kind, kind_name: c.kindName, list_notes: c.listNotes, incident_number: c.incidentNumber, reason: c.reason, started_by: c.by, started_at: c.at,
    completed_at: null, completed_by: null, completion: null,
  }).returning('id').executeTakeFirstOrThrow();
  await tx.insertInto('call_down_entry').values(c.entries.map((e) => ({
    call_down_id: id, position: e.position, source: e.source, person: e.person, name: e.name, role: e.role, phones: JSON.stringify(e.phones), notes: e.notes, required: e.required,
    call_next_after_minutes: e.callNextAfterMinutes,
  }))).execute();
  return id;
}

export function callDown(q: Q, id: string) {
  return q.selectFrom('call_down').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockCallDown(tx: Tx, id: string) {
  return tx.selectFrom('call_down').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function callDownEntries(q: Q, id: string) {
  return q.selectFrom('call_down_entry').selectAll().where('call_down_id', '=', id).orderBy('position').execute();
}

/** The entries of many call-downs at once (the history's counts). */
export function entriesOfCallDowns(q: Q, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return q.selectFrom('call_down_entry').select(['id', 'call_down_id']).where('call_down_id', 'in', [...ids]).execute();
}

export function attemptsOf(q: Q, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return q.selectFrom('call_down_attempt').selectAll().where('call_down_id', 'in', [...ids]).orderBy('at').orderBy('id').execute();
}

export async function insertAttempt(tx: Tx, a: { callDownId: string; entryId: string; outcome: CallOutcome; note: string | null; at: Date; by: string }) {
  await tx.insertInto('call_down_attempt').values({ call_down_id: a.callDownId, entry_id: a.entryId, outcome: a.outcome, note: a.note, at: a.at, by_user: a.by }).execute();
}

export async function complete(tx: Tx, id: string, c: { at: Date; by: string; completion: Completion }) {
  await tx.updateTable('call_down').set({ completed_at: c.at, completed_by: c.by, completion: c.completion }).where('id', '=', id).execute();
}

export interface CallDownFilter { open?: boolean | undefined; kind?: string | undefined; incident?: string | undefined }

/** Call-downs newest first, a page at a time; open ones only, one kind's, or one incident's. */
export function callDownPage(q: Q, filter: CallDownFilter, page: PageRequest, defaultLimit: number) {
  let query = q.selectFrom('call_down').selectAll();
  if (filter.open !== undefined) query = query.where('completed_at', filter.open ? 'is' : 'is not', null);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.incident) query = query.where('incident_number', '=', filter.incident);
  return paged(query, { columns: [['started_at', 'timestamptz'], ['id', 'uuid']], direction: 'desc' }, page, defaultLimit).execute();
}
