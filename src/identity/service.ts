import { userInfo } from 'node:os';
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { BadRequest, Conflict, NotFound, Unauthenticated } from '../core/errors.ts';
import { recordAudit, recordAuditNow } from '../core/audit/trail.ts';
import { inTransaction } from '../db/index.ts';
import { fixedStatement } from '../db/fixed.ts';
import { announceSessionChange } from '../core/events/sessions.ts';
import { publicUser } from './model.ts';
import { displayName } from './people.ts';
import { generatedPassword, hashPassword } from './passwords.ts';
import { isRole } from '../core/permissions.ts';
import { loginProblem, passwordContext, passwordExpiresAt, passwordProblem, remoteSignInDecision } from './rules.ts';
import { tokenHash } from './tokens.ts';
import { signInThrottle } from './throttle.ts';
import { openRoleChange, rolesNeedingApproval, type RoleChangeView } from './role-changes.ts';
import { trustedNetwork } from './network.ts';
import type { Actor, Authenticated, Origin, PublicUser } from '../core/actor.ts';

export { publicUser, type Origin, type PublicUser, type SignedIn } from './model.ts';
export { signIn } from './signin.ts';

/** The operating-system user running this process: the operator named in the audit trail of a command. */
export function operatingSystemUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'operator';
  }
}

/** The actor for work done from the command line by an operator on the server itself, named by their OS user. */
export function consoleActor(operator: string = operatingSystemUser()): Actor {
  return { username: `cli:${operator.slice(0, 60)}`, roles: ['system_administrator'], source: 'localhost', remote: false };
}

export type { Authenticated } from '../core/actor.ts';

/**
 * The idle limit for a request from this address (CJIS AC-11): the policy's limit, or the
 * agency's longer one at dispatch positions in the secured center and vehicle terminals.
 */
export function idleMinutesFor(ctx: AppContext, source: string): number {
  const { security } = ctx.config;
  if (security.idleExemptNetworks.length === 0) return security.idleMinutes;
  let inside = exemptChecks.get(ctx);
  if (!inside) exemptChecks.set(ctx, inside = trustedNetwork(security.idleExemptNetworks));
  return inside(source) ? security.exemptIdleMinutes : security.idleMinutes;
}
const exemptChecks = new WeakMap<AppContext, (address: string) => boolean>();

/** The session and its user for a token's hash: every request's first statement, compiled once. */
const sessionByToken = fixedStatement((db, hash: string) => db
  .selectFrom('session')
  .innerJoin('app_user', 'app_user.username', 'session.username')
  .select(['session.id', 'session.created_at', 'session.last_seen_at', 'session.ended_at', 'app_user.username', 'app_user.first_name',
    'app_user.last_name', 'app_user.badge', 'app_user.unit', 'app_user.roles', 'app_user.disabled_at', 'app_user.must_change_password',
    'app_user.password_changed_at', 'session.remote as session_remote', 'app_user.mfa_secret'])
  .where('session.token_hash', '=', hash));

/**
 * The user behind a session token, or a 401 naming why (unknown, ended, idle too long, too old).
 * Only a person's own actions keep the session alive: a request the console marks as
 * background (a refresh, a poll, the live stream) is served but does not (CJIS AC-11, AC-12).
 */
