/**
 * The fuzzer at length: hostile requests (malformed, oversized and hostile bodies, path
 * segments and query strings) to every state-changing route of the OpenAPI document,
 * signed in with every role. Prints the answers by status and every broken rule (a 5xx,
 * a refusal not in problem+json, a refusal that wrote an event or an allowed audit row).
 * `FUZZ_BENCH_RUNS` (20 000 per database), `FUZZ_BENCH_DATABASES` (pglite,postgresql).
 */
import fc from 'fast-check';
import { buildServer } from '../src/app/server.ts';
import { closeContext } from '../src/app/start.ts';
import { ROLES } from '../src/core/permissions.ts';
import { verifyAuditChain } from '../src/core/audit/trail.ts';
import { testDatabase } from '../test/support/databases.ts';
import { hostileRequest, sendHostile, stateChangingOperations, type FuzzTally } from '../test/support/fuzz.ts';
import { openIncident } from '../test/support/incidents.ts';
import { signedInAs } from '../test/support/session.ts';

const RUNS = Number(process.env.FUZZ_BENCH_RUNS ?? 20_000);
const DATABASES = (process.env.FUZZ_BENCH_DATABASES ?? 'pglite,postgresql').split(',') as ('pglite' | 'postgresql')[];

async function run(kind: 'pglite' | 'postgresql'): Promise<boolean> {
  const database = await testDatabase(kind);
  const ctx = await database.open();
  const app = await buildServer(ctx, { jobs: false });
  await app.ready();
  const everyone = await signedInAs(ctx, app, [...ROLES]);
  const operations = await stateChangingOperations(app);
  const tally: FuzzTally = { byStatus: new Map(), failures: [] };
  const started = Date.now();
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const requests = fc.sample(hostileRequest(operations, { number: await openIncident(ctx) }), { numRuns: RUNS, seed });
  for (const request of requests) await sendHostile(app, ctx, everyone, request, tally);
  const verify = await verifyAuditChain(ctx);
  const statuses = [...tally.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join('  ');
  console.log(`${kind.padEnd(10)} ${RUNS} requests to ${operations.length} state-changing routes (seed ${seed}) in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`${' '.repeat(10)} by status  ${statuses}`);
  console.log(`${' '.repeat(10)} 5xx ${[...tally.byStatus].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0)}  rules broken ${tally.failures.length}  audit chain ${verify.ok ? 'intact' : `BROKEN (${verify.breakCount})`}`);
  for (const failure of tally.failures.slice(0, 20)) console.log(`  ${failure}`);
  await app.close();
  await closeContext(ctx);
  await database.dispose();
  return tally.failures.length === 0 && verify.ok;
}

let ok = true;
for (const kind of DATABASES) {
  try {
    ok = (await run(kind)) && ok;
  } catch (error) {
    console.log(`${kind}: skipped (${(error as Error).message.split('\n')[0]})`);
  }
}
process.exit(ok ? 0 : 1);
