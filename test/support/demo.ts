import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { App } from '../../src/app/server.ts';
import type { AppContext } from '../../src/core/context.ts';
import type { Config } from '../../src/core/config.ts';
import { seedDemo, type DemoAccount } from '../../src/app/demo.ts';
import { closeContext } from '../../src/app/start.ts';
import { BytesBlob, testDatabase, type TestDatabase } from './databases.ts';
import type { DatabaseKind } from '../../src/db/index.ts';

/** Load the demo agency (units 411–414 …, today's roster) and return a sign-in for each named demo user. */
export async function demoAgency(ctx: AppContext, app: App): Promise<(username: string) => Promise<Record<string, string>>> {
  const accounts = await seedDemo(ctx);
  return async (username) => {
    const account = accounts.find((a) => a.username === username);
    if (!account) throw new Error(`no demo user ${username}`);
    const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: account.password } });
    if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
    return { authorization: `Bearer ${response.json().token}` };
  };
}

/** The demo agency seeded once in this worker: a PGlite dump, its data folder, its logins. */
interface DemoSeed {
  dump: Blob;
  dataDir: string;
  accounts: DemoAccount[];
}

let seeded: Promise<DemoSeed> | undefined;
function demoSeed(folder: string): Promise<DemoSeed> {
  seeded ??= (async () => {
    const dataDir = join(folder, `worker-${process.pid}`);
    const database = await testDatabase('pglite');
    const ctx = await database.open({ dataDir });
    try {
      const accounts = await seedDemo(ctx);
      await ctx.audit.flush(); // the seed's audit rows linked under the key its copies keep
      await ctx.database.pglite!.exec('checkpoint'); // a copy starts without replaying the seed's WAL
      const dump = await ctx.database.pglite!.dumpDataDir('none');
      return { dump: new BytesBlob(new Uint8Array(await dump.arrayBuffer())), dataDir, accounts };
    } finally {
      await closeContext(ctx);
      await database.dispose();
    }
  })();
  return seeded;
}

/**
 * A fresh database holding the demo agency, with a context open on it. Seeding costs fifteen
 * argon2 password hashes, the map, Knox boxes and recordings; in the browser tests (whose global
 * setup gives a folder for it) a worker seeds once and each file starts from a copy of that seed:
 * its database and its data folder (audit key, recordings, demo-accounts.json). On PostgreSQL, with
 * an agency override or without that folder the demo is seeded for the caller.
 */
export async function demoDatabase(kind: DatabaseKind, overrides: Partial<Config> & { dataDir: string }): Promise<{ database: TestDatabase; ctx: AppContext; accounts: DemoAccount[] }> {
  const folder = kind === 'pglite' && !overrides.agency ? inject('demoSeedFolder') : undefined;
  const seed = folder ? await demoSeed(folder) : undefined;
  const database = await testDatabase(kind);
  if (!seed) {
    const ctx = await database.open(overrides);
    return { database, ctx, accounts: await seedDemo(ctx) };
  }
  cpSync(seed.dataDir, overrides.dataDir, { recursive: true });
  const ctx = await database.open(overrides, seed.dump);
  return { database, ctx, accounts: seed.accounts };
}
