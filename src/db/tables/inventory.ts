import type { Generated } from 'kysely';
import type { StampedAt } from './columns.ts';

export type InventoryStatus = 'in_stock' | 'assigned' | 'in_repair' | 'lost' | 'retired';
export type HolderKind = 'person' | 'unit';
export type MovementAction = 'registered' | 'assigned' | 'returned' | 'moved' | 'repair' | 'lost' | 'found' | 'retired';

/** An item of the department's inventory (S-110 §A.1.f): what it is, who has it, where it is. */
export interface InventoryItemTable {
  id: Generated<string>;
  tag: string;
  category: string;
  description: string;
  make: string | null;
  model: string | null;
  serial: string | null;
  value_cents: number | null;
  acquired_on: string | null;
  status: InventoryStatus;
  holder: string | null;
  holder_kind: HolderKind | null;
  location: string;
  registered_by: string;
  registered_at: StampedAt;
  updated_at: Generated<Date>;
}

/** Each change of an item's holder, place or state: append-only, so its whereabouts have a history. */
export interface InventoryMovementTable {
  id: Generated<string>;
  item_id: string;
  at: StampedAt;
  action: MovementAction;
  holder: string | null;
  holder_kind: HolderKind | null;
  location: string;
  reason: string | null;
  by_user: string;
}

/** The tables the inventory capability owns (migration 0044). */
export interface InventoryTables {
  inventory_item: InventoryItemTable;
  inventory_movement: InventoryMovementTable;
}
