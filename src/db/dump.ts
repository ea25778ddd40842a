import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, renameSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { openPglite } from './pglite.ts';
import type { DatabaseHandle, DatabaseKind, Db } from './index.ts';

/**
 * Whole-database dumps for backups: PGlite's own dump of its data folder (a tar, taken
 * after a checkpoint while the one connection is held, so no transaction is half in it;
 * gzipped once the connection is free), and on
 * PostgreSQL the server's own `pg_dump` in its custom format (one consistent snapshot
 * while the dispatch floor keeps writing), restored with `pg_restore`.
 */
export type DumpFormat = 'pglite-datadir' | 'pg_dump-custom';

/** Raised when a dump or restore cannot run; the message is one line a person can act on. */
export class DumpError extends Error {}

export function dumpFormatOf(kind: DatabaseKind): DumpFormat {
  return kind === 'pglite' ? 'pglite-datadir' : 'pg_dump-custom';
}

/** PRECINCT_PG_DUMP / PRECINCT_PG_RESTORE name the tools; else they are looked up on PATH. */
function tool(name: 'pg_dump' | 'pg_restore'): string {
  return process.env[name === 'pg_dump' ? 'PRECINCT_PG_DUMP' : 'PRECINCT_PG_RESTORE'] || name;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString('utf8')).slice(-2000); });
    child.on('error', (error: NodeJS.ErrnoException) => reject(new DumpError(error.code === 'ENOENT'
      ? `${command} is not installed (install the PostgreSQL client tools of the server's version, or set ${command === tool('pg_dump') ? 'PRECINCT_PG_DUMP' : 'PRECINCT_PG_RESTORE'})`
      : `${command} could not start: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new DumpError(`${command} failed (exit ${code}): ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}

const TABLES = `select table_name as name from information_schema.tables
  where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`;

type RawQuery = (text: string) => Promise<Record<string, unknown>[]>;

async function countTables(query: RawQuery): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const row of await query(TABLES)) {
    const name = String(row.name);
    const [count] = await query(`select count(*)::int as n from "${name.replaceAll('"', '""')}"`);
    counts[name] = Number(count?.n ?? 0);
  }
  return counts;
}

/** Row counts of every table of the application's schema, by table name. */
export function tableCounts(db: Db): Promise<Record<string, number>> {
  return countTables(async (text) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows);
}

export interface Dump {
  format: DumpFormat;
  /** Every table's row count in the very snapshot that was dumped. */
  counts: Record<string, number>;
}

/** Write the whole database to `file`, and count its tables in the same snapshot. */
export async function dumpDatabase(handle: DatabaseHandle, url: string | undefined, file: string): Promise<Dump> {
  if (handle.kind === 'pglite') {
    const pglite = handle.pglite;
    if (!pglite) throw new DumpError('the embedded database handle has no PGlite instance to dump');
    // Holding the one connection keeps every other transaction out while the folder is read.
    // The checkpoint first lets PostgreSQL drop the WAL it no longer needs (PGlite never
    // checkpoints on its own), so the folder holds the data and a few WAL segments rather
    // than every change since the database was opened. The folder is compressed after the
    // connection is given back, in zlib's own thread, so the dispatch floor waits only for
    // the checkpoint and the copy.
    const { counts, tar } = await handle.db.connection().execute(async () => {
      const tableRows = await countTables(async (text) => (await pglite.query<Record<string, unknown>>(text)).rows);
      await pglite.exec('checkpoint');
      const blob = await pglite.dumpDataDir('none');
      return { counts: tableRows, tar: new Uint8Array(await blob.arrayBuffer()) };
    });
    await pipeline(Readable.from([tar]), createGzip({ level: 6 }), createWriteStream(file, { mode: 0o600 }));
    return { format: 'pglite-datadir', counts };
  }
  if (!url) throw new DumpError('a PostgreSQL dump needs DATABASE_URL');
  // One snapshot for the counts and pg_dump: exported by a read-only repeatable-read transaction.
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const { rows: [snapshot] } = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    const counts = await countTables(async (text) => (await client.query<Record<string, unknown>>(text)).rows);
    await run(tool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', '--compress=6', `--snapshot=${snapshot!.id}`, `--file=${file}`, `--dbname=${url}`]);
    await client.query('commit');
    return { format: 'pg_dump-custom', counts };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface RestoreTarget {
  /** PostgreSQL: the empty database to restore into. */
  url?: string | undefined;
  /** PGlite: the data folder whose `pglite` folder is created. */
  dataDir?: string | undefined;
  /** Replace a database that is not empty (PostgreSQL: its public schema is dropped; PGlite: the folder is moved aside). */
  force?: boolean;
}

async function postgresTableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new DumpError(`cannot connect to the PostgreSQL database to restore into: ${(error as Error).message}`);
  }
  try {
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

async function resetPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('drop schema public cascade');
    await client.query('create schema public');
  } finally {
    await client.end();
  }
}

/** Where the embedded database lives in a data folder (as src/db/index.ts opens it). */
export const pgliteFolder = (dataDir: string) => `${dataDir}/pglite`;

/** True when the target already holds a database (so a restore would overwrite it). */
export async function targetHoldsData(format: DumpFormat, target: RestoreTarget): Promise<boolean> {
  if (format === 'pg_dump-custom') return (await postgresTableCount(target.url!)) > 0;
  const folder = pgliteFolder(target.dataDir!);
  return existsSync(folder) && readdirSync(folder).length > 0;
}

/** Rebuild the database from a dump into an empty target (or a non-empty one when `force`). */
export async function restoreDatabase(format: DumpFormat, file: string, target: RestoreTarget): Promise<void> {
  if (format === 'pg_dump-custom' && !target.url) throw new DumpError('this archive holds a PostgreSQL dump: set DATABASE_URL to the empty database to restore into');
  if (format === 'pglite-datadir' && (target.url || !target.dataDir)) {
    throw new DumpError('this archive holds an embedded (PGlite) database: restore it with DATABASE_URL unset, into a data folder');
  }
  if (await targetHoldsData(format, target)) {
    if (!target.force) throw new DumpError('the database to restore into is not empty; nothing was restored (use --force to replace it)');
    if (format === 'pg_dump-custom') await resetPostgres(target.url!);
    else renameSync(pgliteFolder(target.dataDir!), `${pgliteFolder(target.dataDir!)}.replaced-${Date.now()}`);
  }
  if (format === 'pg_dump-custom') {
    await run(tool('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${target.url}`, file]);
    return;
  }
  const pglite = await openPglite(pgliteFolder(target.dataDir!), { loadDataDir: new Blob([await readFile(file)]) });
  await pglite.close();
}
