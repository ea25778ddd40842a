#!/usr/bin/env node
// The operator's `precinct` command. It runs the TypeScript sources, so operators need no
// build step: from a single-file bundle of src/ that esbuild (tsx's own compiler) writes
// once per change of the sources (about a second), else through tsx. The bundle starts
// the server in a fraction of the time and memory: tsx resolves and compiles each of
// several hundred modules on every start (bin/server-bundle.js, bench/start.bench.ts).
import { serverBundle } from './server-bundle.js';

const bundle = process.env.PRECINCT_NO_BUNDLE === '1' ? undefined : await serverBundle();
let main;
if (bundle) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
const code = await main(process.argv);
if (code !== 0) process.exit(code);
