import { announceSessionChange } from '../core/events/sessions.ts';
import type { AppContext } from '../core/context.ts';
import { BadRequest, Conflict, NotFound } from '../core/errors.ts';
import { enforce } from '../core/decision.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import { isRole, permissionsOf, PRIVILEGED_PERMISSIONS } from '../core/permissions.ts';
import { privilegedRoleChanges, roleApprovalDecision } from './rules.ts';
import { refuseSelfChange } from './users.ts';
import type { Actor } from '../core/actor.ts';
import { displayName, peopleByUsername } from './people.ts';

/** A privileged role change waiting for its second person. */
export interface RoleChangeView {
  id: string;
  username: string;
  /** "Name #badge" of the person whose roles change, in the list of changes waiting. */
  name?: string;
  roles: string[];
  beforeRoles: string[];
  requestedBy: string;
  /** "Name #badge" of who asked, in the list of changes waiting. */
  requestedByName?: string;
  requestedAt: string;
}

/** True for the system administrator role and every role that reads juvenile or CJIS data. */
export function isPrivilegedRole(role: string): boolean {
  const held = permissionsOf([role]);
  return PRIVILEGED_PERMISSIONS.some((p) => held.has(p));
}

/** The operator at the server's own command line owns the database files; the two-person rule is for the console. */
function isOperator(actor: Actor): boolean {
  return actor.username.startsWith('cli:') || actor.username === 'system';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function view(r: { id: string; username: string; roles: string[]; before_roles: string[]; requested_by: string; requested_at: Date }): RoleChangeView {
  return { id: r.id, username: r.username, roles: r.roles, beforeRoles: r.before_roles, requestedBy: r.requested_by, requestedAt: r.requested_at.toISOString() };
}

/** Open a request for a privileged role change, replacing an older open one for the same login. Audited by the caller's row. */
export async function openRoleChange(tx: Tx, actor: Actor, username: string, before: string[], roles: string[]): Promise<RoleChangeView> {
  await tx.updateTable('role_change').set({ outcome: 'superseded', decided_at: new Date(), decided_by: actor.username })
    .where('username', '=', username).where('outcome', 'is', null).execute();
  const row = await tx.insertInto('role_change').values({ username, roles, before_roles: before, requested_by: actor.username })
    .returningAll().executeTakeFirstOrThrow();
  return view(row);
}

/** Whether a new login's roles may be given at once, or wait for a second person; split into now and later. */
export function rolesNeedingApproval(actor: Actor, roles: string[]): string[] {
  return isOperator(actor) ? [] : roles.filter(isPrivilegedRole);
}

/**
 * Give a login these roles (S-110 §D). A change that grants or removes a privileged role
 * waits for a second administrator or the chief (two people for privilege); any other
 * change applies at once. Nobody changes their own roles.
 */
export async function changeRoles(ctx: AppContext, actor: Actor, username: string, roles: string[]): Promise<{ roles: string[]; pending: RoleChangeView | null }> {
  await refuseSelfChange(ctx, actor, username, 'user.set_roles');
  const unknown = roles.find((r) => !isRole(r));
  if (unknown) throw new BadRequest('user.unknown_role', `"${unknown}" is not a role`);
  if (roles.length === 0) throw new BadRequest('user.no_role', 'a login needs at least one role; disable it instead');
  const wanted = [...new Set(roles)];
  return inTransaction(ctx.db, async (tx) => {
    const before = await tx.selectFrom('app_user').select('roles').where('username', '=', username).forUpdate().executeTakeFirst();
    if (!before) throw new NotFound('user.not_found', `no login "${username}"`);
    const privileged = isOperator(actor) ? [] : privilegedRoleChanges(before.roles, wanted, isPrivilegedRole);
    const subject = { type: 'user', id: username };
    if (privileged.length > 0) {
      const pending = await openRoleChange(tx, actor, username, before.roles, wanted);
      await recordAudit(tx, { actor, role: 'system_administrator', action: 'user.role_change_requested', subject, outcome: 'allowed',
        detail: { before: before.roles, requested: wanted, privileged, request: pending.id } });
      return { roles: before.roles, pending };
    }
    await tx.updateTable('app_user').set({ roles: wanted }).where('username', '=', username).execute();
    await announceSessionChange(tx, { username, why: 'roles' });
    await recordAudit(tx, { actor, role: 'system_administrator', action: 'user.set_roles', subject, outcome: 'allowed', detail: { before: before.roles, after: wanted } });
    return { roles: wanted, pending: null };
  });
}

/** Every privileged role change waiting for a second person, oldest first. */
export async function openRoleChanges(ctx: AppContext): Promise<RoleChangeView[]> {
  const rows = await ctx.db.selectFrom('role_change').selectAll().where('outcome', 'is', null).orderBy('requested_at').execute();
  const people = await peopleByUsername(ctx.db, rows.flatMap((r) => [r.requested_by, r.username]));
  return rows.map((r) => ({ ...view(r), name: displayName(people.get(r.username), r.username), requestedByName: displayName(people.get(r.requested_by), r.requested_by) }));
}

/** The second person approves (the change applies) or refuses a waiting request; both are audited. */
export async function decideRoleChange(ctx: AppContext, actor: Actor, id: string, approve: boolean): Promise<{ username: string; roles: string[] }> {
  return inTransaction(ctx.db, async (tx) => {
    const request = UUID.test(id) ? await tx.selectFrom('role_change').selectAll().where('id', '=', id).forUpdate().executeTakeFirst() : undefined;
    if (!request || request.outcome) throw new NotFound('role_change.not_found', 'No such waiting role change.');
    const user = await tx.selectFrom('app_user').select(['roles', 'created_by', 'created_at']).where('username', '=', request.username).forUpdate().executeTakeFirstOrThrow();
    const subject = { type: 'user', id: request.username };
    const detail = { request: id, requestedBy: request.requested_by, before: request.before_roles, requested: request.roles };
    if (approve) {
      enforce(roleApprovalDecision({ approver: actor.username, requestedBy: request.requested_by, username: request.username,
        createdBy: user.created_by, createdAt: user.created_at, now: new Date() }));
      const same = user.roles.length === request.before_roles.length && user.roles.every((r) => request.before_roles.includes(r));
      if (!same) throw new Conflict('role_change.stale', 'The login’s roles changed after this request was made; ask again.');
      await tx.updateTable('app_user').set({ roles: request.roles }).where('username', '=', request.username).execute();
      await announceSessionChange(tx, { username: request.username, why: 'roles' });
    } else if (actor.username === request.username) {
      enforce(roleApprovalDecision({ approver: actor.username, requestedBy: request.requested_by, username: request.username, createdBy: null, createdAt: user.created_at, now: new Date() }));
    }
    await tx.updateTable('role_change').set({ outcome: approve ? 'approved' : 'refused', decided_by: actor.username, decided_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(tx, { actor, action: approve ? 'user.set_roles' : 'user.role_change_refused', subject, outcome: 'allowed',
      detail: approve ? { ...detail, after: request.roles, approvedBy: actor.username } : detail });
    return { username: request.username, roles: approve ? request.roles : user.roles };
  });
}
