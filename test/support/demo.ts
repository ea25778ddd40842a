import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** The demo agency seeded once for the run: a PGlite dump, its data folder, its logins. */
interface DemoSeed {
  dump: Blob;
  dataDir: string;
  accounts: DemoAccount[];
}

/** Seed the demo agency into `folder`: the database's dump, its data folder (audit key, recordings, demo-accounts.json) and the logins. */
async function seedInto(folder: string): Promise<void> {
  const database = await testDatabase('pglite');
  const ctx = await database.open({ dataDir: join(folder, 'data') });
  try {
    const accounts = await seedDemo(ctx);
    await ctx.audit.flush(); // the seed's audit rows linked under the key its copies keep
    await ctx.database.pglite!.exec('checkpoint'); // a copy starts without replaying the seed's WAL
    const dump = await ctx.database.pglite!.dumpDataDir('none');
    writeFileSync(join(folder, 'demo.tar'), Buffer.from(await dump.arrayBuffer()));
    writeFileSync(join(folder, 'demo-accounts.json'), JSON.stringify(accounts));
  } finally {
    await closeContext(ctx);
    await database.dispose();
  }
}

/**
 * The run's demo seed: the first worker to ask seeds it into the folder the global setup gave
 * (test/e2e/global-setup.ts), the others wait for it, each once, so four workers seed once
 * instead of four times. A failed seed is written down, so the others fail with its reason.
 */
let seeded: Promise<DemoSeed> | undefined;
function demoSeed(folder: string): Promise<DemoSeed> {
  seeded ??= (async () => {
    const done = join(folder, 'seeded');
    const failed = join(folder, 'seed-failed');
    let mine = true;
    try { writeFileSync(join(folder, 'seeding'), String(process.pid), { flag: 'wx' }); } catch { mine = false; }
    if (mine) {
      try {
        await seedInto(folder);
        writeFileSync(done, '');
      } catch (error) {
        writeFileSync(failed, String(error instanceof Error ? error.stack : error));
        throw error;
      }
    } else {
      for (let waited = 0; !existsSync(done); waited += 100) {
        if (existsSync(failed)) throw new Error(`another worker failed to seed the demo agency: ${readFileSync(failed, 'utf8')}`);
        if (waited > 300_000) throw new Error(`the demo agency was not seeded in ${folder} within 5 minutes`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return {
      dump: new BytesBlob(readFileSync(join(folder, 'demo.tar'))),
      dataDir: join(folder, 'data'),
      accounts: JSON.parse(readFileSync(join(folder, 'demo-accounts.json'), 'utf8')) as DemoAccount[],
    };
  })();
  return seeded;
}

/**
 * A fresh database holding the demo agency, with a context open on it. Seeding costs fifteen
 * argon2 password hashes, the map, Knox boxes and recordings; in the browser tests (whose global
 * setup gives a folder for it) one worker seeds once for the run and each file starts from a copy of that seed:
 * its database and its data folder (audit key, recordings, demo-accounts.json). On PostgreSQL, with
 * an agency override or without that folder the demo is seeded for the caller.
 */
export async function demoDatabase(kind: DatabaseKind, overrides: Partial<Config> & { dataDir: string }): Promise<{ database: TestDatabase; ctx: AppContext; accounts: DemoAccount[] }> {
  const folder = kind === 'pglite' && !overrides.agency ? inject('demoSeedFolder') : undefined;
  const seed = folder ? await demoSeed(folder) : undefined;
  const opened = await testDatabase(kind);
  // disposing of the database also removes the file's data folder (recordings, keys): a run leaves no /tmp behind
  const database: TestDatabase = { ...opened, dispose: async () => { await opened.dispose(); rmSync(overrides.dataDir, { recursive: true, force: true }); } };
  if (!seed) {
    const ctx = await database.open(overrides);
    return { database, ctx, accounts: await seedDemo(ctx) };
  }
  cpSync(seed.dataDir, overrides.dataDir, { recursive: true });
  const ctx = await database.open(overrides, seed.dump);
  return { database, ctx, accounts: seed.accounts };
}
