import type { Job } from '../core/jobs.ts';
import { backupDue, drillDue } from './rules.ts';
import { runRestoreDrill } from './restore.ts';
import { backupPolicy, createBackup, pruneBackups, scheduleActor } from './service.ts';
import { backupSetup } from './setup.ts';
import { lastDrill, lastGoodArchive } from './store.ts';

/**
 * The schedule (S-110 §E.2): every ten minutes, back up when the last good archive is
 * older than the frequency (default daily), then prune; run the restore drill when it is
 * due (default monthly) and the identity is configured. Off unless recipients are set.
 */
export const backupJob: Job = {
  name: 'backup-schedule',
  everyMs: 600_000,
  async run(ctx, log) {
    const setup = backupSetup(ctx);
    if (setup.recipients.length === 0 || process.env.PRECINCT_BACKUP_SCHEDULE === '0') return;
    const policy = await backupPolicy(ctx);
    const now = ctx.clock.now();
    if (backupDue((await lastGoodArchive(ctx.db))?.started_at ?? null, now, policy.frequencyHours)) {
      try {
        const made = await createBackup(ctx, scheduleActor());
        log.info({ job: 'backup-schedule', archive: made.name, size: made.size, durationMs: made.durationMs, offsite: made.offsite, result: 'ok' }, 'backup written');
      } catch (error) {
        log.error({ job: 'backup-schedule', result: 'failed', err: error }, 'backup failed');
      }
      const pruned = await pruneBackups(ctx, scheduleActor());
      if (pruned.length) log.info({ job: 'backup-schedule', pruned }, 'expired archives pruned');
    }
    if (setup.identityFile && drillDue((await lastDrill(ctx.db))?.at ?? null, now, policy.drillDays)) {
      const drill = await runRestoreDrill(ctx, scheduleActor());
      log[drill.ok ? 'info' : 'error']({ job: 'backup-schedule', drill }, 'restore drill');
    }
  },
};
