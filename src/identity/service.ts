import { sql } from 'kysely';
import type { AppContext } from '../app/context.ts';
import { BadRequest, Conflict, Forbidden, NotFound, Problem, Unauthenticated } from '../app/errors.ts';
import { recordAudit, recordAuditNow, type Actor } from '../audit/service.ts';
import { inTransaction } from '../db/index.ts';
import { decoyHash, hashPassword, passwordMatches } from './passwords.ts';
import { isRole, REMOTE_ROLES, type Role } from './permissions.ts';
import { loginProblem, passwordExpiresAt, passwordProblem } from './rules.ts';
import { newToken, tokenHash } from './tokens.ts';

/** Where a request comes from. */
export interface Origin {
  source: string;
  remote: boolean;
}

export interface PublicUser {
  username: string;
  firstName: string;
  lastName: string;
  badge: string | null;
  unit: string | null;
  roles: string[];
}

export interface SignedIn {
  token: string;
  user: PublicUser;
  passwordExpiresAt: string;
  mustChangePassword: boolean;
}

const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');

function publicUser(row: { username: string; first_name: string; last_name: string; badge: string | null; unit: string | null; roles: string[] }): PublicUser {
  return { username: row.username, firstName: row.first_name, lastName: row.last_name, badge: row.badge, unit: row.unit, roles: row.roles };
}

/** The actor for work done from the command line by an operator on the server itself. */
export function consoleActor(): Actor {
  return { username: `cli:${process.env.USER ?? 'operator'}`, roles: ['system_administrator'], source: 'localhost', remote: false };
}

/**
 * Sign in with a login and password. The answer to a wrong password is the same,
 * and takes as long, whether or not the login exists (CJIS IA-6); five failures in
 * a row lock the login (CJIS AC-7, configurable).
 */
export async function signIn(ctx: AppContext, credentials: { username: string; password: string }, origin: Origin): Promise<SignedIn> {
  const { security } = ctx.config;
  const username = credentials.username.trim().toLowerCase();
  const anonymous = { username: username.length <= 64 ? username : `${username.slice(0, 64)}…`, source: origin.source, remote: origin.remote };
  const user = username.length <= 64
    ? await ctx.db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst()
    : undefined;
  const matches = await passwordMatches(user?.password_hash ?? (await decoyHash()), credentials.password);
  const now = new Date();

  if (!user || (!matches && !user.disabled_at && !(user.locked_until && user.locked_until > now))) {
    if (user) {
      const failures = user.failed_signins + 1;
      const lock = failures >= security.lockoutThreshold;
      const until = security.lockoutMinutes === 0 ? FAR_FUTURE : new Date(now.getTime() + security.lockoutMinutes * 60_000);
      await inTransaction(ctx.db, async (tx) => {
        await tx.updateTable('app_user').set({ failed_signins: failures, locked_until: lock ? until : user.locked_until }).where('username', '=', username).execute();
        await recordAudit(tx, { actor: anonymous, action: 'session.signin', subject: { type: 'user', id: username }, outcome: 'failed', reason: 'wrong password', detail: { failures } });
        if (lock) await recordAudit(tx, { actor: anonymous, action: 'user.locked', subject: { type: 'user', id: username }, outcome: 'allowed', reason: `${failures} failed sign-ins in a row` });
      });
    } else {
      await recordAuditNow(ctx.db, { actor: anonymous, action: 'session.signin', outcome: 'failed', reason: 'unknown login' });
    }
    throw new Unauthenticated('auth.invalid', 'The login or password is not right.');
  }
  if (user.locked_until && user.locked_until > now) {
    await recordAuditNow(ctx.db, { actor: anonymous, action: 'session.signin', subject: { type: 'user', id: username }, outcome: 'denied', reason: 'locked out' });
    throw new Problem(423, 'auth.locked', 'Locked', user.locked_until >= FAR_FUTURE
      ? 'This login is locked after too many failed sign-ins. A system administrator must unlock it.'
      : `This login is locked after too many failed sign-ins until ${user.locked_until.toISOString()}, or until a system administrator unlocks it.`);
  }
  if (!matches) throw new Unauthenticated('auth.invalid', 'The login or password is not right.');
  if (user.disabled_at) {
    await recordAuditNow(ctx.db, { actor: anonymous, action: 'session.signin', subject: { type: 'user', id: username }, outcome: 'denied', reason: 'login disabled' });
    throw new Forbidden('auth.disabled', 'This login is disabled. Ask a system administrator (S-110 §D.6).');
  }
  if (origin.remote) {
    const allowed = user.roles.some((r) => isRole(r) && REMOTE_ROLES.includes(r as Role));
    await recordAuditNow(ctx.db, { actor: anonymous, action: 'session.signin', subject: { type: 'user', id: username }, outcome: 'denied', reason: allowed ? 'remote sign-in needs a second factor' : 'role may not sign in remotely' });
    throw new Forbidden(allowed ? 'auth.mfa_required' : 'auth.remote_not_allowed', allowed
      ? 'Remote access needs a second factor (S-110 §H).'
      : 'Remote access is limited to system administrators, the chief, captains and the court administrator (S-110 §H).');
  }

  const token = newToken();
  await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('app_user').set({ failed_signins: 0, locked_until: null, last_signin_at: now }).where('username', '=', username).execute();
    await tx.insertInto('session').values({ token_hash: tokenHash(token), username, last_seen_at: now, source: origin.source, remote: origin.remote }).execute();
    await recordAudit(tx, { actor: { ...anonymous, username }, action: 'session.signin', subject: { type: 'user', id: username }, outcome: 'allowed' });
  });
  const expires = passwordExpiresAt(user.password_changed_at, security.passwordMaxAgeDays);
  return {
    token,
    user: publicUser(user),
    passwordExpiresAt: expires.toISOString(),
    mustChangePassword: user.must_change_password || expires <= now,
  };
}

