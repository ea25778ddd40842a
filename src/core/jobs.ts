import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from './context.ts';

/**
 * Background work a capability needs done on a timer (timers of 81A §E.5.d, Knox
 * retries, unused-login sweeps…). A capability exports its jobs; `src/app/jobs.ts`
 * lists them all and runs them in one place. A job must be safe to run on several
 * server nodes at once (row locks, SKIP LOCKED, unique keys).
 */
export interface Job {
  /** A short name for the log. */
  name: string;
  /** How often to run it. */
  everyMs: number;
  /** Run once when the server is ready, before the first interval. */
  atStart?: boolean;
  run(ctx: AppContext, log: FastifyBaseLogger): Promise<void>;
}
