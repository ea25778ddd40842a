/**
 * Calls and incidents: sustained incident creation through the HTTP API
 * (POST /api/v1/incidents; with CAD_BENCH_WITH_CALLS=1 each is preceded by the
 * POST /api/v1/calls it comes from, as a call-taker does) and the time from the
 * creating request until every connected WebSocket console has the
 * `incident.created` event, with 1 and with 500 consoles.
 *
 * Two phases per setting. Capacity: 8 call-takers create incidents back to back for
 * 3 s — the sustained creation rate. Latency: an open loop (requests start on a fixed
 * schedule whether or not earlier ones finished) at the aim of `CAD_BENCH_RATE`
 * (default 100/s) or 80 % of the measured capacity when that is lower, for
 * `CAD_BENCH_SECONDS` (default 5): p50/p99 from the start of the creating request
 * until the last console has the event. Offering more than the capacity would only
 * measure a growing queue.
 *
 * The server runs in a child process of its own, as it would in service; the
 * call-takers and the consoles (which parse every message) run in this one, so the
 * two share the machine's two cores the way a server and its clients would.
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { lastSeq } from '../src/core/events/log.ts';
import { percentile } from './stats.ts';
import { benchServer, countStatements, postgresCpuMs } from './server.ts';

const RATE = Number(process.env.CAD_BENCH_RATE ?? 100);
const SECONDS = Number(process.env.CAD_BENCH_SECONDS ?? 5);
const WITH_CALLS = process.env.CAD_BENCH_WITH_CALLS === '1';
// CAD_BENCH_DATABASES (pglite,postgresql) and CAD_BENCH_CLIENTS (1,500) choose the rows; see the loop at the end.
// CAD_BENCH_WORKERS: the call-takers of the capacity phase (8); 16 and 32 gave no more on two cores.
const WORKERS = Number(process.env.CAD_BENCH_WORKERS ?? 8);
const CAPACITY_SECONDS = Number(process.env.CAD_BENCH_CAPACITY_SECONDS ?? 3);
// Incidents created before anything is measured, as a server in service has long been warm
// (its code compiled and optimised, its caches filled): without them the compilation would be
// counted as the cost of each incident. V8 keeps optimising for the first few thousand: on
// 4 December 2026 the server's CPU per incident on PostgreSQL after 200 was 2.20 ms, after 1 000
// 1.75, after 2 500 1.49, after 5 000 1.44, after 10 000 1.39 and after 20 000 1.34 (bench/README.md,
// "Issue 16 on a warm server"); until then the default was 200.
const WARMUP = Number(process.env.CAD_BENCH_WARMUP ?? 5000);
// CAD_BENCH_PROFILE=<folder>: the server process writes there a V8 CPU profile of the measured phases
// (after the warm-up, until it stops), one file per row, to be opened in Chrome's DevTools.
const PROFILE = process.env.CAD_BENCH_PROFILE;
const TYPES = ['DISTURB', 'SUSPICIOUS', 'MVA', 'NOISE', 'WELFARE', 'LARCENY'];

/**
 * An event's kind and subject as a console here needs them: read from the head of its JSON
 * (the server writes `seq`, `at`, `kind`, `subjectType`, `subjectId` before the actor and the
 * payload), the rest not parsed. Each console in service parses its events on a machine of its own;
 * here the 500 share the server's two cores, and parsing every event whole cost this process
 * more CPU than the server (4.7–5.4 ms an incident, 4 December 2026). Anything else is parsed whole.
 */
