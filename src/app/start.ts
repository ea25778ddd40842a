import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { migrate, openDatabase } from '../db/index.ts';
import { EventHub } from '../events/hub.ts';
import { trustedNetwork } from '../identity/network.ts';
import { ensureCodeTables } from '../agency/service.ts';

/** Open the database, apply migrations and code tables, start the event hub. */
export async function openContext(config: Config, options: { memory?: boolean } = {}): Promise<AppContext> {
  const embeddedDir = config.databaseUrl || options.memory ? undefined : config.dataDir;
  const database = await openDatabase({ url: config.databaseUrl, dataDir: embeddedDir });
  try {
    await migrate(database.db);
    await ensureCodeTables(database.db, config.codeTables);
    const hub = new EventHub(database);
    await hub.start();
    return { config, database, db: database.db, hub, isTrusted: trustedNetwork(config.agency.trustedNetworks) };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.hub.stop();
  await ctx.database.close();
}
