/** All SQL of property and evidence: items, the append-only custody log, authorizations and shelf audits. */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.ts';
import type { CustodyAction, PropertyKind, PropertyStatus } from '../../db/tables/records.ts';

export interface NewItemRow {
  tag: string; case_number: string; kind: PropertyKind; category: string; description: string; make: string | null; model: string | null;
  serial: string | null; value_cents: number | null; owner_person_id: string | null; status: PropertyStatus; location: string | null; holder: string | null; created_by: string;
}

export async function insertItem(tx: Tx, row: NewItemRow): Promise<string> {
  return (await tx.insertInto('property_item').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function itemForUpdate(tx: Tx, id: string) {
  return tx.selectFrom('property_item').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function itemById(db: Db | Tx, id: string) {
  return db.selectFrom('property_item').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function itemByTag(db: Db | Tx, tag: string) {
  return db.selectFrom('property_item').selectAll().where('tag', '=', tag.trim().toUpperCase()).executeTakeFirst();
}

export async function itemsOfCase(db: Db | Tx, caseNumber: string) {
  return db.selectFrom('property_item').selectAll().where('case_number', '=', caseNumber).orderBy('tag').execute();
}

export interface CustodyRow {
  item_id: string; action: CustodyAction; from_location: string | null; to_location: string | null; from_holder: string | null;
  to_holder: string | null; reason: string; authorized_by: string | null; recorded_by: string; from_outside?: boolean; to_outside?: boolean;
}

/** One custody entry and the item's new place, together. */
export async function recordMovement(tx: Tx, entry: CustodyRow, status: PropertyStatus): Promise<void> {
  await tx.insertInto('custody_entry').values(entry).execute();
  await tx.updateTable('property_item').set({ status, location: entry.to_location, holder: entry.to_holder, holder_outside: entry.to_outside ?? false }).where('id', '=', entry.item_id).execute();
}

export async function custodyOf(db: Db | Tx, itemId: string) {
  return db.selectFrom('custody_entry').selectAll().where('item_id', '=', itemId).orderBy('id').execute();
}

export async function insertAuthorization(tx: Tx, row: { item_id: string; action: 'release' | 'destruction'; reason: string; authorized_by: string }): Promise<string> {
  return (await tx.insertInto('property_authorization').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function authorizationForUpdate(tx: Tx, id: string) {
  return tx.selectFrom('property_authorization').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function useAuthorization(tx: Tx, id: string): Promise<void> {
  await tx.updateTable('property_authorization').set({ used_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

/**
 * Stolen items still outstanding, by serial number (exact, or one or two characters off)
 * and by description words, best first.
 */
export async function findStolen(db: Db | Tx, serial: string | undefined, words: string[], limit = 20) {
  const norm = (serial ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  const text = words.join(' ').toLowerCase();
  const { rows } = await sql<{ id: string; serial_hit: boolean; serial_sim: number; text_sim: number }>`
    select id, serial_norm = ${norm} as serial_hit,
      case when ${norm} = '' then 0 else similarity(serial_norm, ${norm}) end as serial_sim,
      case when ${text} = '' then 0 else word_similarity(${text}, description_norm || ' ' || lower(coalesce(make, '') || ' ' || coalesce(model, ''))) end as text_sim
    from property_item
    where kind = 'stolen' and status = 'outstanding' and (
      (${norm} <> '' and (serial_norm = ${norm} or serial_norm % ${norm}))
      or (${text} <> '' and description_norm %> ${text}))
    order by serial_norm = ${norm} desc, greatest(case when ${norm} = '' then 0 else similarity(serial_norm, ${norm}) end,
      case when ${text} = '' then 0 else word_similarity(${text}, description_norm) end) desc
    limit ${limit}`.execute(db);
  return rows;
}

export async function markRecovered(tx: Tx, stolenId: string, recoveredId: string): Promise<void> {
  await tx.updateTable('property_item').set({ status: 'recovered', recovered_item_id: recoveredId }).where('id', '=', stolenId).execute();
}

export async function tagsAt(db: Db | Tx, location: string): Promise<{ tag: string; location: string | null }[]> {
  const norm = location.toLowerCase().replace(/[^a-z0-9]/g, '');
  return db.selectFrom('property_item').select(['tag', 'location']).where('status', '=', 'in_custody')
    .where(sql<string>`regexp_replace(lower(location), '[^a-z0-9]', '', 'g')`, '=', norm).orderBy('tag').execute();
}

export async function insertAudit(tx: Tx, location: string, expected: string[], startedBy: string): Promise<string> {
  return (await tx.insertInto('property_audit').values({ location, expected, started_by: startedBy }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function auditById(db: Db | Tx, id: string) {
  return db.selectFrom('property_audit').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertScan(tx: Tx, auditId: string, tag: string, by: string): Promise<void> {
  await tx.insertInto('property_audit_scan').values({ audit_id: auditId, tag, scanned_by: by }).onConflict((oc) => oc.doNothing()).execute();
}

export async function scansOf(db: Db | Tx, auditId: string): Promise<string[]> {
  return (await db.selectFrom('property_audit_scan').select('tag').where('audit_id', '=', auditId).orderBy('scanned_at').execute()).map((r) => r.tag);
}

export async function closeAudit(tx: Tx, id: string): Promise<void> {
  await tx.updateTable('property_audit').set({ closed_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function locationsOfTags(db: Db | Tx, tags: string[]) {
  if (tags.length === 0) return [];
  return db.selectFrom('property_item').select(['tag', 'location', 'status']).where('tag', 'in', tags).execute();
}

export async function openAuthorizations(db: Db | Tx, itemId: string) {
  return db.selectFrom('property_authorization').select(['id', 'action', 'reason', 'authorized_by']).where('item_id', '=', itemId).where('used_at', 'is', null).orderBy('authorized_at').execute();
}
