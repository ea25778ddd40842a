import { sql, type Kysely } from 'kysely';

/**
 * Department inventory (S-110 §A.1.f): items with their asset tag, serial, holder and place,
 * and an append-only history of every movement. Items are retired, never deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table inventory_item (
      id uuid primary key default gen_random_uuid(),
      tag text not null unique,
      category text not null,
      description text not null,
      make text,
      model text,
      serial text,
      value_cents integer check (value_cents is null or value_cents >= 0),
      acquired_on date,
      status text not null default 'in_stock' check (status in ('in_stock','assigned','in_repair','lost','retired')),
      holder text,
      holder_kind text check (holder_kind in ('person','unit')),
      location text not null,
      registered_by text not null,
      registered_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status = 'assigned') = (holder is not null)),
      check ((holder is null) = (holder_kind is null))
    )`,
    sql`create index inventory_item_category_order on inventory_item (category, tag)`,
    sql`create index inventory_item_status_order on inventory_item (status, tag)`,
    sql`create index inventory_item_holder on inventory_item (holder, tag) where holder is not null`,
    sql`create index inventory_item_serial on inventory_item (lower(serial)) where serial is not null`,
    sql`create table inventory_movement (
      id uuid primary key default gen_random_uuid(),
      item_id uuid not null references inventory_item (id),
      at timestamptz not null default now(),
      action text not null check (action in ('registered','assigned','returned','moved','repair','lost','found','retired')),
      holder text,
      holder_kind text check (holder_kind in ('person','unit')),
      location text not null,
      reason text,
      by_user text not null
    )`,
    sql`create index inventory_movement_item on inventory_movement (item_id, at, id)`,
    sql`create trigger inventory_movement_append_only before update or delete on inventory_movement
      for each row execute function precinct_append_only()`,
  ]) await statement.execute(db);
}
