import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import {
  PGliteDialect,
  type DatabaseConnection,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type TransactionSettings,
} from 'kysely';
import { typeParsers } from './types.ts';

/**
 * PGlite has one connection. Kysely's PGlite driver hands that one connection to
 * every caller, so two requests in flight at once would share a transaction.
 * This wrapper makes callers take turns: a connection is held from acquire to
 * release, which for a transaction means from BEGIN to COMMIT.
 */
/** The transaction (and those it was started inside) that the current code runs in. */
interface TransactionScope { parent: TransactionScope | undefined; holder: Driver | undefined; acquired: boolean }
const transactionScope = new AsyncLocalStorage<TransactionScope>();

/** Run a transaction so that a query on the database itself from inside it fails at once instead of waiting forever. */
export function withinTransactionScope<T>(run: () => Promise<T>): Promise<T> {
  return transactionScope.run({ parent: transactionScope.getStore(), holder: undefined, acquired: false }, run);
}

function holds(scope: TransactionScope | undefined, driver: Driver): boolean {
  for (let s = scope; s; s = s.parent) if (s.holder === driver) return true;
  return false;
}

/**
 * A query on the root database inside a transaction on the one embedded connection can
 * never run: it waits for the connection its own transaction holds. PostgreSQL would
 * run it on another connection, outside the transaction. Either way it is a bug.
 */
export class TransactionDeadlock extends Error {
  constructor() {
    super('a query on the database itself from inside a transaction: pass the transaction (tx) instead, it holds the one embedded connection');
    this.name = 'TransactionDeadlock';
  }
}

class SerialDriver implements Driver {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(private readonly inner: Driver) {}

  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const scope = transactionScope.getStore();
    if (holds(scope, this)) throw new TransactionDeadlock();
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => turn);
    await previous;
    this.#release = release;
    // the first connection taken in a transaction's scope is the transaction's own
    if (scope && !scope.acquired) { scope.acquired = true; scope.holder = this; }
    return this.inner.acquireConnection();
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const scope = transactionScope.getStore();
    if (scope?.holder === this) scope.holder = undefined;
    await this.inner.releaseConnection(connection);
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }
  destroy() {
    return this.inner.destroy();
  }
}

let flushes = 0;

/** How many times this process has flushed an embedded database file to disk (for the durability test). */
export function embeddedFlushes(): number {
  return flushes;
}

interface NodeFsStream {
  nfd?: number;
}

/**
 * PGlite starts PostgreSQL with `-F` (fsync=off), and its Emscripten file layer answers
 * fsync() without touching the disk. A durable database drops `-F`, makes the WAL flush
 * call fsync() (`wal_sync_method=fsync`: Emscripten's fdatasync does nothing) and gives
 * the file layer a real fsync, so a commit is on disk before it is acknowledged.
 */
function makeDurable(pglite: PGlite): void {
  const nodefs = (pglite.Module as unknown as { NODEFS?: { stream_ops: Record<string, unknown> } }).NODEFS;
  if (!nodefs) throw new Error('this PGlite build has no NODEFS file layer to make durable');
  nodefs.stream_ops.fsync = (stream: NodeFsStream) => {
    if (stream.nfd !== undefined) fsyncSync(stream.nfd);
    flushes += 1;
    return 0;
  };
}

/**
 * PGlite runs PostgreSQL as a single process: nothing checkpoints on its own, so the WAL
 * grows until a CHECKPOINT (the backup's dump runs one: src/db/dump.ts), which then keeps
 * up to max_wal_size of old segments for reuse. The default (1 GB) would put a gigabyte
 * of recycled WAL into every dump of the data folder; 32 MB keeps two segments.
 */
const WAL_START_PARAMS = ['-c', 'max_wal_size=32MB', '-c', 'min_wal_size=32MB'];

/**
 * PostgreSQL's default 128 MB buffer pool is memory the embedded server holds from its first
 * minute (PGlite's WebAssembly memory never shrinks): about 100 MB of its resident size at
 * idle. The files it reads stay in the operating system's page cache, so 32 MB costs a
 * dispatch floor's reads nothing measurable (bench/start.bench.ts, bench/cad.bench.ts).
 */
const ON_DISK_START_PARAMS = [...WAL_START_PARAMS, '-c', 'shared_buffers=32MB'];

/**
 * A database in memory (the test suite opens hundreds) is small, and PostgreSQL's default
 * 128 MB buffer pool is set up at every start: half the CPU of opening one. 16 MB holds it.
 */
const MEMORY_START_PARAMS = [...PGlite.defaultStartParams, ...WAL_START_PARAMS, '-c', 'shared_buffers=16MB'];

export const DURABLE_START_PARAMS = [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  '-c', 'fsync=on', '-c', 'wal_sync_method=fsync', '-c', 'synchronous_commit=on', ...ON_DISK_START_PARAMS,
];

/**
 * Open (or create) the embedded database. `dataDir` undefined means in memory (tests).
 * On disk it is durable unless `durable` is false (an explicit, documented opt-in).
 * `loadDataDir` fills a new one from a backup's dump of the data folder (src/db/dump.ts).
 */
export async function openPglite(dataDir: string | undefined, options: { durable?: boolean; loadDataDir?: Blob | undefined } = {}): Promise<PGlite> {
  const durable = Boolean(dataDir) && options.durable !== false;
  const pglite = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { pg_trgm, fuzzystrmatch },
    parsers: typeParsers,
    startParams: durable ? DURABLE_START_PARAMS : dataDir ? [...PGlite.defaultStartParams, ...ON_DISK_START_PARAMS] : MEMORY_START_PARAMS,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  if (durable) makeDurable(pglite);
  // PGlite unpacks a dump through its file layer without a flush: a durable database does not start on files a power cut can lose.
  if (durable && options.loadDataDir) flushFolder(dataDir!);
  return pglite;
}

/** Flush a folder to disk: its own entries, and with `deep` every file and folder under it. */
export function flushFolder(folder: string, deep = true): void {
  const entries = deep ? readdirSync(folder, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() || e.isDirectory()) : [];
  for (const path of [...entries.map((e) => join(e.parentPath, e.name)), folder]) {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

export function pgliteDialect(pglite: PGlite): Dialect {
  const inner = new PGliteDialect({ pglite });
  return {
    // SerialDriver makes callers take turns itself, and first refuses a query that would wait for its own
    // transaction; Kysely's own one-connection mutex would wait before that check could run.
    createAdapter: () => Object.create(inner.createAdapter(), { supportsMultipleConnections: { value: true } }) as DialectAdapter,
    createDriver: () => new SerialDriver(inner.createDriver()),
    createIntrospector: (db: Kysely<unknown>) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
}
