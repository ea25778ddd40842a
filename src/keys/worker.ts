import type { Job } from '../core/jobs.ts';
import { deliverPending } from './outbound.ts';
import { raiseEndOfShiftAlerts } from './shift.ts';

/**
 * The Knox background work of each server node: end-of-shift alerts (O-604 §III.B) and
 * retries of undelivered reporting forms and notices (§III.H–I). Both are safe to run on
 * several nodes at once (row locks with SKIP LOCKED, a unique alert per assignment).
 */
export const knoxJob: Job = {
  name: 'keys.shift-alerts-and-deliveries',
  everyMs: Number(process.env.PRECINCT_KNOX_TICK_MS ?? 30_000),
  async run(ctx) {
    await raiseEndOfShiftAlerts(ctx);
    await deliverPending(ctx);
  },
};
