/**
 * The event log and stream: how fast events can be appended (each in its own
 * transaction, as a dispatch action is) and how long until every connected
 * console has one, with 1 and with 200 WebSocket clients. PGlite always;
 * PostgreSQL when one answers at DATABASE_URL or 127.0.0.1:5432. The consoles run in a
 * process of their own: the CPU printed per event is the server's (appends and delivery),
 * which does not depend on the machine's load as the latencies do, and beside it the consoles'
 * process's (reading and parsing each event on every socket: the load generator's share of the
 * two cores, which the latencies also wait for).
 */
import { inTransaction } from '../src/db/index.ts';
import { appendEvent, lastSeq } from '../src/core/events/log.ts';
import { percentile } from './stats.ts';
import { benchServer, cpuMsSince, streamConsoles } from './server.ts';

const EVENTS = 300;
/**
 * Appended and delivered before the measured ones, not counted (as `cad.bench.ts` does with its
 * incidents): a server that has just started sends its first events through code not yet compiled,
 * and the first 20 or so took up to 90 ms to 200 consoles, which alone set the p99 of 300.
 * `EVENTS_BENCH_WARMUP` (100; 0 measures from a cold start, as until 2026-12-04).
 */
const WARMUP = Number(process.env.EVENTS_BENCH_WARMUP ?? 100);

async function run(kind: 'pglite' | 'postgresql', clients: number): Promise<void> {
  const { ctx, base, token, close } = await benchServer(kind);
  const url = base.replace('http', 'ws');
  const from = await lastSeq(ctx.db);
  const consoles = await streamConsoles(`${url}/api/v1/stream?after=${from}`, token, clients, '(event) => event.seq');
  const append = (i: number) => inTransaction(ctx.db, (tx) => appendEvent(tx, { kind: 'test.bench', subject: { type: 'bench', id: String(i) }, actor: { username: 'bench' } }));
  let warm = 0;
  for (let i = 0; i < WARMUP; i++) warm = (await append(-1 - i)).seq;
  for (let i = 0; i < 200 && WARMUP > 0 && !(await consoles.done<number>()).has(warm); i++) await new Promise((r) => setTimeout(r, 50));
  const sentAt = new Map<number, number>();
  const consolesCpu = await consoles.cpuMs();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const t = performance.timeOrigin + performance.now();
    const event = await append(i);
    sentAt.set(event.seq, t);
  }
  const appendSeconds = (performance.now() - started) / 1000;
  let doneAt = await consoles.done<number>();
  const allIn = (done: Map<number, number>) => [...sentAt.keys()].every((seq) => done.has(seq));
  for (let i = 0; i < 200 && !allIn(doneAt); i++) {
    await new Promise((r) => setTimeout(r, 50));
    doneAt = await consoles.done<number>();
  }
  const cpuMs = cpuMsSince(cpu);
  const consolesMs = (await consoles.cpuMs()) - consolesCpu;
  const latencies = [...sentAt].flatMap(([seq, t]) => (doneAt.has(seq) ? [doneAt.get(seq)! - t] : []));
  console.log(`${kind.padEnd(10)} clients=${String(clients).padStart(3)}  append ${(EVENTS / appendSeconds).toFixed(0)} events/s  ` +
    `commit→all clients p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  (${latencies.length}/${EVENTS} delivered to all, after ${WARMUP} not counted)  server CPU ${(cpuMs / EVENTS).toFixed(2)} ms/event, consoles' ${(consolesMs / EVENTS).toFixed(2)} ms/event`);
  await consoles.close();
  await close();
}

for (const kind of ['pglite', 'postgresql'] as const) {
  for (const clients of [1, 200]) {
    try {
      await run(kind, clients);
    } catch (error) {
      console.log(`${kind}: skipped (${(error as Error).message.split('\n')[0]})`);
      break;
    }
  }
}
