// src/ bundled into one ES module by esbuild, rebuilt when a source changes, with the packages
// it imports: loading typebox, kysely, pdf-lib, fastify and the rest from node_modules meant
// resolving, reading and linking some two thousand small modules at every start, about a second
// of CPU (bench/README.md, "The start and its memory"). A few stay outside, imported from
// node_modules as they are: those that find files beside their own code (PGlite's WebAssembly),
// native ones, and the large ones loaded only at first use. Plain JavaScript: it runs before any
// TypeScript can be loaded.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folder = join(root, 'node_modules', '.cache', 'precinct');
const bundle = join(folder, 'server.mjs');

/**
 * The packages imported from node_modules rather than bundled: PGlite reads its WebAssembly and
 * data files beside its own module; argon2 is native code; the S3 client, the audio parser and
 * the mail library are loaded at their first use only; pg-native is pg's optional native driver
 * (not installed).
 */
const OUTSIDE = ['@electric-sql/pglite', '@node-rs/argon2', '@aws-sdk/client-s3', 'music-metadata', 'nodemailer', 'pg-native'];

/** What the bundle is built from: every source file's path, size and time of change, the lock file and this file. */
function sourcesStamp() {
  const hash = createHash('sha256');
  const src = join(root, 'src');
  for (const file of readdirSync(src, { recursive: true }).map(String).sort()) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const { size, mtimeMs } = statSync(join(src, file));
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  for (const file of [join(root, 'package-lock.json'), fileURLToPath(import.meta.url)]) {
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * The path of a bundle built from the sources as they are now, building it first if need be;
 * undefined when it cannot be built here (no esbuild, a read-only folder): the caller runs the
 * sources through tsx instead.
 */
export async function serverBundle() {
  try {
    const stamp = sourcesStamp();
    const stampFile = `${bundle}.sources`;
    if (existsSync(bundle) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return bundle;
    const { build } = await import('esbuild');
    mkdirSync(folder, { recursive: true });
    const temporary = `${bundle}.${process.pid}.tmp`;
    await build({
      entryPoints: [join(root, 'src', 'cli', 'main.ts')], outfile: temporary, bundle: true, platform: 'node', format: 'esm',
      target: 'node20', external: OUTSIDE, logLevel: 'silent',
      // Without comments and layout, and pure ASCII: V8 keeps a module's whole source text for as long as the server
      // runs, and one character outside Latin-1 (a § in a comment, a dash in a regular expression) makes it store all
      // of it at two bytes a character: 17.8 MB for this bundle as it was, 6.6 MB now (issue 16 point 8). Names stay as
      // written, so a stack trace still names its functions; its line and column are the bundle's, not the sources'
      // (`PRECINCT_NO_BUNDLE=1` runs the sources themselves). The packages' licence comments stay in node_modules.
      minifyWhitespace: true, charset: 'ascii', legalComments: 'none',
      // the packages written for CommonJS call require() (Node's own modules): a real one, for this module
      banner: { js: "import { createRequire as __precinctCreateRequire } from 'node:module'; const require = __precinctCreateRequire(import.meta.url);" },
    });
    renameSync(temporary, bundle); // whole or not at all, for another process starting at the same moment
    writeFileSync(stampFile, stamp);
    return bundle;
  } catch {
    return undefined;
  }
}
