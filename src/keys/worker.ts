import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { deliverPending } from './outbound.ts';
import { raiseEndOfShiftAlerts } from './shift.ts';

/** How often the server looks for keys past their shift and deliveries to retry. */
const TICK_MS = Number(process.env.PRECINCT_KNOX_TICK_MS ?? 30_000);

/**
 * The Knox background work of each server node: end-of-shift alerts (O-604 §III.B) and
 * retries of undelivered reporting forms and notices (§III.H–I). Both are safe to run on
 * several nodes at once (row locks with SKIP LOCKED, a unique alert per assignment).
 */
export function startKnoxWorker(app: FastifyInstance, ctx: AppContext): void {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await raiseEndOfShiftAlerts(ctx);
      await deliverPending(ctx);
    } catch (error) {
      app.log.error({ err: error }, 'knox background work failed');
    } finally {
      running = false;
    }
  };
  app.addHook('onReady', async () => {
    timer = setInterval(() => void tick(), TICK_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
}
