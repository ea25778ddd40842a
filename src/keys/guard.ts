import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import type { Actor } from '../audit/service.ts';
import { recordAuditNow } from '../audit/service.ts';
import { authOf } from '../app/http.ts';
import { Forbidden } from '../app/errors.ts';
import { permissionsOf, type Permission } from '../identity/permissions.ts';

/**
 * The signed-in user, when they hold at least one of these Knox permissions. Used where
 * several roles share a route (the register is read by dispatchers, officers, the OIC and
 * the Supply Supervisor); a refusal is audited like the root permission check's.
 */
export async function knoxUser(ctx: AppContext, request: FastifyRequest, anyOf: Permission[] = ['knox.request', 'knox.authorize', 'knox.register']): Promise<Actor> {
  const auth = authOf(request);
  const held = permissionsOf(auth.actor.roles);
  if (anyOf.some((p) => held.has(p))) return auth.actor;
  await recordAuditNow(ctx.db, {
    actor: auth.actor, action: `${request.method} ${request.routeOptions.url ?? request.url}`, outcome: 'denied',
    reason: `needs one of ${anyOf.join(', ')}`,
  });
  throw new Forbidden('auth.forbidden', `Your roles do not allow this (needs one of ${anyOf.join(', ')}).`);
}