export interface Authenticated {
  actor: Actor;
  user: PublicUser;
  sessionId: string;
  mustChangePassword: boolean;
}

/** The user behind a session token, or a 401 naming why (unknown, ended, idle too long, too old). */
export async function authenticate(ctx: AppContext, token: string, origin: Origin): Promise<Authenticated> {
  const { security } = ctx.config;
  const row = await ctx.db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.username', 'session.username')
    .select(['session.id', 'session.created_at', 'session.last_seen_at', 'session.ended_at', 'app_user.username', 'app_user.first_name',
      'app_user.last_name', 'app_user.badge', 'app_user.unit', 'app_user.roles', 'app_user.disabled_at', 'app_user.must_change_password',
      'app_user.password_changed_at'])
    .where('session.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.ended_at || row.disabled_at) throw new Unauthenticated('auth.session_ended', 'This session has ended. Sign in again.');
  const now = new Date();
  const idleLimit = security.idleMinutes * 60_000;
  if (now.getTime() - row.last_seen_at.getTime() > idleLimit || now.getTime() - row.created_at.getTime() > security.maxSessionHours * 3_600_000) {
    await ctx.db.updateTable('session').set({ ended_at: now }).where('id', '=', row.id).execute();
    throw new Unauthenticated('auth.session_expired', 'This session has expired. Sign in again.');
  }
  if (now.getTime() - row.last_seen_at.getTime() > 15_000) {
    await ctx.db.updateTable('session').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  }
  const expired = passwordExpiresAt(row.password_changed_at, security.passwordMaxAgeDays) <= now;
  return {
    actor: { username: row.username, roles: row.roles, source: origin.source, remote: origin.remote },
    user: publicUser(row),
    sessionId: row.id,
    mustChangePassword: row.must_change_password || expired,
  };
}

export async function signOut(ctx: AppContext, auth: Authenticated): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('session').set({ ended_at: new Date() }).where('id', '=', auth.sessionId).where('ended_at', 'is', null).execute();
    await recordAudit(tx, { actor: auth.actor, action: 'session.signout', subject: { type: 'user', id: auth.actor.username }, outcome: 'allowed' });
  });
}

