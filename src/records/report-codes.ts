/**
 * What a prosecutor needs from a report (issue 22 §6): the offenses from the agency's offense
 * code table (each carrying its NIBRS code), the occurrence from/to, and the weapon, premises
 * (location type) and method from their code tables. They are kept in the report's fields
 * under fixed keys; a code not in its table, or an occurrence that ends before it begins,
 * is refused naming the field.
 */
import { codeTable } from '../agency/service.ts';
import type { Db, Tx } from '../db/index.ts';
import { Problem } from '../core/errors.ts';

/** Field key → the code table its codes come from. */
export const CODED_FIELDS = { offenses: 'offense', weapon: 'weapon', premises: 'premises', method: 'method' } as const;
/** Occurrence window: ISO instants, shown on the agency's 24-hour clock. */
export const OCCURRENCE_FIELDS = ['occurredFrom', 'occurredTo'] as const;
export const PROSECUTION_KEYS: readonly string[] = [...Object.keys(CODED_FIELDS), ...OCCURRENCE_FIELDS];

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const CLAUSE = 'issue 22 §6: a report a prosecutor can use';

function refuse(field: string, detail: string): never {
  throw new Problem(422, 'report.bad_field', 'Report field refused', `fields.${field}: ${detail}`, { field: `fields.${field}`, clause: CLAUSE });
}

/** Check the coded and occurrence fields a report brings (absent or empty ones pass). */
export async function checkProsecutionFields(db: Db | Tx, fields: Record<string, unknown>, now: Date): Promise<void> {
  for (const [key, table] of Object.entries(CODED_FIELDS)) {
    const value = fields[key];
    if (value === undefined || value === null || value === '') continue;
    const given = key === 'offenses' ? value : [value];
    if (!Array.isArray(given) || given.some((c) => typeof c !== 'string')) refuse(key, key === 'offenses' ? 'a list of offense codes' : `one code of the code table ${table}`);
    if (given.length > 20) refuse(key, 'at most 20 offenses');
    const known = new Set((await codeTable(db, table)).map((c) => c.code));
    const unknown = (given as string[]).find((c) => !known.has(c));
    if (unknown !== undefined) refuse(key, `"${unknown.slice(0, 40)}" is not an active code of the code table ${table} (GET /api/v1/code-tables/${table})`);
    if (new Set(given).size !== given.length) refuse(key, 'an offense is listed twice');
  }
  const at: Partial<Record<(typeof OCCURRENCE_FIELDS)[number], number>> = {};
  for (const key of OCCURRENCE_FIELDS) {
    const value = fields[key];
    if (value === undefined || value === null || value === '') continue;
    const ms = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(ms)) refuse(key, 'a date and time (ISO 8601 with its offset, e.g. 2026-05-01T18:30:00Z)');
    if (ms > now.getTime() + 60_000) refuse(key, 'cannot be in the future');
    at[key] = ms;
  }
  if (at.occurredTo !== undefined && at.occurredFrom === undefined) refuse('occurredFrom', 'give when the occurrence began before when it ended');
  if (at.occurredTo !== undefined && at.occurredFrom !== undefined && at.occurredTo < at.occurredFrom) refuse('occurredTo', 'is before occurredFrom; an occurrence cannot end before it begins');
}

export interface CodedValue { code: string; name: string }
export interface Prosecution {
  offenses: (CodedValue & { nibrs: string | null })[];
  weapon: CodedValue | null; premises: CodedValue | null; method: CodedValue | null;
  occurredFrom: string | null; occurredTo: string | null;
}

/** The report's coded fields with the names of their codes (a deactivated code keeps its name). */
export async function prosecutionOf(db: Db | Tx, fields: Record<string, unknown>): Promise<Prosecution> {
  const lookup = async (table: string) => new Map((await codeTable(db, table, true)).map((c) => [c.code, c]));
  const offense = await lookup('offense');
  const one = async (key: 'weapon' | 'premises' | 'method'): Promise<CodedValue | null> => {
    const code = fields[key];
    if (typeof code !== 'string' || !code) return null;
    return { code, name: (await lookup(CODED_FIELDS[key])).get(code)?.name ?? code };
  };
  const offenses = Array.isArray(fields.offenses) ? fields.offenses.filter((c): c is string => typeof c === 'string') : [];
  const instant = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    offenses: offenses.map((code) => {
      const entry = offense.get(code);
      const nibrs = entry?.attrs && typeof entry.attrs.nibrs === 'string' ? entry.attrs.nibrs : null;
      return { code, name: entry?.name ?? code, nibrs };
    }),
    weapon: await one('weapon'), premises: await one('premises'), method: await one('method'),
    occurredFrom: instant(fields.occurredFrom), occurredTo: instant(fields.occurredTo),
  };
}
