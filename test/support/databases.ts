import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig, type Config } from '../../src/core/config.ts';
import type { AppContext } from '../../src/core/context.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import { closeContext, openContext } from '../../src/app/start.ts';
import { migrate, openDatabase, type DatabaseKind } from '../../src/db/index.ts';

/**
 * The PostgreSQL server the integration suite also runs against: DATABASE_URL when
 * set, else the one on this machine at 127.0.0.1:5432. Each test file gets its own
 * fresh database there, copied from a migrated template and dropped afterwards.
 */
const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const postgresAvailable = await postgresAnswers();
const wanted = (process.env.DIALECTS ?? 'pglite,postgresql').split(',') as DatabaseKind[];
if (!postgresAvailable && wanted.includes('postgresql')) {
  console.warn(`[precinct tests] no PostgreSQL answers at ${new URL(ADMIN_URL).host}: the PostgreSQL runs are SKIPPED; only PGlite ran`);
}

export interface TestDatabase {
  kind: DatabaseKind;
  /** A config for this database; pass overrides for agency or security settings. */
  config(overrides?: Partial<Config>): Config;
  /** Open a context (migrated, code tables loaded) on this database; on PGlite, from `template` when given (a dump of a data folder). */
  open(overrides?: Partial<Config>, template?: Blob): Promise<AppContext>;
  /** A context plus a server on it, for inject() tests. */
  server(overrides?: Partial<Config>): Promise<{ ctx: AppContext; app: App; close: () => Promise<void> }>;
  /** Drop the database (PostgreSQL) after the file's tests. */
  dispose(): Promise<void>;
}

/** A hash of the migrations' source: a changed or added migration names a new template. */
function migrationsHash(): string {
  const folder = 'src/db/migrations';
  const hash = createHash('sha256');
  for (const file of readdirSync(folder, { recursive: true }).map(String).sort()) {
    if (file.endsWith('.ts')) hash.update(file).update(readFileSync(join(folder, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function withAdmin<T>(use: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Migrating a new PostgreSQL database takes about five seconds; copying one already migrated
 * (`create database … template …`) well under one. The migrated template is named after the
 * migrations' hash and built once, by whichever worker asks first (the others wait on an
 * advisory lock), under a temporary name renamed when complete, so a run killed halfway leaves
 * no half-migrated template. It stays for the next run; a changed migration builds a new one.
 */
let postgresTemplateName: Promise<string> | undefined;
function postgresTemplate(): Promise<string> {
  postgresTemplateName ??= withAdmin(async (admin) => {
    const name = `precinct_tpl_${migrationsHash()}`;
    await admin.query(`select pg_advisory_lock(hashtext('precinct test template'))`);
    try {
      const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount === 0) {
        const building = `precinct_tplbuild_${randomBytes(6).toString('hex')}`;
        await admin.query(`create database ${building}`);
        try {
          const handle = await openDatabase({ url: databaseUrl(building) });
          try {
            await migrate(handle.db);
          } finally {
            await handle.close();
          }
          await admin.query(`alter database ${building} rename to ${name}`);
        } catch (error) {
          await admin.query(`drop database if exists ${building} with (force)`);
          throw error;
        }
      }
    } finally {
      await admin.query(`select pg_advisory_unlock(hashtext('precinct test template'))`);
    }
    return name;
  });
  return postgresTemplateName;
}

async function createPostgresDatabase(empty: boolean): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `precinct_test_${randomBytes(6).toString('hex')}`;
  const template = empty ? undefined : await postgresTemplate();
  await withAdmin((admin) => admin.query(`create database ${name}${template ? ` template ${template}` : ''}`));
  return {
    url: databaseUrl(name),
    drop: () => withAdmin(async (admin) => { await admin.query(`drop database if exists ${name} with (force)`); }),
  };
}

/**
 * A dump held in memory, handed to PGlite without a copy. PGlite reads a dump with
 * `blob.arrayBuffer()`, which Node serves by streaming the blob in small chunks and joining
 * them: for the 45 MB template, about half a second of CPU on every open. PGlite copies each
 * file out of the buffer into its own file system and never writes to it, so every database
 * can read the same bytes.
 */
export class BytesBlob extends Blob {
  readonly #bytes: ArrayBuffer;
  constructor(bytes: Uint8Array) {
    super([]);
    this.#bytes = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  override get size(): number {
    return this.#bytes.byteLength;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#bytes);
  }
}

/**
 * A new embedded database starts PostgreSQL's initdb and then every migration: five to
 * seven seconds each time. Tests start theirs from a dump of one already migrated, kept in
 * /tmp under a hash of the migrations (a changed migration makes a new one): about half a second.
 */
let template: Promise<Blob> | undefined;
function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const path = `/tmp/precinct-pglite-lean-${migrationsHash()}.tar`;
    if (!existsSync(path)) {
      const handle = await openDatabase({});
      await migrate(handle.db);
      // PGlite opens only `postgres`: initdb's template0 and template1 are two thirds of the
      // data folder's files, and copying the files in is most of an open (0.85 → 0.55 s of CPU).
      await handle.pglite!.exec(`update pg_database set datistemplate = false where datname in ('template0', 'template1')`);
      for (const unused of ['template0', 'template1']) await handle.pglite!.exec(`drop database ${unused}`);
      // checkpointed, a copy starts without replaying the migrations' WAL: 0.4 s less per open
      await handle.pglite!.exec('checkpoint');
      const dump = await handle.pglite!.dumpDataDir('none');
      await handle.close();
      const partial = `${path}.${process.pid}`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, path); // another worker writing the same template at once is harmless
    }
    return new BytesBlob(readFileSync(path));
  })();
  return template;
}

