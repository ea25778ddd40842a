/**
 * Transactions per user action, from the database's own counters: each dispatcher action
 * (a typed call taken into an incident, a dispatch, two status changes, a close) sent
 * `TX_BENCH_ROUNDS` times (default 50) through the HTTP API, as the console sends them.
 * Printed per action: the write transactions, counted as the transaction ids the database
 * handed out during the action (the next id, `pg_snapshot_xmax(pg_current_snapshot())`,
 * before and after; reading it takes none; a savepoint that writes would count as one
 * more). The action's own transaction is one; the audit chainer, which links the action's
 * audit row into the chain after commit (in commit order), is another, shared by the
 * actions committed before it runs (here one, the actions being sent one at a time); a
 * session's last-seen time is written at most every 15 s. Read-only transactions take no id.
 *
 * PGlite on disk with the durable settings (as `npm start` runs it) and PostgreSQL.
 */
import { sql } from 'kysely';
import { buildServer } from '../src/app/server.ts';
import { seedDemo } from '../src/app/demo.ts';
import { closeContext, openContext } from '../src/app/start.ts';
import { rmSync } from 'node:fs';
import type { Db } from '../src/db/index.ts';
import { testDatabase } from '../test/support/databases.ts';
import { addUser, consoleActor, signIn } from '../src/identity/service.ts';

const ROUNDS = Number(process.env.TX_BENCH_ROUNDS ?? 50);

const nextXid = async (db: Db) => Number((await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(db)).rows[0]!.x);

async function run(kind: 'pglite' | 'postgresql'): Promise<void> {
  const database = await testDatabase(kind);
  // PGlite in a data folder of its own, as `npm start` opens it; PostgreSQL as the tests do.
  const ctx = kind === 'pglite' ? await openContext(database.config()) : await database.open();
  const app = await buildServer(ctx);
  await seedDemo(ctx); // the demo town's units (411–414) and people
  await addUser(ctx, consoleActor(), { username: 'benchdispatch', firstName: 'Bench', lastName: 'Mark', roles: ['dispatcher'], password: 'Quiet-river-stone-42', mustChangePassword: false });
  const { token } = await signIn(ctx, { username: 'benchdispatch', password: 'Quiet-river-stone-42' }, { source: '127.0.0.1', remote: false });
  const post = async (url: string, payload: object) => {
    const r = await app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: { authorization: `Bearer ${token}` } });
    if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return r.json() as Record<string, unknown>;
  };
  const totals = new Map<string, number>();
  const measure = async (name: string, action: () => Promise<Record<string, unknown>>) => {
    const x0 = await nextXid(ctx.db);
    const answer = await action();
    await ctx.audit.flush(); // the chainer's link of this action's audit row is part of its cost
    totals.set(name, (totals.get(name) ?? 0) + (await nextXid(ctx.db)) - x0);
    return answer;
  };
  const rounds = ROUNDS;
  for (let i = 0; i < rounds; i++) {
    const taken = await measure('call typed and taken into an incident (POST /calls/intake)', () => post('/calls/intake', {
      call: { line: 'e911', callerName: 'Lee Park', ali: { callbackNumber: '781-555-0111', address: `${100 + i} Massachusetts Avenue`, classOfService: 'WPH2' } },
      details: { category: 'emergency', answers: { valid: true } },
      incident: { type: 'DISTURB', location: { address: `${100 + i} Massachusetts Avenue` } },
    }));
    const number = (taken.incident as { number: string }).number;
    await measure('dispatch two units (POST /incidents/{n}/dispatch)', () => post(`/incidents/${number}/dispatch`, { units: ['411', '412'] }));
    await measure('status change: en route (POST /units/{cs}/status)', () => post('/units/411/status', { status: 'en_route' }));
    await measure('status change: arrived (POST /units/{cs}/status)', () => post('/units/411/status', { status: 'arrived' }));
    await measure('close with a disposition (POST /incidents/{n}/close)', () => post(`/incidents/${number}/close`, { disposition: 'ADVISED' }));
  }
  for (const [name, xids] of totals) console.log(`${kind.padEnd(10)} ${name.padEnd(62)} write transactions ${(xids / rounds).toFixed(2)}  (${rounds} rounds)`);
  await app.close();
  await closeContext(ctx);
  if (kind === 'pglite') rmSync(ctx.config.dataDir, { recursive: true, force: true });
  await database.dispose();
}

for (const kind of ['pglite', 'postgresql'] as const) {
  try {
    await run(kind);
  } catch (error) {
    console.log(`${kind}: skipped (${(error as Error).message.split('\n')[0]})`);
  }
}
