/** The SQL of emergency medical dispatch: protocol cards, certifications, reminders. */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { CardItem } from '../db/tables/emd.ts';

type Q = Db | Tx;

const CARD_COLUMNS = ['id', 'complaint_code', 'complaint', 'version', 'approved_on', 'approved_by', 'key_questions', 'instructions', 'demo', 'loaded_by', 'loaded_at', 'superseded_at', 'superseded_by'] as const;

export function cardRows(q: Q, includeSuperseded: boolean) {
  let query = q.selectFrom('emd_card').select(CARD_COLUMNS);
  if (!includeSuperseded) query = query.where('superseded_at', 'is', null);
  return query.orderBy('complaint').orderBy('loaded_at', 'desc').execute();
}
export type CardRow = Awaited<ReturnType<typeof cardRows>>[number];

export function cardRow(q: Q, id: string) {
  return q.selectFrom('emd_card').select(CARD_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** The current card of a complaint, locked until the transaction ends (a new version supersedes it). */
export function lockCurrentCard(tx: Tx, complaintCode: string) {
  return tx.selectFrom('emd_card').select(['id', 'version']).where('complaint_code', '=', complaintCode).where('superseded_at', 'is', null).forUpdate().executeTakeFirst();
}

export async function versionExists(tx: Tx, complaintCode: string, version: string): Promise<boolean> {
  return Boolean(await tx.selectFrom('emd_card').select('id').where('complaint_code', '=', complaintCode).where('version', '=', version).executeTakeFirst());
}

export async function insertCard(tx: Tx, row: { id: string; complaintCode: string; complaint: string; version: string; approvedOn: string; approvedBy: string; keyQuestions: CardItem[]; instructions: CardItem[]; demo: boolean; loadedBy: string }, supersedes: string | undefined) {
  if (supersedes) await tx.updateTable('emd_card').set({ superseded_at: sql<Date>`now()` }).where('id', '=', supersedes).execute();
  await tx.insertInto('emd_card').values({
    id: row.id, complaint_code: row.complaintCode, complaint: row.complaint, version: row.version, approved_on: row.approvedOn, approved_by: row.approvedBy,
    key_questions: JSON.stringify(row.keyQuestions), instructions: JSON.stringify(row.instructions), demo: row.demo, loaded_by: row.loadedBy, superseded_at: null, superseded_by: null,
  }).execute();
  if (supersedes) await tx.updateTable('emd_card').set({ superseded_by: row.id }).where('id', '=', supersedes).execute();
}

export function insertCertification(tx: Tx, row: { username: string; number: string; issuingBody: string; issuedOn: string; expiresOn: string; recordedBy: string }) {
  return tx.insertInto('emd_certification').values({
    username: row.username, number: row.number, issuing_body: row.issuingBody, issued_on: row.issuedOn, expires_on: row.expiresOn, recorded_by: row.recordedBy,
  }).returning('id').executeTakeFirstOrThrow();
}

const CERT_COLUMNS = ['c.id', 'c.username', 'c.number', 'c.issuing_body', 'c.issued_on', 'c.expires_on', 'c.recorded_by', 'c.recorded_at', 'r.sent_at as reminded_at'] as const;

/** Certifications, of some people or of all, newest expiry first, with the reminder sent for each. */
export function certificationRows(q: Q, usernames?: readonly string[]) {
  let query = q.selectFrom('emd_certification as c').leftJoin('emd_reminder as r', 'r.certification_id', 'c.id').select(CERT_COLUMNS);
  if (usernames) {
    if (usernames.length === 0) return Promise.resolve([]);
    query = query.where('c.username', 'in', [...usernames]);
  }
  return query.orderBy('c.username').orderBy('c.expires_on', 'desc').execute();
}
export type CertificationRow = Awaited<ReturnType<typeof certificationRows>>[number];

/** Who holds a certification valid on this date (issued on or before it, expiring after it). */
export async function certifiedOn(q: Q, usernames: readonly string[], date: string): Promise<Set<string>> {
  if (usernames.length === 0) return new Set();
  const rows = await q.selectFrom('emd_certification').select('username').distinct()
    .where('username', 'in', [...usernames]).where('issued_on', '<=', date).where('expires_on', '>', date).execute();
  return new Set(rows.map((r) => r.username));
}

/** Each person's latest-expiring certification that expires by `by` and was not reminded yet. */
export function certificationsToRemind(q: Q, by: string) {
  return q.selectFrom('emd_certification as c').leftJoin('emd_reminder as r', 'r.certification_id', 'c.id')
    .select(['c.id', 'c.username', 'c.expires_on'])
    .where('r.certification_id', 'is', null).where('c.expires_on', '<=', by)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('emd_certification as later').select('later.id')
      .whereRef('later.username', '=', 'c.username').whereRef('later.expires_on', '>', 'c.expires_on'))))
    .limit(500).execute();
}

export async function insertReminder(tx: Tx, row: { certificationId: string; username: string; expiresOn: string }): Promise<boolean> {
  const inserted = await tx.insertInto('emd_reminder').values({ certification_id: row.certificationId, username: row.username, expires_on: row.expiresOn })
    .onConflict((oc) => oc.column('certification_id').doNothing()).returning('certification_id').executeTakeFirst();
  return Boolean(inserted);
}
