import type { Tx } from '../../db/index.ts';
import type { Actor } from '../actor.ts';
import { noteAuditWritten } from './pending.ts';
import { cutText } from '../validation.ts';

/** One row of the audit trail as a writer gives it: who, in which role, did what to which record, and how it ended. */
export interface AuditEntry {
  actor: Actor | { username: string | null; source: string | null; remote: boolean };
  role?: string | null;
  action: string;
  subject?: { type: string; id: string } | undefined;
  outcome: 'allowed' | 'denied' | 'failed';
  reason?: string | null;
  detail?: Record<string, unknown>;
}

/** Longest text kept in a column of the audit row; longer values are cut on a character boundary. */
const MAX_TEXT = 500;

/**
 * Insert an audit row in the caller's transaction and queue it for the chain, in one
 * statement (one round trip: the import of recordings writes thousands). No lock: the
 * database stamps the time, and the chainer links committed rows in commit order.
 */
export async function insertAuditRow(tx: Tx, entry: AuditEntry): Promise<void> {
  await insertAuditRows(tx, [entry]);
}

/** `insertAuditRow` for many rows at once (a batch of recordings): still one statement, the rows in the order given. */
export async function insertAuditRows(tx: Tx, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const text = (v: string | null | undefined) => (v == null ? null : cutText(v, MAX_TEXT));
  await tx.with('written', (db) => db.insertInto('audit').values(entries.map((entry) => ({
    username: text(entry.actor.username), role: entry.role ?? null, source: text(entry.actor.source), remote: entry.actor.remote,
    action: text(entry.action)!, subject_type: text(entry.subject?.type), subject_id: text(entry.subject?.id),
    outcome: entry.outcome, reason: text(entry.reason), detail: JSON.stringify(entry.detail ?? {}),
  }))).returning('id')).insertInto('audit_pending').columns(['audit_id']).expression((eb) => eb.selectFrom('written').select('written.id'))
    .execute();
  noteAuditWritten(tx);
}
