/**
 * Lists answer a page at a time: `limit` rows (a default when omitted, a maximum the
 * schema enforces with a 400 naming `limit`), in a stable order, and `next`, the key of the
 * last row shown, which the client sends back as `after` to read the page that follows.
 * The key is the row's own sort columns read as text by the database (so a timestamp keeps
 * its microseconds), and the next page starts strictly after it: a row is shown once, and
 * rows added meanwhile do not shift the pages already read.
 *
 * Access rules are applied in the query, before the limit: a row the reader may not see is
 * never counted into a page, and `next` is always the key of a row the reader was shown.
 */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { Type, type TSchema } from 'typebox';
import { BadRequest } from './errors.ts';
import { isStorableText } from './validation.ts';

/** The `limit` and `after` query parameters of a list: `...pageParams(50, 200)`. */
export function pageParams(defaultLimit: number, maximum: number) {
  return {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum, default: defaultLimit, description: `rows per page (default ${defaultLimit}, at most ${maximum})` })),
    after: Type.Optional(Type.String({ minLength: 1, maxLength: 400, pattern: '^[A-Za-z0-9_-]+$', description: 'the `next` of the previous page' })),
  };
}

/** A page of a list: its rows and the `after` that reads the next page (null on the last). */
export function pageSchema<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    next: Type.Union([Type.String(), Type.Null()], { description: 'send as `after` for the next page; null when this is the last' }),
  });
}

export interface Page<T> { items: T[]; next: string | null }

export interface PageRequest { limit?: number | undefined; after?: string | undefined }

/** The sort key of a list: its columns with their SQL types (the last one unique), and one direction for all. */
export interface PageOrder { columns: readonly (readonly [column: string, type: 'text' | 'timestamptz' | 'uuid' | 'integer' | 'bigint' | 'date'])[]; direction: 'asc' | 'desc' }

const KEY = '_page_key';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// As the database writes a date or a timestamptz as text: 2026-12-02 or 2026-12-02 17:17:32.123456+00.
const TIME = /^(\d{4})-(\d{2})-(\d{2})(?: ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?[+-]\d{2}(?::\d{2})?)?$/;

function realDay(y: number, m: number, d: number): boolean {
  const at = new Date(Date.UTC(y, m - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
}

/** Whether a cursor's value can be its column's key: a forged cursor is refused here, not by the database. */
function fitsColumn(value: string, type: PageOrder['columns'][number][1]): boolean {
  switch (type) {
    case 'text': return isStorableText(value);
    case 'uuid': return UUID.test(value);
    case 'integer': return /^-?\d{1,9}$/.test(value);
    case 'bigint': return /^-?\d{1,18}$/.test(value);
    case 'date': case 'timestamptz': {
      const parts = TIME.exec(value);
      return parts !== null && (type === 'timestamptz' || parts[4] === undefined) && realDay(Number(parts[1]), Number(parts[2]), Number(parts[3]));
    }
  }
}

function decodeAfter(after: string, order: PageOrder): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === order.columns.length
      && key.every((v, i) => typeof v === 'string' && v.length <= 200 && fitsColumn(v, order.columns[i]![1]))) return key as string[];
  } catch { /* refused below */ }
  throw new BadRequest('request.invalid_cursor', 'querystring.after must be the `next` of a page of this list');
}

const keyText = (order: PageOrder): RawBuilder<string> =>
  sql<string>`json_build_array(${sql.join(order.columns.map(([c]) => sql`${sql.ref(c)}::text`))})::text`;

/**
 * Add a page's order, its start after `after` and its limit (one row more, to know whether
 * a next page exists) to a query; `pageFrom` turns the rows into the page.
 */
export function paged<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, order: PageOrder, request: PageRequest, defaultLimit: number) {
  const limit = request.limit ?? defaultLimit;
  const refs = sql.join(order.columns.map(([c]) => sql.ref(c)));
  let q = query.select(keyText(order).as(KEY));
  if (request.after) {
    const values = sql.join(decodeAfter(request.after, order).map((v, i) => sql`cast(${v} as ${sql.raw(order.columns[i]![1])})`));
    q = q.where(order.direction === 'asc' ? sql<boolean>`(${refs}) > (${values})` : sql<boolean>`(${refs}) < (${values})`);
  }
  for (const [c] of order.columns) q = q.orderBy(sql.ref(c), order.direction);
  return q.limit(limit + 1) as unknown as SelectQueryBuilder<DB, TB, O & { [KEY]: string }>;
}

/** The rows of a page (without the extra one) and the key of its last row as `next`. */
export function pageFrom<R extends { [KEY]: string }, T>(rows: R[], request: PageRequest, defaultLimit: number, view: (row: R) => T): Page<T> {
  const limit = request.limit ?? defaultLimit;
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const next = rows.length > limit && last ? Buffer.from(last[KEY], 'utf8').toString('base64url') : null;
  return { items: shown.map(view), next };
}

/**
 * The rows of a page when the reader's access rule is decided outside SQL: keyed batches
 * are read and filtered until one readable row more than the page or the end of the list,
 * so a row the reader may not see is never counted, and `next` (from `pageFrom`) is always
 * the key of a row the reader was shown.
 */
export async function readableRows<R extends { [KEY]: string }>(
  read: (batch: PageRequest) => Promise<R[]>, readable: (rows: R[]) => Promise<R[]>, request: PageRequest, defaultLimit: number,
): Promise<R[]> {
  const wanted = (request.limit ?? defaultLimit) + 1;
  const batch = Math.max(wanted, 100);
  const shown: R[] = [];
  let after = request.after;
  for (;;) {
    const rows = await read({ limit: batch, after });
    const inBatch = rows.slice(0, batch);
    shown.push(...await readable(inBatch));
    const last = inBatch[inBatch.length - 1];
    if (shown.length >= wanted || rows.length <= batch || !last) return shown.slice(0, wanted);
    after = Buffer.from(last[KEY], 'utf8').toString('base64url');
  }
}
