import type { Config } from '../core/config.ts';
import type { AppContext } from '../core/context.ts';
import { migrate, openDatabase } from '../db/index.ts';
import { EventHub } from '../core/events/hub.ts';
import { trustedNetwork } from '../identity/network.ts';
import { ensureCodeTables } from '../agency/service.ts';
import { AuditChainer } from '../core/audit/chainer.ts';
import { openAuditSeal } from '../core/audit/chain.ts';
import { systemClock } from '../core/clock.ts';

/** Open the database, apply migrations and code tables, start the event hub. */
export async function openContext(config: Config, options: { memory?: boolean } = {}): Promise<AppContext> {
  const embeddedDir = config.databaseUrl || options.memory ? undefined : config.dataDir;
  const database = await openDatabase({ url: config.databaseUrl, dataDir: embeddedDir });
  try {
    await migrate(database.db);
    await ensureCodeTables(database.db, config.codeTables);
    const hub = new EventHub(database);
    await hub.start();
    const audit = new AuditChainer(database.db, openAuditSeal(config));
    audit.start();
    return { config, database, db: database.db, hub, audit, clock: systemClock, isTrusted: trustedNetwork(config.agency.trustedNetworks) };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.audit.stop();
  await ctx.hub.stop();
  await ctx.database.close();
}
