/** All of the inventory's SQL (S-110 §A.1.f). */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import { paged, type PageRequest } from '../core/paging.ts';
import type { HolderKind, InventoryStatus, MovementAction } from '../db/tables/inventory.ts';

type Q = Db | Tx;

export interface ItemFilter { category?: string | undefined; status?: InventoryStatus | undefined; holder?: string | undefined; q?: string | undefined }

/** Items by tag, a page at a time, filtered by category, status, holder or text in the tag, serial, description, make or model. */
export function itemPage(q: Q, filter: ItemFilter, page: PageRequest, defaultLimit: number) {
  let query = q.selectFrom('inventory_item').selectAll();
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.holder) query = query.where('holder', '=', filter.holder);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`(lower(tag) like ${like} or lower(coalesce(serial, '')) like ${like} or lower(description) like ${like}
      or lower(coalesce(make, '') || ' ' || coalesce(model, '')) like ${like})`);
  }
  return paged(query, { columns: [['tag', 'text']], direction: 'asc' }, page, defaultLimit).execute();
}

export function itemByTag(q: Q, tag: string) {
  return q.selectFrom('inventory_item').selectAll().where('tag', '=', tag).executeTakeFirst();
}

export function lockItem(tx: Tx, tag: string) {
  return tx.selectFrom('inventory_item').selectAll().where('tag', '=', tag).forUpdate().executeTakeFirst();
}

export function movementsOf(q: Q, itemId: string) {
  return q.selectFrom('inventory_movement').selectAll().where('item_id', '=', itemId).orderBy('at').orderBy('id').execute();
}

export interface NewItem {
  tag: string; category: string; description: string; make: string | null; model: string | null; serial: string | null;
  valueCents: number | null; acquiredOn: string | null; location: string; by: string;
}

/** A new item in stock; null when its tag is already used (the unique index decides, so two at once cannot both have it). */
export async function insertItem(tx: Tx, item: NewItem) {
  return tx.insertInto('inventory_item').values({
    tag: item.tag, category: item.category, description: item.description, make: item.make, model: item.model, serial: item.serial,
    value_cents: item.valueCents, acquired_on: item.acquiredOn, status: 'in_stock', holder: null, holder_kind: null, location: item.location, registered_by: item.by,
  }).onConflict((oc) => oc.column('tag').doNothing()).returningAll().executeTakeFirst();
}

export async function moveItem(tx: Tx, id: string, set: { status: InventoryStatus; holder: string | null; holderKind: HolderKind | null; location: string }) {
  await tx.updateTable('inventory_item').set({ status: set.status, holder: set.holder, holder_kind: set.holderKind, location: set.location, updated_at: new Date() })
    .where('id', '=', id).execute();
}

export async function insertMovement(tx: Tx, m: { itemId: string; action: MovementAction; holder: string | null; holderKind: HolderKind | null; location: string; reason: string | null; by: string }) {
  await tx.insertInto('inventory_movement').values({
    item_id: m.itemId, action: m.action, holder: m.holder, holder_kind: m.holderKind, location: m.location, reason: m.reason, by_user: m.by,
  }).execute();
}
