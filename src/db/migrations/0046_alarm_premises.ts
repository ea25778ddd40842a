import { sql, type Kysely } from 'kysely';

/**
 * Alarm premises (S-110 §A.1.a; 81A §G): the premises with an alarm, its company, its permit
 * and the key holders to call. One active entry per address (its key, as the CAD compares
 * addresses); an entry is made inactive, never deleted. False alarms are counted from the
 * CAD's closed incidents by query, so nothing here is kept in step with the incident table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table alarm_premises (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      address text not null,
      address_key text not null,
      verified boolean not null,
      lat double precision,
      lon double precision,
      alarm_types jsonb not null,
      company_name text,
      company_phone text,
      company_account text,
      permit_number text,
      permit_issued_on date,
      permit_expires_on date,
      key_holders jsonb not null,
      notes text,
      active boolean not null default true,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_by text not null,
      updated_at timestamptz not null default now(),
      check (permit_expires_on is null or permit_issued_on is null or permit_expires_on >= permit_issued_on),
      check ((permit_number is null) = (permit_issued_on is null) and (permit_number is null) = (permit_expires_on is null))
    )`,
    // two active entries for one address cannot both be written, even at once
    sql`create unique index alarm_premises_active_address on alarm_premises (address_key) where active`,
    sql`create index alarm_premises_name_order on alarm_premises (name, id)`,
    // the false-alarm count reads the closed alarm incidents by disposition
    sql`create index incident_disposition_reported on incident (disposition, reported_at) where disposition is not null`,
  ]) await statement.execute(db);
}
