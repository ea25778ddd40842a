/** SQL of public records requests, on the release capability's own tables only. */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import { paged, type PageRequest } from '../core/paging.ts';
import type { RecordsRequestTable } from '../db/tables/release.ts';

type Q = Db | Tx;
export type RequestStatus = RecordsRequestTable['status'] extends import('kysely').ColumnType<infer S, unknown, unknown> ? S : never;

export async function insertRequest(tx: Tx, row: {
  requester_name: string; requester_contact: string; received_via: 'in_person' | 'mail' | 'email' | 'phone' | 'web'; description: string; received_on: string; deadline: string; logged_by: string;
}) {
  return tx.insertInto('records_request').values(row).returningAll().executeTakeFirstOrThrow();
}
export const requestById = (q: Q, id: string) => q.selectFrom('records_request').selectAll().where('id', '=', id).executeTakeFirst();
export const lockRequest = (tx: Tx, id: string) => tx.selectFrom('records_request').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** Requests (of a status), soonest deadline first, a page at a time (src/core/paging.ts). */
export function requestsPage(q: Q, status: RequestStatus | undefined, page: PageRequest, defaultLimit: number) {
  let rows = q.selectFrom('records_request').selectAll();
  if (status) rows = rows.where('status', '=', status);
  return paged(rows, { columns: [['deadline', 'date'], ['number', 'integer']], direction: 'asc' }, page, defaultLimit).execute();
}
export const openDeadlines = (q: Q) => q.selectFrom('records_request').select('deadline').where('status', '=', 'open').execute();

export async function markReviewed(tx: Tx, id: string, by: string | null) {
  await tx.updateTable('records_request').set(by ? { reviewed_by: by, reviewed_at: new Date() } : { reviewed_by: null, reviewed_at: null }).where('id', '=', id).execute();
}
export async function closeRequest(tx: Tx, id: string, status: 'released' | 'partially_released' | 'denied' | 'withdrawn', by: string, withdrawReason: string | null = null) {
  await tx.updateTable('records_request').set({ status, closed_by: by, closed_at: new Date(), withdraw_reason: withdrawReason }).where('id', '=', id).execute();
}

export async function insertItem(tx: Tx, row: { request_id: string; kind: 'report' | 'incident' | 'daily_log'; ref: string; title: string; digest: string; added_by: string }) {
  return tx.insertInto('records_request_item').values(row).onConflict((oc) => oc.columns(['request_id', 'kind', 'ref']).doNothing()).returningAll().executeTakeFirst();
}
/** A record gathered again after it changed: its new title and digest. */
export async function regathered(tx: Tx, id: string, title: string, digest: string) {
  await tx.updateTable('records_request_item').set({ title, digest }).where('id', '=', id).execute();
}
export const itemsOf = (q: Q, requestId: string) => q.selectFrom('records_request_item').selectAll().where('request_id', '=', requestId).orderBy('added_at').orderBy('id').execute();

export async function insertRedactions(tx: Tx, rows: {
  request_id: string; item_id: string; scope: 'text' | 'item'; what: string; terms: string[]; exemption: string; origin: 'proposed' | 'clerk';
  decision: 'proposed' | 'accepted'; reason: string | null; decided_by: string | null; decided_at: Date | null;
}[]) {
  if (rows.length === 0) return [];
  return tx.insertInto('records_request_redaction').values(rows.map((r) => ({ ...r, terms: JSON.stringify(r.terms) }))).returningAll().execute();
}
export const redactionsOf = (q: Q, requestId: string) => q.selectFrom('records_request_redaction').selectAll().where('request_id', '=', requestId).orderBy('created_at').orderBy('id').execute();
export async function decideRedaction(tx: Tx, id: string, decision: 'accepted' | 'removed', reason: string | null, by: string) {
  return tx.updateTable('records_request_redaction').set({ decision, reason, decided_by: by, decided_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function insertRelease(tx: Tx, row: {
  request_id: string; outcome: 'released' | 'partially_released' | 'denied'; released_by: string; recipient: string;
  items: unknown[]; redactions: unknown[]; exemptions: string[]; release_pdf: Buffer | null; letter_pdf: Buffer | null;
}) {
  return tx.insertInto('records_release').values({ ...row, items: JSON.stringify(row.items), redactions: JSON.stringify(row.redactions), exemptions: JSON.stringify(row.exemptions) })
    .returning(['id', 'released_at']).executeTakeFirstOrThrow();
}
export const releasesOf = (q: Q, requestId: string) => q.selectFrom('records_release')
  .select(['id', 'request_id', 'outcome', 'released_by', 'released_at', 'recipient', 'exemptions', 'redactions', sql<boolean>`release_pdf is not null`.as('has_release'), sql<boolean>`letter_pdf is not null`.as('has_letter')]).where('request_id', '=', requestId).orderBy('released_at').execute();
export const releaseDocument = (q: Q, id: string) => q.selectFrom('records_release').select(['id', 'request_id', 'release_pdf', 'letter_pdf']).where('id', '=', id).executeTakeFirst();
