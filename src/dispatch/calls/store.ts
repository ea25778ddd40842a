import { sql, type UpdateObject } from 'kysely';
import type { Db, Tx } from '../../db/index.ts';
import type { Database } from '../../db/schema.ts';
import type { Ali } from './model.ts';
import { defineSetting, readSetting } from '../../core/settings.ts';
import { paged, type PageOrder, type PageRequest } from '../../core/paging.ts';

export interface CallInsert {
  line: string;
  status: 'ringing' | 'active';
  priority: number;
  category: string | null;
  callerName: string | null;
  callbackNumber: string | null;
  ali: Ali | null;
  transferredFrom: string | null;
  callTakers: string[];
  createdBy: string;
}

export function insertCall(tx: Tx, row: CallInsert) {
  return tx.insertInto('call').values({
    line: row.line, status: row.status, outcome: null, priority: row.priority, category: row.category,
    caller_name: row.callerName, callback_number: row.callbackNumber, ali: JSON.stringify(row.ali),
    transferred_from: row.transferredFrom, transferred_to: JSON.stringify(null), call_takers: row.callTakers,
    hold_reason: null, held_at: null, incident_number: null, no_response_type: null, screening: JSON.stringify(null),
    answered_at: row.status === 'active' ? sql<Date>`now()` : null, ended_at: null, created_by: row.createdBy,
  }).returningAll().executeTakeFirstOrThrow();
}

export type CallRow = Awaited<ReturnType<typeof insertCall>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findCall(db: Db | Tx, id: string): Promise<CallRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return db.selectFrom('call').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The call row, locked until the transaction ends: two call-takers acting at once take turns. */
export async function lockCall(tx: Tx, id: string): Promise<CallRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return tx.selectFrom('call').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateCall(tx: Tx, id: string, changes: UpdateObject<Database, 'call', 'call'>) {
  return tx.updateTable('call').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export type CallFilter = 'open' | 'ended' | 'closed' | 'all';

/**
 * Open calls (the line not ended) by priority then age; ended, closed (ended or given an
 * outcome: the closed-call log) or all calls newest first — calls closed without a
 * response are kept (81A §D.1).
 */
/** The call list's orders: open calls by priority then age, the others newest first; the id breaks ties (indexes: migration 0042). */
const CALL_ORDER: Record<'open' | 'newest', PageOrder> = {
  open: { columns: [['priority', 'integer'], ['received_at', 'timestamptz'], ['id', 'uuid']], direction: 'asc' },
  newest: { columns: [['received_at', 'timestamptz'], ['id', 'uuid']], direction: 'desc' },
};

export const CALL_PAGE = 200;

/** A page of the call list: the rows (with the page key) for `pageFrom`. */
export function listCalls(db: Db, filter: CallFilter, page: PageRequest) {
  let query = db.selectFrom('call').selectAll();
  if (filter === 'open') query = query.where('status', '<>', 'ended');
  if (filter === 'ended') query = query.where('status', '=', 'ended');
  if (filter === 'closed') query = query.where((eb) => eb.or([eb('status', '=', 'ended'), eb('outcome', 'is not', null)]));
  return paged(query, CALL_ORDER[filter === 'open' ? 'open' : 'newest'], page, CALL_PAGE).execute();
}

export function waitingCalls(db: Db) {
  return db.selectFrom('call').selectAll().where('status', 'in', ['ringing', 'on_hold']).limit(500).execute();
}

/** Calls a call-taker has answered and not yet finished (no outcome, not ended), oldest answer first. */
export function answeredCalls(db: Db) {
  return db.selectFrom('call').selectAll().where('status', '=', 'active').where('outcome', 'is', null).orderBy('answered_at').limit(500).execute();
}

/** 81A §D.4: reports by mail, e-mail or telephone waiting for the commanding officer's screening. */
export function screeningQueue(db: Db) {
  return db.selectFrom('call').selectAll().where('outcome', '=', 'screening').orderBy('received_at').limit(500).execute();
}

export const HOLD_LIMIT = defineSetting<number>('calls.holdLimitSeconds', 60);

export async function holdLimitSeconds(db: Db, fallback = 60): Promise<number> {
  const value = Number(await readSetting(db, HOLD_LIMIT));
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
