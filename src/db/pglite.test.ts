import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { inTransaction, openDatabase, type DatabaseHandle } from './index.ts';
import { TransactionDeadlock } from './pglite.ts';

// The embedded database has one connection. A query on the database itself from inside a
// transaction would wait forever for the connection its own transaction holds; the emergency
// button once hung that way (81A §E.6.e). It must fail at once, naming the mistake.
let handle: DatabaseHandle;
beforeAll(async () => { handle = await openDatabase({}); });
afterAll(async () => { await handle?.close(); });

const one = (db: DatabaseHandle['db']) => sql<{ one: number }>`select 1 as one`.execute(db);

test('a query on the root database inside a transaction fails at once instead of hanging', async () => {
  await expect(inTransaction(handle.db, async () => one(handle.db))).rejects.toBeInstanceOf(TransactionDeadlock);
  await expect(inTransaction(handle.db, async () => inTransaction(handle.db, async (tx) => one(tx)))).rejects.toBeInstanceOf(TransactionDeadlock);
});

test('queries through the transaction, and root queries started after it commits, still run', async () => {
  const inside = await inTransaction(handle.db, async (tx) => (await one(tx)).rows[0]!.one);
  expect(inside).toBe(1);
  let later: Promise<unknown> | undefined;
  await inTransaction(handle.db, async (tx) => {
    await one(tx);
    later = new Promise((resolve) => setTimeout(resolve, 10)).then(() => one(handle.db));
  });
  await expect(later).resolves.toMatchObject({ rows: [{ one: 1 }] });
  // two requests at once take turns on the one connection
  const both = await Promise.all([inTransaction(handle.db, async (tx) => one(tx)), one(handle.db)]);
  expect(both).toHaveLength(2);
});
