/**
 * Backups at size (issue 21's speed aim): the backup of a database with 1 000 000 master
 * names and 500 000 incidents in under 5 minutes, with the dispatch floor's latency while
 * it runs beside its latency at rest.
 *
 * 1. BACKUP_BENCH_NAMES persons, each with a primary name (default 1 000 000), and
 *    BACKUP_BENCH_INCIDENTS incidents (default 500 000, six years of yearly numbers, all
 *    but 50 closed) are loaded set-based (INSERT … SELECT FROM generate_series), then
 *    vacuumed and analysed as autovacuum would. Not timed against the aim; printed.
 * 2. The dispatch floor at rest for BACKUP_BENCH_FLOOR_SECONDS (20): every 20 ms the
 *    board's read (pending call queue, units board, open incidents) and one status
 *    change of one of 30 units through the service (a transaction with its event);
 *    p50/p99/max of each.
 * 3. The real backup (`createBackup`, what `precinct backup create` runs: pg_dump or
 *    PGlite's dump, age encryption for a recipient, to a temporary folder) while the same
 *    floor loop runs: its duration, the archive's size, and the floor during it.
 *
 * BACKUP_BENCH_DATABASES=postgresql,pglite (default both; PostgreSQL when it answers).
 * PGlite (in memory, as the tests open it) runs at BACKUP_BENCH_PGLITE_SCALE of the sizes
 * (default 1): set it lower when the full size does not fit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { sql } from 'kysely';
import { closeContext } from '../src/app/start.ts';
import type { Actor } from '../src/core/actor.ts';
import type { AppContext } from '../src/core/context.ts';
import { createBackup } from '../src/backup/service.ts';
import { useBackupSetup } from '../src/backup/setup.ts';
import { pendingQueue } from '../src/dispatch/calls/service.ts';
import { openIncidents } from '../src/dispatch/incidents/service.ts';
import { changeStatus, unitsBoard } from '../src/dispatch/units/status.ts';
import { consoleActor } from '../src/identity/service.ts';
import { testDatabase } from '../test/support/databases.ts';
import { percentile } from './stats.ts';

const NAMES = Number(process.env.BACKUP_BENCH_NAMES ?? 1_000_000);
const INCIDENTS = Number(process.env.BACKUP_BENCH_INCIDENTS ?? 500_000);
const KINDS = (process.env.BACKUP_BENCH_DATABASES ?? 'postgresql,pglite').split(',') as ('pglite' | 'postgresql')[];
const PGLITE_SCALE = Number(process.env.BACKUP_BENCH_PGLITE_SCALE ?? 1);
const FLOOR_SECONDS = Number(process.env.BACKUP_BENCH_FLOOR_SECONDS ?? 20);
const UNITS = 30;
const AIM_SECONDS = 300;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const figures = (values: number[]) => `p50 ${ms(percentile(values, 50))}  p99 ${ms(percentile(values, 99))}  max ${ms(Math.max(...values))}`;
const seconds = (from: number) => (performance.now() - from) / 1000;
const sqlList = (words: string) => `array[${words.split(/\s+/).map((w) => `'${w}'`).join(',')}]`;

// Names built from parts, so a million persons have a realistic spread of surnames (and
// the dump compresses as real names would, not as one repeated string).
const FIRSTS = sqlList(`James Mary Robert Patricia John Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine Dennis Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce Henry Virginia`);
const ONSETS = sqlList('B Br C Ch Cr D Dr F Fl G Gr H J K Kr L M N P Pr R S Sch Sh Sl St T Tr V W Z Qu Bl Th');
const VOWELS = sqlList('a e i o u ai ea ie ou y au oe');
const CODAS = sqlList('n r l s t ck ng rd rt ll nd ss m k x tz');
const SUFFIXES = sqlList('son berg ski ley ton man er ez ini ova sen well stein ford ham ian ak ez s o');
const STREETS = sqlList('Elm Main Oak Maple Cedar Pine Walnut Chestnut Franklin Washington Park Lake Hill Spring Church Mill Water Pleasant High Union');
const TYPES = sqlList('DISTURB DOMESTIC ALARM_COMM BURGLARY NOISE SUSPICIOUS WELFARE MVA MEDICAL ASSAULT DRUG WARRANT ROBBERY FIRE');
const DISPOSITIONS = sqlList('REPORT ADVISED GOA UNFOUNDED ARREST CITATION');

/** A non-negative pseudo-random number from the row number `i`. */
const hash = (salt: number) => `abs(hashint4(i * ${salt} + ${salt})::bigint)`;
/** Pick from an SQL array by a hash of the row number `i` and a salt. */
const pick = (array: string, salt: number) => `(${array})[(1 + ${hash(salt)} % array_length(${array}, 1))::int]`;

