#!/usr/bin/env node
// The console bundle (web/dist) is built from web/ by Vite. `npm start` runs this first:
// it builds only when the sources differ from those the bundle was built from, so a start
// on an unchanged checkout does not spend seconds (and a core) rebuilding the same files.
// Plain JavaScript on purpose: it runs before anything else and must start in milliseconds.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.sources-sha256';

/** A SHA-256 over every file the bundle is built from: web/ (but its output), the Vite config and the locked dependencies. */
export function sourcesHash(base = root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'dist' && entry.name !== 'node_modules') walk(path);
      } else files.push(path);
    }
  };
  walk(join(base, 'web'));
  files.push(join(base, 'vite.config.ts'), join(base, 'package-lock.json'), fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    if (!existsSync(file)) continue;
    hash.update(relative(base, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Note, inside the bundle, the sources it was built from (called by the Vite build when it has written the bundle). */
export function writeSourcesHash(outDir, base = root) {
  writeFileSync(join(outDir, STAMP), `${sourcesHash(base)}\n`);
}

/** True when web/dist holds a bundle built from the sources as they are now. */
export function bundleIsCurrent(base = root) {
  const outDir = join(base, 'web', 'dist');
  const stamp = join(outDir, STAMP);
  if (!existsSync(join(outDir, 'index.html')) || !existsSync(stamp)) return false;
  return readFileSync(stamp, 'utf8').trim() === sourcesHash(base);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (bundleIsCurrent() && !process.argv.includes('--force')) {
    console.log('console bundle: up to date (web/dist matches web/), not rebuilt');
  } else {
    console.log('console bundle: building web/ into web/dist …');
    const started = Date.now();
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const run = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
    console.log(`console bundle: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
