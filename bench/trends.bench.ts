/**
 * Trends (S-110 §A.1.s; issue 23's aim: any chart over five years of a 50 000-incident-a-year
 * agency answers in under 1 s, p95). Five years of incidents (each with its call and one unit
 * that went, arrived and cleared) and a case for one incident in five are written set-based
 * with generate_series; then each chart of the Trends page is read over the whole five years
 * through the same service the route calls, TRENDS_BENCH_READS times (10), and its p50/p95 printed.
 *
 * Beside each p95, the CPU one read costs the server (the mean of TRENDS_BENCH_READS more reads):
 * this process's (`process.cpuUsage()`) plus, on PostgreSQL, that of the database's backends (their
 * utime + stime from /proc/<pid>/stat, readable when the server runs on this machine; "n/a"
 * otherwise), read through sessions that plan without parallel workers so that all of a query's
 * work is in its backend. On PGlite the database works in this process: its CPU is in the first figure.
 *
 * TRENDS_BENCH_PER_YEAR (50000), TRENDS_BENCH_READS (10), TRENDS_BENCH_DATABASES (pglite,postgresql).
 * TRENDS_BENCH_KEEP=1: keep the PostgreSQL database this run loads and print its name;
 * TRENDS_BENCH_REUSE=<database name>: read charts from one loaded before (kept, not dropped).
 */
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { closeContext } from '../src/app/start.ts';
import { chartData } from '../src/trends/service.ts';
import type { Chart } from '../src/trends/schemas.ts';
import type { AppContext } from '../src/core/context.ts';
import { testDatabase } from '../test/support/databases.ts';
import { percentile } from './stats.ts';
import { cpuMsSince, processCpu } from './server.ts';

const PER_YEAR = Number(process.env.TRENDS_BENCH_PER_YEAR ?? 50_000);
const READS = Number(process.env.TRENDS_BENCH_READS ?? 10);
const KINDS = (process.env.TRENDS_BENCH_DATABASES ?? 'pglite,postgresql').split(',') as ('pglite' | 'postgresql')[];
const REUSE = process.env.TRENDS_BENCH_REUSE;
const KEEP = process.env.TRENDS_BENCH_KEEP === '1';
const TOTAL = PER_YEAR * 5;
const chief = { username: 'bench', roles: ['chief'], source: null, remote: false };
const CHARTS: [Chart, string?][] = [['heatmap'], ['monthly', 'type'], ['monthly', 'sector'], ['response', 'priority'], ['response', 'sector'], ['response', 'shift'], ['workload'], ['crime'], ['map']];

