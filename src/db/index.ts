import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import pg from 'pg';
import { preparedNameOf } from './fixed.ts';
import { migrations } from './migrations/index.ts';
import { flushFolder, openPglite, pgliteDialect, withinTransactionScope } from './pglite.ts';
import type { Database } from './schema.ts';
import { typeParsers } from './types.ts';

export type { Database } from './schema.ts';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DatabaseKind = 'pglite' | 'postgresql';

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseKind;
  /** The embedded database itself (PGlite only): its own dump of the data folder for backups. */
  pglite?: PGlite | undefined;
  /** Subscribe to a NOTIFY channel; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; when absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files; undefined keeps it in memory (tests). */
  dataDir?: string | undefined;
  /** The embedded database on disk flushes its WAL before acknowledging a commit (default true). */
  durable?: boolean | undefined;
  /** An embedded database in memory starts as a copy of this dump of a data folder (tests: already migrated). */
  template?: Blob | undefined;
  /** A data folder that has none yet starts as a copy of this one (the prepared image, src/app/database-image.ts). */
  image?: string | undefined;
}

/** Raised when the database cannot be opened; the message is one line, safe to print. */
export class DatabaseUnavailable extends Error {}

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`; // never the password
  } catch {
    return 'the configured DATABASE_URL';
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url);
  return openEmbedded(options.dataDir, options.durable !== false, options.template, options.image);
}

async function openEmbedded(dataDir: string | undefined, durable: boolean, template?: Blob, image?: string): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let pglite;
  try {
    const folder = dataDir ? `${dataDir}/pglite` : undefined;
    if (folder && image && !existsSync(`${folder}/PG_VERSION`)) copyDataFolder(image, folder, durable);
    pglite = await openPglite(folder, { durable, ...(template && !dataDir ? { loadDataDir: template } : {}) });
  } catch (error) {
    throw new DatabaseUnavailable(
      `cannot open the embedded database in ${dataDir ?? 'memory'}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    pglite,
    async listen(channel, onNotify) {
      const unlisten = await pglite.listen(channel, onNotify);
      return async () => unlisten();
    },
    async close() {
      await db.destroy();
    },
  };
}

/**
 * Copy a closed data folder into place: into a folder beside it first, flushed to disk when the
 * database is durable, then renamed, so that a start cut short leaves no half-copied database.
 */
