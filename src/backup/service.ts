/**
 * Backups (S-110 §E): one encrypted archive of the database, the stored files and the audit
 * checkpoints; kept on premises for the retention the IT Director sets, copied off site,
 * listed with age, size and last verification, pruned without ever losing the last good one.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { enforce } from '../core/decision.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { writeCheckpoint } from '../core/audit/chain.ts';
import { defineSetting, readSetting, writeSetting } from '../core/settings.ts';
import { VERSION } from '../core/version.ts';
import { inTransaction } from '../db/index.ts';
import { dumpDatabase, dumpFormatOf } from '../db/dump.ts';
import { writeArchive, type ArchiveItem } from './archive.ts';
import { fileAreas, fileItems } from './files.ts';
import { ARCHIVE_SUFFIX, BackupError, CLAUSE, type Manifest } from './model.ts';
import { copyOffsite, type OffsiteCopy } from './offsite.ts';
import { DEFAULT_RETENTION_DAYS, expiredArchives, frequencyAllowed, retentionAllowed } from './rules.ts';
import { backupSetup, requireRecipients } from './setup.ts';
import * as store from './store.ts';

export interface BackupPolicy {
  /** Days an on-premises archive is kept (S-110 §E.1: two months). */
  retentionDays: number;
  /** Hours between scheduled backups (default daily). */
  frequencyHours: number;
  /** Days between restore drills (default monthly). */
  drillDays: number;
}

/** Set by the IT Director only (S-110 §E.2). */
export const BACKUP_POLICY = defineSetting<BackupPolicy>('backup.policy', { retentionDays: DEFAULT_RETENTION_DAYS, frequencyHours: 24, drillDays: 30 });

export function backupPolicy(ctx: AppContext): Promise<BackupPolicy> {
  return readSetting(ctx.db, BACKUP_POLICY);
}

export async function setBackupPolicy(ctx: AppContext, actor: Actor, change: Partial<BackupPolicy>): Promise<BackupPolicy> {
  if (change.retentionDays !== undefined) enforce(retentionAllowed(change.retentionDays));
  if (change.frequencyHours !== undefined) enforce(frequencyAllowed(change.frequencyHours));
  if (change.drillDays !== undefined && (!Number.isInteger(change.drillDays) || change.drillDays < 1 || change.drillDays > 366)) {
    enforce({ allowed: false, code: 'backup.drill_out_of_range', clause: CLAUSE.policy, detail: `Restore drills run every 1 to 366 days, not ${change.drillDays}.`, status: 422 });
  }
  return inTransaction(ctx.db, async (tx) => {
    const before = await readSetting(tx, BACKUP_POLICY);
    const after = { ...before, ...change };
    await writeSetting(tx, BACKUP_POLICY, after);
    await recordAudit(tx, { actor, action: 'backup.policy_set', subject: { type: 'setting', id: BACKUP_POLICY.key }, outcome: 'allowed', detail: { before, after, clause: CLAUSE.policy } });
    return after;
  });
}

function archiveName(at: Date): string {
  return `precinct-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}${ARCHIVE_SUFFIX}`;
}

export interface BackupResult {
  name: string;
  file: string;
  size: number;
  sha256: string;
  durationMs: number;
  manifest: Manifest;
  offsite: OffsiteCopy[];
}

async function buildArchive(ctx: AppContext, work: string, file: string, recipients: string[], startedAt: Date): Promise<{ manifest: Manifest; size: number; sha256: string }> {
  const checkpoint = await writeCheckpoint(ctx.db, ctx.audit.seal);
  const dumpFile = join(work, 'database.dump');
  const dump = await dumpDatabase(ctx.database, ctx.config.databaseUrl, dumpFile);
  const setup = backupSetup(ctx);
  const leaveOut = [setup.folder, ctx.audit.seal.checkpointFile, ...(setup.offsiteFolder ? [setup.offsiteFolder] : [])];
  const items: ArchiveItem[] = [
    { path: `database/${dump.format === 'pglite-datadir' ? 'pglite.tar.gz' : 'postgresql.dump'}`, file: dumpFile },
    ...(existsSync(ctx.audit.seal.checkpointFile) ? [{ path: 'audit/checkpoints.jsonl', file: ctx.audit.seal.checkpointFile }] : []),
    ...await fileItems(fileAreas(ctx.config.dataDir, leaveOut)),
  ];
  return writeArchive(file, recipients, items, {
    createdAt: startedAt.toISOString(),
    agency: { name: ctx.config.agency.name, ori: ctx.config.agency.ori },
    version: VERSION,
    database: { kind: ctx.database.kind, dump: dump.format, counts: dump.counts },
    audit: { positions: checkpoint.positions, head: checkpoint.head },
  });
}

/**
 * Write one archive now (`precinct backup create`, the schedule, the console's button),
 * record the run and its result, then copy it off site. A failed run is recorded too.
 */
