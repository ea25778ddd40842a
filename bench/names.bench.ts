/**
 * Name search on a realistic synthetic master-name index: surnames and given names
 * drawn with a Zipf-like frequency (a few very common, a long tail of rare ones, as in
 * census name lists), dates of birth 1940–2012, and queries typed the way people type
 * them — transposed or missing letters, one wrong letter, sound-alike spellings,
 * nicknames — with a full, partial or no date of birth. Reports p50/p95 latency of the
 * whole search (SQL candidates + scoring) and the share of queries whose intended
 * person is in the top 5; and how many more had the intended person's score equal to the
 * fifth's (an identical name and nothing typed to tell them apart: which five show is a tie).
 *
 * Default: 100 000 names (a few minutes on 2 cores, both databases).
 * NAMES_BENCH_SIZES=100000,1000000 npm run bench -- names   for the million-name run;
 * NAMES_BENCH_DATABASES=postgresql to run one database, NAMES_BENCH_QUERIES=300 queries.
 * NAMES_BENCH_KEEP=1: keep the PostgreSQL database loaded (its name printed; the queries' targets are
 * kept in it); NAMES_BENCH_REUSE=<database name>: search one loaded before (kept, not dropped).
 * NAMES_BENCH_SLOWEST=<n>: print the n slowest queries (their text, date of birth and time);
 * NAMES_BENCH_MISSES=1: print each query whose intended person is not in the top 5, with the 5 given.
 * Beside the latency, the CPU a search costs: this process's and, on PostgreSQL on this machine,
 * its backends' (utime + stime from /proc/<pid>/stat), a mean over the measured queries.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { closeContext } from '../src/app/start.ts';
import { consoleActor } from '../src/identity/service.ts';
import { nicknamesOf } from '../src/records/nicknames.ts';
import { searchNames } from '../src/records/search.ts';
import { testDatabase } from '../test/support/databases.ts';
import { cpuMsSince } from './server.ts';
import { percentile } from './stats.ts';

const SIZES = (process.env.NAMES_BENCH_SIZES ?? '100000').split(',').map(Number);
const QUERIES = Number(process.env.NAMES_BENCH_QUERIES ?? 300);
const KINDS = (process.env.NAMES_BENCH_DATABASES ?? 'pglite,postgresql').split(',') as ('pglite' | 'postgresql')[];
const KEEP = process.env.NAMES_BENCH_KEEP === '1';
const REUSE = process.env.NAMES_BENCH_REUSE;
const SLOWEST = Number(process.env.NAMES_BENCH_SLOWEST ?? 0);

const SURNAMES = `smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington kennedy wells vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins arnold pierce vazquez hansen peters santos hart bradley knight elliott cunningham duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry perkins hoffman johnston matthews pena richards contreras willis carpenter lawrence sandoval`.split(/\s+/);
const FIRSTS = `james mary robert patricia john jennifer michael linda william elizabeth david barbara richard susan joseph jessica thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony margaret mark sandra donald ashley steven kimberly paul emily andrew donna joshua michelle kenneth carol kevin amanda brian dorothy george melissa timothy deborah ronald stephanie edward rebecca jason sharon jeffrey laura ryan cynthia jacob kathleen gary amy nicholas angela eric shirley jonathan anna stephen brenda larry pamela justin emma scott nicole brandon helen benjamin samantha samuel katherine gregory christine alexander debra frank rachel patrick carolyn raymond janet jack catherine dennis maria jerry heather tyler diane aaron ruth jose julie adam olivia nathan joyce henry virginia douglas victoria zachary kelly peter lauren kyle christina noah joan ethan evelyn jeremy judith walter megan christian andrea keith cheryl roger hannah terry jacqueline austin martha sean gloria gerald teresa carl ann harold sara dylan madison arthur frances lawrence kathryn jordan janice jesse jean bryan abigail billy alice bruce judy gabriel sophia joe grace logan denise albert amber willie doris alan marilyn eugene danielle russell beverly vincent isabella philip theresa bobby diana johnny natalie bradley brittany`.split(/\s+/);
const ONSETS = ['b', 'br', 'c', 'ch', 'cr', 'd', 'dr', 'f', 'fl', 'g', 'gr', 'h', 'j', 'k', 'kr', 'l', 'm', 'n', 'p', 'pr', 'r', 's', 'sch', 'sh', 'sl', 'st', 't', 'tr', 'v', 'w', 'z', 'qu', 'bl', 'th'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ie', 'ou', 'y', 'au', 'oe'];
const CODAS = ['', 'n', 'r', 'l', 's', 't', 'ck', 'ng', 'rd', 'rt', 'll', 'nd', 'ss', 'm', 'k', 'x', 'tz'];
const SUFFIXES = ['', '', '', 'son', 'berg', 'ski', 'ley', 'ton', 'man', 'er', 'ez', 'ini', 'ova', 'sen', 'well', 'stein', 'ford', 'ham', 'ian', 'ak'];
const syllable = () => pick(ONSETS) + pick(VOWELS) + pick(CODAS);

let seed = 42;
function random(): number { // deterministic, so runs compare
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
}
const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
/** Zipf-like: index i drawn with weight about 1/(i+1)^s (census name lists fall off at s ≈ 0.6–0.8). */
function zipf<T>(list: T[], s: number): T {
  const n = list.length + 1;
  const x = Math.pow(random() * (Math.pow(n, 1 - s) - 1) + 1, 1 / (1 - s)) - 1;
  return list[Math.min(list.length - 1, Math.floor(x))]!;
}
const title = (s: string) => s[0]!.toUpperCase() + s.slice(1);

