import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import { build as buildSerializer } from 'fast-json-stringify';
import { BadRequest } from './errors.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const LOCAL_MINUTE = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d$/;

/** 'YYYY-MM-DDTHH:MM' on the agency's clock (no zone), on a day the calendar has: not 2026-02-30. */
export function isLocalMinute(text: string): boolean {
  const match = LOCAL_MINUTE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function ajv(coerceTypes: boolean | 'array'): Ajv {
  // Unknown fields are refused, never silently dropped: schemas say additionalProperties: false.
  const instance = new Ajv({ coerceTypes, removeAdditional: false, useDefaults: true, allErrors: false, strict: false });
  addFormats(instance);
  instance.addFormat('local-minute', { type: 'string', validate: isLocalMinute });
  return instance;
}

const bodies = ajv(false); // a JSON body means what it says: "5" is not 5
const urls = ajv('array'); // query strings and paths arrive as text

/** Validation at the edge: strict for JSON bodies, type-coercing for paths and query strings. */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  // Compiled at the route's first request, not at the start: a server has hundreds of routes and a
  // console uses a few dozen; compiling them all was a third of the start's CPU (bench/start.bench.ts).
  let validate: ReturnType<Ajv['compile']> | undefined;
  return (data: unknown) => {
    validate ??= (httpPart === 'body' ? bodies : urls).compile(schema as object);
    return validate(data) ? { value: data } : { error: Object.assign(new Error('invalid'), { validation: validate.errors }) };
  };
};

/**
 * Answers are written by serializers compiled from the routes' response schemas, one per schema
 * object: the problem+json schema every route declares for 4xx and 5xx is compiled once, not
 * twice per route, and a process that builds several servers (the test suite builds hundreds)
 * compiles each schema once. The schemas declare no `$ref`, so a serializer depends on its
 * schema alone.
 */
const serializers = new WeakMap<object, (data: unknown) => string>();

function serializerOf(schema: object): (data: unknown) => string {
  let serialize = serializers.get(schema);
  if (!serialize) {
    serialize = buildSerializer(schema as Parameters<typeof buildSerializer>[0]) as (data: unknown) => string;
    serializers.set(schema, serialize);
  }
  return serialize;
}

/** Like validation, a serializer is built when its route first answers with that status, not at the start. */
export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) => {
  let serialize: ((data: unknown) => string) | undefined;
  return (data: unknown) => (serialize ??= serializerOf(schema as object))(data);
};

/**
 * A NUL (which PostgreSQL cannot store in text) or a UTF-16 surrogate without its pair
 * (which cannot be written as UTF-8: the database would keep U+FFFD instead, and the
 * record would no longer be what was sent).
 */
// eslint-disable-next-line no-control-regex -- the NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when every character of the text can be stored exactly as sent. */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * The first field of a parsed request part holding text that cannot be stored: its
 * dotted name (`body.narrative`, `query.q`, `params.number`), or undefined. Field names
 * are text too: a bad key is reported by where it sits.
 */
export function unstorableField(value: unknown, where: string, depth = 0): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : where;
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableField(value[i], `${where}.${i}`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (!isStorableText(key)) return `${where} (a field name)`;
    const found = unstorableField(inner, `${where}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuse, before any handler runs, a request whose path, query string or body carries
 * text that cannot be stored: 400 `request.invalid_text` naming the field. Every route
 * goes through this one check (src/app/server.ts, preValidation).
 */
export function refuseUnstorableText(request: { params?: unknown; query?: unknown; body?: unknown }): void {
  const field = unstorableField(request.params, 'params') ?? unstorableField(request.query, 'query') ?? unstorableField(request.body, 'body');
  if (field) {
    throw new BadRequest('request.invalid_text', `${field} holds a NUL character or an unpaired UTF-16 surrogate, which cannot be stored; send valid Unicode text.`, { field });
  }
}

/** Cut text to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutText(value: string, max: number): string {
  if (value.length <= max) return value;
  const end = /[\uD800-\uDBFF]/.test(value[max - 1]!) ? max - 1 : max;
  return value.slice(0, end);
}
