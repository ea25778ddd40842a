/**
 * Recordings: the aims are the import of 10 000 recordings' metadata with
 * their files in under a minute, matching a recording to its call in under 50 ms, and
 * the purge of a year's worth (about 500 000 items) without blocking the dispatch floor.
 *
 * 1. The simulated recorder exports RECORDINGS_BENCH_IMPORT recordings (default 10 000:
 *    WAV and MP3 files of 2 s with their sidecars) into a drop folder, beside 4 000 calls of
 *    the same week; the import through the real drop-folder path is timed (checks,
 *    SHA-256, store copy, matching, row and audit row for each).
 * 2. `findMatch` for 300 of those recordings: p50/p99.
 * 3. RECORDINGS_BENCH_PURGE rows (default 500 000) past their retention, beside five
 *    playback tickets for each imported recording, are purged in batches while a
 *    "dispatch floor" loop reads the pending call queue every 20 ms; the purge's
 *    duration and the floor's read latency during it (p50/p99/max) are reported.
 *
 * RECORDINGS_BENCH_DATABASES=pglite,postgresql (default both, PostgreSQL when it answers).
 * PGlite runs on disk with the durable settings `npm start` uses (every commit flushed
 * before it is acknowledged); RECORDINGS_BENCH_PGLITE=memory runs it in memory, as the
 * tests do (no flush at all: a floor, not what an agency runs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { closeContext, openContext } from '../src/app/start.ts';
import { pendingQueue } from '../src/dispatch/calls/service.ts';
import { importDropFolder } from '../src/recordings/drop-folder.ts';
import { purgeExpired } from '../src/recordings/retention.ts';
import { checkMetadata, findMatch } from '../src/recordings/service.ts';
import { RecorderSimulator, sidecarOf, type SimulatedRecording } from '../src/recordings/simulator.ts';
import { testDatabase } from '../test/support/databases.ts';
import { percentile } from './stats.ts';
import { onEachDatabase } from './server.ts';

const IMPORT = Number(process.env.RECORDINGS_BENCH_IMPORT ?? 10_000);
const PURGE = Number(process.env.RECORDINGS_BENCH_PURGE ?? 500_000);
const KINDS = (process.env.RECORDINGS_BENCH_DATABASES ?? 'pglite,postgresql').split(',') as ('pglite' | 'postgresql')[];
const PGLITE_ON_DISK = process.env.RECORDINGS_BENCH_PGLITE !== 'memory';
const CALLS = 4_000;
const TICKETS = 5 * Math.min(IMPORT, 10_000);

const ms = (n: number) => `${n.toFixed(1)} ms`;
const load = () => `load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} (${new Date().toISOString().slice(11, 16)} UTC)`;

async function run(kind: 'pglite' | 'postgresql') {
  const database = await testDatabase(kind);
  const onDisk = kind === 'pglite' && PGLITE_ON_DISK;
  const ctx = onDisk ? await openContext(database.config()) : await database.open();
  if (kind === 'pglite') console.log(`${kind.padEnd(10)} ${onDisk ? `on disk in ${ctx.config.dataDir}, durable (as npm start runs it)` : 'in memory (no flush)'}`);
  const drop = mkdtempSync(join(tmpdir(), 'precinct-bench-drop-'));
  try {
    // A week of calls: E-911 and business lines, each answered and ended.
    const weekAgo = Date.now() - 7 * 86_400_000;
    const calls = Array.from({ length: CALLS }, (_, i) => {
      const received = new Date(weekAgo + i * ((7 * 86_400_000 - 3_600_000) / CALLS));
      return {
        line: i % 3 === 0 ? 'business' : 'e911', priority: 1, callback_number: `413555${String(1000 + (i % 9000)).padStart(4, '0')}`,
        call_takers: [`disp${i % 4}`], received_at: received, answered_at: new Date(received.getTime() + 8_000), ended_at: new Date(received.getTime() + 98_000),
        status: 'ended' as const, created_by: 'bench',
      };
    });
    for (let i = 0; i < calls.length; i += 500) await ctx.db.insertInto('call').values(calls.slice(i, i + 500) as never).execute();

    // The recorder's export: one recording per call, the rest radio traffic on the police talkgroup.
    const sim = new RecorderSimulator(drop, 'BENCH-REC');
    const specs: SimulatedRecording[] = Array.from({ length: IMPORT }, (_, i) => {
      const call = calls[i % CALLS]!;
      if (i < CALLS) return { line: call.line as 'e911', start: call.answered_at, end: call.ended_at, channel: String(1 + (i % 4)), ani: call.callback_number, audioSeconds: 2 };
      const start = new Date(weekAgo + i * 50_000);
      return { line: 'radio', start, end: new Date(start.getTime() + 6_000), channel: 'R1', talkgroup: '1001', audioSeconds: 2, format: i % 5 === 0 ? 'mp3' : 'wav' };
    });
    let t = performance.now();
    for (const spec of specs) await sim.record(spec);
    const exportSeconds = (performance.now() - t) / 1000;
    console.log(`${''.padEnd(10)} before the import: ${load()}`);
    t = performance.now();
    const cpu = process.cpuUsage();
    const result = await importDropFolder(ctx, drop, { limit: IMPORT, concurrency: 8 });
    const importSeconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    console.log(`${kind.padEnd(10)} import ${result.imported.length}/${IMPORT} recordings with files: ${importSeconds.toFixed(1)} s (${Math.round(result.imported.length / importSeconds)}/s; aim under 60 s)  [the simulated export took ${exportSeconds.toFixed(1)} s]  rejected ${result.rejected.length}`);
    console.log(`${''.padEnd(10)} the import used ${((used.user + used.system) / 1e6).toFixed(1)} s of this process's CPU (user ${(used.user / 1e6).toFixed(1)} s, system ${(used.system / 1e6).toFixed(1)} s; ${kind === 'pglite' ? 'the embedded database runs in it' : "PostgreSQL's own work is not in it"})`);
    console.log(`${''.padEnd(10)} after the import: ${load()}`);
    t = performance.now();
    await ctx.audit.flush();
    console.log(`${''.padEnd(10)} the audit chain (linked in the background) caught up ${((performance.now() - t) / 1000).toFixed(1)} s after the import's end`);
    const matched = await ctx.db.selectFrom('recording').select((eb) => eb.fn.countAll<number>().as('n')).where('call_id', 'is not', null).executeTakeFirst();
    console.log(`${''.padEnd(10)} telephone recordings matched to their call: ${Number(matched?.n ?? 0)}/${Math.min(IMPORT, CALLS)}`);

    // Matching alone.
    const timings: number[] = [];
    for (let i = 0; i < 300; i++) {
      const spec = specs[(i * 37) % specs.length]!;
      const meta = checkMetadata(sidecarOf(spec, 'BENCH', `m${i}`), new Date());
      t = performance.now();
      await findMatch(ctx.db, meta);
      timings.push(performance.now() - t);
    }
    console.log(`${''.padEnd(10)} matching a recording: p50 ${ms(percentile(timings, 50))}  p99 ${ms(percentile(timings, 99))}  (aim under 50 ms)`);

    // A year's worth past retention, purged while the dispatch floor reads its queue.
    t = performance.now();
    await sql`insert into recording (class, line, started_at, ended_at, channel, format, content_type, size, sha256, store, stored_key, received_via, received_by)
      select case when i % 3 = 0 then 'radio' when i % 3 = 1 then 'e911' else 'business_line' end,
             case when i % 3 = 0 then 'radio' when i % 3 = 1 then 'e911' else 'business' end,
             now() - interval '4 years' + (i * interval '60 seconds'), now() - interval '4 years' + (i * interval '60 seconds') + interval '90 seconds',
             '1', 'wav', 'audio/wav', 1000, encode(sha256(('bench-' || i)::bytea), 'hex'), 'folder', 'sha256/none/' || i, 'folder', 'bench'
      from generate_series(1, ${PURGE}) as i`.execute(ctx.db);
    // A year of playbacks leaves its tickets (each names its recording; a purged recording's go with it).
    await sql`insert into recording_playback (recording_id, username, purpose, expires_at)
      select r.id, 'bench', 'routine_review', now() from (select id from recording where received_by <> 'bench' limit 10000) r, generate_series(1, 5)`.execute(ctx.db);
    console.log(`${''.padEnd(10)} ${PURGE} recordings past retention and ${TICKETS} playback tickets loaded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    let purging = true;
    const floor: number[] = [];
    const probe = (async () => {
      while (purging) {
        const start = performance.now();
        await pendingQueue(ctx);
        floor.push(performance.now() - start);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    t = performance.now();
    const purged = await purgeExpired(ctx);
    const purgeSeconds = (performance.now() - t) / 1000;
    purging = false;
    await probe;
    const total = Object.values(purged.purged).reduce((a, b) => a + b, 0);
    console.log(`${''.padEnd(10)} purge of ${total} items (each batch audited): ${purgeSeconds.toFixed(0)} s in ${purged.batches} batches of 500; dispatch floor's queue read during it: p50 ${ms(percentile(floor, 50))}  p99 ${ms(percentile(floor, 99))}  max ${ms(Math.max(...floor))} (${floor.length} reads)`);
  } finally {
    rmSync(drop, { recursive: true, force: true });
    await closeContext(ctx);
    if (onDisk) rmSync(ctx.config.dataDir, { recursive: true, force: true });
    await database.dispose();
  }
}

await onEachDatabase(KINDS, run);
