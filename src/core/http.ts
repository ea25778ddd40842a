import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from './permissions.ts';
import { Unauthenticated } from './errors.ts';
import type { Authenticated, Origin } from './actor.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * What a caller needs: a permission from the role table, a list of which any one
     * will do, `signed_in` for any user with a session, or `public`. Every /api route must say.
     */
    permission?: Permission | readonly Permission[] | 'signed_in' | 'public';
    /** Audit this GET too (reads of restricted data). Writes are always audited. */
    auditRead?: boolean;
    /** The action's name in its audit row (default: the kind of its first event, else the route). */
    action?: string;
    /** The service writes its own audit rows for this route (sign-in, sign-out). */
    auditedByService?: boolean;
    /** Reachable while the user must still change an expired or initial password. */
    duringPasswordChange?: boolean;
    /** Reachable while the user must still enroll an authenticator (security.requireMfaForAll). */
    duringMfaEnrollment?: boolean;
  }
  interface FastifyRequest {
    auth: Authenticated | null;
    origin: Origin;
  }
}

export const SESSION_COOKIE = 'precinct_session';

/** The signed-in user of a route that required one. */
export function authOf(request: FastifyRequest): Authenticated {
  if (!request.auth) throw new Unauthenticated();
  return request.auth;
}

/** The session token from `Authorization: Bearer …` or the console's cookie. */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  const cookie = request.headers.cookie;
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('=')) || undefined;
  }
  return undefined;
}

/**
 * Set (or clear) the console's session cookie: HttpOnly, SameSite=Strict, and Secure
 * whenever the request came over TLS or the agency says a TLS proxy is in front.
 */
export function setSessionCookie(reply: FastifyReply, token: string | null, options: { behindTls: boolean }): void {
  const value = token ? encodeURIComponent(token) : '';
  const maxAge = token ? '' : '; Max-Age=0';
  const secure = options.behindTls || reply.request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict${secure}${maxAge}`);
}
