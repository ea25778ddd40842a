import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type RouteOptions, type FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { Type } from 'typebox';
import fastifyWebsocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../core/context.ts';
import { Problem } from '../core/errors.ts';
import { tokenOf } from '../core/http.ts';
import { cutText, refuseUnstorableText, serializerCompiler, validatorCompiler } from '../core/validation.ts';
import { checkResponses, declareProblems } from '../core/contract.ts';
import { recordAuditNow } from '../core/audit/trail.ts';
import { currentAction, runAction, type Action } from '../core/audit/action.ts';
import { permissionsOf, roleUsedFor, type Permission } from '../core/permissions.ts';
import { authenticate } from '../identity/service.ts';
import { capabilities, publicPages } from './capabilities.ts';
import './record-rules.ts';
import './close-checks.ts';
import { startJobs } from './jobs.ts';
import { registerWebSecurity } from './web-security.ts';
import { VERSION } from '../core/version.ts';
import { HealthAnswer } from '../core/health.ts';
import { databaseAnswers } from '../core/settings.ts';

export type App = FastifyInstance<
  import('node:http').Server, import('node:http').IncomingMessage, import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger, TypeBoxTypeProvider
>;

export interface ServerOptions {
  /** pino logging; off in tests unless a test hands in a stream to read it. */
  logger?: boolean;
  logStream?: NodeJS.WritableStream;
  /** Run the background jobs of src/app/jobs.ts (default true). */
  jobs?: boolean;
}

const BODY_LIMIT = 256 * 1024;

function problemBody(status: number, code: string, title: string, detail?: string, extra?: Record<string, unknown>) {
  return { type: `https://precinct.invalid/problems/${code}`, title, status, detail, code, ...extra };
}

/** SQLSTATEs of a transaction the database rolled back because of a concurrent one: deadlock_detected, serialization_failure. */
const TRANSIENT_CONFLICTS = new Set(['40P01', '40001']);

