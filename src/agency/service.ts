import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { BadRequest, NotFound } from '../core/errors.ts';
import { attributeProblem } from './rules.ts';
import { CODE_USES } from '../dispatch/code-uses.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction, type Db } from '../db/index.ts';
import { appendEvent } from '../core/events/log.ts';
import { defaultCodeTables, type CodeEntry } from './codes.ts';
import type { CodeTableOverrides } from '../core/config.ts';
import type { Actor } from '../core/actor.ts';
import { roleUsedFor } from '../core/permissions.ts';

export interface CodeView {
  code: string;
  name: string;
  active: boolean;
  attrs: Record<string, unknown>;
}

/**
 * Make sure every code table has its default codes (the greetings naming the agency),
 * then apply the config file's entries. Codes an administrator already edited in the database are left alone,
 * except where the config file names them.
 */
export async function ensureCodeTables(db: Db, overrides: CodeTableOverrides, agencyName = 'Millbrook Police Department'): Promise<void> {
  await inTransaction(db, async (tx) => {
    // Every default entry the database lacks, in one statement (at every start: one round trip, not one per entry).
    const defaults = Object.entries(defaultCodeTables(agencyName)).flatMap(([table, entries]) => entries.map((entry, sort) => (
      { table_name: table, code: entry.code, name: entry.name, attrs: JSON.stringify(entry.attrs ?? {}), sort })));
    for (let i = 0; i < defaults.length; i += 1000) {
      await tx.insertInto('code_entry').values(defaults.slice(i, i + 1000)).onConflict((oc) => oc.doNothing()).execute();
    }
    for (const [table, entries] of Object.entries(overrides)) {
      for (const entry of entries as CodeEntry[]) {
        await tx.insertInto('code_entry')
          .values({ table_name: table, code: entry.code, name: entry.name, attrs: JSON.stringify(entry.attrs ?? {}) })
          .onConflict((oc) => oc.columns(['table_name', 'code']).doUpdateSet({ name: entry.name, attrs: JSON.stringify(entry.attrs ?? {}) }))
          .execute();
      }
    }
  });
}

/**
 * Code tables are read on nearly every write (an incident's type, a disposition, an
 * out-of-service reason) and change a few times a year: each database's tables are held
 * here once read, and dropped when they change: by `putCode` on this node as it commits,
 * and by the `code.changed` event for a change made on another node (`watchCodeTables`).
 * A read inside a transaction goes to the database, which answers for that transaction.
 */
const cached = new WeakMap<Db, Map<string, Promise<CodeView[]>>>();

function readCodeTable(db: Db, table: string): Promise<CodeView[]> {
  return db.selectFrom('code_entry').select(['code', 'name', 'active', 'attrs']).where('table_name', '=', table)
    .orderBy('sort').orderBy('code').execute();
}

/** Forget this database's code tables (all, or the named ones): the next read goes to the database. */
export function forgetCodeTables(db: Db, tables?: readonly string[]): void {
  const held = cached.get(db);
  if (!held) return;
  if (tables === undefined) held.clear();
  else for (const table of tables) held.delete(table);
}

/** A code table's active codes (or every code), in the table's order. The answer is shared: do not change it. */
export async function codeTable(db: Db, table: string, includeInactive = false): Promise<CodeView[]> {
  let rows: CodeView[];
  if (db.isTransaction) {
    rows = await readCodeTable(db, table);
  } else {
    let held = cached.get(db);
    if (!held) cached.set(db, (held = new Map()));
    let reading = held.get(table);
    if (!reading) {
      reading = readCodeTable(db, table);
      held.set(table, reading);
      reading.catch(() => held.delete(table)); // a failed read is not kept
    }
    rows = await reading;
  }
  return includeInactive ? [...rows] : rows.filter((c) => c.active);
}

/**
 * Drop the cached code tables when another node (or this one) changes one: the
 * `code.changed` event reaches every node's hub. Returns the function that stops watching.
 */
export function watchCodeTables(ctx: Pick<AppContext, 'db' | 'hub'>): () => void {
  return ctx.hub.subscribe(ctx.hub.position, (events) => {
    const changed = events.filter((e) => e.kind === 'code.changed').map((e) => e.subjectId);
    if (changed.length > 0) forgetCodeTables(ctx.db, changed);
  });
}

export async function codeTableNames(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('code_entry').select('table_name').distinct().orderBy('table_name').execute();
  return rows.map((r) => r.table_name);
}

/** Add or change one code. Codes are never deleted (old records still name them); they are deactivated. */
export async function putCode(ctx: AppContext, actor: Actor, table: string, entry: CodeEntry & { active?: boolean | undefined }): Promise<CodeView> {
  const known = await codeTableNames(ctx.db);
  if (!known.includes(table)) throw new NotFound('code_table.not_found', `there is no code table "${table}"`);
  const problem = attributeProblem(table, entry.attrs ?? {});
  if (problem) throw new BadRequest('code.invalid_attribute', problem.message, { field: problem.field });
  const put = await inTransaction(ctx.db, async (tx) => {
    const before = await tx.selectFrom('code_entry').select(['name', 'active', 'attrs']).where('table_name', '=', table).where('code', '=', entry.code).forUpdate().executeTakeFirst();
    const row = await tx.insertInto('code_entry')
      .values({ table_name: table, code: entry.code, name: entry.name, attrs: JSON.stringify(entry.attrs ?? {}), active: entry.active ?? true, sort: sql<number>`(select coalesce(max(sort), 0) + 1 from code_entry where table_name = ${table})` })
      .onConflict((oc) => oc.columns(['table_name', 'code']).doUpdateSet({ name: entry.name, attrs: JSON.stringify(entry.attrs ?? {}), active: entry.active ?? true }))
      .returning(['code', 'name', 'active', 'attrs'])
      .executeTakeFirstOrThrow();
    await appendEvent(tx, { kind: 'code.changed', subject: { type: 'code_table', id: table }, actor, payload: { table, ...row } });
    await recordAudit(tx, { actor, role: roleUsedFor(actor.roles, 'codes.edit') ?? null, action: 'code.put', subject: { type: 'code_table', id: `${table}/${entry.code}` }, outcome: 'allowed', detail: { before: before ?? null, after: row } });
    return row;
  });
  forgetCodeTables(ctx.db, [table]); // this node's next read sees the change at once; other nodes learn of it by the event
  return put;
}


/** Where a code is named: the records that keep it, counted, and where an active code is offered. */
export interface CodeUsage {
  table: string;
  code: string;
  /** False for a code not yet in the table (a new one). */
  exists: boolean;
  active: boolean;
  uses: { what: string; count: number }[];
  offeredIn: string;
}

/** What a change to one code affects: the records naming it and where it is offered (shown before an administrator saves). */
export async function codeUsage(db: Db, table: string, code: string): Promise<CodeUsage> {
  if (!(await codeTableNames(db)).includes(table)) throw new NotFound('code_table.not_found', `there is no code table "${table}"`);
  const entry = (await codeTable(db, table, true)).find((c) => c.code === code);
  const uses = CODE_USES[table];
  return {
    table, code, exists: Boolean(entry), active: entry?.active ?? false,
    uses: entry && uses ? await uses.counts(db, code) : [],
    offeredIn: uses?.offeredIn ?? 'the records screens that use this table (not counted here)',
  };
}
