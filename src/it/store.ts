/** All of the IT records' SQL (S-110 §C, §G, §I). */
import type { Db, Tx } from '../db/index.ts';
import { paged, type PageRequest } from '../core/paging.ts';
import type { ChangeAction, ChangeKind, SanitizeMethod } from './model.ts';

type Q = Db | Tx;

export function changeRequests(q: Q) {
  return q.selectFrom('it_change_request').selectAll().orderBy('number', 'desc').execute();
}

/** Change requests newest first (by number), a page at a time. */
export function changeRequestPage(q: Q, page: PageRequest, defaultLimit: number) {
  return paged(q.selectFrom('it_change_request').selectAll(), { columns: [['number', 'integer']], direction: 'desc' }, page, defaultLimit).execute();
}

export function changeRequest(q: Q, id: string) {
  return q.selectFrom('it_change_request').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertChangeRequest(tx: Tx, row: { kind: ChangeKind; action: ChangeAction; requestedBy: string; helpdeskTicket: string | null; what: string; why: string; computer: string; licence: string | null; by: string }) {
  return tx.insertInto('it_change_request').values({
    kind: row.kind, action: row.action, requested_by: row.requestedBy, helpdesk_ticket: row.helpdeskTicket, what: row.what, why: row.why,
    computer: row.computer, licence: row.licence, status: 'requested', recorded_by: row.by,
  }).returningAll().executeTakeFirstOrThrow();
}

export async function updateChangeRequest(tx: Tx, id: string, set: Partial<{ status: 'authorized' | 'refused' | 'completed'; licence: string; decided_by: string; decided_at: Date; decision_note: string | null; completed_by: string; completed_at: Date }>) {
  return tx.updateTable('it_change_request').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function media(q: Q) {
  return q.selectFrom('it_media').selectAll().orderBy('serial').execute();
}

/** Media by serial number, a page at a time. */
export function mediaPage(q: Q, page: PageRequest, defaultLimit: number) {
  return paged(q.selectFrom('it_media').selectAll(), { columns: [['serial', 'text']], direction: 'asc' }, page, defaultLimit).execute();
}

export function medium(q: Q, id: string) {
  return q.selectFrom('it_media').selectAll().where('id', '=', id).executeTakeFirst();
}

export function mediumForUpdate(tx: Tx, id: string) {
  return tx.selectFrom('it_media').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function mediumBySerial(q: Q, serial: string) {
  return q.selectFrom('it_media').select(['id', 'serial', 'status', 'location']).where('serial', '=', serial).executeTakeFirst();
}

export async function insertMedium(tx: Tx, row: { serial: string; mediaType: string; description: string; holdsCjis: boolean; location: string; status: 'in_use' | 'stored'; by: string }) {
  return tx.insertInto('it_media').values({
    serial: row.serial, media_type: row.mediaType, description: row.description, holds_cjis: row.holdsCjis, location: row.location, status: row.status, registered_by: row.by,
  }).returningAll().executeTakeFirstOrThrow();
}

export async function updateMedium(tx: Tx, id: string, set: Partial<{ location: string; status: 'in_use' | 'stored' | 'sanitized' | 'locked_for_destruction' | 'destroyed'; holds_cjis: boolean }>) {
  await tx.updateTable('it_media').set({ ...set, updated_at: new Date() }).where('id', '=', id).execute();
}

export function sanitizations(q: Q, mediaIds?: string[]) {
  let query = q.selectFrom('it_media_sanitization').selectAll().orderBy('performed_on', 'desc');
  if (mediaIds) query = query.where('media_id', 'in', mediaIds.length ? mediaIds : ['00000000-0000-0000-0000-000000000000']);
  return query.execute();
}

export async function insertSanitization(tx: Tx, row: { mediaId: string; method: SanitizeMethod; passes: number | null; performedBy: string; performedOn: string; note: string | null; by: string }) {
  return tx.insertInto('it_media_sanitization').values({
    media_id: row.mediaId, method: row.method, passes: row.passes, performed_by: row.performedBy, performed_on: row.performedOn, note: row.note, recorded_by: row.by,
  }).returningAll().executeTakeFirstOrThrow();
}

export function destructions(q: Q, mediaIds?: string[]) {
  let query = q.selectFrom('it_media_destruction').selectAll();
  if (mediaIds) query = query.where('media_id', 'in', mediaIds.length ? mediaIds : ['00000000-0000-0000-0000-000000000000']);
  return query.execute();
}

export function destruction(q: Q, mediaId: string) {
  return q.selectFrom('it_media_destruction').selectAll().where('media_id', '=', mediaId).executeTakeFirst();
}

export async function insertLockedCase(tx: Tx, row: { mediaId: string; caseLabel: string; lockedBy: string; lockedAt: Date }) {
  await tx.insertInto('it_media_destruction').values({ media_id: row.mediaId, case_label: row.caseLabel, locked_by: row.lockedBy, locked_at: row.lockedAt }).execute();
}

export async function recordDestruction(tx: Tx, mediaId: string, set: {
  transported_by: string; transported_on: string; vendor: string; witnessed_by: string; destroyed_on: string; certificate_number: string | null;
  certificate_serial: string; certificate_date: string; certificate_sha256: string; certificate_name: string; certificate_type: string; recorded_by: string; recorded_at: Date;
}) {
  await tx.updateTable('it_media_destruction').set(set).where('media_id', '=', mediaId).execute();
}

export function roomAccess(q: Q, from: Date, to: Date, limit = 5000) {
  return q.selectFrom('it_room_access').selectAll().where('at', '>=', from).where('at', '<=', to).orderBy('at', 'desc').limit(limit).execute();
}

/** Insert access-log lines; a line already imported (same time, badge and door) is skipped. Returns how many were new. */
export async function insertRoomAccess(tx: Tx, rows: { at: Date; badge: string; person: string; door: string; result: 'granted' | 'denied'; importName: string; by: string }[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500).map((r) => ({ at: r.at, badge: r.badge, person: r.person, door: r.door, result: r.result, import_name: r.importName, imported_by: r.by }));
    const inserted = await tx.insertInto('it_room_access').values(batch).onConflict((oc) => oc.columns(['at', 'badge', 'door']).doNothing()).returning('id').execute();
    added += inserted.length;
  }
  return added;
}

export function visitors(q: Q, limit = 500) {
  return q.selectFrom('it_room_visitor').selectAll().orderBy('entered_at', 'desc').limit(limit).execute();
}

export async function insertVisitor(tx: Tx, row: { visitor: string; organization: string | null; purpose: string; escort: string; enteredAt: Date; leftAt: Date | null; by: string }) {
  return tx.insertInto('it_room_visitor').values({
    visitor: row.visitor, organization: row.organization, purpose: row.purpose, escort: row.escort, entered_at: row.enteredAt, left_at: row.leftAt, recorded_by: row.by,
  }).returningAll().executeTakeFirstOrThrow();
}

export function visitor(q: Q, id: string) {
  return q.selectFrom('it_room_visitor').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function visitorLeft(tx: Tx, id: string, leftAt: Date) {
  return tx.updateTable('it_room_visitor').set({ left_at: leftAt }).where('id', '=', id).where('left_at', 'is', null).returningAll().executeTakeFirst();
}