export interface NewUser {
  username: string;
  firstName: string;
  lastName: string;
  badge?: string | null | undefined;
  unit?: string | null | undefined;
  roles: string[];
  password: string;
  /** Demo users need no change at first sign-in; everyone else does (S-110 §D.2). */
  mustChangePassword?: boolean;
}

/** Add a named person's login (S-110 §D: only system administrators assign logins and initial passwords). */
export async function addUser(ctx: AppContext, actor: Actor, input: NewUser): Promise<PublicUser> {
  const username = input.username.trim().toLowerCase();
  const firstName = input.firstName.trim();
  const lastName = input.lastName.trim();
  const problem = loginProblem(username, firstName, lastName);
  if (problem) throw new BadRequest('user.invalid_login', problem);
  const unknownRole = input.roles.find((r) => !isRole(r));
  if (unknownRole) throw new BadRequest('user.unknown_role', `"${unknownRole}" is not a role`);
  if (input.roles.length === 0) throw new BadRequest('user.no_role', 'a login needs at least one role');
  const weak = passwordProblem(input.password, { username, firstName, lastName, minLength: ctx.config.security.passwordMinLength });
  if (weak) throw new BadRequest('password.weak', weak);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx.db, async (tx) => {
    const existing = await tx.selectFrom('app_user').select('username').where('username', '=', username).executeTakeFirst();
    if (existing) throw new Conflict('user.exists', `the login "${username}" is taken; logins are never reused (CJIS IA-4)`);
    const row = await tx
      .insertInto('app_user')
      .values({
        username, first_name: firstName, last_name: lastName, badge: input.badge ?? null, unit: input.unit ?? null,
        roles: [...new Set(input.roles)], password_hash: passwordHash, password_changed_at: new Date(),
        must_change_password: input.mustChangePassword ?? true, disabled_at: null, disabled_reason: null, locked_until: null, last_signin_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, { actor, role: 'system_administrator', action: 'user.add', subject: { type: 'user', id: username }, outcome: 'allowed', detail: { roles: row.roles } });
    return publicUser(row);
  });
}

/** Disable a login; it stays on record and cannot sign in (S-110 §D.6). Ends its sessions. */
export async function disableUser(ctx: AppContext, actor: Actor, username: string, reason: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const result = await tx.updateTable('app_user').set({ disabled_at: new Date(), disabled_reason: reason }).where('username', '=', username).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('user.not_found', `no login "${username}"`);
    await tx.updateTable('session').set({ ended_at: new Date() }).where('username', '=', username).where('ended_at', 'is', null).execute();
    await recordAudit(tx, { actor, role: 'system_administrator', action: 'user.disable', subject: { type: 'user', id: username }, outcome: 'allowed', reason });
  });
}

/** Give a login a new initial password, which must be changed at the next sign-in; also unlocks it. */
export async function resetPassword(ctx: AppContext, actor: Actor, username: string, password: string): Promise<void> {
  const user = await ctx.db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user) throw new NotFound('user.not_found', `no login "${username}"`);
  const weak = passwordProblem(password, { username, firstName: user.first_name, lastName: user.last_name, minLength: ctx.config.security.passwordMinLength });
  if (weak) throw new BadRequest('password.weak', weak);
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('app_user')
      .set({ password_hash: passwordHash, password_changed_at: new Date(), must_change_password: true, failed_signins: 0, locked_until: null })
      .where('username', '=', username).execute();
    await recordAudit(tx, { actor, role: 'system_administrator', action: 'user.reset_password', subject: { type: 'user', id: username }, outcome: 'allowed' });
  });
}

export async function countUsers(ctx: AppContext): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from app_user`.execute(ctx.db);
  return rows[0]?.n ?? 0;
}