async function load(ctx: AppContext, names: number, incidents: number): Promise<void> {
  // PGlite never checkpoints on its own and the trigram index writes much WAL: checkpoint
  // after each smaller chunk there, or the in-memory WAL grows by gigabytes.
  const chunk = ctx.database.kind === 'pglite' ? 25_000 : 100_000;
  const checkpoint = async () => { if (ctx.database.kind === 'pglite') await sql`checkpoint`.execute(ctx.db); };
  for (let from = 1; from <= names; from += chunk) {
    const to = Math.min(names, from + chunk - 1);
    // The person's id is derived from i, so its name row can follow in the same way.
    await sql.raw(`insert into person (id, dob, sex, race, height_in, weight_lb, created_at, created_by)
      select md5('bench-person-' || i)::uuid, date '1940-01-01' + (${hash(3)} % 26000)::int,
             case when i % 2 = 0 then 'M' else 'F' end, (array['W','B','A','I','U'])[1 + i % 5],
             58 + ${hash(5)} % 20, 100 + ${hash(7)} % 150,
             timestamptz '2015-01-01' + (i % 3600) * interval '1 day', 'records-import'
      from generate_series(${from}, ${to}) as i`).execute(ctx.db);
    await sql.raw(`insert into person_name (person_id, kind, first_name, middle_name, last_name)
      select md5('bench-person-' || i)::uuid, 'primary', ${pick(FIRSTS, 11)},
             case when i % 3 = 0 then ${pick(FIRSTS, 13)} end,
             ${pick(ONSETS, 17)} || ${pick(VOWELS, 19)} || ${pick(CODAS, 23)} || case when i % 4 = 0 then '' else ${pick(SUFFIXES, 29)} end
      from generate_series(${from}, ${to}) as i`).execute(ctx.db);
    await checkpoint();
  }
  // Six years of incidents (up to 90 000 a year, numbered YY-NNNNN as the service numbers them); the last 50 still open.
  const perYear = 90_000;
  for (let from = 1; from <= incidents; from += chunk) {
    const to = Math.min(incidents, from + chunk - 1);
    await sql.raw(`insert into incident (number, type, priority, location, complainant, narrative, status, disposition, confidential,
        reported_at, closed_at, created_by, min_units, supervisor_required, reporting_party)
      select lpad(((${new Date().getUTCFullYear() - 5} + (i - 1) / ${perYear}) % 100)::text, 2, '0') || '-' || lpad((1 + (i - 1) % ${perYear})::text, 5, '0'),
             ${pick(TYPES, 31)}, 1 + i % 3,
             jsonb_build_object('address', (1 + ${hash(37)} % 300) || ' ' || ${pick(STREETS, 41)} || ' Street, Millbrook',
               'lat', 42.35 + (${hash(43)} % 1000) / 10000.0, 'lon', -71.25 + (${hash(47)} % 1000) / 10000.0),
             case when i % 3 = 0 then jsonb_build_object('name', ${pick(FIRSTS, 53)} || ' ' || ${pick(ONSETS, 59)} || ${pick(VOWELS, 61)} || ${pick(CODAS, 67)}, 'phone', '413555' || lpad((${hash(1)} % 10000)::text, 4, '0')) end,
             'Caller reports ' || lower(${pick(TYPES, 31)}) || ' near ' || ${pick(STREETS, 71)} || ' Street. Units checked the area; ' ||
               case when i % 5 = 0 then 'report to follow.' when i % 5 = 1 then 'parties advised.' else 'nothing found.' end,
             case when i > ${incidents - 50} then 'pending' else 'closed' end,
             case when i > ${incidents - 50} then null else ${pick(DISPOSITIONS, 73)} end, i % 200 = 0,
             now() - (${incidents} - i) * interval '5 minutes',
             case when i > ${incidents - 50} then null else now() - (${incidents} - i) * interval '5 minutes' + interval '40 minutes' end,
             'disp' || (i % 12), 1, false,
             case when i % 4 = 0 then jsonb_build_object('name', ${pick(FIRSTS, 79)} || ' ' || ${pick(ONSETS, 83)} || ${pick(VOWELS, 89)} || 'son') end
      from generate_series(${from}, ${to}) as i`).execute(ctx.db);
    await checkpoint();
  }
  await sql.raw(`insert into number_series (series, year, last)
      select 'incident', ${new Date().getUTCFullYear() - 5} + (i - 1) / ${perYear}, max(1 + (i - 1) % ${perYear})
      from generate_series(1, ${incidents}) as i group by 2
      on conflict (series, year) do update set last = excluded.last`).execute(ctx.db);
  await sql`vacuum analyze person`.execute(ctx.db);
  await sql`vacuum analyze person_name`.execute(ctx.db);
  await sql`vacuum analyze incident`.execute(ctx.db);
  await checkpoint();
}

async function seedUnits(ctx: AppContext): Promise<string[]> {
  const signs = Array.from({ length: UNITS }, (_, i) => `C${String(i + 1).padStart(2, '0')}`);
  await ctx.db.insertInto('agency_unit').values(signs.map((s, i) => ({ call_sign: s, kind: 'cruiser', service: 'police' as const, area: `Sector ${i % 5}`, description: null }))).execute();
  await ctx.db.insertInto('unit_status').values(signs.map((s, i) => ({
    call_sign: s, status: 'available', incident_number: null, reason: null, since: new Date(),
    location: JSON.stringify({ address: 'x', lat: 42.4 + i / 1000, lon: -71.2 - i / 1000 }), personnel: ['Officer'],
  }))).execute();
  return signs;
}

