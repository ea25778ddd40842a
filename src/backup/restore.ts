/**
 * Verify and restore (S-110 §E): an archive is decrypted and every entry checked against
 * its manifest before anything is written where it would count; the restore then rebuilds
 * an empty database and file store, runs the audit verification and counts the records.
 * The restore drill does the same into a scratch database and records the result.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { Actor } from '../core/actor.ts';
import type { Config } from '../core/config.ts';
import type { AppContext } from '../core/context.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { chainHolds, linkPending, openAuditSeal, verifyChain, writeCheckpoint } from '../core/audit/chain.ts';
import { inTransaction, migrate, openDatabase } from '../db/index.ts';
import { restoreDatabase, tableCounts, type DumpFormat } from '../db/dump.ts';
import { readArchive } from './archive.ts';
import { BackupError, CLAUSE, type Manifest } from './model.ts';
import { backupSetup, readIdentities } from './setup.ts';
import * as store from './store.ts';
import { displayNames } from '../identity/people.ts';

/** Check an archive's digests without restoring it (`precinct backup verify`). */
export async function verifyArchiveFile(file: string, identities: string[]): Promise<Manifest> {
  if (!existsSync(file)) throw new BackupError('not_found', `no archive at ${file}`);
  return readArchive(file, identities);
}

/** Verify one of this server's archives and record the result on its row. */
export async function verifyBackup(ctx: AppContext, actor: Actor, name: string): Promise<{ ok: boolean; detail: string }> {
  const setup = backupSetup(ctx);
  const row = await store.archiveByName(ctx.db, name);
  if (!row) throw new BackupError('not_found', `no archive named ${name}`);
  const identities = readIdentities(setup);
  let result: { ok: boolean; detail: string };
  try {
    const manifest = await verifyArchiveFile(join(setup.folder, name), identities);
    result = { ok: true, detail: `${manifest.entries.length} entries match their digests` };
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    result = { ok: false, detail: error.message };
  }
  await inTransaction(ctx.db, async (tx) => {
    await store.setVerified(tx, row.id, ctx.clock.now(), result.ok, result.detail);
    await recordAudit(tx, { actor, action: 'backup.verified', subject: { type: 'backup', id: name }, outcome: result.ok ? 'allowed' : 'failed', detail: { ...result, clause: CLAUSE.encrypted } });
  });
  return result;
}

export interface RestoreReport {
  manifest: Manifest;
  counts: Record<string, number>;
  /** Tables whose restored count differs from the archive's (none when the restore is whole). */
  mismatches: { table: string; archived: number; restored: number }[];
  /**
   * `archivedHead`: the chain position and head sealed in the manifest are in the restored chain. Rows written
   * between that seal and the dump are in the dump too, linked on restore, so the chain may run past it.
   */
  audit: { ok: boolean; rows: number; positions: number; head: string; archivedHead: boolean; problem?: string };
}

const dumpFile = (format: DumpFormat) => `database/${format === 'pglite-datadir' ? 'pglite.tar.gz' : 'postgresql.dump'}`;

function requireAuditKey(config: Config): void {
  if (config.audit.key) return;
  const keyFile = config.audit.keyFile ?? join(config.dataDir, 'audit.key');
  if (!existsSync(keyFile)) {
    throw new BackupError('not_configured', `the audit key is not in place (${keyFile}, or PRECINCT_AUDIT_KEY): restore needs the key of the server that made the archive to verify its audit trail; nothing was restored`);
  }
}

async function placeFiles(staging: string, config: Config, force: boolean): Promise<void> {
  const targets: Record<string, string> = {
    data: config.dataDir,
    photos: process.env.PRECINCT_PHOTO_DIR || join(config.dataDir, 'photos'),
    recordings: process.env.PRECINCT_RECORDINGS_DIR || join(config.dataDir, 'recordings'),
  };
  for (const [area, target] of Object.entries(targets)) {
    const from = join(staging, 'files', area);
    if (existsSync(from)) await cp(from, target, { recursive: true, force, errorOnExist: !force });
  }
  const checkpoints = join(staging, 'audit', 'checkpoints.jsonl');
  if (existsSync(checkpoints)) {
    const file = openAuditSeal(config).checkpointFile;
    if (existsSync(file)) await rename(file, `${file}.replaced-${Date.now()}`);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await cp(checkpoints, file);
  }
}

