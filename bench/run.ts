/**
 * `npm run bench`: runs every benchmark in this folder (files named *.bench.ts, each a
 * script that prints its own figures) one after another, so they do not compete for
 * the two cores. `npm run bench -- name` runs the ones whose file name contains `name`.
 * Before and after them it prints the date, the load average and the machine's limit
 * measured with pgbench in the same run (`baseline.ts`), so each figure can be read against
 * what this machine could do at that hour; `npm run bench -- baseline` prints only that,
 * `BENCH_BASELINE=0` leaves it out. Each bench runs with the garbage collector's setting of
 * `npm start` (`--max-semi-space-size=2`, since 3 December 2026 18:05 UTC).
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { baselineLine, loadLine, measureBaseline } from './baseline.ts';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = filter === 'baseline' ? [] : readdirSync(here).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
const withBaseline = process.env.BENCH_BASELINE !== '0';

async function printBaseline(when: string): Promise<void> {
  console.log(`\n=== ${when}: ${new Date().toISOString()}, ${loadLine()}`);
  if (!withBaseline) return;
  const baseline = await measureBaseline();
  if (baseline) console.log(`${baselineLine(baseline)}  (${loadLine()})`);
}

if (filter === 'baseline') {
  await printBaseline('baseline');
  process.exit(0);
}
if (files.length === 0) {
  console.error(`no benchmark matches "${filter}"`);
  process.exit(1);
}
await printBaseline('before the benchmarks');
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  // the garbage collector set as `npm start` sets it (package.json): the benches that run the server in their own process measure it as it runs
  const run = spawnSync(process.execPath, ['--max-semi-space-size=2', '--import', 'tsx', join(here, file)], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
await printBaseline('after the benchmarks');
process.exit(failed ? 1 : 0);
