import { sql, type Kysely } from 'kysely';

/**
 * The town's geography (81A §C.2.b, §E.2): address points, street centerlines,
 * sectors and districts, place names and mile markers, each layer replaced whole by
 * an import and versioned; units' last positions and the modems that report them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table geo_layer (
      kind text primary key check (kind in ('addresses','streets','areas','places')),
      version integer not null check (version > 0),
      source text not null,
      features integer not null check (features >= 0),
      imported_at timestamptz not null default now(),
      imported_by text not null
    )`,
    sql`create table geo_address (
      id serial primary key,
      number text not null,
      street text not null,
      unit text,
      city text,
      lat double precision not null check (lat between -90 and 90),
      lon double precision not null check (lon between -180 and 180)
    )`,
    sql`create index geo_address_street on geo_address (street, number)`,
    sql`create table geo_street (
      id serial primary key,
      name text not null,
      coords jsonb not null,
      speed_kmh integer not null check (speed_kmh between 5 and 130)
    )`,
    sql`create table geo_area (
      id serial primary key,
      kind text not null check (kind in ('sector','fire_district','ems_district')),
      name text not null,
      geometry jsonb not null
    )`,
    sql`create table geo_place (
      id serial primary key,
      kind text not null check (kind in ('place','mile_marker')),
      name text not null,
      aliases text[] not null default '{}',
      lat double precision not null check (lat between -90 and 90),
      lon double precision not null check (lon between -180 and 180)
    )`,
    sql`create table geo_unit_position (
      call_sign text primary key,
      lat double precision not null check (lat between -90 and 90),
      lon double precision not null check (lon between -180 and 180),
      speed_kmh double precision,
      heading double precision,
      source text not null check (source in ('field','modem','http')),
      fixed_at timestamptz not null,
      received_at timestamptz not null
    )`,
    sql`create table geo_modem (
      modem_id text primary key,
      call_sign text not null unique
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['geo_modem', 'geo_unit_position', 'geo_place', 'geo_area', 'geo_street', 'geo_address', 'geo_layer']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