export async function createBackup(ctx: AppContext, actor: Actor): Promise<BackupResult> {
  const setup = backupSetup(ctx);
  const recipients = requireRecipients(setup);
  const startedAt = new Date();
  const name = archiveName(startedAt);
  await mkdir(setup.folder, { recursive: true, mode: 0o700 });
  const file = join(setup.folder, name);
  const work = await mkdtemp(join(setup.folder, '.work-'));
  const base = { name, startedAt, databaseKind: ctx.database.kind, dumpFormat: dumpFormatOf(ctx.database.kind), startedBy: actor.username };
  let built: Awaited<ReturnType<typeof buildArchive>>;
  try {
    built = await buildArchive(ctx, work, file, recipients, startedAt);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'failed';
    await inTransaction(ctx.db, async (tx) => {
      await store.insertArchive(tx, { ...base, finishedAt: null, status: 'failed', error: message, size: null, sha256: null, durationMs: Date.now() - startedAt.getTime(), counts: {}, auditPositions: null });
      await recordAudit(tx, { actor, action: 'backup.failed', subject: { type: 'backup', id: name }, outcome: 'failed', reason: message, detail: { clause: CLAUSE.encrypted } });
    });
    throw new BackupError('failed', `backup failed: ${message}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const durationMs = Date.now() - startedAt.getTime();
  const id = await inTransaction(ctx.db, async (tx) => {
    const archiveId = await store.insertArchive(tx, {
      ...base, finishedAt: new Date(), status: 'ok', error: null, size: built.size, sha256: built.sha256, durationMs,
      counts: built.manifest.database.counts, auditPositions: built.manifest.audit.positions,
    });
    await recordAudit(tx, { actor, action: 'backup.created', subject: { type: 'backup', id: name }, outcome: 'allowed', detail: { size: built.size, sha256: built.sha256, durationMs, clause: CLAUSE.encrypted } });
    return archiveId;
  });
  const offsite = await copyOffsite(setup, file, built.sha256, () => new Date());
  if (offsite.length) await inTransaction(ctx.db, (tx) => store.setOffsite(tx, id, offsite));
  return { name, file, size: built.size, sha256: built.sha256, durationMs, manifest: built.manifest, offsite };
}

/** The archives with their age, size, off-site copies and last verification (`precinct backup list`). */
export async function listBackups(ctx: AppContext) {
  const setup = backupSetup(ctx);
  const now = ctx.clock.now();
  return (await store.archives(ctx.db)).map((a) => ({
    name: a.name, status: a.status, error: a.error, startedAt: a.started_at.toISOString(),
    ageDays: Math.floor((now.getTime() - a.started_at.getTime()) / 86_400_000),
    size: a.size, sha256: a.sha256, durationMs: a.duration_ms, databaseKind: a.database_kind, startedBy: a.started_by,
    present: a.status === 'ok' && !a.pruned_at && existsSync(join(setup.folder, a.name)),
    offsite: a.offsite, lastVerifiedAt: a.last_verified_at?.toISOString() ?? null, lastVerifyOk: a.last_verify_ok, lastVerifyDetail: a.last_verify_detail,
    prunedAt: a.pruned_at?.toISOString() ?? null,
  }));
}

/**
 * Remove on-premises archives past retention (S-110 §E.1), never the last good one.
 * Off-site copies are kept (cloud backups are retained indefinitely, §E.1).
 */
export async function pruneBackups(ctx: AppContext, actor: Actor): Promise<string[]> {
  const setup = backupSetup(ctx);
  const policy = await backupPolicy(ctx);
  const rows = await store.archives(ctx.db);
  const facts = rows.map((r) => ({ id: r.id, createdAt: r.started_at, good: r.status === 'ok', prunedAt: r.pruned_at }));
  const expired = new Set(expiredArchives(facts, ctx.clock.now(), policy.retentionDays));
  const gone = rows.filter((r) => expired.has(r.id));
  for (const r of gone) await unlink(join(setup.folder, r.name)).catch((error: NodeJS.ErrnoException) => { if (error.code !== 'ENOENT') throw error; });
  if (gone.length) {
    await inTransaction(ctx.db, async (tx) => {
      await store.markPruned(tx, gone.map((r) => r.id), ctx.clock.now(), actor.username);
      await recordAudit(tx, { actor, action: 'backup.pruned', subject: { type: 'backup', id: gone[0]!.name }, outcome: 'allowed', detail: { pruned: gone.map((r) => r.name), retentionDays: policy.retentionDays, clause: CLAUSE.retention } });
    });
  }
  return gone.map((r) => r.name);
}

/** The actor of the scheduled backups, prunes and drills. */
export function scheduleActor(): Actor {
  return { username: 'backup-schedule', roles: [], source: null, remote: false };
}
