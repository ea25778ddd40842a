/** The SQL of CJIS operations: the query log, hits, confirmations, locates, entries, documents and administrative messages. */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { CjisEntryTable, DestinationsJson, HitMeaningJson, RequesterJson } from '../db/tables/cjis.ts';

type Q = Db | Tx;

// ---------------------------------------------------------------- queries and hits

export interface NewQueryRow {
  operator: string; terminal: string; kind: string; mke: string; criteria: Record<string, string>; purpose: string;
  incident: string | null; caseNumber: string | null; requester: RequesterJson | null; message: string; training: boolean; at: Date;
}

export async function insertQuery(tx: Tx, row: NewQueryRow): Promise<string> {
  const inserted = await tx.insertInto('cjis_query').values({
    operator: row.operator, terminal: row.terminal, kind: row.kind, mke: row.mke, criteria: JSON.stringify(row.criteria), purpose: row.purpose,
    incident_number: row.incident, case_number: row.caseNumber, requester: JSON.stringify(row.requester), message: row.message, training: row.training,
    error: null, answered_at: null, round_trip_ms: null,
  }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export function finishQuery(tx: Tx, id: string, result: { status: 'answered' | 'failed'; error?: string | undefined; roundTripMs?: number | undefined; hitCount?: number | undefined }) {
  return tx.updateTable('cjis_query').set({
    status: result.status, error: result.error ?? null, round_trip_ms: result.roundTripMs ?? null, hit_count: result.hitCount ?? 0,
    answered_at: result.status === 'answered' ? sql<Date>`now()` : null,
  }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export interface NewHitRow {
  queryId: string; position: number; nic: string | null; type: string; source: string; ori: string; agency: string | null;
  descriptors: Record<string, string>; meaning: HitMeaningJson; training: boolean;
}

export function insertHits(tx: Tx, rows: NewHitRow[]) {
  if (rows.length === 0) return Promise.resolve([]);
  return tx.insertInto('cjis_hit').values(rows.map((row) => ({
    query_id: row.queryId, position: row.position, nic: row.nic, record_type: row.type, source: row.source, entering_ori: row.ori,
    entering_agency: row.agency, descriptors: JSON.stringify(row.descriptors), meaning: JSON.stringify(row.meaning), training: row.training,
  }))).returningAll().execute().then((inserted) => inserted.sort((a, b) => a.position - b.position));
}

export function queryRow(q: Q, id: string) {
  return q.selectFrom('cjis_query').selectAll().where('id', '=', id).executeTakeFirst();
}

export function hitsOfQuery(q: Q, queryId: string) {
  return q.selectFrom('cjis_hit').selectAll().where('query_id', '=', queryId).orderBy('position').execute();
}

export function hitRow(q: Q, id: string) {
  return q.selectFrom('cjis_hit').innerJoin('cjis_query', 'cjis_query.id', 'cjis_hit.query_id')
    .selectAll('cjis_hit').select(['cjis_query.incident_number', 'cjis_query.operator', 'cjis_query.kind as query_kind', 'cjis_query.criteria'])
    .where('cjis_hit.id', '=', id).executeTakeFirst();
}

export interface QueryFilter { from?: Date | undefined; to?: Date | undefined; operator?: string | undefined; incident?: string | undefined; limit: number }

export function listQueries(q: Q, filter: QueryFilter) {
  let query = q.selectFrom('cjis_query').selectAll().orderBy('at', 'desc').limit(filter.limit);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  if (filter.operator) query = query.where('operator', '=', filter.operator);
  if (filter.incident) query = query.where('incident_number', '=', filter.incident);
  return query.execute();
}

// ---------------------------------------------------------------- confirmations and locates

export function confirmationsOf(q: Q, hitIds: string[]) {
  if (hitIds.length === 0) return Promise.resolve([]);
  return q.selectFrom('cjis_confirmation').selectAll().where('hit_id', 'in', hitIds).orderBy('request_number').execute();
}

export async function insertConfirmation(tx: Tx, row: { id: string; hitId: string; number: number; priority: 'urgent' | 'routine'; by: string; at: Date; dueAt: Date }): Promise<void> {
  await tx.insertInto('cjis_confirmation').values({
    id: row.id, hit_id: row.hitId, request_number: row.number, priority: row.priority, requested_by: row.by, requested_at: row.at, due_at: row.dueAt,
    answered_at: null, answer: null, answered_by: null, remarks: null, overdue_noted_at: null,
  }).execute();
}

/** The confirmation a YR answers: by our reference, else the newest unanswered one for the record. */
export function confirmationFor(q: Q, ref: string | undefined, nic: string) {
  let query = q.selectFrom('cjis_confirmation').innerJoin('cjis_hit', 'cjis_hit.id', 'cjis_confirmation.hit_id')
    .innerJoin('cjis_query', 'cjis_query.id', 'cjis_hit.query_id')
    .selectAll('cjis_confirmation').select(['cjis_hit.nic', 'cjis_hit.entering_ori', 'cjis_query.incident_number']);
  query = ref && /^[0-9a-f-]{36}$/.test(ref) ? query.where('cjis_confirmation.id', '=', ref) : query.where('cjis_hit.nic', '=', nic).where('cjis_confirmation.answered_at', 'is', null);
  return query.orderBy('cjis_confirmation.requested_at', 'desc').forUpdate().executeTakeFirst();
}

export async function answerConfirmation(tx: Tx, id: string, answer: { at: Date; confirmed: boolean; by: string | null; remarks: string | null }): Promise<void> {
  await tx.updateTable('cjis_confirmation').set({ answered_at: answer.at, answer: answer.confirmed ? 'confirmed' : 'not_confirmed', answered_by: answer.by, remarks: answer.remarks })
    .where('id', '=', id).execute();
}

/** Requests whose answer time has passed without an answer and that are not yet marked overdue. */
export function newlyOverdue(tx: Tx, now: Date) {
  return tx.selectFrom('cjis_confirmation').innerJoin('cjis_hit', 'cjis_hit.id', 'cjis_confirmation.hit_id')
    .innerJoin('cjis_query', 'cjis_query.id', 'cjis_hit.query_id')
    .select(['cjis_confirmation.id', 'cjis_confirmation.request_number', 'cjis_confirmation.priority', 'cjis_confirmation.due_at', 'cjis_hit.nic', 'cjis_hit.entering_ori', 'cjis_hit.id as hit_id', 'cjis_query.incident_number', 'cjis_confirmation.requested_by'])
    .where('cjis_confirmation.answered_at', 'is', null).where('cjis_confirmation.overdue_noted_at', 'is', null).where('cjis_confirmation.due_at', '<=', now)
    .forUpdate(['cjis_confirmation']).skipLocked().limit(100).execute();
}

export async function markOverdue(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.updateTable('cjis_confirmation').set({ overdue_noted_at: at }).where('id', '=', id).execute();
}

/** Hits waiting for their entering agency's answer, oldest request first. */
export function openConfirmations(q: Q) {
  return q.selectFrom('cjis_confirmation').innerJoin('cjis_hit', 'cjis_hit.id', 'cjis_confirmation.hit_id')
    .innerJoin('cjis_query', 'cjis_query.id', 'cjis_hit.query_id')
    .selectAll('cjis_confirmation').select(['cjis_hit.nic', 'cjis_hit.record_type', 'cjis_hit.entering_ori', 'cjis_hit.entering_agency', 'cjis_hit.query_id', 'cjis_query.incident_number'])
    .where('cjis_confirmation.answered_at', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('cjis_confirmation as later').select('later.id')
      .whereRef('later.hit_id', '=', 'cjis_confirmation.hit_id').whereRef('later.request_number', '>', 'cjis_confirmation.request_number'))))
    .orderBy('cjis_confirmation.due_at').limit(200).execute();
}

export function locatesOf(q: Q, nics: string[]) {
  if (nics.length === 0) return Promise.resolve([]);
  return q.selectFrom('cjis_locate').selectAll().where('nic', 'in', nics).execute();
}

export async function insertLocate(tx: Tx, row: { hitId: string; nic: string; by: string; incident: string | null }): Promise<string> {
  const inserted = await tx.insertInto('cjis_locate').values({ hit_id: row.hitId, nic: row.nic, placed_by: row.by, incident_number: row.incident }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

// ---------------------------------------------------------------- documents

export async function insertDocument(tx: Tx, row: { kind: string; filename: string; contentType: string; bytes: Buffer; sha256: string; by: string }): Promise<string> {
  const inserted = await tx.insertInto('cjis_document').values({
    kind: row.kind, filename: row.filename, content_type: row.contentType, size: row.bytes.length, sha256: row.sha256, content: row.bytes, entry_id: null, uploaded_by: row.by,
  }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export function documentRow(q: Q, id: string) {
  return q.selectFrom('cjis_document').selectAll().where('id', '=', id).executeTakeFirst();
}

export function documentsMeta(q: Q, filter: { ids?: string[]; entryId?: string }) {
  let query = q.selectFrom('cjis_document').select(['id', 'kind', 'filename', 'content_type', 'size', 'sha256', 'entry_id', 'uploaded_by', 'uploaded_at']);
  if (filter.ids) {
    if (filter.ids.length === 0) return Promise.resolve([]);
    query = query.where('id', 'in', filter.ids);
  }
  if (filter.entryId) query = query.where('entry_id', '=', filter.entryId);
  return query.orderBy('uploaded_at').execute();
}

export async function attachDocuments(tx: Tx, ids: string[], entryId: string): Promise<void> {
  if (ids.length) await tx.updateTable('cjis_document').set({ entry_id: entryId }).where('id', 'in', ids).where('entry_id', 'is', null).execute();
}

// ---------------------------------------------------------------- entries

export async function insertEntry(tx: Tx, row: { kind: CjisEntryTable['kind']; mke: string; nic: string; subject: Record<string, string>; incident: string | null; caseNumber: string | null; reportId: string | null; by: string }): Promise<string> {
  const inserted = await tx.insertInto('cjis_entry').values({
    kind: row.kind, mke: row.mke, nic: row.nic, subject: JSON.stringify(row.subject), incident_number: row.incident, case_number: row.caseNumber,
    report_id: row.reportId, entered_by: row.by, recalled_on: null, recalled_by: null, closed_at: null, closed_by: null, close_mke: null, close_reason: null,
  }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export function entryRow(q: Q, id: string) {
  return q.selectFrom('cjis_entry').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockEntry(tx: Tx, id: string) {
  return tx.selectFrom('cjis_entry').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listEntries(q: Q, filter: { status?: 'active' | 'all' | undefined; recalledNotRemoved?: boolean | undefined; nics?: string[] | undefined }) {
  let query = q.selectFrom('cjis_entry').selectAll().orderBy('entered_at');
  if (filter.status !== 'all') query = query.where('status', '=', 'active');
  if (filter.recalledNotRemoved) query = query.where('recalled_on', 'is not', null).where('status', '=', 'active');
  if (filter.nics) query = query.where('nic', 'in', filter.nics.length ? filter.nics : ['']);
  return query.limit(1000).execute();
}

export async function setRecalled(tx: Tx, id: string, on: string, by: string): Promise<void> {
  await tx.updateTable('cjis_entry').set({ recalled_on: on, recalled_by: by }).where('id', '=', id).execute();
}

export async function closeEntry(tx: Tx, id: string, row: { status: 'cleared' | 'cancelled'; mke: string; by: string; reason: string; at: Date }): Promise<void> {
  await tx.updateTable('cjis_entry').set({ status: row.status, close_mke: row.mke, closed_by: row.by, close_reason: row.reason, closed_at: row.at }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- administrative messages

export async function insertMessage(tx: Tx, row: { direction: 'out' | 'in'; mke: string; fromOri: string; destinations: DestinationsJson; text: string; reason: string | null; by: string | null; training: boolean }): Promise<string> {
  const inserted = await tx.insertInto('cjis_message').values({
    direction: row.direction, mke: row.mke, from_ori: row.fromOri, destinations: JSON.stringify(row.destinations), text: row.text, reason: row.reason, sent_by: row.by, training: row.training,
  }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export function messageRow(q: Q, id: string) {
  return q.selectFrom('cjis_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function searchMessages(q: Q, filter: { text?: string | undefined; direction?: 'in' | 'out' | undefined; limit: number }) {
  let query = q.selectFrom('cjis_message').selectAll().orderBy('at', 'desc').limit(filter.limit);
  if (filter.direction) query = query.where('direction', '=', filter.direction);
  if (filter.text) {
    const like = `%${filter.text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('text', 'ilike', like), eb('from_ori', 'ilike', like), eb('mke', 'ilike', like), eb(sql`destinations::text`, 'ilike', like)]));
  }
  return query.execute();
}
