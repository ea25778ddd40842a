import { announceSessionChange } from '../core/events/sessions.ts';
import type { AppContext } from '../core/context.ts';
import { paged, pageFrom, type Page, type PageRequest } from '../core/paging.ts';
import { BadRequest, NotFound, Problem, Unauthenticated } from '../core/errors.ts';
import { recordAudit, recordAuditNow } from '../core/audit/trail.ts';
import { inTransaction } from '../db/index.ts';
import { claimAttempt, lockedProblem, settleFailedAttempt } from './lockout.ts';
import { hashPassword, passwordMatches } from './passwords.ts';
import { passwordExpiresAt, passwordProblem, agencyPasswordWords } from './rules.ts';
import type { Authenticated } from '../core/actor.ts';
import { displayNames } from './people.ts';

/**
 * Change one's own password (S-110 §D.1: at first sign-in and every 90 days when
 * prompted). The new one meets the length rule, names neither the login nor the
 * holder, is not on the common-password list and is none of the last N passwords.
 */
export async function changePassword(ctx: AppContext, auth: Authenticated, input: { currentPassword: string; newPassword: string }): Promise<{ passwordExpiresAt: string }> {
  const { security } = ctx.config;
  const username = auth.actor.username;
  const user = await ctx.db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  const refuse = async (reason: string) => {
    await recordAuditNow(ctx.db, { actor: auth.actor, action: 'user.change_password', subject: { type: 'user', id: username }, outcome: 'failed', reason });
  };
  await checkCurrentPassword(ctx, auth, user, input.currentPassword, 'user.change_password');
  const weak = passwordProblem(input.newPassword, { username, firstName: user.first_name, lastName: user.last_name, minLength: security.passwordMinLength, agencyWords: agencyPasswordWords(ctx.config.agency) });
  if (weak) {
    await refuse(weak);
    throw new BadRequest('password.weak', weak);
  }
  const history = await ctx.db.selectFrom('password_history').select('password_hash').where('username', '=', username)
    .orderBy('changed_at', 'desc').orderBy('id', 'desc').limit(Math.max(security.passwordHistory, 1)).execute();
  const earlier = [user.password_hash, ...history.map((h) => h.password_hash)];
  for (const hash of earlier) {
    if (await passwordMatches(hash, input.newPassword)) {
      const reason = `the new password may not be one of your last ${security.passwordHistory} passwords`;
      await refuse(reason);
      throw new BadRequest('password.reused', reason);
    }
  }
  const passwordHash = await hashPassword(input.newPassword);
  const now = new Date();
  await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('app_user').set({ password_hash: passwordHash, password_changed_at: now, must_change_password: false, failed_signins: 0 }).where('username', '=', username).execute();
    await tx.insertInto('password_history').values({ username, password_hash: passwordHash, changed_at: now }).execute();
    await recordAudit(tx, { actor: auth.actor, action: 'user.change_password', subject: { type: 'user', id: username }, outcome: 'allowed' });
  });
  return { passwordExpiresAt: passwordExpiresAt(now, security.passwordMaxAgeDays).toISOString() };
}

/**
 * A signed-in user re-enters their password (password change, authenticator enrollment).
 * A wrong one counts towards the lockout like a wrong sign-in (CJIS AC-7): someone at an
 * unattended open session may not guess the password without limit. At the threshold the
 * login locks and its sessions end; a locked login is refused before the password is checked.
 */
export async function checkCurrentPassword(
  ctx: AppContext, auth: Authenticated, user: { username: string; password_hash: string; locked_until: Date | null }, password: string, action: string,
): Promise<void> {
  const now = new Date();
  const claimed = await claimAttempt(ctx.db, user.username, ctx.config.security.lockoutThreshold, now);
  if (claimed === null) {
    await recordAuditNow(ctx.db, { actor: auth.actor, action, subject: { type: 'user', id: user.username }, outcome: 'denied', reason: 'locked out' });
    const row = await ctx.db.selectFrom('app_user').select('locked_until').where('username', '=', user.username).executeTakeFirstOrThrow();
    throw lockedProblem(row.locked_until);
  }
  if (await passwordMatches(user.password_hash, password)) {
    // A right password only takes back its own claim; a password change resets the count.
    await ctx.db.updateTable('app_user').set((eb) => ({ failed_signins: eb('failed_signins', '-', 1) }))
      .where('username', '=', user.username).where('failed_signins', '>', 0).execute();
    return;
  }
  const locked = await settleFailedAttempt(ctx, { username: user.username, actor: auth.actor, action, reason: 'current password wrong', endSessionsOnLock: true }, now);
  if (locked) {
    const row = await ctx.db.selectFrom('app_user').select('locked_until').where('username', '=', user.username).executeTakeFirstOrThrow();
    const problem = lockedProblem(row.locked_until);
    throw new Problem(423, problem.code, problem.title, `${problem.detail} You have been signed out.`);
  }
  throw new Unauthenticated('password.current_wrong', 'The current password is not right.');
}

export interface SessionView {
  id: string;
  username: string;
  /** The person behind the login, as boards name them ("Dana Kowalski #D-12"). */
  name: string;
  startedAt: string;
  lastSeenAt: string;
  source: string | null;
  remote: boolean;
  current: boolean;
}

/** Open sessions (not ended, not idle past the limit): one user's, or everyone's. */
export const SESSIONS_PAGE = { default: 100, max: 500 } as const;

/** Open sessions (not ended, not idle past the limit), newest first, a page at a time: one user's, or everyone's. */
export async function openSessions(ctx: AppContext, auth: Authenticated, username: string | undefined, page: PageRequest): Promise<Page<SessionView>> {
  const idleSince = new Date(Date.now() - ctx.config.security.idleMinutes * 60_000);
  let query = ctx.db.selectFrom('session').select(['id', 'username', 'created_at', 'last_seen_at', 'source', 'remote'])
    .where('ended_at', 'is', null).where('last_seen_at', '>', idleSince);
  if (username) query = query.where('username', '=', username);
  const order = { columns: [['created_at', 'timestamptz'], ['id', 'uuid']], direction: 'desc' } as const;
  const rows = await paged(query, order, page, SESSIONS_PAGE.default).execute();
  const nameOf = await displayNames(ctx.db, rows.map((r) => r.username));
  return pageFrom(rows, page, SESSIONS_PAGE.default, (r) => ({
    id: r.id, username: r.username, name: nameOf(r.username), startedAt: r.created_at.toISOString(), lastSeenAt: r.last_seen_at.toISOString(),
    source: r.source, remote: r.remote, current: r.id === auth.sessionId,
  }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** End a session: one's own, or anyone's for a holder of sessions.admin. */
export async function endSession(ctx: AppContext, auth: Authenticated, id: string, asAdministrator: boolean): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const row = UUID.test(id) ? await tx.selectFrom('session').select(['id', 'username', 'ended_at']).where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
    if (!row || (!asAdministrator && row.username !== auth.actor.username)) {
      // Someone else's session looks exactly like a missing one to a non-administrator.
      throw new NotFound('session.not_found', 'No such open session of yours.');
    }
    if (row.ended_at) return;
    await tx.updateTable('session').set({ ended_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(tx, {
      actor: auth.actor, role: asAdministrator ? 'system_administrator' : null, action: 'session.end', subject: { type: 'session', id },
      outcome: 'allowed', detail: { holder: row.username },
    });
    await announceSessionChange(tx, { session: id, why: asAdministrator && row.username !== auth.actor.username ? 'ended' : 'signedOut' });
  });
}
