import type { Insertable, Kysely } from 'kysely';
import type { Database, Tx } from '../../db/index.ts';
import { fixedStatement } from '../../db/fixed.ts';
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

type AuditValues = Insertable<Database['audit']>;

/** The row's columns as stored: texts cut to MAX_TEXT, the detail as JSON. */
function auditValues(entry: AuditEntry): AuditValues & { detail: string } {
  const text = (v: string | null | undefined) => (v == null ? null : cutText(v, MAX_TEXT));
  return {
    username: text(entry.actor.username), role: entry.role ?? null, source: text(entry.actor.source), remote: entry.actor.remote,
    action: text(entry.action)!, subject_type: text(entry.subject?.type), subject_id: text(entry.subject?.id),
    outcome: entry.outcome, reason: text(entry.reason), detail: JSON.stringify(entry.detail ?? {}),
  };
}

/** The rows inserted and queued for the chain in one statement (a CTE feeding audit_pending). */
function insertStatement(db: Kysely<Database>, rows: readonly AuditValues[]) {
  return db.with('written', (w) => w.insertInto('audit').values(rows).returning('id'))
    .insertInto('audit_pending').columns(['audit_id']).expression((eb) => eb.selectFrom('written').select('written.id'));
}

/** One row, the case of nearly every action: compiled once (fixed.ts). */
const insertOne = fixedStatement((db, username: string | null, role: string | null, source: string | null, remote: boolean, action: string,
  subjectType: string | null, subjectId: string | null, outcome: AuditEntry['outcome'], reason: string | null, detail: string) =>
  insertStatement(db, [{ username, role, source, remote, action, subject_type: subjectType, subject_id: subjectId, outcome, reason, detail }]));

/** `insertAuditRow` for many rows at once (a batch of recordings): still one statement, the rows in the order given. */
export async function insertAuditRows(tx: Tx, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (entries.length === 1) {
    const v = auditValues(entries[0]!);
    await insertOne(tx, v.username ?? null, v.role ?? null, v.source ?? null, v.remote, v.action, v.subject_type ?? null, v.subject_id ?? null, v.outcome, v.reason ?? null, v.detail);
  } else {
    await insertStatement(tx, entries.map(auditValues)).execute();
  }
  noteAuditWritten(tx);
}