export async function authenticate(ctx: AppContext, token: string, origin: Origin, options: { background?: boolean } = {}): Promise<Authenticated> {
  const { security } = ctx.config;
  const [row] = await sessionByToken(ctx.db, tokenHash(token));
  if (!row || row.ended_at || row.disabled_at) {
    // A forged, tampered or stolen-after-sign-out token: refused and recorded (CJIS AU-2).
    const reason = !row ? 'unknown session token' : row.disabled_at ? 'session of a disabled login' : 'session already ended';
    await recordAuditNow(ctx.db, { actor: { username: row?.username ?? null, source: origin.source, remote: origin.remote }, action: 'session.token', outcome: 'denied', reason });
    throw new Unauthenticated('auth.session_ended', 'This session has ended. Sign in again.');
  }
  const now = new Date();
  const idleLimit = idleMinutesFor(ctx, origin.source) * 60_000;
  if (now.getTime() - row.last_seen_at.getTime() > idleLimit || now.getTime() - row.created_at.getTime() > security.maxSessionHours * 3_600_000) {
    await inTransaction(ctx.db, async (tx) => {
      await tx.updateTable('session').set({ ended_at: now }).where('id', '=', row.id).execute();
      await recordAudit(tx, { actor: { username: row.username, source: origin.source, remote: origin.remote }, action: 'session.expired', subject: { type: 'session', id: row.id }, outcome: 'denied', reason: 'idle or too old' });
    });
    throw new Unauthenticated('auth.session_expired', 'This session has expired. Sign in again.');
  }
  if (origin.remote) await checkRemoteUse(ctx, row, origin, now);
  if (!options.background && now.getTime() - row.last_seen_at.getTime() > 15_000) {
    await ctx.db.updateTable('session').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  }
  const expired = passwordExpiresAt(row.password_changed_at, security.passwordMaxAgeDays) <= now;
  return {
    actor: { username: row.username, roles: row.roles, source: origin.source, remote: origin.remote, displayName: displayName({ name: `${row.first_name} ${row.last_name}`, badge: row.badge }, row.username) },
    user: publicUser(row),
    sessionId: row.id,
    mustChangePassword: row.must_change_password || expired,
    mustEnrollMfa: security.requireMfaForAll && !row.mfa_secret,
  };
}

/**
 * S-110 §H applies to every remote request, not only the sign-in: a session opened
 * inside the station is not usable from outside (it had no second factor), and a
 * court administrator's remote session ends with court hours.
 */
async function checkRemoteUse(ctx: AppContext, row: { id: string; username: string; roles: string[]; session_remote: boolean }, origin: Origin, now: Date): Promise<void> {
  const decision = row.session_remote
    ? remoteSignInDecision({ roles: row.roles, mfaEnrolled: true, at: now, courtHours: ctx.config.agency.courtHours, timeZone: ctx.config.agency.timeZone })
    : { allowed: false as const, code: 'auth.remote_session' as const, reason: 'A session opened inside the station cannot be used from outside; sign in remotely with a second factor (S-110 §H).' };
  if (decision.allowed) return;
  await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('session').set({ ended_at: now }).where('id', '=', row.id).execute();
    await recordAudit(tx, { actor: { username: row.username, source: origin.source, remote: true }, action: 'session.remote_use', subject: { type: 'session', id: row.id }, outcome: 'denied', reason: decision.reason });
  });
  throw new Unauthenticated(decision.code, decision.reason);
}

export async function signOut(ctx: AppContext, auth: Authenticated): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('session').set({ ended_at: new Date() }).where('id', '=', auth.sessionId).where('ended_at', 'is', null).execute();
    await recordAudit(tx, { actor: auth.actor, action: 'session.signout', subject: { type: 'user', id: auth.actor.username }, outcome: 'allowed' });
    await announceSessionChange(tx, { session: auth.sessionId, why: 'signedOut' });
  });
}

export interface NewUser {
  username: string;
  firstName: string;
  lastName: string;
  badge?: string | null | undefined;
  unit?: string | null | undefined;
  roles: string[];
  /** The initial password; when absent one is generated and answered once as `initialPassword`. */
  password?: string | undefined;
  /** Demo users need no change at first sign-in; everyone else does (S-110 §D.2). */
  mustChangePassword?: boolean;
}

/**
 * Add a named person's login (S-110 §D: only system administrators assign logins and initial
 * passwords). Privileged roles wait for a second person's approval (see role-changes.ts).
 */