function copyDataFolder(from: string, to: string, durable: boolean): void {
  const partial = `${to}.partial`;
  rmSync(partial, { recursive: true, force: true });
  rmSync(to, { recursive: true, force: true }); // a folder without PG_VERSION: a creation cut short
  cpSync(from, partial, { recursive: true });
  if (durable) flushFolder(partial);
  renameSync(partial, to);
  if (durable) flushFolder(dirname(to), false);
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    (typeParsers[oid] as ((v: string) => unknown) | undefined) ?? pg.types.getTypeParser(oid, format) };
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => undefined);
  pool.on('connect', sendFixedStatementsByName);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailable(`cannot connect to PostgreSQL at ${describe(url)}: ${(error as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const listeners: pg.Client[] = [];
  return {
    db,
    kind: 'postgresql',
    async listen(channel, onNotify) {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => undefined);
      };
    },
    async close() {
      await Promise.all(listeners.map((c) => c.end().catch(() => undefined)));
      await db.destroy();
    },
  };
}

/**
 * A fixed statement (db/fixed.ts) goes to PostgreSQL as a named prepared statement: parsed once on
 * this connection, then only bound and run. Kysely sends every statement as `query(text, values)`;
 * any other statement still goes unnamed.
 */
function sendFixedStatementsByName(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values, callback] = args;
    const name = typeof text === 'string' && Array.isArray(values) ? preparedNameOf(text) : undefined;
    return name ? query({ name, text, values }, callback) : query(...args);
  };
}

/** Apply every pending migration; throws with a one-line reason when one fails. */
export async function migrate(db: Db): Promise<string[]> {
  // A database that has run every migration (every start but the first after a change) is told so by one
  // query: Kysely's migrator first reads the whole catalogue (every table's columns) to find its own two tables.
  if (await allApplied(db)) return [];
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'precinct_migration',
    migrationLockTableName: 'precinct_migration_lock',
    // Numbers are reserved per change and changes land in any order: a database that has run
    // 0029 still runs a 0028 that landed after it (each migration runs once, pending ones in order).
    allowUnorderedMigrations: true,
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new DatabaseUnavailable(`migration ${failed?.migrationName ?? ''} failed: ${reason}`.replace(/\s+/g, ' '));
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when the database has a record of every migration this code knows (false if it has no record at all). */
async function allApplied(db: Db): Promise<boolean> {
  const table = await sql<{ found: string | null }>`select to_regclass('precinct_migration')::text as found`.execute(db);
  if (!table.rows[0]?.found) return false;
  const done = await sql<{ name: string }>`select name from precinct_migration`.execute(db);
  const names = new Set(done.rows.map((r) => r.name));
  return Object.keys(migrations).every((name) => names.has(name));
}

/**
 * What the kernel does around every transaction: the audit path writes a request's
 * audit row just before its transaction commits, in that transaction, and learns after
 * commit or rollback whether it was kept (src/core/audit/action.ts).
 */
export interface TransactionHooks {
  beforeCommit?(tx: Tx, db: Db): Promise<void>;
  /** `db`: the database `inTransaction` was given (which of this process's databases committed). */
  afterCommit?(tx: Tx, db: Db): void;
  afterRollback?(tx: Tx): void;
  /** A savepoint is taken (`withSavepoint`); the function returned is called if the work after it is rolled back. */
  atSavepoint?(tx: Tx): (() => void) | undefined;
}

const transactionHooks: TransactionHooks[] = [];
/** The database each open transaction of `inTransaction` runs on. */
const databases = new WeakMap<Tx, Db>();

/** The database a transaction of `inTransaction` runs on (undefined for one it did not open). */
export function databaseOf(tx: Tx): Db | undefined {
  return databases.get(tx);
}

/** Register hooks that run around every `inTransaction` of this process. */
export function addTransactionHooks(hooks: TransactionHooks): void {
  if (!transactionHooks.includes(hooks)) transactionHooks.push(hooks);
}

/** Run `work` in one transaction: it all happens, or none of it does. */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  let handle: Tx | undefined;
  try {
    const result = await withinTransactionScope(() => db.transaction().execute(async (tx) => {
      handle = tx;
      databases.set(tx, db);
      const value = await work(tx);
      for (const hooks of transactionHooks) await hooks.beforeCommit?.(tx, db);
      return value;
    }));
    for (const hooks of transactionHooks) hooks.afterCommit?.(handle!, db);
    return result;
  } catch (error) {
    if (handle) for (const hooks of transactionHooks) hooks.afterRollback?.(handle);
    throw error;
  }
}

let savepoints = 0;

/**
 * Run `work` inside a savepoint of the caller's transaction: when it throws, what it wrote
 * is rolled back and the error is thrown on, and the transaction goes on without it (a
 * batch that refuses one recording keeps the others). Kysely's own savepoint commands
 * belong to its controlled transactions, not to the callback transactions `inTransaction`
 * hands out, so the commands are sent as SQL on the transaction's connection. When the
 * rollback to the savepoint fails as well (the connection is lost), that error is thrown:
 * the whole transaction is lost.
 *
 * ```ts
 * await inTransaction(db, async (tx) => {
 *   for (const item of items) await withSavepoint(tx, () => write(tx, item)).catch(report);
 * });
 * ```
 */
export async function withSavepoint<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  const name = sql.id(`precinct_sp_${(savepoints = (savepoints + 1) % 1_000_000)}`);
  await sql`savepoint ${name}`.execute(tx);
  const undo = transactionHooks.map((hooks) => hooks.atSavepoint?.(tx));
  let value: T;
  try {
    value = await work();
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(tx);
    await sql`release savepoint ${name}`.execute(tx);
    for (const u of undo.reverse()) u?.();
    throw error;
  }
  await sql`release savepoint ${name}`.execute(tx);
  return value;
}

export async function serverTime(db: Db | Tx): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(db);
  return rows[0]!.now;
}