/**
 * A fresh database of one kind. PGlite runs in memory; PostgreSQL gets a new
 * database created for the caller, already migrated unless `empty` (a restore's target).
 * Each open() on PGlite is a new database; on PostgreSQL every open() shares the one
 * database (several server nodes).
 */
export async function testDatabase(kind: DatabaseKind, options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const pgdb = kind === 'postgresql' ? await createPostgresDatabase(options.empty ?? false) : undefined;
  const base = loadConfig({ PRECINCT_CONFIG: '', PRECINCT_DATA: '/nonexistent-precinct-test' });
  // Each test database has its own data folder: its audit key and checkpoints.
  const suffix = randomBytes(4).toString('hex');
  const config = (overrides: Partial<Config> = {}): Config => ({
    ...base,
    databaseUrl: pgdb?.url,
    dataDir: `/tmp/precinct-test-${process.pid}-${kind}-${suffix}`,
    ...overrides,
  });
  const open = async (overrides: Partial<Config> = {}, template?: Blob) => {
    const cfg = config(overrides);
    // PGlite in memory: openContext uses dataDir only when there is no URL; force memory.
    return openContext(cfg, kind === 'pglite' ? { memory: true, template: template ?? await pgliteTemplate() } : {});
  };
  return {
    kind,
    config,
    open,
    async server(overrides = {}) {
      const ctx = await open(overrides);
      const app = await buildServer(ctx);
      await app.ready();
      return { ctx, app, close: async () => { await app.close(); await closeContext(ctx); } };
    },
    dispose: async () => pgdb?.drop(),
  };
}

/**
 * Run a describe block once per database kind: PGlite always, PostgreSQL when a
 * server answers (skipped, and said so, when none does). Like Kysely's DIALECTS loop.
 */
export function forEachDatabase(name: string, body: (db: () => TestDatabase, kind: DatabaseKind) => void): void {
  for (const kind of wanted) {
    const run = kind === 'pglite' || postgresAvailable;
    (run ? describe : describe.skip)(`${name} [${kind}${run ? '' : ': no PostgreSQL server answers, skipped'}]`, () => {
      let database: TestDatabase | undefined;
      const getter = () => {
        if (!database) throw new Error('the test database is opened in beforeAll');
        return database;
      };
      beforeAll(async () => { database = await testDatabase(kind); });
      afterAll(async () => { await database?.dispose(); });
      body(getter, kind);
    });
  }
}

export type TestServer = Awaited<ReturnType<TestDatabase['server']>>;

/**
 * One server on this database for a file's tests: opened before them with what `setup`
 * prepares on it (sign-ins, an incident…), closed after them. The fields are there once
 * the tests run.
 */
export function serverForFile<T extends object>(database: () => TestDatabase, setup: (server: TestServer) => Promise<T>, timeout = 240_000): { server: TestServer } & T {
  const held = {} as { server: TestServer } & T;
  beforeAll(async () => {
    const server = await database().server();
    Object.assign(held, { server }, await setup(server));
  }, timeout);
  afterAll(async () => held.server?.close());
  return held;
}