function surname(): string {
  // The 250 commonest surnames cover about 30 % of people (Smith ≈ 1 %); the rest is a long tail of rare names.
  if (random() < 0.3) return title(zipf(SURNAMES, 0.6));
  return title(Array.from({ length: 1 + Math.floor(random() * 2) }, syllable).join('') + pick(SUFFIXES));
}
function birthDate(): string {
  const y = 1940 + Math.floor(random() * 73);
  return `${y}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
}

function typo(name: string): string {
  const s = name.toLowerCase();
  const i = 1 + Math.floor(random() * Math.max(1, s.length - 2));
  switch (Math.floor(random() * 5)) {
    case 0: return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2); // transposed letters
    case 1: return s.slice(0, i) + s.slice(i + 1); // a dropped letter
    case 2: return s.slice(0, i) + pick([...'aeiou']) + s.slice(i + 1); // one wrong vowel
    case 3: return s.replace(/son$/, 'sen').replace(/ph/, 'f').replace(/ck/, 'k').replace(/y/, 'i').replace(/z/, 's'); // sound-alike
    default: return s; // spelled right
  }
}

interface Person { id: string; first: string; last: string; dob: string }

type Context = Awaited<ReturnType<Awaited<ReturnType<typeof testDatabase>>['open']>>;

async function load(ctx: Context, count: number): Promise<Person[]> {
  const sample: Person[] = [];
  const batch = 4000;
  for (let done = 0; done < count; done += batch) {
    const rows: Person[] = Array.from({ length: Math.min(batch, count - done) }, () => ({ id: randomUUID(), first: title(zipf(FIRSTS, 0.8)), last: surname(), dob: birthDate() }));
    await sql`insert into person (id, dob, created_by) values ${sql.join(rows.map((r) => sql`(${r.id}::uuid, ${r.dob}::date, 'bench')`))}`.execute(ctx.db);
    await sql`insert into person_name (person_id, kind, first_name, last_name) values ${sql.join(rows.map((r) => sql`(${r.id}::uuid, 'primary', ${r.first}, ${r.last})`))}`.execute(ctx.db);
    for (const r of rows) if (random() < QUERIES / count) sample.push(r);
  }
  await sql`vacuum analyze person_name`.execute(ctx.db); // as autovacuum would: flushes the GIN pending list
  await sql`analyze person`.execute(ctx.db);
  return sample;
}

/** The targets and the generator's state after loading, kept in the database for NAMES_BENCH_REUSE. */
async function keepTargets(ctx: Context, targets: Person[]): Promise<void> {
  await sql`create table names_bench_target (n int primary key, id uuid, first text, last text, dob text, seed double precision)`.execute(ctx.db);
  await sql`insert into names_bench_target values ${sql.join(targets.map((t, n) => sql`(${n}, ${t.id}::uuid, ${t.first}, ${t.last}, ${t.dob}, ${seed})`))}`.execute(ctx.db);
}
async function keptTargets(ctx: Context): Promise<Person[]> {
  const { rows } = await sql<Person & { seed: number }>`select id, first, last, dob, seed from names_bench_target order by n`.execute(ctx.db);
  seed = Number(rows[0]!.seed);
  return rows.map(({ id, first, last, dob }) => ({ id, first, last, dob }));
}

/** The CPU (user + system, ms) each PostgreSQL backend of `pids` used so far, as /proc shows it (none for a server elsewhere). */
function backendCpuMs(pids: number[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      used.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100); // utime, stime in ticks of 1/100 s
    } catch {
      // not on this machine, or the backend has gone
    }
  }
  return used;
}

async function run(kind: 'pglite' | 'postgresql', count: number): Promise<void> {
  seed = 42;
  const database = await testDatabase(kind);
  const reuse = kind === 'postgresql' && REUSE ? database.config().databaseUrl!.replace(/\/[^/]+$/, `/${REUSE}`) : undefined;
  const ctx = await database.open(reuse ? { databaseUrl: reuse } : {});
  try {
    const started = performance.now();
    const targets = reuse ? await keptTargets(ctx) : await load(ctx, count);
    if (KEEP && kind === 'postgresql' && !reuse) await keepTargets(ctx, targets);
    const loadSeconds = (performance.now() - started) / 1000;
    const actor = { ...consoleActor(), roles: ['records_clerk'] };
    const latencies: number[] = [];
    const ownCpu: number[] = [];
    let dbCpu = 0;
    let dbCpuKnown = kind === 'postgresql';
    const timed: { q: string; dob?: string; ms: number; hit: boolean }[] = [];
    let found = 0;
    let tied = 0;
    let foundWithDob = 0;
    let withDob = 0;
    const loadBefore = loadavg();
    for (const [i, t] of targets.entries()) {
      const nick = nicknamesOf(t.first);
      const first = random() < 0.2 && nick.length > 0 ? pick(nick) : random() < 0.3 ? typo(t.first) : t.first.toLowerCase();
      const r = random();
      const dob = r < 0.6 ? t.dob : r < 0.8 ? t.dob.slice(0, 7) : r < 0.9 ? t.dob.slice(0, 4) : undefined;
      const q = `${first} ${typo(t.last)}`;
      // the backends as they are now (the pool may open new ones)
      const pids = kind === 'postgresql' ? (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`.execute(ctx.db)).rows.map((row) => row.pid) : [];
      const dbBefore = backendCpuMs(pids);
      const cpuBefore = process.cpuUsage();
      const t0 = performance.now();
      const hits = await searchNames(ctx, actor, q, dob, 5);
      const ms = performance.now() - t0;
      const hit = hits.some((h) => h.id === t.id);
      if (!hit && process.env.NAMES_BENCH_MISSES === '1') console.log(`miss "${q}" ${dob ?? ''} wanted ${t.last}, ${t.first} ${t.dob}: ${hits.map((h) => `${h.name} ${h.dob} ${h.score}`).join(' | ')}`);
      if (i >= 10) { // the first few warm the caches
        latencies.push(ms);
        ownCpu.push(cpuMsSince(cpuBefore));
        const dbAfter = backendCpuMs(pids);
        const seen = [...dbBefore.keys()].filter((pid) => dbAfter.has(pid));
        if (seen.length === 0) dbCpuKnown = false;
        dbCpu += seen.reduce((sum, pid) => sum + dbAfter.get(pid)! - dbBefore.get(pid)!, 0);
        timed.push({ q, ...(dob ? { dob } : {}), ms, hit });
      }
      if (hit) found += 1;
      else if (hits.length === 5) {
        // not measured: is the intended person tied with the fifth (the same name, nothing to tell them apart)?
        const wider = await searchNames(ctx, actor, q, dob, 50);
        if (wider.find((h) => h.id === t.id)?.score === hits[4]!.score) tied += 1;
      }
      if (dob) { withDob += 1; if (hit) foundWithDob += 1; }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const cpuText = kind === 'postgresql'
      ? `CPU per query: this process ${mean(ownCpu).toFixed(1)} ms, PostgreSQL ${dbCpuKnown ? `${(dbCpu / Math.max(1, latencies.length)).toFixed(1)} ms` : 'n/a (not on this machine)'}`
      : `CPU per query ${mean(ownCpu).toFixed(1)} ms (the embedded database's work included)`;
    console.log(`${kind.padEnd(10)} names=${String(count).padStart(8)}  ${reuse ? `reusing ${REUSE}` : `load ${loadSeconds.toFixed(0)} s`}  queries=${targets.length}  ` +
      `p50 ${percentile(latencies, 50).toFixed(1)} ms  p95 ${percentile(latencies, 95).toFixed(1)} ms  ` +
      `top-5 ${((100 * found) / targets.length).toFixed(1)} %  (with any DOB ${((100 * foundWithDob) / Math.max(1, withDob)).toFixed(1)} %; ` +
      `${tied} more tied with the fifth)`);
    console.log(`${''.padEnd(10)} ${cpuText}  load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} → ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const slow of timed.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST)) {
      console.log(`${''.padEnd(10)} slow: ${slow.ms.toFixed(1).padStart(6)} ms  "${slow.q}"${slow.dob ? ` dob ${slow.dob}` : ''}${slow.hit ? '' : '  (target not in the top 5)'}`);
    }
  } finally {
    await closeContext(ctx);
    if (KEEP && kind === 'postgresql' && !reuse) console.log(`kept ${database.config().databaseUrl!.replace(/^.*\//, '')} for NAMES_BENCH_REUSE`);
    else await database.dispose(); // the bench's own new database (a reused one is another, kept)
  }
}

for (const kind of KINDS) {
  for (const count of SIZES) {
    try {
      await run(kind, count);
    } catch (error) {
      console.log(`${kind}: skipped (${(error as Error).message.split('\n')[0]})`);
      break;
    }
  }
}
