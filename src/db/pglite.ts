import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import {
  PGliteDialect,
  type DatabaseConnection,
  type Dialect,
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
class SerialDriver implements Driver {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(private readonly inner: Driver) {}

  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => turn);
    await previous;
    this.#release = release;
    return this.inner.acquireConnection();
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
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

/** Open (or create) the embedded database. `dataDir` undefined means in memory (tests); `loadDataDir` fills a new one from a dump. */
export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGlite> {
  const pglite = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { pg_trgm, fuzzystrmatch },
    parsers: typeParsers,
    ...(loadDataDir ? { loadDataDir } : {}), // a backup's dump of the data folder (src/db/dump.ts)
  });
  return pglite;
}

export function pgliteDialect(pglite: PGlite): Dialect {
  const inner = new PGliteDialect({ pglite });
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => new SerialDriver(inner.createDriver()),
    createIntrospector: (db: Kysely<unknown>) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
}
