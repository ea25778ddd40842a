import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { Problem } from '../core/errors.ts';
import { recordAudit, type AuditEntry } from '../core/audit/trail.ts';
import { inTransaction, type Db } from '../db/index.ts';
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
 * Reserve one attempt against a login before its password is checked (CJIS AC-7). One
 * statement counts the attempt and tests the lock, so however many attempts arrive at
 * once, no more than the threshold's worth are let through to the password check; the
 * rest are answered as locked. An expired lock starts a fresh count. Returns the number
 * of attempts in a row including this one, or null when the login is locked (or the
 * threshold's worth of attempts are already being checked).
 */
export async function claimAttempt(db: Db, username: string, threshold: number, now: Date): Promise<number | null> {
  const row = await db.updateTable('app_user')
    .set({
      failed_signins: sql<number>`case when locked_until is not null and locked_until <= ${now} then 1 else failed_signins + 1 end`,
      locked_until: sql<Date | null>`case when locked_until is not null and locked_until <= ${now} then null else locked_until end`,
    })
    .where('username', '=', username)
    .where((eb) => eb.or([
      eb.and([eb('locked_until', 'is', null), eb('failed_signins', '<', threshold)]),
      eb('locked_until', '<=', now),
    ]))
    .returning('failed_signins')
    .executeTakeFirst();
  return row ? row.failed_signins : null;
}

/**
 * A claimed attempt failed (wrong password or code): recorded, and at the threshold the
 * login locks. The attempt was already counted by `claimAttempt`. Returns whether it locked.
 */
export async function settleFailedAttempt(ctx: AppContext, attempt: FailedAttempt, now = new Date()): Promise<boolean> {
  const { security } = ctx.config;
  const until = security.lockoutMinutes === 0 ? FAR_FUTURE : new Date(now.getTime() + security.lockoutMinutes * 60_000);
  const subject = { type: 'user', id: attempt.username };
  return inTransaction(ctx.db, async (tx) => {
    const locked = await tx.updateTable('app_user').set({ locked_until: until })
      .where('username', '=', attempt.username).where('failed_signins', '>=', security.lockoutThreshold).where('locked_until', 'is', null)
      .returning('failed_signins').executeTakeFirst();
    const row = await tx.selectFrom('app_user').select('failed_signins').where('username', '=', attempt.username).executeTakeFirstOrThrow();
    await recordAudit(tx, { actor: attempt.actor, action: attempt.action, subject, outcome: 'failed', reason: attempt.reason, detail: { failures: row.failed_signins } });
    if (locked) {
      await recordAudit(tx, { actor: attempt.actor, action: 'user.locked', subject, outcome: 'allowed', reason: attempt.action === 'session.signin'
        ? `${locked.failed_signins} failed sign-ins in a row`
        : `${locked.failed_signins} failed attempts in a row, the last a wrong password on ${attempt.action}` });
      if (attempt.endSessionsOnLock) {
        await tx.updateTable('session').set({ ended_at: now }).where('username', '=', attempt.username).where('ended_at', 'is', null).execute();
      }
    }
    return Boolean(locked);
  });
}

/** The refusal for a locked login (423), naming when it ends: for a signed-in person re-entering their own password. */
export function lockedProblem(lockedUntil: Date | null): Problem {
  return new Problem(423, 'auth.locked', 'Locked', !lockedUntil || lockedUntil >= FAR_FUTURE
    ? 'This login is locked after too many failed attempts. A system administrator must unlock it.'
    : `This login is locked after too many failed attempts until ${lockedUntil.toISOString()}, or until a system administrator unlocks it.`);
}