export async function addUser(ctx: AppContext, actor: Actor, input: NewUser): Promise<{ user: PublicUser; pendingRoleChange: RoleChangeView | null; initialPassword: string | null }> {
  const username = input.username.trim().toLowerCase();
  const firstName = input.firstName.trim();
  const lastName = input.lastName.trim();
  const problem = loginProblem(username, firstName, lastName);
  if (problem) throw new BadRequest('user.invalid_login', problem);
  const unknownRole = input.roles.find((r) => !isRole(r));
  if (unknownRole) throw new BadRequest('user.unknown_role', `"${unknownRole}" is not a role`);
  if (input.roles.length === 0) throw new BadRequest('user.no_role', 'a login needs at least one role');
  const rule = passwordContext(ctx.config, { username, firstName, lastName });
  const password = input.password ?? generatedPassword(rule);
  const weak = passwordProblem(password, rule);
  if (weak) throw new BadRequest('password.weak', weak);
  const passwordHash = await hashPassword(password);
  const roles = [...new Set(input.roles)];
  // Privileged roles wait for a second administrator or the chief; the login starts with the others.
  const waiting = rolesNeedingApproval(actor, roles);
  const now = roles.filter((r) => !waiting.includes(r));
  return inTransaction(ctx.db, async (tx) => {
    const existing = await tx.selectFrom('app_user').select('username').where('username', '=', username).executeTakeFirst();
    if (existing) throw new Conflict('user.exists', `the login "${username}" is taken; logins are never reused (CJIS IA-4)`);
    const row = await tx
      .insertInto('app_user')
      .values({
        username, first_name: firstName, last_name: lastName, badge: input.badge ?? null, unit: input.unit ?? null,
        roles: now, password_hash: passwordHash, password_changed_at: new Date(), created_by: actor.username,
        must_change_password: input.mustChangePassword ?? true, disabled_at: null, disabled_reason: null, locked_until: null, last_signin_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.insertInto('password_history').values({ username, password_hash: passwordHash, changed_at: new Date() }).execute();
    const pending = waiting.length > 0 ? await openRoleChange(tx, actor, username, now, roles) : null;
    await recordAudit(tx, {
      actor, role: 'system_administrator', action: 'user.add', subject: { type: 'user', id: username }, outcome: 'allowed',
      detail: pending ? { roles: row.roles, awaitingApproval: waiting, request: pending.id } : { roles: row.roles },
    });
    return { user: publicUser(row), pendingRoleChange: pending, initialPassword: input.password === undefined ? password : null };
  });
}

/** Disable a login; it stays on record and cannot sign in (S-110 §D.6). Ends its sessions. */
export async function disableUser(ctx: AppContext, actor: Actor, username: string, reason: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const result = await tx.updateTable('app_user').set({ disabled_at: new Date(), disabled_reason: reason }).where('username', '=', username).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('user.not_found', `no login "${username}"`);
    await tx.updateTable('session').set({ ended_at: new Date() }).where('username', '=', username).where('ended_at', 'is', null).execute();
    await recordAudit(tx, { actor, role: 'system_administrator', action: 'user.disable', subject: { type: 'user', id: username }, outcome: 'allowed', reason });
    await announceSessionChange(tx, { username, why: 'disabled' });
  });
}

/**
 * Give a login a new generated initial password, answered once, which must be changed at the next
 * sign-in; also unlocks it.
 */
export async function resetPassword(ctx: AppContext, actor: Actor, username: string): Promise<string> {
  const user = await ctx.db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user) throw new NotFound('user.not_found', `no login "${username}"`);
  const password = generatedPassword(passwordContext(ctx.config, { username, firstName: user.first_name, lastName: user.last_name }));
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('app_user')
      .set({ password_hash: passwordHash, password_changed_at: new Date(), must_change_password: true, failed_signins: 0, locked_until: null })
      .where('username', '=', username).execute();
    await tx.insertInto('password_history').values({ username, password_hash: passwordHash, changed_at: new Date() }).execute();
    await recordAudit(tx, { actor, role: 'system_administrator', action: 'user.reset_password', subject: { type: 'user', id: username }, outcome: 'allowed' });
  });
  signInThrottle(ctx).forget(username);
  return password;
}

export async function countUsers(ctx: AppContext): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from app_user`.execute(ctx.db);
  return rows[0]?.n ?? 0;
}
