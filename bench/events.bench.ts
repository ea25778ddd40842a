/**
 * The event log and stream: how fast events can be appended (each in its own
 * transaction, as a dispatch action is) and how long until every connected
 * console has one, with 1 and with 200 WebSocket clients. PGlite always;
 * PostgreSQL when one answers at DATABASE_URL or 127.0.0.1:5432.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { buildServer } from '../src/app/server.ts';
import { closeContext } from '../src/app/start.ts';
import { inTransaction } from '../src/db/index.ts';
import { appendEvent, lastSeq } from '../src/core/events/log.ts';
import { testDatabase } from '../test/support/databases.ts';
import { addUser, consoleActor, signIn } from '../src/identity/service.ts';
import { percentile } from './stats.ts';

const EVENTS = 300;

async function run(kind: 'pglite' | 'postgresql', clients: number): Promise<void> {
  const database = await testDatabase(kind);
  const ctx = await database.open();
  const app = await buildServer(ctx);
  const url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  await addUser(ctx, consoleActor(), { username: 'benchdispatch', firstName: 'Bench', lastName: 'Mark', roles: ['dispatcher'], password: 'Quiet-river-stone-42', mustChangePassword: false });
  const { token } = await signIn(ctx, { username: 'benchdispatch', password: 'Quiet-river-stone-42' }, { source: '127.0.0.1', remote: false });
  const from = await lastSeq(ctx.db);
  // The consoles run in a thread of their own, as browsers do in processes of their own:
  // the embedded database works on the server's thread, and clients on that thread would
  // read their sockets only when it lets them. Times are on the shared wall clock.
  const consoles = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const WebSocket = require(workerData.ws);
    const counts = new Map();
    const done = [];
    let open = 0;
    for (let i = 0; i < workerData.clients; i++) {
      const socket = new WebSocket(workerData.url, { headers: { authorization: 'Bearer ' + workerData.token } });
      socket.on('message', (data) => {
        const seq = JSON.parse(String(data)).seq;
        const n = (counts.get(seq) || 0) + 1;
        counts.set(seq, n);
        if (n === workerData.clients) done.push([seq, performance.timeOrigin + performance.now()]);
      });
      socket.on('open', () => { if (++open === workerData.clients) parentPort.postMessage({ open: true }); });
      socket.on('error', (e) => parentPort.postMessage({ error: String(e) }));
    }
    parentPort.on('message', () => parentPort.postMessage({ done }));
  `, { eval: true, workerData: { ws: createRequire(import.meta.url).resolve('ws'), url: `${url}/api/v1/stream?after=${from}`, token, clients } });
  await new Promise<void>((resolve, reject) => consoles.once('message', (m: { open?: boolean; error?: string }) => (m.open ? resolve() : reject(new Error(m.error)))));
  const sentAt = new Map<number, number>();
  const finished = async () => new Promise<Map<number, number>>((resolve) => {
    consoles.once('message', (m: { done: [number, number][] }) => resolve(new Map(m.done)));
    consoles.postMessage('report');
  });
  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const t = performance.timeOrigin + performance.now();
    const event = await inTransaction(ctx.db, (tx) => appendEvent(tx, { kind: 'test.bench', subject: { type: 'bench', id: String(i) }, actor: { username: 'bench' } }));
    sentAt.set(event.seq, t);
  }
  const appendSeconds = (performance.now() - started) / 1000;
  let doneAt = await finished();
  for (let i = 0; i < 200 && doneAt.size < EVENTS; i++) {
    await new Promise((r) => setTimeout(r, 50));
    doneAt = await finished();
  }
  const latencies = [...sentAt].flatMap(([seq, t]) => (doneAt.has(seq) ? [doneAt.get(seq)! - t] : []));
  console.log(`${kind.padEnd(10)} clients=${String(clients).padStart(3)}  append ${(EVENTS / appendSeconds).toFixed(0)} events/s  ` +
    `commit→all clients p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  (${latencies.length}/${EVENTS} delivered to all)`);
  await consoles.terminate();
  await app.close();
  await closeContext(ctx);
  await database.dispose();
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
