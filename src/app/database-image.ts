import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_ROOT } from '../core/paths.ts';
import { migrate, openDatabase } from '../db/index.ts';
import { migrations } from '../db/migrations/index.ts';

/**
 * The prepared database image: an embedded database's folder that has run every migration,
 * built once per installation (`npm ci` runs `precinct prepare`) and kept beside the server's
 * bundle. A first start on an empty data folder copies it instead of creating the database
 * (PGlite's initdb) and running every migration: a fraction of the CPU and of the memory. Migrations newer than the image are then applied as on any start.
 *
 * The image names the PGlite version it was made with and a SHA-256 of each migration's source
 * file: it is used only while that version is installed and none of its migrations has changed
 * since (a migration added since is fine). Otherwise the start creates the database as before.
 * What the image holds is the migrations' own rows (code lists, the directory's defaults) and
 * the time it was built as each migration's time of application.
 */
const FOLDER = join(INSTALL_ROOT, 'node_modules', '.cache', 'precinct');
/** The image: a data folder as PGlite leaves it when it is closed (`<IMAGE>/pglite`). */
const IMAGE = join(FOLDER, 'database-image');
const MANIFEST = `${IMAGE}.json`;

interface Manifest { pglite: string; migrations: Record<string, string> }

function pgliteVersion(): string | undefined {
  try {
    return String((JSON.parse(readFileSync(join(INSTALL_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: unknown }).version);
  } catch {
    return undefined;
  }
}

/** A SHA-256 of the migration's source file; undefined when the sources are not there to read. */
function migrationHash(name: string): string | undefined {
  const file = join(INSTALL_ROOT, 'src', 'db', 'migrations', `${name}.ts`);
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : undefined;
}

/** Build the image from the migrations as they are now, in a folder of its own put in place when whole. */
export async function buildDatabaseImage(): Promise<{ path: string; migrations: number }> {
  const names = Object.keys(migrations);
  const hashes: Record<string, string> = {};
  for (const name of names) hashes[name] = migrationHash(name) ?? '';
  const pglite = pgliteVersion();
  if (!pglite || Object.values(hashes).includes('')) throw new Error('the migrations\' sources or PGlite\'s package are not where they are installed');
  const partial = `${IMAGE}.${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  // not durable: the image is flushed when it is copied into a data folder
  const handle = await openDatabase({ dataDir: partial, durable: false });
  try {
    await migrate(handle.db);
  } finally {
    await handle.close(); // PostgreSQL's shutdown checkpoint: a copy starts without replaying the migrations
  }
  rmSync(MANIFEST, { force: true }); // no moment when a manifest describes another image
  rmSync(IMAGE, { recursive: true, force: true });
  renameSync(partial, IMAGE);
  writeFileSync(`${MANIFEST}.${process.pid}`, JSON.stringify({ pglite, migrations: hashes } satisfies Manifest));
  renameSync(`${MANIFEST}.${process.pid}`, MANIFEST);
  return { path: IMAGE, migrations: names.length };
}

export type PreparedImage = { folder: string; migrations: number } | { unusable: string };

/** The image's data folder, if it fits this installation: its PGlite version, and none of its migrations changed since. */
export function preparedDatabaseImage(manifestFile = MANIFEST): PreparedImage {
  if (!existsSync(manifestFile) || !existsSync(join(IMAGE, 'pglite', 'PG_VERSION'))) return { unusable: 'there is no prepared database image (`precinct prepare` makes one; `npm ci` runs it)' };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch {
    return { unusable: 'the prepared database image\'s description cannot be read (`precinct prepare` makes a new one)' };
  }
  if (manifest.pglite !== pgliteVersion()) return { unusable: `the prepared database image was made with PGlite ${manifest.pglite} (\`precinct prepare\` makes a new one)` };
  const changed = Object.entries(manifest.migrations ?? {}).filter(([name, hash]) => migrationHash(name) !== hash).map(([name]) => name);
  if (changed.length > 0) return { unusable: `migration ${changed[0]} has changed since the prepared database image was made (\`precinct prepare\` makes a new one)` };
  return { folder: join(IMAGE, 'pglite'), migrations: Object.keys(manifest.migrations).length };
}
