import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AppContext } from '../src/core/context.ts';
import { closeContext } from '../src/app/start.ts';
import { inTransaction } from '../src/db/index.ts';
import { appendEvent, appendEvents, eventsFor, readLog } from '../src/core/events/log.ts';
import { forEachDatabase } from './support/databases.ts';

/**
 * Issue 16 point 2: the statements every write sends (the session check, the numbered record, the
 * event, the audit row) go to PostgreSQL as named prepared statements, parsed once per connection,
 * because parsing and planning them cost PostgreSQL more than running them (bench/README.md,
 * "Where PostgreSQL's CPU per incident goes"). The log must read exactly as before.
 */
const noted = (subject: string, note: string) => ({ kind: 'test.noted' as const, subject: { type: 'test', id: subject }, actor: { username: 'tester', displayName: 'Tester' }, payload: { note } });

forEachDatabase('statements prepared once', (database, kind) => {
  let ctx: AppContext;
  beforeAll(async () => { ctx = await database().open(); });
  afterAll(async () => { await closeContext(ctx); });

  test('an event appended alone or with others reads back the same, in order, with its actor and payload', async () => {
    const [one] = await inTransaction(ctx.db, async (tx) => [await appendEvent(tx, noted('p-1', 'alone'))]);
    const many = await inTransaction(ctx.db, (tx) => appendEvents(tx, [noted('p-2', 'first'), noted('p-3', "it's second")]));
    expect(one).toMatchObject({ kind: 'test.noted', subjectType: 'test', subjectId: 'p-1', actor: { user: 'tester', unit: null }, confidential: false, payload: { note: 'alone' } });
    expect(many.map((e) => e.payload.note)).toEqual(['first', "it's second"]);
    expect(many[1]!.seq).toBe(many[0]!.seq + 1);
    expect((await eventsFor(ctx.db, 'test', 'p-1')).map((e) => e.payload)).toEqual([{ note: 'alone' }]);
  });

  test.runIf(kind === 'postgresql')('on PostgreSQL the one-event append is parsed once on its connection and then only run', async () => {
    const plans = await inTransaction(ctx.db, async (tx) => {
      for (let i = 0; i < 8; i++) await appendEvent(tx, noted(`p-run-${i}`, `run ${i}`));
      return sql<{ name: string; statement: string; runs: number }>`select name, statement, (generic_plans + custom_plans)::int as runs
        from pg_prepared_statements where statement like 'with turn as materialized%'`.execute(tx);
    });
    // one prepared statement on this connection, run (not parsed) at least eight times
    expect(plans.rows).toHaveLength(1);
    expect(plans.rows[0]!.name).toMatch(/^precinct_fixed_\d+$/);
    expect(plans.rows[0]!.runs).toBeGreaterThanOrEqual(8);
  });

  test('a column another node adds to the log (its migration, while this server runs) stops neither appends nor the stream\'s read', async () => {
    const read = await inTransaction(ctx.db, async (tx) => {
      // both statements prepared on this connection first, then the table changes under them
      const first = await appendEvent(tx, noted('p-alter-1', 'before'));
      await readLog(tx, first.seq - 1, 10);
      await sql`alter table event add column added_by_a_later_version text`.execute(tx);
      const second = await appendEvent(tx, noted('p-alter-2', 'after'));
      return { second, page: await readLog(tx, first.seq - 1, 10) };
    });
    expect(read.second.payload).toEqual({ note: 'after' });
    expect(read.page.events.map((e) => e.payload.note)).toEqual(['before', 'after']);
  });
});
