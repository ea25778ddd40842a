import { Type } from 'typebox';
import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * The HTTP contract's shared parts: the problem+json body every refusal and error is sent
 * as, the route list a test walks to find routes without a response schema, and the check
 * (on in the test suite) that no answer carries a field its schema would drop.
 */

/** RFC 9457 problem details, as the root error handler sends them (`code` is stable; extras such as `clause` ride along). */
export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  code: Type.String({ description: 'stable machine code, e.g. auth.forbidden, request.invalid' }),
  clause: Type.Optional(Type.String({ description: 'the policy clause that decided a refusal' })),
  field: Type.Optional(Type.String({ description: 'the request field at fault, dotted (attrs.priority), for a form to show the refusal beside its input' })),
}, { additionalProperties: true, description: 'application/problem+json' });

/** Answers with no body (204). */
export const NoContent = Type.Unsafe<void>(Type.Null({ description: 'No content' }));

/** A file answered as bytes (PDF, audio, CSV): described for OpenAPI, never serialized as JSON. */
export const Bytes = (description: string) => Type.Unsafe<unknown>({ type: 'string', format: 'binary', description });

export interface DeclaredRoute { method: string; url: string; responses: string[] }

const declared = new WeakMap<object, DeclaredRoute[]>();

/** Every /api route with the statuses its response schema declares (the contract test reads this). */
export function declaredRoutes(app: FastifyInstance): DeclaredRoute[] {
  return declared.get(app) ?? [];
}

/**
 * Called for every route as it is added: notes it, and adds the problem+json answers for
 * 4xx and 5xx to a route that declared its own answers, so OpenAPI documents them too.
 */
export function declareProblems(app: FastifyInstance, route: RouteOptions): void {
  if (!route.url.startsWith('/api')) return;
  const schema = (route.schema ??= {}) as { response?: Record<string, unknown>; hide?: boolean };
  const own = Object.keys(schema.response ?? {});
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const list = declared.get(app) ?? [];
  for (const method of methods) if (method !== 'HEAD') list.push({ method, url: route.url, responses: own });
  declared.set(app, list);
  if (own.length === 0) return;
  schema.response = { ...schema.response, '4xx': ProblemSchema, '5xx': ProblemSchema };
}

type Json = { type?: string | string[]; properties?: Record<string, Json>; additionalProperties?: boolean | Json;
  patternProperties?: Record<string, Json>; items?: Json; anyOf?: Json[]; oneOf?: Json[]; format?: string };

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'string';
  return typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
}

function typeFits(declaredType: string | string[] | undefined, kind: string): boolean {
  if (declaredType === undefined || kind === 'undefined') return true;
  const types = Array.isArray(declaredType) ? declaredType : [declaredType];
  return types.includes(kind) || (kind === 'integer' && types.includes('number'));
}

/**
 * What serializing `value` with `schema` would lose or bend: fields the schema does not
 * declare (Fastify drops them) and values of another type than declared (it coerces them).
 */
export function contractBreaks(schema: Json, value: unknown, path = ''): string[] {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const tried = branches.map((b) => contractBreaks(b, value, path));
    return tried.find((t) => t.length === 0) ?? tried.sort((a, b) => a.length - b.length)[0] ?? [];
  }
  const kind = kindOf(value);
  if (!typeFits(schema.type, kind)) return [`${path || '(body)'} is ${kind}, declared ${String(schema.type)}`];
  if (kind === 'array' && schema.items) return (value as unknown[]).flatMap((v, i) => contractBreaks(schema.items!, v, `${path}[${i}]`));
  if (kind !== 'object' || value instanceof Date || schema.type === undefined && !schema.properties) return [];
  const open = schema.additionalProperties;
  const breaks: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    const own = schema.properties?.[key];
    if (own) breaks.push(...contractBreaks(own, v, `${path}.${key}`));
    else if (typeof open === 'object') breaks.push(...contractBreaks(open, v, `${path}.${key}`));
    else if (!open && !schema.patternProperties) breaks.push(`${path}.${key} is not declared`);
  }
  return breaks;
}

/** The declared schema for a status: exact, then its range (2xx). */
export function responseSchemaFor(responses: Record<string, unknown> | undefined, status: number): Json | undefined {
  if (!responses) return undefined;
  return (responses[String(status)] ?? responses[`${String(status)[0]}xx`]) as Json | undefined;
}


/**
 * In the test suite: an answer that would lose a field or bend a value is an error, so a
 * schema that forgot a field fails the test that reads it instead of hiding it from a user.
 */
export function checkResponses(app: FastifyInstance): void {
  app.addHook('preSerialization', async (request, reply, payload) => {
    const responses = (request.routeOptions.schema as { response?: Record<string, unknown> } | undefined)?.response;
    const schema = responseSchemaFor(responses, reply.statusCode);
    if (!schema || reply.statusCode >= 400) return payload;
    const breaks = contractBreaks(schema, payload);
    if (breaks.length > 0) {
      const where = `${request.method} ${request.routeOptions.url} ${reply.statusCode}`;
      console.error(`response schema of ${where} does not fit the answer:\n  ${breaks.slice(0, 20).join('\n  ')}`);
      throw new Error(`response schema of ${where} does not fit the answer: ${breaks.slice(0, 5).join('; ')}`);
    }
    return payload;
  });
}