for (const kind of KINDS) {
  const database = await testDatabase(kind).catch(() => undefined);
  if (!database) { console.log(`${kind.padEnd(10)} skipped: no server answers`); continue; }
  const reuse = kind === 'postgresql' && REUSE ? database.config().databaseUrl!.replace(/\/[^/]+$/, `/${REUSE}`) : undefined;
  const ctx = await database.open(reuse ? { databaseUrl: reuse } : {});
  try {
    if (reuse) console.log(`${kind.padEnd(10)} reading ${REUSE}, loaded before`);
    else await load(ctx);
    console.log(`${kind.padEnd(10)} load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    // The CPU a read costs, all of it in one backend: a second context whose sessions plan without
    // parallel workers (whose CPU would end with them, unseen), on PostgreSQL; PGlite works in this process.
    const url = kind === 'postgresql' ? (reuse ?? database.config().databaseUrl!) : undefined;
    const serial = url ? await database.open({ databaseUrl: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c max_parallel_workers_per_gather=0')}` }) : ctx;
    try {
      for (const [chart, by] of CHARTS) {
        const filter = { from: '2021-01-01', to: '2025-12-31', ...(by ? { by: by as 'type' } : {}) };
        const times: number[] = [];
        let rows = 0;
        for (let i = 0; i < READS + 1; i++) {
          const started = performance.now();
          const answer = await chartData(ctx, chief, chart, filter);
          if (i > 0) times.push(performance.now() - started); // the first read warms the caches
          rows = answer.rows.length;
        }
        await chartData(serial, chief, chart, filter);
        const own: number[] = [];
        const db: (number | undefined)[] = [];
        for (let i = 0; i < READS; i++) {
          // the backends as they are now (the pool closes idle connections and opens new ones)
          const pids = url ? (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`.execute(serial.db)).rows.map((r) => r.pid) : [];
          const dbBefore = backendCpuMs(pids);
          const cpuBefore = process.cpuUsage();
          await chartData(serial, chief, chart, filter);
          own.push(cpuMsSince(cpuBefore));
          const dbAfter = backendCpuMs(pids);
          db.push(cpuDelta(dbBefore, dbAfter));
        }
        const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
        const known = db.filter((v): v is number => v !== undefined);
        const dbText = !url ? 'the database in it' : known.length === db.length ? `PostgreSQL ${mean(known).toFixed(0).padStart(4)} ms` : 'PostgreSQL n/a (not on this machine)';
        const p95 = percentile(times, 95);
        console.log(`${kind.padEnd(10)} ${`${chart}${by ? ` by ${by}` : ''}`.padEnd(22)} rows=${String(rows).padEnd(6)} p50 ${percentile(times, 50).toFixed(0).padStart(5)} ms  p95 ${p95.toFixed(0).padStart(5)} ms ${p95 < 1000 ? '(aim: under 1 s)' : 'OVER the 1 s aim'}` +
          `  CPU per request: this process ${mean(own).toFixed(0).padStart(4)} ms, ${dbText}`);
      }
    } finally {
      if (serial !== ctx) await closeContext(serial);
    }
    console.log(`${kind.padEnd(10)} load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await closeContext(ctx);
    if (KEEP && kind === 'postgresql' && !reuse) console.log(`kept ${database.config().databaseUrl!.replace(/^.*\//, '')} for TRENDS_BENCH_REUSE`);
    else await database.dispose(); // the bench's own new database (a reused one is another, kept)
  }
}

/** The CPU (user + system, ms) each PostgreSQL backend of `pids` used so far, as /proc shows it (none for a server elsewhere). */
function backendCpuMs(pids: number[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    const cpu = processCpu(pid);
    if (cpu) used.set(pid, cpu.ms);
  }
  return used;
}
/** The CPU the backends seen before and after used between the two; undefined when /proc showed none. */
function cpuDelta(before: Map<number, number>, after: Map<number, number>): number | undefined {
  const both = [...before.keys()].filter((pid) => after.has(pid));
  return both.length === 0 ? undefined : both.reduce((sum, pid) => sum + after.get(pid)! - before.get(pid)!, 0);
}

/** Five years of incidents, calls, unit assignments and cases, set-based; the roll-ups filled by their triggers as any write fills them. */
async function load(ctx: AppContext): Promise<void> {
  {
    const loadStarted = performance.now();
    await sql`insert into agency_unit (call_sign, kind, service) select 'B' || u, 'patrol', 'police' from generate_series(1, 12) u on conflict do nothing`.execute(ctx.db);
    // five years from 2021-01-01, spread evenly (one incident every ~10.5 minutes at 50 000 a year)
    const step = (5 * 365.25 * 86_400) / TOTAL;
    await sql`insert into call (line, priority, received_at, created_by, status, outcome)
      select '911', 1 + n % 4, timestamptz '2021-01-01 00:00:00-05' + (n * cast(${step} as double precision)) * interval '1 second' - interval '50 seconds', 'bench', 'ended', 'incident'
      from generate_series(1, ${TOTAL}) n`.execute(ctx.db);
    await sql`insert into incident (number, call_id, type, priority, location, reported_at, created_by, min_units, supervisor_required, status)
      select 'B' || n, null, (array['BURGLARY', 'NOISE', 'ASSAULT', 'LARCENY', 'MVA', 'SUSPICIOUS', 'ALARM_COMM', 'WELFARE'])[1 + n % 8], 1 + n % 4,
        jsonb_build_object('address', n || ' Main St', 'area', (array['North', 'South', 'East', 'West'])[1 + n % 4], 'lat', 42.30 + (n % 97) * 0.0004, 'lon', -72.66 + (n % 89) * 0.0005),
        timestamptz '2021-01-01 00:00:00-05' + (n * cast(${step} as double precision)) * interval '1 second', 'bench', 1, false, 'closed'
      from generate_series(1, ${TOTAL}) n`.execute(ctx.db);
    await sql`update call c set incident_number = 'B' || n from (select c2.id, row_number() over (order by c2.received_at) as n from call c2 where c2.created_by = 'bench') o where o.id = c.id`.execute(ctx.db);
    await sql`update incident i set call_id = c.id from call c where c.incident_number = i.number and i.created_by = 'bench'`.execute(ctx.db);
    await sql`insert into incident_unit (incident_number, call_sign, role, dispatched_at, en_route_at, arrived_at, cleared_at)
      select i.number, 'B' || (1 + n % 12), 'primary', i.reported_at + (30 + n % 300) * interval '1 second', i.reported_at + (60 + n % 400) * interval '1 second',
        i.reported_at + (200 + n % 1200) * interval '1 second', i.reported_at + (1200 + n % 5400) * interval '1 second'
      from generate_series(1, ${TOTAL}) n join incident i on i.number = 'B' || n`.execute(ctx.db);
    await sql`insert into record_case (number, year, type, location, occurred_at, incident_number, opened_by)
      select 'BC' || n, extract(year from i.reported_at), i.type, jsonb_build_object('address', i.location->>'address'), i.reported_at, i.number, 'bench'
      from generate_series(5, ${TOTAL}, 5) n join incident i on i.number = 'B' || n`.execute(ctx.db);
    // vacuumed as autovacuum would leave a table in use (the load writes each roll-up row three times)
    for (const table of ['call', 'incident', 'incident_unit', 'record_case', 'trend_incident', 'trend_call', 'trend_assignment', 'trend_response', 'trend_month', 'trend_heat']) {
      await sql`vacuum analyze ${sql.table(table)}`.execute(ctx.db);
    }
    console.log(`loaded ${TOTAL} incidents, calls and unit assignments, ${TOTAL / 5} cases in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`);
  }
}

