import { inTransaction, type Db, type Tx } from '../../db/index.ts';
import { coverAction } from './action.ts';
import type { AuditChainer } from './chainer.ts';
import { verifyChain, type VerifyResult } from './chain.ts';
import { insertAuditRow, insertAuditRows, type AuditEntry } from './rows.ts';

export type { Actor } from '../actor.ts';
export type { AuditEntry } from './rows.ts';

/**
 * Write an audit row in the caller's transaction, so the change it records and the record
 * of it commit together. A row written while a request is being served covers that
 * request's action: the audit path writes no second row for it. Reads that the policies
 * protect are recorded with `recordRead`, which does not cover the action.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await insertAuditRow(tx, entry);
  coverAction(tx, entry.outcome);
}

/** `recordAudit` for many actions of one kind at once (a batch import), in one statement. */
export async function recordAudits(tx: Tx, entries: readonly AuditEntry[]): Promise<void> {
  await insertAuditRows(tx, entries);
  for (const outcome of new Set(entries.map((e) => e.outcome))) coverAction(tx, outcome);
}

/** Record a protected read (juvenile, confidential, restricted numbers) in the caller's transaction. */
export async function recordRead(tx: Tx, entry: AuditEntry): Promise<void> {
  await insertAuditRow(tx, entry);
}

/** Record an audit row on its own (a denial or a failed sign-in, where nothing else is written). */
export function recordAuditNow(db: Db, entry: AuditEntry): Promise<void> {
  return inTransaction(db, (tx) => recordAudit(tx, entry));
}
/** What to look for in the audit trail (the auditor's reports and browser). */
export interface AuditCriteria {
  from: Date;
  to: Date;
  limit: number;
  action?: string;
  outcome?: 'allowed' | 'denied' | 'failed';
  notOutcome?: 'allowed' | 'denied' | 'failed';
  /** Rows by this login, or about this login. */
  person?: string;
}

/** Audit rows matching the criteria, newest first. */
export async function auditRows(db: Db, c: AuditCriteria) {
  let query = db.selectFrom('audit').selectAll().where('at', '>=', c.from).where('at', '<=', c.to).orderBy('id', 'desc').limit(c.limit);
  if (c.action) query = query.where('action', '=', c.action);
  if (c.outcome) query = query.where('outcome', '=', c.outcome);
  if (c.notOutcome) query = query.where('outcome', '<>', c.notOutcome);
  if (c.person) {
    const who = c.person;
    query = query.where((eb) => eb.or([eb('username', '=', who), eb.and([eb('subject_type', '=', 'user'), eb('subject_id', '=', who)])]));
  }
  return query.execute();
}

/** Link what is committed, then walk the chain and compare it with the last checkpoint (`precinct audit verify`). */
export async function verifyAuditChain(ctx: { db: Db; audit: AuditChainer }): Promise<VerifyResult> {
  await ctx.audit.flush();
  return verifyChain(ctx.db, ctx.audit.seal);
}
