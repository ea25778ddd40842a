import type { AppContext } from '../core/context.ts';
import { Forbidden, Unauthenticated } from '../core/errors.ts';
import { recordAudit, recordAuditNow } from '../core/audit/trail.ts';
import { cutText } from '../core/validation.ts';
import { inTransaction } from '../db/index.ts';
import type { UserTable } from '../db/tables/identity.ts';
import { useSecondFactor } from './mfa.ts';
import { claimAttempt, settleFailedAttempt } from './lockout.ts';
import { signInThrottle, throttledProblem } from './throttle.ts';
import { publicUser, type SignedIn } from './model.ts';
import { decoyHash, passwordMatches } from './passwords.ts';
import { passwordExpiresAt, remoteSignInDecision } from './rules.ts';
import { newToken, tokenHash } from './tokens.ts';
import type { Selectable } from 'kysely';
import type { Origin } from '../core/actor.ts';

type UserRow = Selectable<UserTable>;
type Anonymous = { username: string; source: string; remote: boolean };

/**
 * The one answer to a wrong password, an unknown login and a locked one alike (CJIS
 * IA-6; OWASP ASVS 2.2.1): a different answer for a locked login would tell an attacker
 * which logins exist. The person who is locked out learns it from this sentence.
 */
export const INVALID = 'The login or password is not right. After repeated failures a login is locked for a while; a system administrator can unlock it.';

/**
 * Sign in with a login, password and, where needed, a second factor. The answer to
 * a wrong password is the same, and takes as long, whether or not the login exists or
 * is locked (CJIS IA-6); attempts are throttled per address and per login name, and the
 * threshold's worth of failures in a row lock the login (CJIS AC-7, configurable), counted
 * before the password is checked so parallel guesses get no more tries.
 * Remote sign-in follows S-110 §H; a user with an authenticator always gives a code.
 */
export async function signIn(ctx: AppContext, credentials: { username: string; password: string; otp?: string | undefined }, origin: Origin): Promise<SignedIn> {
  const username = credentials.username.trim().toLowerCase();
  const anonymous: Anonymous = { username: username.length <= 64 ? username : `${cutText(username, 64)}…`, source: origin.source, remote: origin.remote };
  const throttle = signInThrottle(ctx);
  const at = ctx.clock.now().getTime();
  const wait = throttle.waitFor(origin.source, anonymous.username, !origin.remote, at);
  if (wait > 0) {
    await recordAuditNow(ctx.db, { actor: anonymous, action: 'session.signin', outcome: 'denied', reason: 'throttled' });
    throw throttledProblem(wait);
  }
  const refuse = async (): Promise<never> => {
    throttle.failed(origin.source, anonymous.username, !origin.remote, at);
    throw new Unauthenticated('auth.invalid', INVALID);
  };
  const user = username.length <= 64
    ? await ctx.db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst()
    : undefined;
  const now = new Date();
  // A disabled login is not counted: it cannot sign in, right password or not.
  const claimed = user && !user.disabled_at ? await claimAttempt(ctx.db, user.username, ctx.config.security.lockoutThreshold, now) : undefined;
  const checked = user && claimed !== null;
  const matches = await passwordMatches(checked ? user.password_hash : await decoyHash(), credentials.password);

  if (!user) {
    await recordAuditNow(ctx.db, { actor: anonymous, action: 'session.signin', outcome: 'failed', reason: 'unknown login' });
    return refuse();
  }
  if (claimed === null) {
    await deny(ctx, anonymous, 'locked out');
    return refuse();
  }
  if (!matches) {
    if (!user.disabled_at) await countFailure(ctx, user, anonymous, 'wrong password', now);
    return refuse();
  }
  await refuseBeforeSession(ctx, user, anonymous, credentials.otp, now);
  const session = await openSession(ctx, user, anonymous, credentials.otp, now).catch((error: unknown) => {
    if (error instanceof Unauthenticated) throttle.failed(origin.source, anonymous.username, !origin.remote, at);
    throw error;
  });
  throttle.succeeded(anonymous.username, !origin.remote);
  return session;
}

