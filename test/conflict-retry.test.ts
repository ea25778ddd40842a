import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildServer } from '../src/app/server.ts';
import { closeContext } from '../src/app/start.ts';
import type { AppContext } from '../src/core/context.ts';
import { appendEvent, eventsFor } from '../src/core/events/log.ts';
import { inTransaction } from '../src/db/index.ts';
import { forEachDatabase } from './support/databases.ts';

/**
 * Two changes at the same moment that each wait for what the other holds: PostgreSQL ends one
 * of them (deadlock detected, SQLSTATE 40P01) and rolls it back. Here the two append events
 * about the same two records in opposite orders, which takes each record's append lock in
 * opposite orders (src/core/events/log.ts). The one ended is answered 503 with Retry-After and
 * a problem+json saying nothing was saved, not the bare "internal error" of a fault, and
 * nothing of it is in the log; the other goes through. On the embedded database (one
 * connection) the two never overlap, and both go through.
 */
forEachDatabase('a change the database ends to break a deadlock', (database, kind) => {
  let ctx: AppContext;
  let app: Awaited<ReturnType<typeof buildServer>>;
  beforeAll(async () => {
    ctx = await database().open();
    app = await buildServer(ctx);
    // Two transactions, each appending about `a` then `b` and the other about `b` then `a`, each
    // waiting (up to 300 ms, for the embedded database where they cannot overlap) until the other has its first.
    app.post('/api/v1/test/opposite-appends', { config: { permission: 'public' } }, async (request) => {
      const { a, b } = request.body as { a: string; b: string };
      const first: Promise<void>[] = [];
      const arrived: (() => void)[] = [];
      for (let i = 0; i < 2; i += 1) first.push(new Promise<void>((resolve) => arrived.push(resolve)));
      const both = (i: number) => Promise.race([Promise.all(first), new Promise((resolve) => setTimeout(resolve, 300))]).then(() => i);
      const appendBoth = (i: number, one: string, two: string) => inTransaction(ctx.db, async (tx) => {
        await appendEvent(tx, { kind: 'test.noted', subject: { type: 'test', id: one }, actor: { username: 'tester' }, payload: { writer: i } });
        arrived[i]!();
        await both(i);
        await appendEvent(tx, { kind: 'test.noted', subject: { type: 'test', id: two }, actor: { username: 'tester' }, payload: { writer: i } });
      });
      const outcomes = await Promise.allSettled([appendBoth(0, a, b), appendBoth(1, b, a)]);
      const failed = outcomes.find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
      return { committed: 2 };
    });
    await app.ready();
  });
  afterAll(async () => { await app.close(); await closeContext(ctx); });

  test(kind === 'postgresql'
    ? 'the transaction ended is answered 503 "try again" with Retry-After, and only the other one is in the log'
    : 'on the embedded database the two never overlap: both are kept', async () => {
    const [a, b] = [`deadlock-a-${kind}`, `deadlock-b-${kind}`];
    const answer = await app.inject({ method: 'POST', url: '/api/v1/test/opposite-appends', payload: { a, b } });
    const logged = [...await eventsFor(ctx.db, 'test', a), ...await eventsFor(ctx.db, 'test', b)];
    if (kind === 'pglite') {
      expect(answer.statusCode).toBe(200);
      expect(logged).toHaveLength(4);
      return;
    }
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.json()).toMatchObject({ status: 503, code: 'server.conflict_retry', title: 'Try again', detail: expect.stringContaining('nothing was saved') });
    // the survivor's two events are in the log, the ended one's none
    const writers = new Set(logged.map((e) => (e.payload as { writer: number }).writer));
    expect(logged).toHaveLength(2);
    expect(writers.size).toBe(1);
  }, 20_000);
});
