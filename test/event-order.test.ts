import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AppContext } from '../src/core/context.ts';
import { closeContext } from '../src/app/start.ts';
import { inTransaction, withSavepoint } from '../src/db/index.ts';
import { appendEvent, completeThrough, eventsFor, readLog, type DispatchEvent } from '../src/core/events/log.ts';
import { forEachDatabase } from './support/databases.ts';

/**
 * Issue 16 point 6: no global lock on the write path, without giving up order. Appends about
 * different subjects no longer wait for each other's commit, so on PostgreSQL the log can show
 * number 42 while 41 is still committing; a reader (the stream, `GET /events`) never steps over
 * such a gap, and steps over one that can never fill (a rolled-back append) once its
 * transaction has ended. Appends about one subject still take their numbers in commit order.
 */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const noted = (subject: string, note = subject) => ({ kind: 'test.noted' as const, subject: { type: 'test', id: subject }, actor: { username: 'tester' }, payload: { note } });

/** An append whose transaction stays open until `finish` is called (then commits, or rolls back when asked to fail). */
function openAppend(ctx: AppContext, subject: string) {
  const appended = deferred<DispatchEvent>();
  const release = deferred<boolean>();
  const done = inTransaction(ctx.db, async (tx) => {
    const event = await appendEvent(tx, noted(subject));
    appended.resolve(event);
    if (await release.promise) throw new Error('rolled back on purpose');
    return event;
  }).catch((error: Error) => error);
  return { appended: appended.promise, commit: () => { release.resolve(false); return done; }, rollBack: () => { release.resolve(true); return done; } };
}

/** Settles within `ms`, or rejects saying it was still waiting. */
const within = <T>(promise: Promise<T>, ms: number, what: string) => Promise.race([
  promise,
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms)),
]);

