import type { Job } from '../core/jobs.ts';
import { dropFolderOf, importDropFolder } from './drop-folder.ts';
import { captureCallDetails, purgeExpired } from './retention.ts';

/** Import what the recorder dropped (PRECINCT_RECORDER_DROP or <data>/recorder-drop), every five seconds. */
export const recorderDropJob: Job = {
  name: 'recordings-drop-folder',
  everyMs: 5_000,
  async run(ctx, log) {
    const dir = dropFolderOf(ctx);
    if (!dir) return;
    const result = await importDropFolder(ctx, dir);
    if (result.imported.length || result.rejected.length || result.alreadyImported.length) {
      log.info({ job: 'recordings-drop-folder', imported: result.imported.length, rejected: result.rejected, alreadyImported: result.alreadyImported }, 'recorder drop folder imported');
    }
  },
};

/** Keep every ended E-911 call's call detail record (81A §L.1.b), every minute. */
export const callDetailJob: Job = {
  name: 'recordings-call-details',
  everyMs: 60_000,
  atStart: true,
  async run(ctx) {
    await captureCallDetails(ctx);
  },
};

/** Purge what is past its retention and not held (81A §L), hourly, in batches. */
export const retentionPurgeJob: Job = {
  name: 'recordings-purge',
  everyMs: 3_600_000,
  async run(ctx, log) {
    const result = await purgeExpired(ctx);
    const purged = Object.values(result.purged).reduce((a, b) => a + b, 0);
    if (purged) log.info({ job: 'recordings-purge', ...result }, 'recordings past retention purged');
  },
};