const HEAD = /^\{"seq":\d+,"at":"[^"]*","kind":"([^"]+)","subjectType":"[^"]*","subjectId":"([^"]+)"/;
function headOf(data: Buffer): { kind: string; subjectId: string } {
  const head = HEAD.exec(data.toString('utf8', 0, Math.min(data.length, 240)));
  return head ? { kind: head[1]!, subjectId: head[2]! } : JSON.parse(String(data)) as { kind: string; subjectId: string };
}

async function connect(url: string, token: string, after: number, clients: number, onAll: (number: string, at: number) => void): Promise<WebSocket[]> {
  const counts = new Map<string, number>();
  const open = (): Promise<WebSocket> => new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url}/api/v1/stream?after=${after}`, { headers: { authorization: `Bearer ${token}` } });
    socket.on('message', (data: Buffer) => {
      const event = headOf(data);
      if (event.kind !== 'incident.created') return;
      const n = (counts.get(event.subjectId) ?? 0) + 1;
      counts.set(event.subjectId, n);
      if (n === clients) onAll(event.subjectId, performance.now());
    });
    socket.on('open', () => resolve(socket));
    socket.on('error', reject);
  });
  const sockets: WebSocket[] = [];
  for (let i = 0; i < clients; i += 50) sockets.push(...await Promise.all(Array.from({ length: Math.min(50, clients - i) }, open)));
  return sockets;
}

interface Served { base: string; token: string; after: number }

/** The child: a Precinct server on a fresh database, until the parent says stop. */
async function serve(kind: 'pglite' | 'postgresql'): Promise<void> {
  const statements = countStatements();
  const { ctx, base, token, close } = await benchServer(kind, 'benchcalls');
  process.send!({ base, token, after: await lastSeq(ctx.db) } satisfies Served);
  let profiler: Session | undefined;
  process.on('message', async (message) => {
    // 'cpu': this process's CPU time so far (user + system, µs), for the CPU per incident.
    if (message === 'cpu') {
      if (PROFILE && !profiler) {
        profiler = new Session();
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
      }
      const { user, system } = process.cpuUsage();
      process.send!({ cpu: user + system, system, statements: statements() });
      return;
    }
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      mkdirSync(PROFILE!, { recursive: true });
      writeFileSync(join(PROFILE!, `cad-${kind}-${process.pid}.cpuprofile`), JSON.stringify(profile));
    }
    await close();
    process.exit(0);
  });
}

/** CPU in ms (user + system, and system alone: the kernel's share, the system calls) and statements sent so far. */
interface Usage { cpu: number; system: number; statements: number }

function startServer(kind: 'pglite' | 'postgresql'): Promise<{ served: Served; cpu: () => Promise<Usage>; stop: () => Promise<void> }> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', kind], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the server process ended (${code})`)));
    child.once('message', (served) => resolve({
      served: served as Served,
      cpu: () => new Promise((done) => { child.once('message', (m) => { const u = m as Usage; done({ cpu: u.cpu / 1000, system: u.system / 1000, statements: u.statements }); }); child.send('cpu'); }),
      stop: () => new Promise((done) => { child.removeAllListeners('exit'); child.once('exit', () => done()); child.send('stop'); }),
    }));
  });
}

