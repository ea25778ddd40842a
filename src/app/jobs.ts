import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../core/context.ts';
import type { Job } from '../core/jobs.ts';
import { alertSweepJob } from '../dispatch/alerts/service.ts';
import { inactiveLoginsJob } from '../identity/users.ts';
import { knoxJob } from '../keys/worker.ts';
import { cjisJob } from '../cjis/jobs.ts';
import { callDetailJob, recorderDropJob, retentionPurgeJob } from '../recordings/jobs.ts';
import { auditCheckpointJob } from '../audit/jobs.ts';
import { backupJob } from '../backup/jobs.ts';
import { emdJob } from '../emd/jobs.ts';
import { refreshPlannerStatistics } from '../db/statistics.ts';

/** The embedded database's planner statistics kept current (it has no autovacuum), every minute (`PRECINCT_ANALYZE_MS`). */
const plannerStatisticsJob: Job = {
  name: 'db.statistics',
  everyMs: Number(process.env.PRECINCT_ANALYZE_MS ?? 60_000),
  async run(ctx, log) {
    const analyzed = await refreshPlannerStatistics(ctx.db, ctx.database.kind);
    if (analyzed.length > 0) log.debug({ analyzed }, 'planner statistics refreshed');
  },
};

/** Every background job of the server, in one list. A new capability's job adds one line. */
export const jobs: Job[] = [
  inactiveLoginsJob,
  alertSweepJob,
  knoxJob,
  cjisJob,
  recorderDropJob, callDetailJob, retentionPurgeJob,
  auditCheckpointJob,
  backupJob,
  emdJob,
  plannerStatisticsJob,
];

/**
 * Start every job: each on its own interval, never overlapping itself, every failure
 * logged with the job's name. Resolves once the jobs that run at start have run (the
 * server is ready after them); gives back the function that stops them all.
 */
export async function startJobs(ctx: AppContext, log: FastifyBaseLogger, list: readonly Job[] = jobs): Promise<() => void> {
  const timers: NodeJS.Timeout[] = [];
  const first: Promise<void>[] = [];
  for (const job of list) {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await job.run(ctx, log);
      } catch (error) {
        log.error({ err: error, job: job.name }, 'background job failed');
      } finally {
        running = false;
      }
    };
    if (job.atStart) first.push(tick());
    const timer = setInterval(() => void tick(), job.everyMs);
    timer.unref();
    timers.push(timer);
  }
  await Promise.all(first);
  return () => timers.forEach(clearInterval);
}
