/**
 * The crash test at length: a real server process takes incidents at a steady rate and is
 * killed with SIGKILL several times, on the on-disk embedded database as `npm start` runs
 * it and on PostgreSQL; then acknowledged incidents, records, audit rows and events are
 * counted (test/support/crash.ts). `CRASH_BENCH_KILLS` (5), `CRASH_BENCH_RATE` (50/s),
 * `CRASH_BENCH_SECONDS` (10 per run), `CRASH_BENCH_DATABASES` (pglite,postgresql).
 */
import { rmSync } from 'node:fs';
import { testDatabase } from '../test/support/databases.ts';
import { crashTest } from '../test/support/crash.ts';

const KILLS = Number(process.env.CRASH_BENCH_KILLS ?? 5);
const RATE = Number(process.env.CRASH_BENCH_RATE ?? 50);
const SECONDS = Number(process.env.CRASH_BENCH_SECONDS ?? 10);
const DATABASES = (process.env.CRASH_BENCH_DATABASES ?? 'pglite,postgresql').split(',') as ('pglite' | 'postgresql')[];

let ok = true;
for (const kind of DATABASES) {
  const dataDir = `/tmp/precinct-crash-bench-${process.pid}-${kind}`;
  let database;
  try {
    database = await testDatabase(kind);
  } catch (error) {
    console.log(`${kind}: skipped (${(error as Error).message.split('\n')[0]})`);
    continue;
  }
  try {
    const c = await crashTest({ dataDir, databaseUrl: database.config().databaseUrl, kills: KILLS, rate: RATE, runMs: SECONDS * 1000 });
    const held = c.lostRecords === 0 && c.auditRowsOfRecords === c.records && c.eventsOfRecords === c.records && c.numberGaps === 0 && c.chainIntact;
    ok &&= held;
    console.log(`${kind.padEnd(10)} ${KILLS} × kill -9 at ${RATE}/s offered: acknowledged ${c.acknowledged}  records ${c.records}  audit rows ${c.auditRowsOfRecords}  events ${c.eventsOfRecords}  acknowledged but lost ${c.lostRecords}  number gaps ${c.numberGaps}  chain ${c.chainIntact ? 'intact' : 'BROKEN'}`);
  } finally {
    await database.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
process.exit(ok ? 0 : 1);
