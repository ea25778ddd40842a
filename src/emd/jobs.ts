import type { Job } from '../core/jobs.ts';
import { sendEmdReminders } from './service.ts';

/** EMD certifications about to expire are reminded once, to the holder and the commanding officer (81A §I.1.a). */
export const emdJob: Job = {
  name: 'emd.certification-reminders',
  everyMs: Number(process.env.PRECINCT_EMD_TICK_MS ?? 3_600_000),
  atStart: true,
  async run(ctx) {
    await sendEmdReminders(ctx);
  },
};
