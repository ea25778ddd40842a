/**
 * The machine's limit, measured in the same run as the benchmarks (issue 16 point 9): how many
 * single-row inserts PostgreSQL commits a second on this machine with pgbench, 8 clients, each
 * insert its own transaction; and the same inserts when each transaction first takes one global
 * advisory lock held through commit (what `appendEvent` does, src/core/events/log.ts), so a reader
 * sees what that lock costs against the machine's own figure. Printed with the date and the load
 * average before and after the benchmarks (`bench/run.ts`); skipped, and said so, when no
 * PostgreSQL answers or `pgbench` is not installed.
 *
 * `BASELINE_SECONDS` (default 10) per figure.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const DATABASE = 'precinct_bench_baseline';
const SECONDS = Number(process.env.BASELINE_SECONDS ?? 10);

const INSERT = `\\set v random(1, 1000000000)
insert into baseline_row (v) values (:v);
`;
const INSERT_UNDER_GLOBAL_LOCK = `\\set v random(1, 1000000000)
begin;
select pg_advisory_xact_lock(1347568453);
insert into baseline_row (v) values (:v);
commit;
`;

export interface Baseline {
  /** Commits a second: single-row inserts, 8 clients. */
  inserts: number;
  /** The same with one global advisory lock held through each commit. */
  insertsUnderGlobalLock: number;
}

/** "load average 1.20 0.95 0.80" now. */
export function loadLine(): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

function urlOf(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** pgbench's "tps = N (without initial connection time)" for one script. */
function pgbench(url: string, script: string): number {
  const folder = mkdtempSync(join(tmpdir(), 'precinct-baseline-'));
  try {
    const file = join(folder, 'script.sql');
    writeFileSync(file, script);
    const run = spawnSync('pgbench', ['--no-vacuum', '--client=8', '--jobs=2', `--time=${SECONDS}`, '--protocol=prepared', `--file=${file}`, url], { encoding: 'utf8' });
    if (run.error) throw run.error;
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(run.stdout);
    if (run.status !== 0 || !tps) throw new Error(`pgbench failed: ${run.stderr || run.stdout}`);
    return Number(tps[1]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Measure both figures on a scratch database, dropped afterwards; undefined (with the reason printed) when it cannot run. */
export async function measureBaseline(): Promise<Baseline | undefined> {
  if (spawnSync('pgbench', ['--version']).error) {
    console.log('baseline: pgbench is not installed (Debian: postgresql-client), not measured');
    return undefined;
  }
  try {
    await admin(async (client) => {
      await client.query(`drop database if exists ${DATABASE}`);
      await client.query(`create database ${DATABASE}`);
    });
  } catch (error) {
    console.log(`baseline: no PostgreSQL answers at ${new URL(ADMIN_URL).host} (${(error as Error).message}), not measured`);
    return undefined;
  }
  try {
    const url = urlOf(DATABASE);
    const scratch = new pg.Client({ connectionString: url });
    await scratch.connect();
    await scratch.query('create table baseline_row (id bigint generated always as identity primary key, v bigint not null, at timestamptz not null default now())');
    await scratch.end();
    return { inserts: pgbench(url, INSERT), insertsUnderGlobalLock: pgbench(url, INSERT_UNDER_GLOBAL_LOCK) };
  } finally {
    await admin((client) => client.query(`drop database if exists ${DATABASE} with (force)`));
  }
}

export function baselineLine(baseline: Baseline): string {
  const ratio = baseline.inserts / baseline.insertsUnderGlobalLock;
  return `baseline (pgbench, PostgreSQL, 8 clients, ${SECONDS} s each): ${baseline.inserts.toFixed(0)} single-row insert commits/s; `
    + `${baseline.insertsUnderGlobalLock.toFixed(0)}/s with one global lock held through commit (${ratio.toFixed(1)}× fewer)`;
}
