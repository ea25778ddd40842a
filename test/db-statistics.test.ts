import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeContext } from '../src/app/start.ts';
import type { AppContext } from '../src/core/context.ts';
import { inTransaction } from '../src/db/index.ts';
import { refreshPlannerStatistics } from '../src/db/statistics.ts';
import { forEachDatabase } from './support/databases.ts';

async function addUnits(ctx: AppContext, from: number, count: number): Promise<void> {
  const signs = Array.from({ length: count }, (_, i) => `S${String(from + i).padStart(5, '0')}`);
  const now = new Date();
  await inTransaction(ctx.db, async (tx) => {
    for (let i = 0; i < signs.length; i += 500) {
      const chunk = signs.slice(i, i + 500);
      await tx.insertInto('agency_unit').values(chunk.map((s) => ({ call_sign: s, kind: 'cruiser', service: 'police' as const, area: null, description: null }))).execute();
      await tx.insertInto('unit_status').values(chunk.map((s) => ({ call_sign: s, status: 'available', incident_number: null, reason: null, since: now, location: JSON.stringify({}), personnel: ['Officer'] }))).execute();
    }
  });
}

const estimated = async (ctx: AppContext, table: string) =>
  Number((await sql<{ rows: number }>`select reltuples as rows from pg_class where relname = ${table}`.execute(ctx.db)).rows[0]!.rows);

forEachDatabase('planner statistics (issue 17: the embedded database has no autovacuum)', (database, kind) => {
  let ctx: AppContext;
  beforeAll(async () => { ctx = await database().open(); });
  afterAll(async () => { await closeContext(ctx); });

  if (kind === 'pglite') {
    it('a table that grew is analyzed, so the recommendation’s read of 2 000 units is one hash join, not 2 000 lookups; an unchanged table is left alone', async () => {
      await addUnits(ctx, 1, 2000);
      const analyzed = await refreshPlannerStatistics(ctx.db, ctx.database.kind);
      expect(analyzed).toEqual(expect.arrayContaining(['agency_unit', 'unit_status']));
      expect(await estimated(ctx, 'unit_status')).toBeGreaterThanOrEqual(2000);
      const plan = (await sql<{ 'QUERY PLAN': string }>`explain select count(*) from agency_unit a join unit_status s on s.call_sign = a.call_sign
        where a.retired_at is null and s.status = 'available' and a.service = 'police'`.execute(ctx.db)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('Hash Join');
      expect(plan).not.toContain('Nested Loop');
      // nothing changed since: nothing to do
      expect(await refreshPlannerStatistics(ctx.db, ctx.database.kind)).toEqual([]);
      // grown by more than a tenth: analyzed again, and the estimate follows
      await addUnits(ctx, 5000, 1000);
      expect(await refreshPlannerStatistics(ctx.db, ctx.database.kind)).toEqual(expect.arrayContaining(['agency_unit', 'unit_status']));
      expect(await estimated(ctx, 'unit_status')).toBeGreaterThanOrEqual(3000);
    });
  } else {
    it('on PostgreSQL the server’s own autovacuum keeps the statistics: the job analyzes nothing', async () => {
      await addUnits(ctx, 1, 100);
      expect(await refreshPlannerStatistics(ctx.db, ctx.database.kind)).toEqual([]);
    });
  }
});