forEachDatabase('the event log without a global lock', (database, kind) => {
  let ctx: AppContext;
  beforeAll(async () => { ctx = await database().open(); });
  afterAll(async () => { await closeContext(ctx); });

  const seqs = (events: DispatchEvent[]) => events.map((e) => e.seq);
  const subscribe = (c: AppContext) => {
    const received: DispatchEvent[] = [];
    const stop = c.hub.subscribe(c.hub.position, (events) => { received.push(...events); });
    return { received, stop };
  };

  test('a rolled-back append leaves a gap that readers step over: the events after it are not held back', async () => {
    const before = await completeThrough(ctx.db);
    await inTransaction(ctx.db, async (tx) => {
      await appendEvent(tx, noted('rolled-back'));
      throw new Error('rolled back on purpose');
    }).catch(() => undefined);
    const kept = await inTransaction(ctx.db, (tx) => appendEvent(tx, noted('kept')));
    expect(kept.seq).toBeGreaterThan(before + 1); // the rolled-back append spent a number
    const page = await within(readLog(ctx.db, before, 10), 5000, 'reading past a rolled-back number');
    expect(seqs(page.events)).toEqual([kept.seq]);
    expect(page.through).toBe(kept.seq);
  });

  if (kind === 'pglite') {
    test('one connection: transactions end in number order, so the stream never waits behind a gap', async () => {
      const watch = subscribe(ctx);
      const made: DispatchEvent[] = [];
      for (let i = 0; i < 5; i++) made.push(await inTransaction(ctx.db, (tx) => appendEvent(tx, noted(`s${i % 2}`))));
      await expect.poll(() => seqs(watch.received)).toEqual(seqs(made));
      watch.stop();
    });
    return;
  }

  test('appends about different subjects do not wait for each other to commit (no global lock)', async () => {
    const first = openAppend(ctx, 'open-one');
    const e1 = await first.appended;
    // Under one global lock this append would wait until the first transaction ends, which it does not until told.
    const e2 = await within(inTransaction(ctx.db, (tx) => appendEvent(tx, noted('other-subject'))), 5000, 'an append about another subject');
    expect(e2.seq).toBeGreaterThan(e1.seq);
    await first.commit();
  });

  test('a reader does not step over a number still committing: the later event waits, then both come in number order', async () => {
    const watch = subscribe(ctx);
    const from = ctx.hub.position;
    const first = openAppend(ctx, 'slow-commit');
    const e1 = await first.appended;
    const e2 = await inTransaction(ctx.db, (tx) => appendEvent(tx, noted('fast-commit')));
    // the log shows e2 and a gap at e1: neither a page of `GET /events` nor the stream gives e2 yet
    const page = await readLog(ctx.db, from, 100, ctx.hub.cursor);
    expect(seqs(page.events)).not.toContain(e2.seq);
    expect(page.waiting).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seqs(watch.received)).not.toContain(e2.seq);
    await first.commit();
    await expect.poll(() => seqs(watch.received).filter((s) => s >= e1.seq)).toEqual([e1.seq, e2.seq]);
    watch.stop();
  });

  test('a gap whose transaction rolls back while a reader waits is stepped over once that transaction has ended', async () => {
    const watch = subscribe(ctx);
    const first = openAppend(ctx, 'will-roll-back');
    const e1 = await first.appended;
    const e2 = await inTransaction(ctx.db, (tx) => appendEvent(tx, noted('after-the-gap')));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seqs(watch.received).filter((s) => s >= e1.seq)).toEqual([]);
    expect(await first.rollBack()).toBeInstanceOf(Error);
    await expect.poll(() => seqs(watch.received).filter((s) => s >= e1.seq)).toEqual([e2.seq]);
    expect(ctx.hub.position).toBeGreaterThanOrEqual(e2.seq);
    expect(e1.seq).toBeLessThan(e2.seq);
    watch.stop();
  });

  test('a long transaction that appends no event does not hold back the stream past a rolled-back number', async () => {
    const watch = subscribe(ctx);
    // another writer keeps a transaction open (it has a transaction id) without appending
    const release = deferred();
    const started = deferred();
    const other = inTransaction(ctx.db, async (tx) => {
      await sql`select pg_current_xact_id()`.execute(tx);
      started.resolve();
      await release.promise;
    });
    await started.promise;
    await inTransaction(ctx.db, async (tx) => {
      await appendEvent(tx, noted('rolled-back-beside-a-long-one'));
      throw new Error('rolled back on purpose');
    }).catch(() => undefined);
    const kept = await inTransaction(ctx.db, (tx) => appendEvent(tx, noted('kept-beside-a-long-one')));
    await expect.poll(() => seqs(watch.received), { timeout: 5000 }).toContain(kept.seq);
    release.resolve();
    await other;
    watch.stop();
  });

  test('appends about one subject take their numbers in commit order: the second waits for the first to commit and sees it', async () => {
    const first = openAppend(ctx, 'one-subject');
    const e1 = await first.appended;
    let secondDone = false;
    const second = inTransaction(ctx.db, async (tx) => {
      const e = await appendEvent(tx, noted('one-subject', 'second'));
      return { e, timeline: await eventsFor(tx, 'test', 'one-subject') };
    }).then((r) => { secondDone = true; return r; });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(secondDone).toBe(false); // waiting for the first transaction about the same subject
    await first.commit();
    const { e, timeline } = await second;
    expect(e.seq).toBeGreaterThan(e1.seq);
    expect(seqs(timeline)).toEqual([e1.seq, e.seq]); // what the second transaction answers reflects the first
  });

  test('eight writers at once for a second and a half: every event reaches the stream once, in number order', async () => {
    const watch = subscribe(ctx);
    const made: number[] = [];
    const end = performance.now() + 1500;
    let n = 0;
    await Promise.all(Array.from({ length: 8 }, async (_, w) => {
      while (performance.now() < end) made.push((await inTransaction(ctx.db, (tx) => appendEvent(tx, noted(`writer-${w}-${n++}`)))).seq);
    }));
    made.sort((x, y) => x - y);
    await expect.poll(() => seqs(watch.received).filter((s) => s >= made[0]!), { timeout: 10_000 }).toEqual(made);
    watch.stop();
  });

  test('events rolled back to a savepoint leave a gap the stream steps over; the rest of the transaction goes out', async () => {
    const watch = subscribe(ctx);
    const kept = await inTransaction(ctx.db, async (tx) => {
      const before = await appendEvent(tx, noted('savepoint-kept-1'));
      await withSavepoint(tx, async () => {
        await appendEvent(tx, noted('savepoint-dropped'));
        throw new Error('rolled back to the savepoint');
      }).catch(() => undefined);
      return [before, await appendEvent(tx, noted('savepoint-kept-2'))];
    });
    expect(kept[1]!.seq - kept[0]!.seq).toBe(2); // the dropped event spent the number between them
    await expect.poll(() => seqs(watch.received).filter((s) => s >= kept[0]!.seq)).toEqual(seqs(kept));
    watch.stop();
  });

  test('two server nodes on one database: each node\'s stream gives every event once, in number order, while both write at once', async () => {
    const other = await database().open();
    try {
      const watchHere = subscribe(ctx);
      const watchThere = subscribe(other);
      const writes: Promise<DispatchEvent>[] = [];
      for (let i = 0; i < 60; i++) {
        const node = i % 2 === 0 ? ctx : other;
        writes.push(inTransaction(node.db, async (tx) => {
          const e = await appendEvent(tx, noted(`busy-${i % 7}`));
          await new Promise((resolve) => setTimeout(resolve, (i * 7) % 13)); // commits end in another order than the numbers
          return e;
        }));
      }
      const made = seqs(await Promise.all(writes)).sort((x, y) => x - y);
      await expect.poll(() => seqs(watchHere.received).filter((s) => s >= made[0]!), { timeout: 10_000 }).toEqual(made);
      await expect.poll(() => seqs(watchThere.received).filter((s) => s >= made[0]!), { timeout: 10_000 }).toEqual(made);
      watchHere.stop();
      watchThere.stop();
    } finally {
      await closeContext(other);
    }
  });
});
