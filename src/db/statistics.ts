import { sql } from 'kysely';
import type { DatabaseKind, Db } from './index.ts';

/**
 * A table is analyzed again when its size in pages has moved this much since its last
 * analysis (PostgreSQL's autovacuum uses 10 % of the rows changed).
 */
const CHANGE = 0.1;
/** Tables smaller than this many pages are left to the planner's own estimate from their size. */
const SMALLEST_PAGES = 2;

/**
 * The embedded database has no autovacuum: PGlite runs PostgreSQL in one process with no
 * background workers, and keeps no statistics of changed rows either (its
 * `pg_stat_user_tables` stays at zero). So its planner never learns a table's size or
 * its columns' values: with 2 000 units it estimated one, and joined them by 2 000 index
 * lookups instead of one hash (issue 17, 3 December 2026). This analyzes, one table at a
 * time, each table never analyzed or whose size in pages has moved by a tenth since its
 * last analysis, and answers the tables it analyzed. PostgreSQL's own autovacuum does this
 * there, so it does nothing on PostgreSQL.
 */
export async function refreshPlannerStatistics(db: Db, kind: DatabaseKind): Promise<string[]> {
  if (kind !== 'pglite') return [];
  const { rows } = await sql<{ name: string; analyzed_pages: number; analyzed: boolean; pages: number }>`
    select c.relname as name, c.relpages as analyzed_pages, c.reltuples >= 0 as analyzed,
      (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname = current_schema()`.execute(db);
  const stale = rows.filter((t) => t.pages >= SMALLEST_PAGES
    && (!t.analyzed || Math.abs(t.pages - t.analyzed_pages) > CHANGE * Math.max(t.analyzed_pages, SMALLEST_PAGES)));
  for (const table of stale) {
    // one table a statement: the embedded database runs one statement at a time, so the floor's reads wait at most one table's analysis
    await sql`analyze ${sql.table(table.name)}`.execute(db);
  }
  return stale.map((t) => t.name).sort();
}
