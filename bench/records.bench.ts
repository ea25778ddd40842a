/**
 * Issue 22's speed aims: case and report search p95 under 100 ms with 500 000 cases, and
 * stolen-property serial search p95 under 50 ms with 1 000 000 items, on PostgreSQL.
 *
 * The data is made set-based in the database (INSERT … SELECT from generate_series):
 * 500 000 cases over ten years, each with one incident report naming one of 100 000
 * people, written by one of 60 officers at one of 2 000 addresses on 40 streets; then
 * 1 000 000 property items under those cases, half of them outstanding stolen reports,
 * each with a serial number. The searches go through the services the routes call
 * (searchCases, searchReports, searchStolen), as a records clerk, with the filters a
 * clerk uses: number, number's end, a week, an address, an officer, a type and a month,
 * a status, a person; serials typed exactly, without their dashes, and with one wrong
 * character.
 *
 * RECORDS_BENCH_DATABASES (postgresql), RECORDS_BENCH_CASES (500000), RECORDS_BENCH_ITEMS
 * (1000000), RECORDS_BENCH_QUERIES (200 of each kind), RECORDS_BENCH_PGLITE_SCALE (0.1:
 * PGlite, in memory, at a tenth of the sizes). RECORDS_BENCH_REUSE=<database name>: search a
 * PostgreSQL database this bench loaded before (the load takes 10–15 minutes on a busy
 * machine) instead of loading a new one; it is kept, not dropped. RECORDS_BENCH_KEEP=1: keep the
 * PostgreSQL database this run loads, and print its name, for RECORDS_BENCH_REUSE.
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { closeContext } from '../src/app/start.ts';
import { consoleActor } from '../src/identity/service.ts';
import { searchCases, searchReports, type CaseSearch } from '../src/records/case-search.ts';
import { searchStolen } from '../src/records/property/recovery.ts';
import { testDatabase } from '../test/support/databases.ts';
import { percentile } from './stats.ts';

const KINDS = (process.env.RECORDS_BENCH_DATABASES ?? 'postgresql').split(',') as ('pglite' | 'postgresql')[];
const CASES = Number(process.env.RECORDS_BENCH_CASES ?? 500_000);
const ITEMS = Number(process.env.RECORDS_BENCH_ITEMS ?? 1_000_000);
const QUERIES = Number(process.env.RECORDS_BENCH_QUERIES ?? 200);
const PGLITE_SCALE = Number(process.env.RECORDS_BENCH_PGLITE_SCALE ?? 0.1);
const REUSE = process.env.RECORDS_BENCH_REUSE;
const KEEP = process.env.RECORDS_BENCH_KEEP === '1';
const TYPES = ['LARCENY', 'BURGLARY', 'ASSAULT', 'VANDALISM', 'DISTURB', 'MVA', 'DRUG', 'FRAUD', 'TRESPASS', 'WARRANT'];
const STREETS = ['Main Street', 'Elm Street', 'Quarry Lane', 'Pine Street', 'Bridge Street', 'Mill Road', 'Linden Court', 'Oak Avenue', 'Maple Drive', 'Cedar Street',
  'Market Street', 'Orchard Road', 'River Road', 'Hill Street', 'Church Street', 'School Street', 'Park Avenue', 'Spring Street', 'Union Street', 'Water Street',
  'Prospect Street', 'Summer Street', 'Winter Street', 'Pleasant Street', 'High Street', 'Center Street', 'North Street', 'South Street', 'Franklin Street', 'Washington Street',
  'Green Street', 'Chestnut Street', 'Walnut Street', 'Locust Street', 'Birch Road', 'Highland Avenue', 'Forest Street', 'Lake Street', 'Pond Road', 'Meadow Lane'];

let seed = 7;
function random(): number { // deterministic, so runs compare
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
}
const int = (n: number) => Math.floor(random() * n);

type Ctx = Awaited<ReturnType<Awaited<ReturnType<typeof testDatabase>>['open']>>;

async function load(ctx: Ctx, cases: number, items: number): Promise<void> {
  const streets = sql.raw(`array[${STREETS.map((s) => `'${s}'`).join(',')}]`);
  const types = sql.raw(`array[${TYPES.map((s) => `'${s}'`).join(',')}]`);
  const people = Math.max(1000, Math.round(cases / 5));
  // One moment for every statement: a case near New Year numbered in one statement and referred to in the next keeps its year.
  const anchor = new Date().toISOString();
  // Ten years of cases, newest first: case i happened i × (ten years / cases) ago.
  await sql`insert into person (id, created_by) select md5('person' || g)::uuid, 'bench' from generate_series(1, ${people}) g`.execute(ctx.db);
  await sql`insert into person_name (person_id, kind, first_name, last_name) select md5('person' || g)::uuid, 'primary', 'First' || g, 'Last' || g from generate_series(1, ${people}) g`.execute(ctx.db);
  await sql`insert into record_case (number, year, type, location, occurred_at, opened_at, opened_by, status)
    select 'C' || to_char(at, 'YY') || '-' || lpad(g::text, 6, '0'), extract(year from at)::int, (${types})[1 + g % 10],
      jsonb_build_object('address', (1 + g % 2000 / 40) || ' ' || (${streets})[1 + g % 40]), at, at, 'officer' || (g % 60),
      case when g % 7 = 0 then 'open' else 'closed' end
    from (select g, ${anchor}::timestamptz - make_interval(secs => g * (315360000.0 / ${cases})) as at from generate_series(1, ${cases}) g) s`.execute(ctx.db);
  await sql`insert into report (id, kind, case_number, status, author, occurred_at, event_date, fields, narrative)
    select md5('report' || g)::uuid, 'incident', 'C' || to_char(at, 'YY') || '-' || lpad(g::text, 6, '0'), case when g % 11 = 0 then 'submitted' else 'approved' end,
      'officer' || ((g * 7) % 60), at, (at at time zone 'America/New_York')::date,
      jsonb_build_object('offense', (${types})[1 + g % 10], 'location', (1 + g % 2000 / 40) || ' ' || (${streets})[1 + g % 40]), 'Synthetic narrative ' || g
    from (select g, ${anchor}::timestamptz - make_interval(secs => g * (315360000.0 / ${cases})) as at from generate_series(1, ${cases}) g) s`.execute(ctx.db);
  await sql`insert into report_party (report_id, entity_type, entity_id, role)
    select md5('report' || g)::uuid, 'person', md5('person' || (1 + g % ${people}))::uuid, 'suspect' from generate_series(1, ${cases}) g`.execute(ctx.db);
  // Property: every other item an outstanding stolen report; serials like "AB12-CD34EF" from a hash.
  await sql`insert into property_item (tag, case_number, kind, category, description, make, model, serial, status, location, holder, created_by)
    select 'P' || lpad(g::text, 8, '0'), 'C' || to_char(${anchor}::timestamptz - make_interval(secs => c * (315360000.0 / ${cases})), 'YY') || '-' || lpad(c::text, 6, '0'),
      case when g % 2 = 0 then 'stolen' else 'evidence' end, 'Electronics', 'Item ' || g || ' ' || (array['laptop','phone','drill','bicycle','watch','camera'])[1 + g % 6],
      'Make' || g % 50, 'Model' || g % 300, upper(substr(md5('serial' || g), 1, 4) || '-' || substr(md5('serial' || g), 5, 6)),
      case when g % 2 = 0 then 'outstanding' else 'in_custody' end, case when g % 2 = 0 then null else 'Shelf ' || g % 500 end, case when g % 2 = 0 then null else 'Property room' end, 'bench'
    from (select g, 1 + g % ${cases} as c from generate_series(1, ${items}) g) s`.execute(ctx.db);
  for (const table of ['person', 'person_name', 'record_case', 'report', 'report_party', 'property_item']) await sql`vacuum analyze ${sql.table(table)}`.execute(ctx.db);
}

function caseNumberOf(g: number, cases: number): string {
  const at = new Date(Date.now() - g * (315_360_000_000 / cases));
  return `C${String(at.getUTCFullYear()).slice(2)}-${String(g).padStart(6, '0')}`; // near enough: the year of a case at New Year may differ, then it is a miss
}

/** The filters a clerk types, drawn at random: one of each kind per round. */
function searches(cases: number): [string, CaseSearch][] {
  const g = 1 + int(cases);
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  const start = int(3000);
  const house = 1 + int(50);
  return [
    ['number', { number: caseNumberOf(g, cases) }],
    ['number end', { number: String(g).padStart(6, '0').slice(-5) }],
    ['week', { from: day(start + 7), to: day(start) }],
    ['address', { address: `${house} ${STREETS[int(40)]!.split(' ')[0]!.toLowerCase()}` }],
    ['officer', { officer: `officer${int(60)}` }],
    ['type + month', { type: TYPES[int(10)]!, from: day(start + 30), to: day(start) }], // reports have no type: a month
    ['status', { status: 'open' }],
    ['person', { personId: md5Uuid(`person${1 + int(Math.max(1000, Math.round(cases / 5)))}`) }],
  ];
}

