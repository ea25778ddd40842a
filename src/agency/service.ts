import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { NotFound } from '../core/errors.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction, type Db } from '../db/index.ts';
import { appendEvent } from '../core/events/log.ts';
import { DEFAULT_CODE_TABLES, type CodeEntry } from './codes.ts';
import type { CodeTableOverrides } from '../core/config.ts';
import type { Actor } from '../core/actor.ts';

export interface CodeView {
  code: string;
  name: string;
  active: boolean;
  attrs: Record<string, unknown>;
}

/**
 * Make sure every code table has its default codes, then apply the config file's
 * entries. Codes an administrator already edited in the database are left alone,
 * except where the config file names them.
 */
export async function ensureCodeTables(db: Db, overrides: CodeTableOverrides): Promise<void> {
  await inTransaction(db, async (tx) => {
    for (const [table, entries] of Object.entries(DEFAULT_CODE_TABLES)) {
      for (const [sort, entry] of entries.entries()) {
        await tx.insertInto('code_entry')
          .values({ table_name: table, code: entry.code, name: entry.name, attrs: JSON.stringify(entry.attrs ?? {}), sort })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
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

export async function codeTable(db: Db, table: string, includeInactive = false): Promise<CodeView[]> {
  let query = db.selectFrom('code_entry').select(['code', 'name', 'active', 'attrs']).where('table_name', '=', table);
  if (!includeInactive) query = query.where('active', '=', true);
  return query.orderBy('sort').orderBy('code').execute();
}

export async function codeTableNames(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('code_entry').select('table_name').distinct().orderBy('table_name').execute();
  return rows.map((r) => r.table_name);
}

/** Add or change one code. Codes are never deleted (old records still name them); they are deactivated. */
export async function putCode(ctx: AppContext, actor: Actor, table: string, entry: CodeEntry & { active?: boolean | undefined }): Promise<CodeView> {
  const known = await codeTableNames(ctx.db);
  if (!known.includes(table)) throw new NotFound('code_table.not_found', `there is no code table "${table}"`);
  return inTransaction(ctx.db, async (tx) => {
    const row = await tx.insertInto('code_entry')
      .values({ table_name: table, code: entry.code, name: entry.name, attrs: JSON.stringify(entry.attrs ?? {}), active: entry.active ?? true, sort: sql<number>`(select coalesce(max(sort), 0) + 1 from code_entry where table_name = ${table})` })
      .onConflict((oc) => oc.columns(['table_name', 'code']).doUpdateSet({ name: entry.name, attrs: JSON.stringify(entry.attrs ?? {}), active: entry.active ?? true }))
      .returning(['code', 'name', 'active', 'attrs'])
      .executeTakeFirstOrThrow();
    await appendEvent(tx, { kind: 'code.changed', subject: { type: 'code_table', id: table }, actor, payload: { table, ...row } });
    await recordAudit(tx, { actor, role: 'system_administrator', action: 'code.put', subject: { type: 'code_table', id: `${table}/${entry.code}` }, outcome: 'allowed' });
    return row;
  });
}

