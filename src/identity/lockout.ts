import type { AppContext } from '../core/context.ts';
import { Problem } from '../core/errors.ts';
import { recordAudit, type AuditEntry } from '../core/audit/trail.ts';
import { inTransaction } from '../db/index.ts';
import { FAR_FUTURE } from './model.ts';

/** Where a wrong password or code was given: the sign-in form, or a form re-asking the password of a signed-in user. */
export interface FailedAttempt {
  username: string;
  actor: AuditEntry['actor'];
  action: string;
  reason: string;
  /** End the login's open sessions when this attempt locks it (someone at an open session is guessing its password). */
  endSessionsOnLock?: boolean;
}

/**
 * One more failure in a row; at the threshold the login locks (CJIS AC-7). Counted
 * atomically. Wrong passwords at sign-in, wrong second-factor codes, and wrong current
 * passwords on the password-change and enrollment forms all count. Returns whether it locked.
 */
export async function countFailedAttempt(ctx: AppContext, attempt: FailedAttempt, now = new Date()): Promise<boolean> {
  const { security } = ctx.config;
  const until = security.lockoutMinutes === 0 ? FAR_FUTURE : new Date(now.getTime() + security.lockoutMinutes * 60_000);
  const subject = { type: 'user', id: attempt.username };
  return inTransaction(ctx.db, async (tx) => {
    const row = await tx.updateTable('app_user').set((eb) => ({ failed_signins: eb('failed_signins', '+', 1) }))
      .where('username', '=', attempt.username).returning(['failed_signins', 'locked_until']).executeTakeFirstOrThrow();
    const lock = row.failed_signins >= security.lockoutThreshold && !(row.locked_until && row.locked_until > now);
    if (lock) await tx.updateTable('app_user').set({ locked_until: until }).where('username', '=', attempt.username).execute();
    await recordAudit(tx, { actor: attempt.actor, action: attempt.action, subject, outcome: 'failed', reason: attempt.reason, detail: { failures: row.failed_signins } });
    if (lock) {
      await recordAudit(tx, { actor: attempt.actor, action: 'user.locked', subject, outcome: 'allowed', reason: attempt.action === 'session.signin'
        ? `${row.failed_signins} failed sign-ins in a row`
        : `${row.failed_signins} failed attempts in a row, the last a wrong password on ${attempt.action}` });
      if (attempt.endSessionsOnLock) {
        await tx.updateTable('session').set({ ended_at: now }).where('username', '=', attempt.username).where('ended_at', 'is', null).execute();
      }
    }
    return lock;
  });
}

/** The refusal for a locked login (423), naming when it ends. */
export function lockedProblem(lockedUntil: Date): Problem {
  return new Problem(423, 'auth.locked', 'Locked', lockedUntil >= FAR_FUTURE
    ? 'This login is locked after too many failed sign-ins. A system administrator must unlock it.'
    : `This login is locked after too many failed sign-ins until ${lockedUntil.toISOString()}, or until a system administrator unlocks it.`);
}
