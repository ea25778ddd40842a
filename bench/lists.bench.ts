/**
 * Lists that do not grow with history (the performance issue, point 5): each list route
 * read through the HTTP API (authenticated, access rules and audit applied) while the data
 * behind it grows to 10 000, 100 000 and 1 000 000 rows, printing p50/p95 of the first page
 * and of a page in the middle (read with the `after` key of the row half-way down the list,
 * as a reader who kept pressing More would). The aim: p95 under 20 ms at 1 000 000 rows on
 * PostgreSQL.
 *
 * Routes: `GET /incidents?status=closed` and `GET /incidents` (open ones, by priority), the
 * closed-call log `GET /calls?status=closed`, the audit trail `GET /audit/trail` and the
 * Knox access history `GET /knox/accesses`; each table grows by the same number of rows
 * (INSERT … SELECT FROM generate_series; one incident in a hundred still open, one in five
 * hundred confidential). Cases and reports (paged by key since migration 0041) are timed by
 * their own bench, records.bench.ts, at 500 000 cases.
 *
 * LISTS_BENCH_SIZES (default 10000,100000,1000000), LISTS_BENCH_DATABASES (default
 * postgresql,pglite; PostgreSQL when it answers), LISTS_BENCH_PGLITE_MAX (default 100000:
 * the embedded database stops at this size), LISTS_BENCH_READS (default 100 per figure).
 * PGlite runs on disk with the durable settings `npm start` uses.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { buildServer } from '../src/app/server.ts';
import { closeContext, openContext } from '../src/app/start.ts';
import type { AppContext } from '../src/core/context.ts';
import { testDatabase } from '../test/support/databases.ts';
import { signedInAs } from '../test/support/session.ts';
import { housingAuthorityBox } from '../test/knox-support.ts';
import { percentile } from './stats.ts';
import { onEachDatabase } from './server.ts';

const SIZES = (process.env.LISTS_BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const KINDS = (process.env.LISTS_BENCH_DATABASES ?? 'postgresql,pglite').split(',') as ('pglite' | 'postgresql')[];
const PGLITE_MAX = Number(process.env.LISTS_BENCH_PGLITE_MAX ?? 100_000);
const READS = Number(process.env.LISTS_BENCH_READS ?? 100);
const AIM_MS = 20;
const CHUNK = 100_000;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const load = () => `load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`;

/** Grow each listed table from `from` to `to` rows, set-based, in chunks. */
async function grow(ctx: AppContext, from: number, to: number): Promise<void> {
  for (let a = from + 1; a <= to; a += CHUNK) {
    const b = Math.min(to, a + CHUNK - 1);
    await sql`insert into incident (number, type, priority, location, status, disposition, confidential, reported_at, closed_at, created_by, min_units, supervisor_required)
      select '90-' || lpad(i::text, 7, '0'), (array['NOISE','DISTURB','ALARM_COMM','WELFARE','MVA'])[1 + i % 5], 1 + i % 3,
        jsonb_build_object('address', (1 + i % 300) || ' Bench Street, Millbrook'),
        case when i % 100 = 0 then 'pending' else 'closed' end, case when i % 100 = 0 then null else 'ADVISED' end, i % 500 = 0,
        now() - make_interval(secs => i * 30), case when i % 100 = 0 then null else now() - make_interval(secs => i * 30 - 1800) end, 'bench', 1, false
      from generate_series(${a}::int, ${b}::int) i`.execute(ctx.db);
    await sql`insert into call (line, status, priority, outcome, received_at, answered_at, ended_at, call_takers, created_by)
      select case when i % 3 = 0 then 'business' else 'e911' end, 'ended', 1 + i % 4, case when i % 2 = 0 then 'incident' else 'no_response' end,
        now() - make_interval(secs => i * 30), now() - make_interval(secs => i * 30 - 8), now() - make_interval(secs => i * 30 - 98), array['disp' || (i % 8)], 'bench'
      from generate_series(${a}::int, ${b}::int) i`.execute(ctx.db);
    await sql`insert into audit (at, username, role, source, remote, action, subject_type, subject_id, outcome, detail)
      select now() - make_interval(secs => i * 30), 'user' || (i % 60), 'dispatcher', '10.0.0.' || (i % 200), false,
        (array['incident.read','incident.created','unit.status_changed','name.search','report.read'])[1 + i % 5], 'incident', '90-' || lpad(i::text, 7, '0'),
        case when i % 97 = 0 then 'denied' else 'allowed' end, '{}'::jsonb
      from generate_series(${a}::int, ${b}::int) i`.execute(ctx.db);
    await sql`insert into knox_access (box_id, incident_number, reason, apartments, officer, requested_by, requested_at)
      select 'BENCH-' || (i % 5), '90-' || lpad((1 + (i - 1) / 10 * 10)::text, 7, '0'), 'welfare_check', array['1A'], 'officer' || (i % 40), 'dispatch',
        now() - make_interval(secs => i * 30)
      from generate_series(${a}::int, ${b}::int) i`.execute(ctx.db);
  }
  for (const table of ['incident', 'call', 'audit', 'knox_access']) await sql`analyze ${sql.table(table)}`.execute(ctx.db);
}