interface Floor { reads: number[]; changes: number[]; stop: () => Promise<void> }

/**
 * Every 20 ms: the board's reads, then one unit's status change (out of service and back,
 * in turn). The read's time counts from when it was due, so a stretch in which the event
 * loop could serve no one (PGlite's dump copies the folder in JavaScript) is not hidden
 * in a late timer.
 */
function floorLoop(ctx: AppContext, signs: string[]): Floor {
  const dispatcher: Actor = { username: 'bench-dispatcher', roles: ['dispatcher'], source: '127.0.0.1', remote: false };
  const reads: number[] = [];
  const changes: number[] = [];
  let running = true;
  let n = 0;
  const loop = (async () => {
    let late = 0;
    while (running) {
      let t = performance.now();
      await Promise.all([pendingQueue(ctx), unitsBoard(ctx, dispatcher), openIncidents(ctx, dispatcher, 'open', { limit: 200 })]);
      // A read that could not even start on time (the event loop was busy) waited that long too.
      reads.push(performance.now() - t + late);
      const sign = signs[n % signs.length]!;
      const out = Math.floor(n / signs.length) % 2 === 0;
      t = performance.now();
      await changeStatus(ctx, dispatcher, sign, out ? { status: 'out_of_service', reason: 'REPORTS' } : { status: 'available' });
      changes.push(performance.now() - t);
      n += 1;
      const due = performance.now() + 20;
      await new Promise((r) => setTimeout(r, 20));
      late = Math.max(0, performance.now() - due);
    }
  })();
  return { reads, changes, stop: async () => { running = false; await loop; } };
}

async function run(kind: 'pglite' | 'postgresql'): Promise<void> {
  const scale = kind === 'pglite' ? PGLITE_SCALE : 1;
  const names = Math.round(NAMES * scale);
  const incidents = Math.round(INCIDENTS * scale);
  const database = await testDatabase(kind);
  const ctx = await database.open();
  const folder = mkdtempSync(join(tmpdir(), 'precinct-bench-backup-'));
  const label = kind.padEnd(10);
  const pad = ''.padEnd(10);
  try {
    let t = performance.now();
    await load(ctx, names, incidents);
    const signs = await seedUnits(ctx);
    const { rows: [size] } = await sql<{ bytes: string }>`select pg_database_size(current_database())::text as bytes`.execute(ctx.db);
    console.log(`${label} loaded ${names} persons with ${names} primary names and ${incidents} incidents (${incidents - 50} closed, 50 open; no incident events or audit rows) ` +
      `in ${seconds(t).toFixed(0)} s; database ${(Number(size!.bytes) / 1048576).toFixed(0)} MiB` +
      `${scale !== 1 ? `  [PGlite at ${scale} of the aim's size: BACKUP_BENCH_PGLITE_SCALE]` : ''}`);

    const rest = floorLoop(ctx, signs);
    await new Promise((r) => setTimeout(r, FLOOR_SECONDS * 1000));
    await rest.stop();
    console.log(`${pad} dispatch floor at rest (${rest.reads.length} ticks, ${FLOOR_SECONDS} s): board read ${figures(rest.reads)};  status change ${figures(rest.changes)}`);

    const identity = await generateX25519Identity();
    useBackupSetup(ctx, { folder: join(folder, 'archives'), recipients: [await identityToRecipient(identity)], identityFile: undefined, offsiteFolder: undefined, s3: undefined });
    const during = floorLoop(ctx, signs);
    t = performance.now();
    const made = await createBackup(ctx, consoleActor());
    const backupSeconds = seconds(t);
    await during.stop();
    console.log(`${pad} backup (${made.manifest.database.dump}, age-encrypted, ${made.manifest.entries.length} entries): ${backupSeconds.toFixed(1)} s, ` +
      `archive ${(made.size / 1048576).toFixed(1)} MiB  (aim under ${AIM_SECONDS} s at 1 000 000 names and 500 000 incidents: ` +
      `${scale !== 1 || names < 1_000_000 || incidents < 500_000 ? 'not this size' : backupSeconds < AIM_SECONDS ? 'met' : 'NOT met'})`);
    console.log(`${pad} dispatch floor during the backup (${during.reads.length} ticks): board read ${figures(during.reads)};  status change ${figures(during.changes)}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await closeContext(ctx);
    await database.dispose();
  }
}

for (const kind of KINDS) {
  try {
    await run(kind);
  } catch (error) {
    if (kind === 'postgresql' && /ECONNREFUSED|connect/.test(String(error))) console.log('postgresql: no server answers, skipped');
    else console.log(`${kind}: failed (${(error as Error).message.split('\n')[0]})`);
  }
}
