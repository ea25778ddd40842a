import type { Job } from '../core/jobs.ts';
import { anchorChain } from '../core/audit/anchor.ts';

/**
 * A signed checkpoint of the audit chain every hour (PRECINCT_AUDIT_CHECKPOINT_MS), appended to the
 * checkpoint file, printed into the server's log and sent to syslog when configured, so
 * that truncating the table, deleting its newest rows or re-linking the chain is reported
 * by `precinct audit verify` (CJIS AU-9).
 */
export const auditCheckpointJob: Job = {
  name: 'audit.checkpoint',
  everyMs: Number(process.env.PRECINCT_AUDIT_CHECKPOINT_MS ?? 3_600_000),
  async run(ctx, log) {
    const checkpoint = await anchorChain(ctx.db, ctx.audit.seal, ctx.config.audit.syslog);
    log.info({ auditCheckpoint: checkpoint }, `audit checkpoint: ${checkpoint.positions} rows, head ${checkpoint.head}`);
  },
};