/** The `after` key of the row half-way down a list, as the route would have sent it as `next`. */
async function middleKey(ctx: AppContext, query: ReturnType<typeof sql<{ key: string }>>): Promise<string | null> {
  const row = (await query.execute(ctx.db)).rows[0];
  return row ? Buffer.from(row.key, 'utf8').toString('base64url') : null;
}

async function run(kind: 'pglite' | 'postgresql') {
  const database = await testDatabase(kind);
  const onDisk = kind === 'pglite';
  const ctx = onDisk ? await openContext(database.config()) : await database.open();
  const app = await buildServer(ctx);
  await app.ready();
  try {
    if (onDisk) console.log(`${kind.padEnd(10)} on disk in ${ctx.config.dataDir}, durable (as npm start runs it)`);
    const supply = await signedInAs(ctx, app, ['supply_supervisor']);
    for (let b = 0; b < 5; b += 1) {
      const made = await app.inject({ method: 'POST', url: '/api/v1/knox/boxes', headers: supply.headers, payload: housingAuthorityBox(`BENCH-${b}`, `Bench Court ${b}`, `${b + 1} Bench Court`) });
      if (made.statusCode >= 300) throw new Error(`box: ${made.body}`);
    }
    let size = 0;
    for (const target of SIZES) {
      if (kind === 'pglite' && target > PGLITE_MAX) { console.log(`${kind.padEnd(10)} rows=${target}: not run (LISTS_BENCH_PGLITE_MAX=${PGLITE_MAX})`); continue; }
      const started = performance.now();
      await grow(ctx, size, target);
      size = target;
      console.log(`${kind.padEnd(10)} rows=${String(size).padStart(8)} in each table, loaded in ${((performance.now() - started) / 1000).toFixed(0)} s; ${load()}`);
      const dispatcher = await signedInAs(ctx, app, ['dispatcher']);
      const auditor = await signedInAs(ctx, app, ['auditor']);
      const half = Math.floor(size / 2);
      const routes: { label: string; url: string; headers: Record<string, string>; middle: string | null }[] = [
        { label: 'incidents, closed', url: '/incidents?status=closed&limit=200', headers: dispatcher.headers,
          middle: await middleKey(ctx, sql<{ key: string }>`select json_build_array(reported_at::text, number::text)::text as key from incident where status = 'closed' order by reported_at desc, number desc offset ${half} limit 1`) },
        { label: 'incidents, open', url: '/incidents?limit=200', headers: dispatcher.headers,
          middle: await middleKey(ctx, sql<{ key: string }>`select json_build_array(priority::text, reported_at::text, number::text)::text as key from incident where status <> 'closed' order by priority, reported_at, number offset ${Math.floor(size / 200)} limit 1`) },
        { label: 'calls, closed', url: '/calls?status=closed&limit=200', headers: dispatcher.headers,
          middle: await middleKey(ctx, sql<{ key: string }>`select json_build_array(received_at::text, id::text)::text as key from call where status = 'ended' or outcome is not null order by received_at desc, id desc offset ${half} limit 1`) },
        { label: 'audit trail', url: '/audit/trail?limit=100', headers: auditor.headers,
          middle: await middleKey(ctx, sql<{ key: string }>`select json_build_array(at::text, id::text)::text as key from audit order by at desc, id desc offset ${half} limit 1`) },
        { label: 'Knox accesses', url: '/knox/accesses?limit=100', headers: supply.headers,
          middle: await middleKey(ctx, sql<{ key: string }>`select json_build_array(requested_at::text, id::text)::text as key from knox_access order by requested_at desc, id desc offset ${half} limit 1`) },
      ];
      for (const route of routes) {
        const figures: string[] = [];
        for (const [where, url] of [['first page', route.url], ['middle', route.middle ? `${route.url}&after=${route.middle}` : null]] as const) {
          if (!url) continue;
          const times: number[] = [];
          for (let n = 0; n < READS; n += 1) {
            const t = performance.now();
            const answer = await app.inject({ url: `/api/v1${url}`, headers: route.headers });
            times.push(performance.now() - t);
            if (answer.statusCode !== 200) throw new Error(`${url}: ${answer.statusCode} ${answer.body.slice(0, 300)}`);
          }
          figures.push(`${where} p50 ${ms(percentile(times, 50))} p95 ${ms(percentile(times, 95))}`);
        }
        console.log(`${''.padEnd(10)}   ${route.label.padEnd(18)} ${figures.join('   ')}`);
      }
    }
    console.log(`${''.padEnd(10)} aim: p95 under ${AIM_MS} ms at 1 000 000 rows on PostgreSQL`);
  } finally {
    await app.close();
    await closeContext(ctx);
    if (onDisk) rmSync(ctx.config.dataDir, { recursive: true, force: true });
    await database.dispose();
  }
}

await onEachDatabase(KINDS, run);
