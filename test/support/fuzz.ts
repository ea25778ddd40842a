import fc from 'fast-check';
import { sql } from 'kysely';
import type { App } from '../../src/app/server.ts';
import type { AppContext } from '../../src/core/context.ts';

/** One state-changing operation of the OpenAPI document: method, path template, its body's field names. */
export interface Operation {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  fields: string[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, {
    requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
    parameters?: { in: string; name: string }[];
  }>>;
}

/** One read route of the OpenAPI document and the names of its query parameters. */
export interface ReadOperation {
  path: string;
  query: string[];
}

const openApiPaths = async (app: App) => ((await app.inject({ url: '/api/openapi.json' })).json() as OpenApiDocument).paths;

/** Every GET route the server lists in its OpenAPI document. */
export async function readOperations(app: App): Promise<ReadOperation[]> {
  return Object.entries(await openApiPaths(app)).flatMap(([path, methods]) => {
    const op = methods.get;
    return op ? [{ path, query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) }] : [];
  });
}

/** Every state-changing route the server lists in its OpenAPI document. */
export async function stateChangingOperations(app: App): Promise<Operation[]> {
  return Object.entries(await openApiPaths(app)).flatMap(([path, methods]) => Object.entries(methods).flatMap(([method, op]) => {
    const upper = method.toUpperCase();
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(upper)) return [];
    const fields = Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {});
    return [{ method: upper as Operation['method'], path, fields }];
  }));
}

/** Percent-encode every byte: a lone surrogate becomes U+FFFD's bytes, raw bytes stay raw. */
const encodeBytes = (bytes: Uint8Array) => Array.from(bytes, (b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const encodeText = (text: string) => encodeBytes(Buffer.from(text, 'utf8'));

/** Values just past the limits the schemas set (64, 100, 300, 2 000, 10 000 characters…) and past the 256 KiB body limit. */
const OVERSIZED = [65, 101, 201, 301, 2_001, 10_001, 100_001, 300_000].map((n) => 'x'.repeat(n));

/** Short text an attacker or a broken client sends: NULs, lone surrogates, control characters, SQL and markup. */
const shortText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', `${'a'.repeat(63)}😀`, "'; drop table audit; --", '<script>alert(1)</script>', '../../etc/passwd', '%00', '\u202e\u0007\u001b[2J'),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

/**
 * …and, now and then, an oversized value. The long strings are a few shared ones: building a
 * new one for every slot made each case hundreds of kilobytes and most of the run's time was
 * spent generating them, for bodies refused at the size limit before any handler ran.
 */
const hostileText = fc.oneof({ weight: 7, arbitrary: shortText }, { weight: 1, arbitrary: fc.constantFrom(...OVERSIZED) });

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' },
    hostileText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(-1, 0, 2 ** 53, 1e308, -0),
    fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(shortText, tie('value'), { maxKeys: 4 })),
})).value;

/** A body: the route's own field names holding hostile values, arbitrary JSON, or bytes that are not JSON at all. */
function hostileBody(fields: string[]): fc.Arbitrary<{ payload: string; type: string }> {
  const json = (value: unknown) => ({ payload: JSON.stringify(value) ?? 'null', type: 'application/json' });
  const known = fields.length === 0 ? fc.constant({}) : fc.record(Object.fromEntries(fields.map((f) => [f, hostileValue])), { requiredKeys: [] });
  return fc.oneof(
    { weight: 4, arbitrary: known.map(json) },
    { weight: 2, arbitrary: hostileValue.map(json) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => ({ payload: Buffer.from(b).toString('latin1'), type: 'application/json' })) },
    { weight: 1, arbitrary: fc.tuple(hostileText, fc.constantFrom('text/plain', 'application/xml', 'application/json; charset=utf-16')).map(([payload, type]) => ({ payload, type })) },
  );
}

/** Hostile text in a URL, percent-encoded byte by byte; an oversized value needs no encoding (it is all `x`). */
const urlText = fc.oneof({ weight: 7, arbitrary: shortText.map(encodeText) }, { weight: 1, arbitrary: fc.constantFrom(...OVERSIZED) });

/** A path segment: a real one (so the handler runs), hostile text, or raw bytes that are not UTF-8. */
function hostileSegment(real: string): fc.Arbitrary<string> {
  return fc.oneof(fc.constant(encodeURIComponent(real)), urlText, fc.uint8Array({ minLength: 1, maxLength: 12 }).map(encodeBytes));
}