/** The right password, but no session: a disabled login, a remote rule (S-110 §H), or a second factor missing. */
async function refuseBeforeSession(ctx: AppContext, user: UserRow, anonymous: Anonymous, otp: string | undefined, now: Date): Promise<void> {
  if (user.disabled_at) {
    await deny(ctx, anonymous, 'login disabled');
    throw new Forbidden('auth.disabled', 'This login is disabled. Ask a system administrator (S-110 §D.6).');
  }
  if (anonymous.remote) {
    const decision = remoteSignInDecision({
      roles: user.roles, mfaEnrolled: Boolean(user.mfa_secret), at: now, courtHours: ctx.config.agency.courtHours, timeZone: ctx.config.agency.timeZone,
    });
    if (!decision.allowed) {
      await releaseClaim(ctx, user.username);
      await deny(ctx, anonymous, decision.reason);
      throw new Forbidden(decision.code, decision.reason);
    }
  }
  if (user.mfa_secret && !otp?.trim()) {
    await releaseClaim(ctx, user.username);
    await deny(ctx, anonymous, 'second factor missing');
    throw new Forbidden('auth.mfa_required', anonymous.remote
      ? 'Remote access needs a second factor (S-110 §H): enter the code from your authenticator.'
      : 'Enter the code from your authenticator, or a recovery code.');
  }
}

/** A right password whose sign-in is refused for another reason takes back its claimed attempt. */
async function releaseClaim(ctx: AppContext, username: string): Promise<void> {
  await ctx.db.updateTable('app_user').set((eb) => ({ failed_signins: eb('failed_signins', '-', 1) }))
    .where('username', '=', username).where('failed_signins', '>', 0).execute();
}

async function openSession(ctx: AppContext, user: UserRow, anonymous: Anonymous, otp: string | undefined, now: Date): Promise<SignedIn> {
  const token = newToken();
  const expires = passwordExpiresAt(user.password_changed_at, ctx.config.security.passwordMaxAgeDays);
  const mustChange = user.must_change_password || expires <= now;
  const mustEnroll = ctx.config.security.requireMfaForAll && !user.mfa_secret;
  const secondFactor = await inTransaction(ctx.db, async (tx) => {
    if (user.mfa_secret) {
      const result = await useSecondFactor(tx, user.username, user.mfa_secret, otp ?? '');
      if (result !== 'ok') return result;
    }
    await tx.updateTable('app_user').set({ failed_signins: 0, locked_until: null, last_signin_at: now }).where('username', '=', user.username).execute();
    await tx.insertInto('session').values({ token_hash: tokenHash(token), username: user.username, last_seen_at: now, source: anonymous.source, remote: anonymous.remote }).execute();
    await recordAudit(tx, {
      actor: anonymous, action: 'session.signin', subject: { type: 'user', id: user.username }, outcome: 'allowed',
      detail: { secondFactor: Boolean(user.mfa_secret) },
    });
    if (mustEnroll) {
      // Like the forced password change: the session can only enroll an authenticator (CJIS IA-2(2)).
      await recordAudit(tx, {
        actor: anonymous, action: 'session.restricted', subject: { type: 'user', id: user.username }, outcome: 'denied',
        reason: 'an authenticator must be enrolled first (security.requireMfaForAll)',
      });
    }
    if (mustChange) {
      // The session can do nothing but change the password until it is changed (S-110 §D.1–2).
      await recordAudit(tx, {
        actor: anonymous, action: 'session.restricted', subject: { type: 'user', id: user.username }, outcome: 'denied',
        reason: user.must_change_password ? 'initial password must be changed first' : 'password expired; must be changed first',
      });
    }
    return 'ok' as const;
  });
  if (secondFactor !== 'ok') {
    const reused = secondFactor === 'reused';
    await countFailure(ctx, user, anonymous, reused ? 'second-factor code already used' : 'wrong second-factor code', now);
    throw new Unauthenticated(reused ? 'auth.otp_reused' : 'auth.otp_invalid', reused
      ? 'That authenticator code was already used. Wait for the next code.'
      : 'The authenticator code is not right.');
  }
  return { token, user: publicUser(user), passwordExpiresAt: expires.toISOString(), mustChangePassword: mustChange, mustEnrollMfa: mustEnroll };
}

function deny(ctx: AppContext, anonymous: Anonymous, reason: string): Promise<void> {
  return recordAuditNow(ctx.db, { actor: anonymous, action: 'session.signin', subject: { type: 'user', id: anonymous.username }, outcome: 'denied', reason });
}

function countFailure(ctx: AppContext, user: UserRow, anonymous: Anonymous, reason: string, now: Date): Promise<boolean> {
  return settleFailedAttempt(ctx, { username: user.username, actor: anonymous, action: 'session.signin', reason }, now);
}