/** md5(text)::uuid, as the loader made the ids. */
function md5Uuid(text: string): string {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await f();
  return [performance.now() - t0, out];
}

const show = (label: string, ms: number[]) => `${label} p50 ${percentile(ms, 50).toFixed(1)} ms  p95 ${percentile(ms, 95).toFixed(1)} ms`;

async function run(kind: 'pglite' | 'postgresql'): Promise<void> {
  seed = 7;
  const scale = kind === 'pglite' ? PGLITE_SCALE : 1;
  const cases = Math.round(CASES * scale);
  const items = Math.round(ITEMS * scale);
  const database = await testDatabase(kind);
  const reuse = kind === 'postgresql' && REUSE ? database.config().databaseUrl!.replace(/\/[^/]+$/, `/${REUSE}`) : undefined;
  const ctx = await database.open(reuse ? { databaseUrl: reuse } : {});
  try {
    if (reuse) console.log(`${kind.padEnd(10)} cases=${cases} reports=${cases} items=${items}  searching ${REUSE}, loaded before`);
    else {
      const [loadMs] = await timed(() => load(ctx, cases, items));
      console.log(`${kind.padEnd(10)} cases=${cases} reports=${cases} items=${items}  loaded in ${(loadMs / 1000).toFixed(0)} s`);
    }
    const actor = { ...consoleActor(), roles: ['records_clerk'] };
    const byKind = new Map<string, number[]>();
    const all = { cases: [] as number[], reports: [] as number[] };
    let found = 0;
    for (let round = 0; round < QUERIES + 5; round++) {
      for (const [label, s] of searches(cases)) {
        const [caseMs, page] = await timed(() => searchCases(ctx, actor, s));
        const [reportMs] = await timed(() => searchReports(ctx, actor, label === 'status' ? { status: 'submitted' } : s)); // a report is a draft, submitted, returned or approved
        if (round < 5) continue; // the first rounds warm the caches
        if (page.items.length > 0) found += 1;
        for (const [key, ms] of [[`cases by ${label}`, caseMs], [`reports by ${label}`, reportMs]] as const) byKind.set(key, [...(byKind.get(key) ?? []), ms]);
        all.cases.push(caseMs); all.reports.push(reportMs);
      }
    }
    console.log(`${kind.padEnd(10)} ${show('case search (all filters)', all.cases)}   ${show('report search', all.reports)}   (${found} of ${all.cases.length} case searches found something)`);
    for (const [label, ms] of byKind) console.log(`${''.padEnd(10)}   ${label.padEnd(26)} ${show('', ms)}`);

    const serials: number[] = []; const typed: number[] = []; const wrong: number[] = [];
    let serialFound = 0; let wrongFound = 0;
    for (let i = 0; i < QUERIES + 5; i++) {
      const g = 2 * (1 + int(items / 2)); // an even item: a stolen report
      const serial = createHash('md5').update(`serial${g}`).digest('hex').toUpperCase();
      const dashed = `${serial.slice(0, 4)}-${serial.slice(4, 10)}`;
      const [exactMs, hits] = await timed(() => searchStolen(ctx, { serial: dashed }));
      const [typedMs] = await timed(() => searchStolen(ctx, { serial: dashed.replace('-', '').toLowerCase() }));
      const pos = 1 + int(8);
      const off = serial.slice(0, pos) + (serial[pos] === '7' ? '8' : '7') + serial.slice(pos + 1, 10);
      const [wrongMs, near] = await timed(() => searchStolen(ctx, { serial: off }));
      if (i < 5) continue;
      serials.push(exactMs); typed.push(typedMs); wrong.push(wrongMs);
      if (hits[0]?.tag === `P${String(g).padStart(8, '0')}`) serialFound += 1;
      if (near.some((h) => h.tag === `P${String(g).padStart(8, '0')}`)) wrongFound += 1;
    }
    console.log(`${kind.padEnd(10)} stolen serial search over ${items} items: ${show('exact', serials)}   ${show('no dashes, lower case', typed)}   ${show('one wrong character', wrong)}` +
      `   (exact found first ${serialFound}/${serials.length}; one wrong found ${wrongFound}/${wrong.length})`);
  } finally {
    await closeContext(ctx);
    if (KEEP && kind === 'postgresql' && !reuse) console.log(`kept ${database.config().databaseUrl!.replace(/^.*\//, '')} for RECORDS_BENCH_REUSE`);
    else await database.dispose(); // the bench's own new database; a reused one is kept
  }
}

console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const kind of KINDS) {
  try {
    await run(kind);
  } catch (error) {
    console.log(`${kind}: skipped (${(error as Error).message.split('\n')[0]})`);
  }
  console.log(`load average after ${kind}: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}
