import type { Job } from '../core/jobs.ts';
import { sendCertificationReminders } from './desk.ts';
import { noteOverdueConfirmations } from './hits.ts';

/**
 * CJIS background work of each server node: hit confirmation requests whose answer time
 * has passed (81A §J.1.b.x(c)) go on the incident's timeline, and certifications about to
 * expire are reminded (81A §J.1.b.i). Safe on several nodes: row locks with SKIP LOCKED,
 * one reminder per certification by its key.
 */
export const cjisJob: Job = {
  name: 'cjis.confirmations-and-reminders',
  everyMs: Number(process.env.PRECINCT_CJIS_TICK_MS ?? 15_000),
  atStart: true,
  async run(ctx) {
    await noteOverdueConfirmations(ctx);
    await sendCertificationReminders(ctx);
  },
};
