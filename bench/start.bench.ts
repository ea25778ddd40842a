/**
 * The embedded start as an operator sees it: what `npm start` runs after its bundle step
 * (`node … bin/precinct.js serve --demo-if-empty`, read from package.json) in its own process, timed from spawn until `GET /api/health`
 * answers (and the CPU time it took to get there: the cost whatever else shares the cores), on an empty data folder (a first start: the database created, migrated and the demo
 * agency loaded) and again on that existing folder; then the process's resident memory (VmRSS)
 * after it has idled. PGlite on disk with the durable settings `npm start` uses, and PostgreSQL
 * (a new, unmigrated database for the first start). Also times `npm start`'s bundle step on an
 * unchanged checkout. `START_BENCH_RUNS` (3), `START_BENCH_IDLE_SECONDS` (10),
 * `START_BENCH_DATABASES` (pglite,postgresql). Aims: existing folder under 5 s to health and
 * under 300 MB idle; empty folder under 15 s.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { testDatabase } from '../test/support/databases.ts';

const RUNS = Number(process.env.START_BENCH_RUNS ?? 3);
const IDLE_MS = Number(process.env.START_BENCH_IDLE_SECONDS ?? 10) * 1000;
const DATABASES = (process.env.START_BENCH_DATABASES ?? 'pglite,postgresql').split(',') as ('pglite' | 'postgresql')[];

const freePort = () => new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});
// What `npm start` runs after its bundle step, read from package.json so the two cannot drift apart.
const START = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start.split('&&').at(-1)!.trim().split(/\s+/);
if (START[0] !== 'node') throw new Error(`npm start no longer runs node: ${START.join(' ')}`);
/** CPU seconds (user + system) the process has used: the start's cost whatever else shares the cores. */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

interface Start { healthMs: number; cpuS: number; rssMb: number; peakMb: number; lines: string[] }

/** One server start: spawn, poll health every 50 ms, idle, read RSS, stop with SIGTERM. */
async function start(env: Record<string, string>): Promise<Start> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, START.slice(1), {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  child.stdout.on('data', (d: Buffer) => lines.push(...String(d).split('\n').filter((l) => l && !l.startsWith('{'))));
  child.stderr.on('data', (d: Buffer) => lines.push(...String(d).split('\n').filter(Boolean)));
  let peak = 0;
  const sampler = setInterval(() => { try { peak = Math.max(peak, rssMb(child.pid!)); } catch { /* exited */ } }, 100);
  let healthMs = NaN;
  let cpuS = NaN;
  for (let i = 0; i < 1200 && child.exitCode === null; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) { healthMs = performance.now() - began; cpuS = cpuSeconds(child.pid!); break; }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (Number.isNaN(healthMs)) throw new Error(`the server did not answer health:\n${lines.join('\n')}`);
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const rss = rssMb(child.pid!);
  clearInterval(sampler);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return { healthMs, cpuS, rssMb: rss, peakMb: Math.max(peak, rss), lines };
}

const fmt = (s: Start) => `health ${(s.healthMs / 1000).toFixed(1)} s (CPU ${s.cpuS.toFixed(1)} s)  idle RSS ${s.rssMb.toFixed(0)} MB  (peak ${s.peakMb.toFixed(0)} MB)`;

console.log(`${new Date().toISOString()}  load average ${load()}  command: ${START.join(' ')}`);
const bundle = performance.now();
const step = spawnSync(process.execPath, ['bin/web-bundle.js'], { encoding: 'utf8' });
console.log(`npm start's bundle step: ${step.stdout.trim().split('\n').at(-1)} (${(performance.now() - bundle).toFixed(0)} ms)`);

// The server's bundle of src/ is built on the first run after a change of the sources (bin/server-bundle.js): not timed here.
spawnSync(process.execPath, ['bin/precinct.js', '--version']);

let met = true;
for (const kind of DATABASES) {
  for (let run = 1; run <= RUNS; run++) {
    const dataDir = mkdtempSync(join(tmpdir(), `precinct-start-bench-${kind}-`));
    let database;
    try {
      database = kind === 'postgresql' ? await testDatabase('postgresql', { empty: true }) : undefined;
    } catch (error) {
      console.log(`${kind}: skipped (${(error as Error).message.split('\n')[0]})`);
      break;
    }
    const env: Record<string, string> = { PRECINCT_DATA: dataDir, ...(database ? { DATABASE_URL: database.config().databaseUrl! } : {}) };
    try {
      const first = await start(env);
      const again = await start(env);
      met &&= first.healthMs < 15_000 && again.healthMs < 5_000 && again.rssMb < 300;
      console.log(`${kind.padEnd(10)} run ${run}  empty: ${fmt(first)}   existing: ${fmt(again)}   load ${load()}`);
      if (process.env.START_BENCH_VERBOSE) console.log(first.lines.join('\n'));
    } finally {
      await database?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
console.log(met ? 'aims met: existing < 5 s and < 300 MB idle, empty < 15 s' : 'aims NOT met in every run (existing < 5 s and < 300 MB idle, empty < 15 s)');
