import { sql, type Kysely } from 'kysely';

/**
 * Reports by address at the speed of cases by address (issue 22's 100 ms at 500 000 cases).
 *
 * A report is found by its case's address or by its own location. Each side was an index lookup
 * followed by a heap read per row to learn the case's number, then the report's id, before the
 * reports themselves were read to sort them: about a thousand scattered pages for an address
 * with 250 reports. The indexes here carry what the next step needs, so both sides are index-only
 * and the report heap is read once, for the reports found, as the case search reads its cases:
 *
 * - `record_case (address_norm text_pattern_ops) include (number)` — an address typed with its
 *   house number answers the case numbers from the index (replaces record_case_address_start);
 * - `report (case_number) include (id)` — a case's reports' ids (replaces report_case);
 * - the report's own location, lowered, as a stored column `location_norm` (as the case's
 *   address_norm), with `(location_norm text_pattern_ops) include (id)` and its trigram index
 *   for a street or place name alone (an expression index cannot answer from the index alone:
 *   the planner wants the jsonb it is computed from). They replace report_location_start and
 *   report_location_trgm.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create index record_case_address_cover on record_case (address_norm text_pattern_ops) include (number)`,
    sql`drop index if exists record_case_address_start`,
    sql`create index report_case_cover on report (case_number) include (id)`,
    sql`drop index if exists report_case`,
    sql`alter table report add column location_norm text generated always as (lower(fields->>'location')) stored`,
    sql`create index report_location_norm_start on report (location_norm text_pattern_ops) include (id)`,
    sql`create index report_location_norm_trgm on report using gin (location_norm gin_trgm_ops)`,
    sql`drop index if exists report_location_start`,
    sql`drop index if exists report_location_trgm`,
    // the new column's statistics, so the planner sees how few rows an address matches (the index-only
    // scans also want the visibility map the next vacuum, or autovacuum, rebuilds after the rewrite)
    sql`analyze report`,
  ]) await statement.execute(db);
}
