/** The SQL of the CJIS Representative's desk: users and certifications, reminders, agreements, officials, validations, the BOP list, audits. */
import type { Db, Tx } from '../db/index.ts';
import { paged, type PageRequest } from '../core/paging.ts';
import type { ValidationItemJson } from '../db/tables/cjis.ts';

type Q = Db | Tx;

export function cjisUsers(q: Q, usernames: string[]) {
  if (usernames.length === 0) return Promise.resolve([]);
  return q.selectFrom('cjis_user').selectAll().where('username', 'in', usernames).execute();
}

export async function setEmployedSince(tx: Tx, username: string, employedSince: string | null, by: string): Promise<void> {
  await tx.insertInto('cjis_user').values({ username, employed_since: employedSince, updated_by: by })
    .onConflict((oc) => oc.column('username').doUpdateSet({ employed_since: employedSince, updated_by: by })).execute();
}

/** Every certification of these users, newest first. */
export function certificationsOf(q: Q, usernames: string[]) {
  if (usernames.length === 0) return Promise.resolve([]);
  return q.selectFrom('cjis_certification').selectAll().where('username', 'in', usernames).orderBy('certified_on', 'desc').orderBy('recorded_at', 'desc').execute();
}

export function certificationRow(q: Q, id: string) {
  return q.selectFrom('cjis_certification').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCertification(tx: Tx, row: { username: string; level: 'full_access' | 'query_only'; certifiedOn: string; documentId: string | null; by: string }): Promise<string> {
  const inserted = await tx.insertInto('cjis_certification').values({ username: row.username, level: row.level, certified_on: row.certifiedOn, document_id: row.documentId, recorded_by: row.by })
    .returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

/** Each user's newest certification that expires (two years after `certified_on`) by `until` and has had no reminder. */
export function certificationsToRemind(q: Q, certifiedBy: string) {
  return q.selectFrom('cjis_certification as c')
    .leftJoin('cjis_reminder as r', 'r.certification_id', 'c.id')
    .select(['c.id', 'c.username', 'c.certified_on', 'c.level'])
    .where('r.certification_id', 'is', null)
    .where('c.certified_on', '<=', certifiedBy)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('cjis_certification as newer').select('newer.id')
      .whereRef('newer.username', '=', 'c.username').whereRef('newer.certified_on', '>', 'c.certified_on'))))
    .limit(500).execute();
}

export async function insertReminder(tx: Tx, row: { certificationId: string; username: string; expiresOn: string }): Promise<boolean> {
  const inserted = await tx.insertInto('cjis_reminder').values({ certification_id: row.certificationId, username: row.username, expires_on: row.expiresOn })
    .onConflict((oc) => oc.column('certification_id').doNothing()).returning('certification_id').executeTakeFirst();
  return !!inserted;
}

export function reminders(q: Q, username?: string) {
  let query = q.selectFrom('cjis_reminder').selectAll().orderBy('sent_at', 'desc').limit(500);
  if (username) query = query.where('username', '=', username);
  return query.execute();
}

export function agreementRows(q: Q) {
  return q.selectFrom('cjis_agreement').selectAll().orderBy('signed_on', 'desc').execute();
}

export async function insertAgreement(tx: Tx, row: { signedOn: string; filedRecordsOn: string | null; filedChsbOn: string | null; documentId: string | null; by: string }): Promise<string> {
  const inserted = await tx.insertInto('cjis_agreement').values({
    signed_on: row.signedOn, filed_records_on: row.filedRecordsOn, filed_chsb_on: row.filedChsbOn, document_id: row.documentId, recorded_by: row.by,
  }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export function officialRows(q: Q) {
  return q.selectFrom('cjis_official').selectAll().orderBy('assigned_on', 'desc').execute();
}

export async function insertOfficial(tx: Tx, row: { role: 'cjis_rep' | 'backup_rep' | 'chief'; name: string; username: string | null; assignedOn: string; by: string }): Promise<string> {
  const inserted = await tx.insertInto('cjis_official').values({ role: row.role, name: row.name, username: row.username, assigned_on: row.assignedOn, recorded_by: row.by })
    .returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export function validationList(q: Q, month: string) {
  return q.selectFrom('cjis_validation_list').selectAll().where('month', '=', month).executeTakeFirst();
}

export function validationMonths(q: Q) {
  return q.selectFrom('cjis_validation_list').select(['month', 'requested_at', 'requested_by']).orderBy('month', 'desc').limit(36).execute();
}

export async function saveValidationList(tx: Tx, month: string, entries: ValidationItemJson[], by: string): Promise<void> {
  await tx.insertInto('cjis_validation_list').values({ month, entries: JSON.stringify(entries), requested_by: by })
    .onConflict((oc) => oc.column('month').doUpdateSet({ entries: JSON.stringify(entries), requested_by: by })).execute();
}

export function validations(q: Q, month: string) {
  return q.selectFrom('cjis_validation').selectAll().where('month', '=', month).execute();
}

export async function recordValidation(tx: Tx, row: { month: string; nic: string; outcome: 'valid' | 'modified' | 'removed'; note: string | null; by: string }): Promise<void> {
  await tx.insertInto('cjis_validation').values({ month: row.month, nic: row.nic, outcome: row.outcome, note: row.note, validated_by: row.by })
    .onConflict((oc) => oc.columns(['month', 'nic']).doUpdateSet({ outcome: row.outcome, note: row.note, validated_by: row.by })).execute();
}

export function bopList(q: Q) {
  return q.selectFrom('cjis_bop_list').selectAll().where('removed_at', 'is', null).orderBy('kind').orderBy('value').execute();
}

export async function addBopListItem(tx: Tx, row: { kind: 'position' | 'title' | 'name'; value: string; by: string }): Promise<string> {
  const inserted = await tx.insertInto('cjis_bop_list').values({ kind: row.kind, value: row.value, added_by: row.by, removed_by: null, removed_at: null }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function removeBopListItem(tx: Tx, id: string, by: string, at: Date): Promise<boolean> {
  const updated = await tx.updateTable('cjis_bop_list').set({ removed_by: by, removed_at: at }).where('id', '=', id).where('removed_at', 'is', null).returning('id').executeTakeFirst();
  return !!updated;
}

/** CJIS audits filed, newest audit first, a page at a time. */
export function auditFilings(q: Q, page: PageRequest, defaultLimit: number) {
  return paged(q.selectFrom('cjis_audit_filing').selectAll(), { columns: [['audit_date', 'date'], ['id', 'uuid']], direction: 'desc' }, page, defaultLimit).execute();
}

export async function insertAuditFiling(tx: Tx, row: { auditDate: string; auditor: string; result: string; filedRecordsOn: string; documentId: string | null; by: string }): Promise<string> {
  const inserted = await tx.insertInto('cjis_audit_filing').values({
    audit_date: row.auditDate, auditor: row.auditor, result: row.result, filed_records_on: row.filedRecordsOn, document_id: row.documentId, recorded_by: row.by,
  }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}
