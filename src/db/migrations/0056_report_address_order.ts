import { sql, type Kysely } from 'kysely';

/**
 * Reports by address read a page, not the whole address (issue 22's 100 ms at 500 000 cases).
 *
 * Migration 0050 made both sides of a report search by address index-only, but they gave only the
 * reports' ids: every report at the address (hundreds at a busy one) was then read, with its case,
 * to sort them and keep the first page. The two indexes now also carry the report's time, so the
 * candidates are sorted from the indexes alone and only the page's reports and cases are read
 * (`findReports` in src/records/case-store.ts). They replace report_case_cover and
 * report_location_norm_start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create index report_case_time on report (case_number) include (id, occurred_at)`,
    sql`drop index if exists report_case_cover`,
    sql`create index report_location_norm_time on report (location_norm text_pattern_ops) include (id, occurred_at)`,
    sql`drop index if exists report_location_norm_start`,
  ]) await statement.execute(db);
}