/** Turn any error into problem+json. A stack trace never leaves the server. */
function toProblem(error: FastifyError | Problem): ReturnType<typeof problemBody> {
  if (error instanceof Problem) return problemBody(error.status, error.code, error.title, error.detail, error.extra);
  if (error.validation) {
    const first = error.validation[0];
    const where = `${error.validationContext ?? 'body'}${first?.instancePath ?? ''}`.replaceAll('/', '.');
    let detail = `${where} ${first?.message ?? 'is not valid'}`;
    // the field at fault, dotted and without its part ("attrs.priority"), for a form to show the refusal beside its input
    let field = (first?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    if (first?.keyword === 'additionalProperties') detail = `${where} has an unknown field "${String(first.params.additionalProperty)}"`;
    if (first?.keyword === 'required') {
      detail = `${where}.${String(first.params.missingProperty)} is required`;
      field = [field, String(first.params.missingProperty)].filter(Boolean).join('.');
    }
    return problemBody(400, 'request.invalid', 'Bad request', detail, field ? { field } : undefined);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problemBody(400, 'request.malformed_json', 'Bad request', 'The body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemBody(400, 'request.too_large', 'Bad request', `The body is larger than ${BODY_LIMIT / 1024} KiB.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemBody(415, 'request.unsupported_media_type', 'Unsupported media type', 'Send application/json.');
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return problemBody(error.statusCode, 'request.invalid', 'Bad request', error.message);
  }
  // PostgreSQL ended the transaction to break a deadlock with another one, or could not serialize them:
  // everything it wrote was rolled back, and the same request sent again will go through.
  if (TRANSIENT_CONFLICTS.has(String(error.code))) {
    return problemBody(503, 'server.conflict_retry', 'Try again', 'This change met another one made at the same moment and the database undid it: nothing was saved. Send it again.', { retryAfter: 1 });
  }
  return problemBody(500, 'server.error', 'Internal error', 'The server could not complete the request. It has been logged.');
}

/** Refusals that interrupt a session (a password to change, an authenticator to set up) rather than refuse a record. */
const SESSION_GATES = new Set(['auth.password_change_required', 'auth.mfa_enrollment_required']);

/** The code and detail of a refusal's problem+json, for its audit row; undefined for a session gate. */
function refusalOf(payload: unknown): string | undefined | null {
  try {
    const body = JSON.parse(String(payload)) as { code?: unknown; detail?: unknown };
    if (typeof body.code === 'string' && SESSION_GATES.has(body.code)) return null;
    return cutText([body.code, body.detail].filter((v) => typeof v === 'string').join(': '), 300) || undefined;
  } catch {
    return undefined;
  }
}

/** HTTPS with the agency's certificate when PRECINCT_TLS_CERT and PRECINCT_TLS_KEY are set. */
function tlsOptions(ctx: AppContext): Record<string, unknown> {
  if (!ctx.config.tls) return {};
  return { https: { cert: readFileSync(ctx.config.tls.certFile), key: readFileSync(ctx.config.tls.keyFile), minVersion: 'TLSv1.2' } };
}

export async function buildServer(ctx: AppContext, options: ServerOptions = {}): Promise<App> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    // Only the named proxies' X-Forwarded-* are believed: the client is the right-most address not among them.
    trustProxy: ctx.config.trustedProxies.length > 0 ? ctx.config.trustedProxies : false,
    ...tlsOptions(ctx),
    logger: options.logger || options.logStream
      ? {
          level: process.env.LOG_LEVEL ?? 'info',
          ...(options.logStream ? { stream: options.logStream } : {}),
          // Passwords, tokens and cookies never reach the log; nor do bodies (record contents).
          redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
        }
      : false,
    ajv: { customOptions: { removeAdditional: false } },
    // A path the router cannot decode, or a path segment over its length limit: problem+json too.
    frameworkErrors: (error, _request, answer) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const reply = answer as unknown as FastifyReply;
      return reply.status(tooLong ? 414 : 400).type('application/problem+json').send(tooLong
        ? problemBody(414, 'request.path_too_long', 'URI too long', 'A path segment is longer than the server accepts.')
        : problemBody(400, 'request.invalid_path', 'Bad request', 'The path is not valid percent-encoded UTF-8.'));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', null);
  app.decorateRequest('origin', { getter() { return { source: this.ip, remote: !ctx.isTrusted(this.ip) }; } });

  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    const body = toProblem(error);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    const { retryAfter } = body as { retryAfter?: unknown };
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    return reply.status(body.status).type('application/problem+json').send(body);
  });

  // Every route's problem+json answers are declared with its own (src/core/contract.ts).
  app.addHook('onRoute', (route) => declareProblems(app as unknown as FastifyInstance, route as RouteOptions));
  if (process.env.PRECINCT_CHECK_RESPONSES === '1') checkResponses(app as unknown as FastifyInstance);
  // The WebSocket plugin goes before every hook that may refuse a request: its own onRequest hook marks an
  // upgrade so that a refused one (another origin, no session) has its socket closed after the answer, instead
  // of being left open for ever, which also kept the server from closing.
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await registerWebSecurity(app, { tls: Boolean(ctx.config.tls) || ctx.config.behindTls });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Precinct API', version: VERSION, description: 'Police CAD, records and Knox Box key custody.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });

  // Every /api route says what it needs; a route that forgot is a bug caught at start.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api') && !route.config?.permission) {
      throw new Error(`route ${route.method} ${route.url} does not declare a permission`);
    }
  });

  // Each request is one action: its audit row is written in the transaction of the change
  // it makes (docs/architecture.md, "The audit path"; S-110 §D.4, CJIS AU-2, AU-3).
  app.addHook('onRequest', (request, _reply, done) => {
    const config = request.routeOptions.config;
    const isWrite = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    const action: Action = {
      route: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
      audited: (isWrite || Boolean(config.auditRead)) && !config.auditedByService, name: config.action, subjects: [], covered: false,
    };
    runAction(action, done);
  });

  app.addHook('onRequest', async (request) => {
    const need = request.routeOptions.config.permission;
    if (!need || need === 'public') return;
    const token = tokenOf(request);
    if (!token) throw new Problem(401, 'auth.required', 'Authentication required', 'Sign in first.');
    // The console marks refreshes and polls as background; the live stream is background too (CJIS AC-11).
    const background = request.headers['x-precinct-activity'] === 'background' || request.headers.upgrade?.toLowerCase() === 'websocket';
    request.auth = await authenticate(ctx, token, request.origin, { background });
    const action = currentAction();
    if (action) {
      action.actor = request.auth.actor;
      action.role = need !== 'signed_in' ? roleUsedFor(request.auth.actor.roles, need) ?? null : null;
    }
    if (request.auth.mustChangePassword && !request.routeOptions.config.duringPasswordChange) {
      throw new Problem(403, 'auth.password_change_required', 'Forbidden', 'Change your password before going on (S-110 §D.1–2).');
    }
    if (!request.auth.mustChangePassword && request.auth.mustEnrollMfa && !request.routeOptions.config.duringMfaEnrollment) {
      throw new Problem(403, 'auth.mfa_enrollment_required', 'Forbidden', 'Set up an authenticator before going on: this agency requires a second factor for everyone (CJIS IA-2(2)).');
    }
    if (need === 'signed_in') return;
    const anyOf: readonly Permission[] = typeof need === 'string' ? [need] : need;
    const held = permissionsOf(request.auth.actor.roles);
    if (!anyOf.some((p) => held.has(p))) {
      const needs = anyOf.length === 1 ? anyOf[0]! : `one of ${anyOf.join(', ')}`;
      // The refused request names the record it asked for (CJIS AU-3): the path carries it.
      await recordAuditNow(ctx.db, {
        actor: request.auth.actor, action: `${request.method} ${request.routeOptions.url}`, outcome: 'denied',
        subject: { type: 'request', id: cutText(request.url.split('?')[0]!, 300) }, reason: `needs permission ${needs}`,
      });
      throw new Problem(403, 'auth.forbidden', 'Forbidden', `Your roles do not allow this (needs ${needs}).`);
    }
  });

  // Text that cannot be stored (NUL, an unpaired surrogate) is refused before any handler
  // runs, from one place: the record would otherwise differ from what was sent.
  app.addHook('preValidation', async (request) => refuseUnstorableText(request));

  // An audited request that changed nothing through a transaction (an audited read, or a
  // write that appends no event) gets its row here, before the answer leaves.
  // A refused read names the record asked for (CJIS AU-3): a service's own refusal of a GET (a unit
  // that is not one's own, a case withheld) gets its denied row here, unless the refusal wrote one.
  app.addHook('onSend', async (request, reply, payload) => {
    const action = currentAction();
    if (!action?.actor) return payload;
    const path = { type: 'request', id: cutText(request.url.split('?')[0]!, 300) };
    const refusal = reply.statusCode === 403 && !action.refusalAudited && (request.method === 'GET' || request.method === 'HEAD') ? refusalOf(payload) : null;
    if (refusal !== null) {
      await recordAuditNow(ctx.db, {
        actor: action.actor, role: action.role ?? null, action: action.name ?? action.route, subject: action.subjects[0] ?? path,
        outcome: 'denied', reason: refusal, detail: { route: action.route, status: reply.statusCode },
      });
      return payload;
    }
    if (!action.audited || action.covered || reply.statusCode >= 400) return payload;
    if (process.env.PRECINCT_AUDIT_TRACE && request.method !== 'GET') console.error(`AUDIT-FALLBACK ${action.route} ${reply.statusCode}`);
    const [first, ...others] = action.subjects;
    await recordAuditNow(ctx.db, {
      actor: action.actor, role: action.role ?? null, action: action.name ?? action.route,
      subject: first ?? path, outcome: 'allowed',
      detail: { route: action.route, status: reply.statusCode, ...(others.length ? { also: others.slice(0, 50).map((s) => `${s.type}:${s.id}`) } : {}) },
    });
    return payload;
  });

  app.get('/api/health', { config: { permission: 'public' }, schema: { tags: ['system'], response: { 200: HealthAnswer } } }, async () => {
    await databaseAnswers(ctx.db);
    return { status: 'ok' as const, database: ctx.database.kind, version: VERSION };
  });
  const OpenApi = Type.Object({}, { additionalProperties: true, description: 'this OpenAPI 3 document' });
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true, response: { 200: OpenApi } } }, async () => app.swagger());

  for (const capability of capabilities) await app.register(capability, { prefix: '/api/v1', ctx });
  for (const page of publicPages) await app.register(page, { ctx });

  app.addHook('onReady', async () => { for (const warning of ctx.warnings) app.log.warn(warning); });

  if (options.jobs !== false) {
    let stopJobs: (() => void) | undefined;
    app.addHook('onReady', async () => { stopJobs = await startJobs(ctx, app.log); });
    app.addHook('onClose', async () => stopJobs?.());
  }

  const index = join(ctx.config.webDir, 'index.html');
  if (existsSync(index)) {
    // The bundle's files are named by their content (index-<hash>.js): kept for a year and never revalidated.
    // index.html names the current ones, so it is revalidated on every load. Sent as built, Brotli or gzip.
    await app.register(fastifyStatic, {
      root: ctx.config.webDir, wildcard: false, index: ['index.html'], preCompressed: true, cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader('cache-control', relative(ctx.config.webDir, path).startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api') || request.method !== 'GET' || !existsSync(index)) {
      return reply.status(404).type('application/problem+json')
        .send(problemBody(404, 'route.not_found', 'Not found', `No ${request.method} ${request.url.split('?')[0]} here.`));
    }
    return reply.sendFile('index.html'); // the console's own routes
  });
  return app;
}