/** A route's path template (`/incidents/{number}`) with each segment real (so the handler runs) or hostile. */
function hostilePath(template: string, real: Record<string, string>): fc.Arbitrary<string> {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return fc.tuple(...names.map((n) => hostileSegment(real[n] ?? '1'))).map((segments) => {
    let i = 0;
    return template.replace(/\{\w+\}/g, () => segments[i++] ?? '1');
  });
}

export interface FuzzCase {
  method: Operation['method'] | 'GET';
  url: string;
  payload: string;
  type: string;
}

/** A hostile request to one of the operations, with real record numbers available for its path. */
export function hostileRequest(operations: Operation[], real: Record<string, string>): fc.Arbitrary<FuzzCase> {
  return fc.constantFrom(...operations).chain((op) => fc.tuple(
    hostilePath(op.path, real),
    fc.option(fc.tuple(shortText, urlText).map(([k, v]) => `?${encodeText(k)}=${v}`), { nil: '' }),
    hostileBody(op.fields),
  ).map(([path, query, body]) => ({ method: op.method, url: `${path}${query}`, payload: body.payload, type: body.type })));
}

/**
 * What a query parameter is sent that its schema may not expect: numbers past what a JavaScript number or
 * a bigint holds, dates that are not on the calendar, a cursor that is not one, and hostile text.
 */
const queryValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('', '-1', '0.5', '99999999999999999999', '1e309', '-1e309', 'NaN', 'Infinity', '0x10',
    '2026-13-45', '2026-02-30', '2026-02-30T25:61:00Z', '0000-00-00', '99999-01-01', 'true', 'null', '[]', '%7B%7D') },
  { weight: 2, arbitrary: urlText },
);

/** A hostile read: a GET route's path with real or hostile ids, and some of its query parameters (or a paged list's) hostile. */
export function hostileRead(operations: ReadOperation[], real: Record<string, string>): fc.Arbitrary<FuzzCase> {
  return fc.constantFrom(...operations).chain((op) => fc.tuple(
    hostilePath(op.path, real),
    fc.array(fc.tuple(fc.constantFrom(...op.query, 'limit', 'after'), queryValue), { minLength: 1, maxLength: 3 }),
  ).map(([path, query]) => ({ method: 'GET' as const, url: `${path}?${query.map(([k, v]) => `${k}=${v}`).join('&')}`, payload: '', type: 'application/json' })));
}

export interface FuzzTally {
  byStatus: Map<number, number>;
  /** Requests that broke a rule: a 5xx, a refusal that is not problem+json, a refusal that left an event or an allowed audit row. */
  failures: string[];
}

/** The newest event and the number of allowed audit rows, in one statement (it runs twice per case). */
async function marks(ctx: AppContext) {
  const { rows: [row] } = await sql<{ seq: unknown; n: unknown }>`select (select max(seq) from event) as seq,
    (select count(*) from audit where outcome = 'allowed') as n`.execute(ctx.db);
  return `${String(row?.seq ?? 0)}/${String(row?.n ?? 0)}`;
}

/** The fuzzer's own login: its headers are renewed when a case signs it out. */
export interface FuzzAccount {
  username: string;
  password: string;
  headers: Record<string, string>;
}

/** Send one hostile request and check it against the rules; returns its status. */
export async function sendHostile(app: App, ctx: AppContext, account: FuzzAccount, c: FuzzCase, tally: FuzzTally): Promise<number> {
  const before = await marks(ctx);
  const response = c.method === 'GET'
    ? await app.inject({ method: 'GET', url: c.url, headers: account.headers })
    : await app.inject({ method: c.method, url: c.url, payload: c.payload, headers: { ...account.headers, 'content-type': c.type } });
  const status = response.statusCode;
  // A case that signs the fuzzer out (DELETE /session) would leave every later case at the door with a 401.
  if (status < 300 && c.method === 'DELETE' && c.url.split('?')[0] === '/api/v1/session') {
    const again = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: account.username, password: account.password } });
    account.headers = { authorization: `Bearer ${again.json().token as string}` };
  }
  tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
  const what = `${c.method} ${c.url.slice(0, 120)} ${JSON.stringify(c.payload.slice(0, 120))}`;
  if (status >= 500) tally.failures.push(`${status} ${what}: ${response.body.slice(0, 200)}`);
  else if (status >= 400) {
    if (!/^application\/problem\+json/.test(String(response.headers['content-type']))) tally.failures.push(`${status} not problem+json ${what}`);
    else if ((await marks(ctx)) !== before) tally.failures.push(`${status} refused but wrote an event or an allowed audit row: ${what}`);
  }
  return status;
}
