/**
 * CJIS queries through the HTTP API, the NCIC-format adapter and the training switch's
 * TCP socket (81A §J): the round trip at an offered rate (20/s, the aim, and
 * 50/s), p50/p95/p99, and the sustained rate with 8 operators back to back. Each query
 * is logged before it is sent and answered after (two transactions, one audit row).
 * CJIS_BENCH_SECONDS (10), CJIS_BENCH_DATABASES (pglite,postgresql).
 */
import { demoAgency } from '../test/support/demo.ts';
import { testDatabase } from '../test/support/databases.ts';

const SECONDS = Number(process.env.CJIS_BENCH_SECONDS ?? 10);
const KINDS = (process.env.CJIS_BENCH_DATABASES ?? 'pglite,postgresql').split(',') as ('pglite' | 'postgresql')[];
const LINES = ['PLATE ABC123 MA', 'PERSON DOE,JOHN 1985-04-12', 'VIN 1HGCM82633A004352', 'PLATE 4KX729 MA', 'WARRANT ROE,RICHARD 1979-03-22', 'PLATE ZZZ999 MA'];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

for (const kind of KINDS) {
  let database;
  try {
    database = await testDatabase(kind);
  } catch {
    console.log(`${kind.padEnd(10)} not available, skipped`);
    continue;
  }
  const server = await database.server();
  const headers = await (await demoAgency(server.ctx, server.app))('dkowalski');
  let i = 0;
  const query = async () => {
    const started = performance.now();
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/cjis/queries', payload: { line: LINES[i++ % LINES.length], purpose: 'C' }, headers });
    if (response.statusCode !== 201) throw new Error(`query failed: ${response.body}`);
    return performance.now() - started;
  };
  for (let w = 0; w < 20; w++) await query();
  for (const rate of [20, 50]) {
    const times: number[] = [];
    const pending: Promise<void>[] = [];
    const end = performance.now() + SECONDS * 1000;
    while (performance.now() < end) {
      pending.push(query().then((t) => { times.push(t); }));
      await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
    }
    await Promise.all(pending);
    console.log(`${kind.padEnd(10)} at ${rate}/s: ${times.length} queries  p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms  p99 ${percentile(times, 99).toFixed(1)} ms`);
  }
  let done = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: 8 }, async () => { while (performance.now() < until) { await query(); done += 1; } }));
  console.log(`${kind.padEnd(10)} capacity with 8 operators back to back: ${(done / SECONDS).toFixed(0)} queries/s`);
  await server.close();
  await database.dispose();
}
