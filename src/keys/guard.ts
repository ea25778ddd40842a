import type { FastifyRequest } from 'fastify';
import { authOf } from '../app/http.ts';
import { Forbidden } from '../app/errors.ts';
import { permissionsOf, type Permission } from '../identity/permissions.ts';

/** The signed-in user, when they hold at least one of these Knox permissions. */
export function knoxUser(request: FastifyRequest, anyOf: Permission[] = ['knox.request', 'knox.authorize', 'knox.register']) {
  const auth = authOf(request);
  const held = permissionsOf(auth.actor.roles);
  if (!anyOf.some((p) => held.has(p))) throw new Forbidden('auth.forbidden', `Your roles do not allow this (needs one of ${anyOf.join(', ')}).`);
  return auth.actor;
}

