/**
 * Dispatching at scale: with 2 000 units on the board and 500 consoles on
 * the stream, how many status changes and dispatches per second the API takes (each a
 * real HTTP request, one transaction) and how long from sending a status change until
 * every console has it; and how long a recommendation takes with 2 000 units.
 * PGlite always; PostgreSQL when one answers at DATABASE_URL or 127.0.0.1:5432.
 * `BENCH_CONSOLES`, `BENCH_UNITS`, `BENCH_OPS` change the sizes; `BENCH_DIALECTS=postgresql` runs one.
 */
import WebSocket from 'ws';
import { inTransaction } from '../src/db/index.ts';
import { lastSeq } from '../src/core/events/log.ts';
import { openIncident } from '../test/support/incidents.ts';
import { percentile } from './stats.ts';
import { benchServer } from './server.ts';

const UNITS = Number(process.env.BENCH_UNITS ?? 2000);
const CONSOLES = Number(process.env.BENCH_CONSOLES ?? 500);
const OPS = Number(process.env.BENCH_OPS ?? 200);

const fmt = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms  p99 ${percentile(values, 99).toFixed(1)} ms`;

async function seedUnits(ctx: Awaited<ReturnType<typeof benchServer>>['ctx']): Promise<string[]> {
  const signs = Array.from({ length: UNITS }, (_, i) => `B${String(i + 1).padStart(4, '0')}`);
  await inTransaction(ctx.db, async (tx) => {
    for (let i = 0; i < signs.length; i += 500) {
      const chunk = signs.slice(i, i + 500);
      await tx.insertInto('agency_unit').values(chunk.map((s, j) => ({ call_sign: s, kind: 'cruiser', service: 'police' as const, area: `Sector ${(i + j) % 10}`, description: null }))).execute();
      await tx.insertInto('unit_status').values(chunk.map((s, j) => ({
        call_sign: s, status: 'available', incident_number: null, reason: null, since: new Date(),
        location: JSON.stringify({ address: 'x', lat: 42.4 + ((i + j) % 97) / 1000, lon: -71.2 - ((i + j) % 89) / 1000 }), personnel: ['Officer'],
      }))).execute();
    }
  });
  return signs;
}

async function run(kind: 'pglite' | 'postgresql'): Promise<void> {
  const { ctx, base, token, close } = await benchServer(kind);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const signs = await seedUnits(ctx);

  const sentAt = new Map<string, number>();
  const seen = new Map<string, number>();
  const latencies: number[] = [];
  const from = await lastSeq(ctx.db);
  const sockets = await Promise.all(Array.from({ length: CONSOLES }, () => new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/stream?after=${from}`, { headers });
    socket.on('message', (data) => {
      const event = JSON.parse(String(data)) as { kind: string; subjectId: string; payload: { status?: string } };
      if (event.kind !== 'unit.status_changed' || event.payload.status !== 'out_of_service') return;
      const n = (seen.get(event.subjectId) ?? 0) + 1;
      seen.set(event.subjectId, n);
      if (n === CONSOLES) latencies.push(performance.now() - sentAt.get(event.subjectId)!);
    });
    socket.on('open', () => resolve(socket));
    socket.on('error', reject);
  })));

  const post = async (url: string, body: unknown) => {
    const response = await fetch(`${base}/api/v1${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  };

  // status changes: each of OPS units goes out of service once
  let started = performance.now();
  for (const sign of signs.slice(0, OPS)) {
    sentAt.set(sign, performance.now());
    await post(`/units/${sign}/status`, { status: 'out_of_service', reason: 'REPORTS' });
  }
  const statusRate = OPS / ((performance.now() - started) / 1000);
  for (let i = 0; i < 400 && latencies.length < OPS; i++) await new Promise((r) => setTimeout(r, 50));

  // dispatches: one unit each to OPS one-officer incidents
  const incidents: string[] = [];
  for (let i = 0; i < OPS; i++) incidents.push(await openIncident(ctx, { type: 'WELFARE' }));
  started = performance.now();
  for (const [i, number] of incidents.entries()) await post(`/incidents/${number}/dispatch`, { units: [signs[OPS + i]!] });
  const dispatchRate = OPS / ((performance.now() - started) / 1000);

  // recommendation with the whole board
  const robbery = await openIncident(ctx, { type: 'ROBBERY' });
  const recommendation: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    const response = await fetch(`${base}/api/v1/incidents/${robbery}/recommendation`, { headers });
    await response.json();
    recommendation.push(performance.now() - t);
  }

  console.log(`${kind.padEnd(10)} units=${UNITS} consoles=${CONSOLES}  status ${statusRate.toFixed(0)}/s  dispatch ${dispatchRate.toFixed(0)}/s`);
  console.log(`${kind.padEnd(10)}   status change → all consoles ${fmt(latencies)}  (${latencies.length}/${OPS} reached every console)`);
  console.log(`${kind.padEnd(10)}   recommendation over ${UNITS} units ${fmt(recommendation)}`);
  for (const s of sockets) s.close();
  await close();
}

for (const kind of (process.env.BENCH_DIALECTS ?? 'pglite,postgresql').split(',') as ('pglite' | 'postgresql')[]) {
  try {
    await run(kind);
  } catch (error) {
    console.log(`${kind}: skipped (${(error as Error).message.split('\n')[0]})`);
  }
}
