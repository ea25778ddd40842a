/** `precinct backup …`: the operator's commands (docs/backups.md). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { Actor } from '../core/actor.ts';
import { loadConfig } from '../core/config.ts';
import type { AppContext } from '../core/context.ts';
import { setupFromEnv, readIdentities } from './setup.ts';
import { restoreArchive, runRestoreDrill, verifyArchiveFile, verifyBackup } from './restore.ts';
import { createBackup, listBackups, pruneBackups } from './service.ts';
import { BackupError } from './model.ts';

type WithContext = <T>(work: (ctx: AppContext) => Promise<T>) => Promise<T>;

const mib = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 1048576).toFixed(1)} MiB`);

function identitySetup(identity: string | undefined) {
  const setup = setupFromEnv(process.env, loadConfig().dataDir);
  return identity ? { ...setup, identityFile: resolve(identity) } : setup;
}

export function backupCommands(cli: Command, withContext: WithContext, actor: () => Actor): void {
  const backup = cli.command('backup').description('encrypted backups: create, list, verify, restore, prune, drill (S-110 §E; docs/backups.md)');

  backup.command('keygen')
    .description('make an age key pair: keep the identity (secret) away from the archives; give the server only the recipient')
    .action(async () => {
      const identity = await generateX25519Identity();
      console.log(`# Precinct backup identity, made ${new Date().toISOString()}: keep this file offline (a safe), never beside the archives`);
      console.log(identity);
      console.error(`recipient (set PRECINCT_BACKUP_RECIPIENTS to this): ${await identityToRecipient(identity)}`);
    });

  backup.command('create')
    .description('write one encrypted archive now (database, stored files, audit checkpoints), then copy it off site')
    .action(() => withContext(async (ctx) => {
      const made = await createBackup(ctx, actor());
      console.log(`wrote ${made.file}: ${mib(made.size)} in ${(made.durationMs / 1000).toFixed(1)} s, sha256 ${made.sha256}`);
      for (const copy of made.offsite) console.log(`  off-site ${copy.where}: ${copy.ok ? 'copied' : `FAILED: ${copy.error}`}`);
    }));

  backup.command('list')
    .description('the archives with age, size, off-site copies and last verification')
    .action(() => withContext(async (ctx) => {
      const rows = await listBackups(ctx);
      if (rows.length === 0) console.log('no backups yet');
      for (const a of rows) {
        const verified = a.lastVerifiedAt ? `verified ${a.lastVerifiedAt.slice(0, 16)} ${a.lastVerifyOk ? 'ok' : 'FAILED'}` : 'never verified';
        const state = a.status === 'failed' ? `FAILED: ${a.error}` : a.prunedAt ? `pruned ${a.prunedAt.slice(0, 10)}` : a.present ? 'on premises' : 'MISSING from the folder';
        console.log(`${a.name}  ${String(a.ageDays).padStart(3)} d  ${mib(a.size).padStart(10)}  ${state}; ${verified}; off-site ${a.offsite.filter((o) => o.ok).length}/${a.offsite.length}`);
      }
    }));

  backup.command('verify <archive>')
    .description('decrypt an archive and check every digest without restoring (a name of this server’s archives, or a path)')
    .option('--identity <file>', 'the age identity file (default PRECINCT_BACKUP_IDENTITY_FILE)')
    .action(async (archive: string, options: { identity?: string }) => {
      if (!archive.includes('/') && !existsSync(archive)) {
        if (options.identity) process.env.PRECINCT_BACKUP_IDENTITY_FILE = resolve(options.identity);
        await withContext(async (ctx) => {
          const result = await verifyBackup(ctx, actor(), archive);
          if (!result.ok) throw new BackupError('damaged', result.detail);
          console.log(`${archive}: ${result.detail}`);
        });
        return;
      }
      const manifest = await verifyArchiveFile(resolve(archive), readIdentities(identitySetup(options.identity)));
      console.log(`${archive}: ${manifest.entries.length} entries match their digests (made ${manifest.createdAt}, ${manifest.database.kind})`);
    });

  backup.command('restore <file>')
    .description('rebuild an empty database and data folder from an archive, verify the audit trail and print record counts')
    .option('--identity <file>', 'the age identity file (default PRECINCT_BACKUP_IDENTITY_FILE)')
    .option('--force', 'replace a database that is not empty')
    .action(async (file: string, options: { identity?: string; force?: boolean }) => {
      const report = await restoreArchive(resolve(file), readIdentities(identitySetup(options.identity)), loadConfig(), { force: options.force ?? false });
      console.log(`restored the archive of ${report.manifest.createdAt} (${report.manifest.agency.name}, ${report.manifest.database.kind})`);
      for (const [table, n] of Object.entries(report.counts)) if (n > 0) console.log(`  ${table.padEnd(32)} ${n}`);
      console.log(report.audit.ok ? `audit chain intact: ${report.audit.rows} rows` : `AUDIT CHAIN BROKEN: ${report.audit.problem}`);
      if (report.mismatches.length) throw new BackupError('damaged', `counts differ from the archive: ${report.mismatches.map((m) => `${m.table} ${m.restored}/${m.archived}`).join(', ')}`);
      if (!report.audit.ok) throw new BackupError('damaged', 'the restored audit trail does not verify');
    });

  backup.command('prune')
    .description('remove on-premises archives past retention (never the last good one)')
    .action(() => withContext(async (ctx) => {
      const pruned = await pruneBackups(ctx, actor());
      console.log(pruned.length ? `pruned: ${pruned.join(', ')}` : 'nothing is past retention');
    }));

  backup.command('drill')
    .description('restore the newest archive into a scratch database, verify it, and record the result')
    .action(() => withContext(async (ctx) => {
      const drill = await runRestoreDrill(ctx, actor());
      if (!drill.ok) throw new BackupError('failed', `restore drill of ${drill.archive ?? '(none)'} failed: ${drill.detail}`);
      console.log(`restore drill of ${drill.archive}: ${drill.detail}`);
    }));
}