/** Open the restored database, verify its audit chain and count its tables against the manifest. */
async function inspect(config: Config, manifest: Manifest): Promise<Omit<RestoreReport, 'manifest'>> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  try {
    await migrate(database.db);
    const counts = await tableCounts(database.db); // before linking rows the dump caught still pending
    const seal = openAuditSeal(config);
    await linkPending(database.db, seal);
    const verified = await verifyChain(database.db, seal);
    const head = await writeCheckpoint(database.db, seal); // the restored chain's head, and a checkpoint of it
    const archivedHead = await chainHolds(database.db, manifest.audit.positions, manifest.audit.head);
    const mismatches = Object.entries(manifest.database.counts)
      .filter(([table, n]) => !table.startsWith('precinct_migration') && counts[table] !== n)
      .map(([table, archived]) => ({ table, archived, restored: counts[table] ?? 0 }));
    return { counts, mismatches, audit: { ok: verified.ok && archivedHead, rows: verified.rows, positions: head.positions, head: head.head, archivedHead, ...(verified.broken ? { problem: verified.broken.problem } : archivedHead ? {} : { problem: `the archive's sealed audit head (position ${manifest.audit.positions}) is not in the restored chain` }) } };
  } finally {
    await database.close();
  }
}

/**
 * Rebuild a fresh database and file store from an archive (`precinct backup restore`):
 * everything is decrypted and checked first, so a wrong key or a damaged archive leaves
 * the target untouched; a non-empty target is refused unless `force`.
 */
export async function restoreArchive(file: string, identities: string[], config: Config, options: { force?: boolean } = {}): Promise<RestoreReport> {
  if (!existsSync(file)) throw new BackupError('not_found', `no archive at ${file}`);
  requireAuditKey(config);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const staging = await mkdtemp(join(config.dataDir, '.restore-'));
  try {
    const manifest = await readArchive(file, identities, staging);
    const target = { url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, force: options.force ?? false };
    try {
      await restoreDatabase(manifest.database.dump, join(staging, dumpFile(manifest.database.dump)), target);
    } catch (error) {
      const message = (error as Error).message;
      throw new BackupError(message.includes('not empty') ? 'not_empty' : message.startsWith('this archive holds') ? 'not_configured' : 'failed', message);
    }
    await placeFiles(staging, config, options.force ?? false);
    return { manifest, ...await inspect(config, manifest) };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function scratchPostgres(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `precinct_drill_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return {
    url: scratch.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`).finally(() => client.end());
    },
  };
}

/**
 * The restore drill: the newest good archive restored into a scratch database and data
 * folder, its audit chain verified and its counts compared; the result is recorded.
 */
export async function runRestoreDrill(ctx: AppContext, actor: Actor): Promise<{ ok: boolean; detail: string; archive: string | null }> {
  const started = Date.now();
  const latest = await store.lastGoodArchive(ctx.db);
  let outcome: { ok: boolean; detail: string };
  const scratchDir = await mkdtemp(join(tmpdir(), 'precinct-drill-'));
  let scratchDb: { url: string; drop: () => Promise<void> } | undefined;
  try {
    if (!latest) throw new BackupError('not_found', 'no good archive to restore');
    const identities = readIdentities(backupSetup(ctx));
    if (ctx.config.databaseUrl) scratchDb = await scratchPostgres(ctx.config.databaseUrl);
    const config: Config = {
      ...ctx.config, dataDir: scratchDir, databaseUrl: scratchDb?.url,
      audit: { key: ctx.audit.seal.key.toString('base64'), keyFile: undefined, checkpointFile: join(scratchDir, 'audit-checkpoints.jsonl') },
    };
    const report = await restoreArchive(join(backupSetup(ctx).folder, latest.name), identities, config);
    const ok = report.audit.ok && report.mismatches.length === 0;
    const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
    outcome = { ok, detail: ok ? `restored ${total} rows in ${Object.keys(report.counts).length} tables; audit chain intact (${report.audit.rows} rows)`
      : `restored with ${report.mismatches.length} count mismatches; audit ${report.audit.ok ? 'intact' : `broken: ${report.audit.problem ?? ''}`}` };
  } catch (error) {
    outcome = { ok: false, detail: (error as Error).message.split('\n')[0] ?? 'failed' };
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
    await scratchDb?.drop().catch(() => undefined);
  }
  await inTransaction(ctx.db, async (tx) => {
    const id = await store.insertDrill(tx, { archiveId: latest?.id ?? null, archiveName: latest?.name ?? null, at: ctx.clock.now(), ok: outcome.ok, detail: outcome.detail, durationMs: Date.now() - started, runBy: actor.username });
    await recordAudit(tx, { actor, action: 'backup.drill', subject: { type: 'backup_drill', id }, outcome: outcome.ok ? 'allowed' : 'failed', detail: { archive: latest?.name ?? null, ...outcome, clause: CLAUSE.encrypted } });
  });
  return { ...outcome, archive: latest?.name ?? null };
}

/** The restore drills, each with who ran it by name. */
export async function drillList(ctx: AppContext) {
  const drills = await store.drills(ctx.db);
  const nameOf = await displayNames(ctx.db, drills.map((d) => d.run_by));
  return drills.map((d) => ({ id: d.id, archive: d.archive_name, at: d.at.toISOString(), ok: d.ok, detail: d.detail, durationMs: d.duration_ms, runBy: d.run_by, runByName: nameOf(d.run_by) }));
}
