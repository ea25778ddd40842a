import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../core/config.ts';
import type { AppContext } from '../core/context.ts';
import { migrate, openDatabase, type DatabaseHandle } from '../db/index.ts';
import { setTrendClock } from '../trends/rollup.ts';
import { runsAsOwner } from '../db/grants.ts';
import { makeDataFolderPrivate } from '../core/data-folder.ts';
import { EventHub } from '../core/events/hub.ts';
import { trustedNetwork } from '../identity/network.ts';
import { ensureCodeTables, watchCodeTables } from '../agency/service.ts';
import { applyStoredProfile, watchAgencyProfile } from '../agency/profile.ts';
import { watchGeography } from '../geo/service.ts';
import { AuditChainer } from '../core/audit/chainer.ts';
import { openAuditSeal } from '../core/audit/chain.ts';
import { systemClock } from '../core/clock.ts';
import { preparedDatabaseImage } from './database-image.ts';

/** Open the database, apply migrations and code tables, start the event hub. */
export async function openContext(
  config: Config,
  options: { memory?: boolean; template?: Blob | undefined; progress?: (line: string) => void } = {},
): Promise<AppContext> {
  const progress = options.progress ?? (() => undefined);
  const { tightened } = makeDataFolderPrivate(config.dataDir);
  const warnings = tightened.length === 0 ? [] : [`the data folder ${config.dataDir} had ${tightened.length} file(s) or folder(s) other local users could read or change; they are now 0600/0700`];
  const embeddedDir = config.databaseUrl || options.memory ? undefined : config.dataDir;
  const durable = config.embeddedDurability !== 'relaxed';
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  let image: string | undefined;
  if (embeddedDir && existsSync(join(embeddedDir, 'pglite', 'PG_VERSION'))) {
    progress(`opening the embedded database in ${embeddedDir} …`);
  } else if (embeddedDir) {
    // A first start: a copy of the prepared image (migrated when it was made) if it fits, else a database made from nothing.
    const prepared = preparedDatabaseImage();
    image = 'folder' in prepared ? prepared.folder : undefined;
    progress('folder' in prepared
      ? `creating the embedded database in ${embeddedDir} from the prepared image (${prepared.migrations} migrations) …`
      : `creating the embedded database in ${embeddedDir}: ${prepared.unusable}, so it is made from nothing (a minute or more) …`);
  } else if (config.databaseUrl) progress('connecting to PostgreSQL …');
  const database = await openDatabase({ url: config.databaseUrl, dataDir: embeddedDir, durable, template: options.template, image });
  try {
    // PGlite creates a new database's files 0666 whatever the umask: made private at once.
    if (embeddedDir) makeDataFolderPrivate(embeddedDir);
    const applied = await migrate(database.db);
    if (applied.length > 0) progress(`applied ${applied.length} database migration(s) (${seconds()})`);
    warnings.push(...await startWarnings(database, Boolean(embeddedDir) && !durable));
    // this node's own copy of the profile: an administrator's change (PUT /agency) is put over it
    const agency = structuredClone(config.agency);
    await applyStoredProfile(database.db, agency);
    await ensureCodeTables(database.db, config.codeTables, agency.name);
    if (await setTrendClock(database.db, agency.timeZone)) progress(`the trends roll-up is now on ${agency.timeZone} (${seconds()})`);
    const hub = new EventHub(database);
    await hub.start();
    watchCodeTables({ db: database.db, hub });
    watchAgencyProfile({ db: database.db, hub }, agency);
    watchGeography({ db: database.db, hub });
    const audit = new AuditChainer(database.db, openAuditSeal(config));
    audit.start();
    progress(`database ready (${seconds()})`);
    return { config: { ...config, agency }, database, db: database.db, hub, audit, warnings, clock: systemClock, isTrusted: trustedNetwork(config.agency.trustedNetworks) };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** What the operator is told at every start about how safely the record is kept. */
async function startWarnings(database: DatabaseHandle, relaxed: boolean): Promise<string[]> {
  const warnings: string[] = [];
  if (relaxed) {
    warnings.push('PRECINCT_EMBEDDED_DURABILITY=relaxed: the embedded database does not flush to disk before acknowledging a write; an operating-system crash or power cut loses recent records');
  }
  if (database.kind === 'postgresql' && await runsAsOwner(database.db)) {
    warnings.push('the server connects to PostgreSQL as the owner of its tables (or a superuser): it could change or truncate the audit trail; run it as the runtime role of `precinct db grants` (docs/operations.md)');
  }
  return warnings;
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.audit.stop();
  await ctx.hub.stop();
  await ctx.database.close();
}
