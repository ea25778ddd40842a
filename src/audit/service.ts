import { sql } from 'kysely';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import { chainHash, GENESIS, type AuditFields } from './chain.ts';

/** Who is acting, from where: what every audit row and event records about the actor. */
export interface Actor {
  username: string;
  roles: string[];
  source: string | null;
  remote: boolean;
  unit?: string | null;
}

export interface AuditEntry {
  actor: Actor | { username: string | null; source: string | null; remote: boolean };
  role?: string | null;
  action: string;
  subject?: { type: string; id: string };
  outcome: 'allowed' | 'denied' | 'failed';
  reason?: string | null;
  detail?: Record<string, unknown>;
}

// One writer at a time extends the chain, on every node sharing the database.
const AUDIT_LOCK = 0x50524341; // "PRCA"

/**
 * Append an audit row inside the caller's transaction, so the write it records and
 * the record of it commit together. Hash-chained to the row before it.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
  const last = await tx.selectFrom('audit').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const fields: AuditFields = {
    at: new Date(),
    username: entry.actor.username,
    role: entry.role ?? null,
    source: entry.actor.source,
    remote: entry.actor.remote,
    action: entry.action,
    subject_type: entry.subject?.type ?? null,
    subject_id: entry.subject?.id ?? null,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    detail: entry.detail ?? {},
  };
  const prevHash = last?.hash ?? GENESIS;
  await tx
    .insertInto('audit')
    .values({ ...fields, outcome: entry.outcome, detail: JSON.stringify(fields.detail), prev_hash: prevHash, hash: chainHash(prevHash, fields) })
    .execute();
}

/** Record an audit row on its own (a denial or a failed sign-in, where nothing else is written). */
export function recordAuditNow(db: Db, entry: AuditEntry): Promise<void> {
  return inTransaction(db, (tx) => recordAudit(tx, entry));
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  /** The first row whose hash or link does not hold, and why. */
  broken?: { id: number; problem: string };
}

/** Walk the whole chain; report the first row that was edited, removed or inserted out of place. */
export async function verifyAuditChain(db: Db): Promise<VerifyResult> {
  let prevHash = GENESIS;
  let prevId = 0;
  let rows = 0;
  const pageSize = 2000;
  for (;;) {
    const page = await db.selectFrom('audit').selectAll().where('id', '>', prevId).orderBy('id').limit(pageSize).execute();
    for (const row of page) {
      // Ids may skip (a rolled-back transaction spends a sequence number); the links may not.
      if (row.prev_hash !== prevHash) {
        return { ok: false, rows, broken: { id: row.id, problem: 'does not link to the row before it: a row was removed or inserted' } };
      }
      const expected = chainHash(prevHash, {
        at: row.at, username: row.username, role: row.role, source: row.source, remote: row.remote, action: row.action,
        subject_type: row.subject_type, subject_id: row.subject_id, outcome: row.outcome, reason: row.reason,
        detail: row.detail,
      });
      if (expected !== row.hash) return { ok: false, rows, broken: { id: row.id, problem: 'its contents were changed after it was written' } };
      prevHash = row.hash;
      prevId = row.id;
      rows += 1;
    }
    if (page.length < pageSize) return { ok: true, rows };
  }
}
