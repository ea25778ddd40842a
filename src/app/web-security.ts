import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { Problem } from '../core/errors.ts';
import { SESSION_COOKIE } from '../core/http.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The body types a page on another site can send without the browser asking first (a form, or fetch in no-cors mode). */
const FORM_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/** The origin this request was sent to, as the browser names it: scheme, host and port. */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function carriesSessionCookie(request: FastifyRequest): boolean {
  if (request.headers.authorization?.startsWith('Bearer ')) return false;
  return (request.headers.cookie ?? '').split(';').some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));
}

/**
 * Why a request is refused as coming from another origin, or undefined when it may go on.
 * A browser names the page that sent a request in `Origin` (and in `Sec-Fetch-Site`); a
 * state-changing request signed in by the console's cookie must name this server, and a
 * WebSocket opened from a page must too (OWASP ASVS 4.2.2, 13.2.3; CJIS AC-3).
 */
export function crossOriginProblem(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  const upgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
  const unsafe = !SAFE_METHODS.has(request.method);
  if (!unsafe && !upgrade) return undefined;
  if (origin !== undefined && origin !== ownOrigin(request)) return `the request came from ${origin}, not from ${ownOrigin(request)}`;
  if (site !== undefined && site !== 'same-origin' && (unsafe || origin === undefined)) return `the browser says the request came from a ${site} page`;
  if (unsafe && carriesSessionCookie(request)) {
    if (origin === undefined && site === undefined) return 'a change signed in by the console’s cookie must say where it came from (Origin or Sec-Fetch-Site)';
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (FORM_TYPES.includes(type)) return `a change signed in by the console’s cookie must not be sent as ${type}; send application/json`;
  }
  return undefined;
}

/**
 * The browser-facing protections of every answer: a strict Content-Security-Policy (no
 * inline script, no framing), nosniff, no referrer, HSTS when served over TLS (by
 * helmet), and the refusal of cross-origin writes and WebSockets. Helmet's middleware is
 * made once, here: the Fastify plugin built it again for every request, parsing the policy
 * each time (4 % of the server's CPU on a signed-in read; issue 16 point 2).
 */
export async function registerWebSecurity(app: FastifyInstance, options: { tls: boolean }): Promise<void> {
  const protect = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: options.tls ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    protect(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  app.addHook('onRequest', async (request) => {
    const problem = crossOriginProblem(request);
    if (problem) throw new Problem(403, 'request.cross_origin', 'Forbidden', `Refused: ${problem} (OWASP ASVS 4.2.2).`);
  });
}