async function run(kind: 'pglite' | 'postgresql', clients: number): Promise<void> {
  const { served: { base, token, after }, cpu, stop } = await startServer(kind);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const startedAt = new Map<string, number>();
  const deliveredAt = new Map<string, number>();
  const sockets = await connect(base.replace('http', 'ws'), token, after, clients, (n, at) => deliveredAt.set(n, at));
  let failed = 0;
  const create = async (i: number) => {
    const t = performance.now();
    let callId: string | undefined;
    if (WITH_CALLS) {
      const call = await fetch(`${base}/api/v1/calls`, { method: 'POST', headers, body: JSON.stringify({ line: 'e911', ali: { callbackNumber: '5085550100', address: `${i} Elm Street` } }) });
      callId = ((await call.json()) as { id: string }).id;
    }
    const response = await fetch(`${base}/api/v1/incidents`, { method: 'POST', headers, body: JSON.stringify({ callId, type: TYPES[i % TYPES.length], location: { address: `${i} Elm Street`, lat: 42.44 + i / 1e5, lon: -71.22 } }) });
    if (response.status !== 201) { failed += 1; return; }
    startedAt.set(((await response.json()) as { number: string }).number, t);
  };

  // 0. Warm-up: WARMUP incidents, WORKERS at a time, not measured.
  let next = 0;
  await Promise.all(Array.from({ length: WORKERS }, async () => { while (next < WARMUP) await create(next++); }));
  for (let i = 0; i < 400 && deliveredAt.size < startedAt.size; i++) await new Promise((r) => setTimeout(r, 50));
  startedAt.clear();
  deliveredAt.clear();
  const warm = next;
  failed = 0;

  // 1. Capacity: WORKERS call-takers creating incidents back to back for CAPACITY_SECONDS.
  const cpu0 = await cpu();
  const own0 = process.cpuUsage();
  const postgres0 = kind === 'postgresql' ? postgresCpuMs() : undefined;
  const capacityEnd = performance.now() + CAPACITY_SECONDS * 1000;
  const c0 = performance.now();
  await Promise.all(Array.from({ length: WORKERS }, async () => { while (performance.now() < capacityEnd) await create(next++); }));
  const capacity = (next - warm) / ((performance.now() - c0) / 1000);
  for (let i = 0; i < 400 && deliveredAt.size < startedAt.size; i++) await new Promise((r) => setTimeout(r, 50));
  const capacityCount = next;
  const cpu1 = await cpu();

  // 2. Latency at a sustainable rate: the aim (RATE/s), or 80 % of the capacity when that is lower.
  startedAt.clear();
  deliveredAt.clear();
  // CAD_BENCH_OFFER_AIM=1 offers the aim's rate even above 80 % of the closed-loop capacity.
  const rate = process.env.CAD_BENCH_OFFER_AIM === '1' ? RATE : Math.max(1, Math.min(RATE, Math.floor(capacity * 0.8)));
  const total = Math.round(rate * SECONDS);
  const t0 = performance.now();
  const requests: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    requests.push(create(next++));
  }
  await Promise.all(requests);
  const elapsed = (performance.now() - t0) / 1000;
  for (let i = 0; i < 400 && deliveredAt.size < startedAt.size; i++) await new Promise((r) => setTimeout(r, 50));
  const cpu2 = await cpu();
  const own = process.cpuUsage(own0);
  const postgres2 = postgres0 === undefined ? undefined : postgresCpuMs();
  // The server process's CPU time (user + system) over each phase, divided by the incidents it created:
  // independent of the load the machine is under, unlike the rates.
  const perIncident = (ms: number, n: number) => (n ? ms / n : NaN).toFixed(2);
  const statementsPer = (a: Usage, b: Usage, n: number) => (n ? (b.statements - a.statements) / n : NaN).toFixed(1);
  const latencies = [...startedAt].filter(([n]) => deliveredAt.has(n)).map(([n, t]) => deliveredAt.get(n)! - t);
  console.log(`${kind.padEnd(10)} clients=${String(clients).padStart(3)}  capacity ${capacity.toFixed(0)} incidents/s  ` +
    `at ${rate}/s (achieved ${(startedAt.size / elapsed).toFixed(0)}/s): request→all clients p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  ` +
    `(${WITH_CALLS ? 'call+incident, ' : ''}${latencies.length}/${total} delivered to all${failed ? `, ${failed} failed` : ''})\n` +
    `${''.padEnd(10)} server CPU per incident ${perIncident(cpu2.cpu - cpu0.cpu, next - warm)} ms over the run ` +
    `(${perIncident(cpu1.cpu - cpu0.cpu, capacityCount - warm)} ms back to back, ${perIncident(cpu2.cpu - cpu1.cpu, next - capacityCount)} ms at ${rate}/s; ` +
    `in the kernel ${perIncident(cpu2.system - cpu0.system, next - warm)} ms of it)` +
    (cpu2.statements > 0 ? `\n${''.padEnd(10)} statements to PostgreSQL per incident ${statementsPer(cpu0, cpu2, next - warm)} over the run ` +
      `(${statementsPer(cpu0, cpu1, capacityCount - warm)} back to back, ${statementsPer(cpu1, cpu2, next - capacityCount)} at ${rate}/s)` : '') +
    (postgres0 !== undefined && postgres2 !== undefined ? `\n${''.padEnd(10)} PostgreSQL's processes on this machine: ${perIncident(postgres2 - postgres0, next - warm)} ms of CPU per incident over the run` : '') +
    // This process (the consoles and the call-takers) shares the two cores with the server and the database.
    `\n${''.padEnd(10)} the consoles' and call-takers' process: ${perIncident((own.user + own.system) / 1000, next - warm)} ms of CPU per incident over the run`);
  for (const s of sockets) s.close();
  await stop();
}

if (process.argv[2] === '--serve') {
  await serve(process.argv[3] as 'pglite' | 'postgresql');
} else for (const kind of (process.env.CAD_BENCH_DATABASES ?? 'pglite,postgresql').split(',') as ('pglite' | 'postgresql')[]) {
  for (const clients of (process.env.CAD_BENCH_CLIENTS ?? '1,500').split(',').map(Number)) {
    try {
      await run(kind, clients);
    } catch (error) {
      console.log(`${kind}: skipped (${(error as Error).message.split('\n')[0]})`);
      break;
    }
  }
}
