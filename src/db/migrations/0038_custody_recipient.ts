import { sql, type Kysely } from 'kysely';

/**
 * S-110 §A.1.j, u: whoever receives an item is either one of the agency's people (their login,
 * printed by name and badge) or an outside recipient typed as given (a lab, a court, an owner),
 * marked as such, so a typed name is never read as a login.
 *
 * Issue 22's search aim (p95 under 100 ms with 500 000 cases, bench/records.bench.ts): the end of a
 * case number (`00042` for C26-00042) through an index on the reversed number (a trigram index on
 * the number would also answer `=`, and the planner took it for joins, 15 ms a row); a report's
 * own location through a trigram index; reports by date through an index in the lists' order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table custody_entry add column from_outside boolean not null default false, add column to_outside boolean not null default false`.execute(db);
  await sql`alter table property_item add column holder_outside boolean not null default false`.execute(db);
  await sql`create index record_case_number_reverse on record_case (reverse(number) text_pattern_ops)`.execute(db);
  await sql`create index report_case_reverse on report (reverse(case_number) text_pattern_ops)`.execute(db);
  await sql`create index report_location_trgm on report using gin (lower(fields->>'location') gin_trgm_ops)`.execute(db);
  await sql`create index report_occurred on report (occurred_at desc, id) where parent_id is null`.execute(db);
}
