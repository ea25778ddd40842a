import { signInThrottle } from './throttle.ts';
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { paged, pageFrom, type Page, type PageRequest } from '../core/paging.ts';
import { Forbidden, NotFound } from '../core/errors.ts';
import { recordAudit, recordAuditNow } from '../core/audit/trail.ts';
import { inTransaction } from '../db/index.ts';
import { resetMfa } from './mfa.ts';
import { inactiveSince, passwordExpiresAt } from './rules.ts';
import type { Actor, PublicUser } from '../core/actor.ts';
import type { Job } from '../core/jobs.ts';

/** A login as the system administrator's user list shows it. */
export interface UserAdminView extends PublicUser {
  disabledAt: string | null;
  disabledReason: string | null;
  lockedUntil: string | null;
  lastSignInAt: string | null;
  passwordChangedAt: string;
  passwordExpiresAt: string;
  mfaEnrolled: boolean;
  createdAt: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const USERS_PAGE = { default: 100, max: 500 } as const;

/** Logins by last name, first name and login, a page at a time. */
export async function listUsers(ctx: AppContext, page: PageRequest): Promise<Page<UserAdminView>> {
  const order = { columns: [['last_name', 'text'], ['first_name', 'text'], ['username', 'text']], direction: 'asc' } as const;
  const rows = await paged(ctx.db.selectFrom('app_user').selectAll(), order, page, USERS_PAGE.default).execute();
  const now = new Date();
  return pageFrom(rows, page, USERS_PAGE.default, (r) => ({
    username: r.username, firstName: r.first_name, lastName: r.last_name, badge: r.badge, unit: r.unit, roles: r.roles,
    disabledAt: iso(r.disabled_at), disabledReason: r.disabled_reason,
    lockedUntil: r.locked_until && r.locked_until > now ? r.locked_until.toISOString() : null,
    lastSignInAt: iso(r.last_signin_at), passwordChangedAt: r.password_changed_at.toISOString(),
    passwordExpiresAt: passwordExpiresAt(r.password_changed_at, ctx.config.security.passwordMaxAgeDays).toISOString(),
    mfaEnrolled: Boolean(r.mfa_secret), createdAt: r.created_at.toISOString(),
  }));
}

/**
 * A system administrator acting on their own login (roles, unlock, enable, MFA
 * reset) is refused and the attempt recorded: privilege escalation needs a second person.
 */
export async function refuseSelfChange(ctx: AppContext, actor: Actor, username: string, action: string): Promise<void> {
  if (username !== actor.username) return;
  await recordAuditNow(ctx.db, { actor, action, subject: { type: 'user', id: username }, outcome: 'denied', reason: 'a user may not change their own login' });
  throw new Forbidden('user.self_change', 'You may not change your own roles, lock or second factor; another system administrator must do it.');
}

/** Release a locked login before its time (CJIS AC-7). */
export async function unlockUser(ctx: AppContext, actor: Actor, username: string): Promise<void> {
  await refuseSelfChange(ctx, actor, username, 'user.unlock');
  await inTransaction(ctx.db, async (tx) => {
    const result = await tx.updateTable('app_user').set({ locked_until: null, failed_signins: 0 }).where('username', '=', username).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('user.not_found', `no login "${username}"`);
    await recordAudit(tx, { actor, role: 'system_administrator', action: 'user.unlock', subject: { type: 'user', id: username }, outcome: 'allowed' });
  });
  signInThrottle(ctx).forget(username);
}

/** Enable a disabled login again; the reason it was disabled stays in the audit trail. */
export async function enableUser(ctx: AppContext, actor: Actor, username: string): Promise<void> {
  await refuseSelfChange(ctx, actor, username, 'user.enable');
  await inTransaction(ctx.db, async (tx) => {
    // Enabling restarts the inactivity clock, or the daily sweep would disable it again at once.
    const result = await tx.updateTable('app_user').set({ disabled_at: null, disabled_reason: null, enabled_at: new Date() })
      .where('username', '=', username).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('user.not_found', `no login "${username}"`);
    await recordAudit(tx, { actor, role: 'system_administrator', action: 'user.enable', subject: { type: 'user', id: username }, outcome: 'allowed' });
  });
}

/**
 * Disable every login not used for `inactiveDisableDays` (CJIS AC-2(3); S-110 §D.6
 * "logins no longer needed shall be disabled"), recording why. A login never used
 * counts from when it was created. Returns the logins disabled.
 */
export async function disableInactiveLogins(ctx: AppContext, now = new Date()): Promise<string[]> {
  const days = ctx.config.security.inactiveDisableDays;
  const cutoff = inactiveSince(now, days);
  const system = { username: 'system', source: 'server', remote: false };
  return inTransaction(ctx.db, async (tx) => {
    const stale = await tx.selectFrom('app_user').select(['username', 'last_signin_at', 'created_at'])
      .where('disabled_at', 'is', null)
      .where(sql<boolean>`greatest(coalesce(last_signin_at, created_at), coalesce(enabled_at, created_at)) < ${cutoff}`)
      .forUpdate().execute();
    for (const user of stale) {
      const reason = `not used for ${days} days (last sign-in ${user.last_signin_at ? user.last_signin_at.toISOString().slice(0, 10) : 'never'})`;
      await tx.updateTable('app_user').set({ disabled_at: now, disabled_reason: reason }).where('username', '=', user.username).execute();
      await tx.updateTable('session').set({ ended_at: now }).where('username', '=', user.username).where('ended_at', 'is', null).execute();
      await recordAudit(tx, { actor: system, action: 'user.disable', subject: { type: 'user', id: user.username }, outcome: 'allowed', reason });
    }
    return stale.map((u) => u.username);
  });
}

/** Remove another user's authenticator (they lost the device); they enroll again. */
export async function resetUserMfa(ctx: AppContext, actor: Actor, username: string): Promise<void> {
  await refuseSelfChange(ctx, actor, username, 'user.reset_mfa');
  await resetMfa(ctx, actor, username);
}

/** Logins unused for security.inactiveDisableDays are disabled at start and once a day (CJIS AC-2(3), S-110 §D.6). */
export const inactiveLoginsJob: Job = {
  name: 'identity.disable-inactive', everyMs: 86_400_000, atStart: true,
  async run(ctx, log) {
    const disabled = await disableInactiveLogins(ctx);
    if (disabled.length) log.info({ disabled }, 'disabled logins unused for %d days', ctx.config.security.inactiveDisableDays);
  },
};
