import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildServer, type App } from '../src/app/server.ts';
import { closeContext } from '../src/app/start.ts';
import type { AppContext } from '../src/core/context.ts';
import { ROLES } from '../src/core/permissions.ts';
import { verifyAuditChain } from '../src/core/audit/trail.ts';
import { forEachDatabase } from './support/databases.ts';
import { hostileRead, hostileRequest, readOperations, sendHostile, stateChangingOperations, type FuzzAccount, type FuzzCase, type FuzzTally } from './support/fuzz.ts';
import { openIncident } from './support/incidents.ts';
import { signedInAs } from './support/session.ts';

/**
 * Cases in the suite: the bulk on the embedded database, a smaller run on PostgreSQL (the same
 * validation layer answers both; the database only sees what gets past it). A new seed each run,
 * printed on failure; FUZZ_SEED repeats one, FUZZ_RUNS sets both counts. `npm run bench -- fuzz`
 * runs 20 000 on each.
 */
const RUNS: Record<string, number> = { pglite: Number(process.env.FUZZ_RUNS ?? 2500), postgresql: Number(process.env.FUZZ_RUNS ?? 500) };
/** Reads: cheaper than writes, fewer of them; each run draws other routes, parameters and values. */
const READ_RUNS: Record<string, number> = { pglite: Number(process.env.FUZZ_RUNS ?? 800), postgresql: Number(process.env.FUZZ_RUNS ?? 200) };

/**
 * Any byte sequence a client can send gets a 4xx, never a 5xx; every refusal is problem+json
 * and leaves nothing written (STYLE, "Bad input"; CJIS AU-9: the legal record stays whole).
 */
forEachDatabase('fuzzing every state-changing route of the OpenAPI document', (database, kind) => {
  let ctx: AppContext;
  let app: App;

  beforeAll(async () => {
    ctx = await database().open();
    app = await buildServer(ctx, { jobs: false });
    await app.ready();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    if (ctx) await closeContext(ctx);
  });

  /** Send `runs` cases drawn from `cases` (a new seed each run, FUZZ_SEED repeats one) and tally the answers. */
  async function sendAll(account: FuzzAccount, cases: fc.Arbitrary<FuzzCase>, runs: number): Promise<FuzzTally> {
    const tally: FuzzTally = { byStatus: new Map(), failures: [] };
    await fc.assert(fc.asyncProperty(cases, async (request) => {
      await sendHostile(app, ctx, account, request, tally);
      return true;
    }), { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) });
    return tally;
  }

  test('malformed, oversized and hostile bodies, paths and query strings never answer 5xx, every refusal is problem+json, and a refused request writes no event and no allowed audit row (its refusal may leave a denied row: CJIS AU-3)', { timeout: 1_800_000 }, async () => {
    const everyone = await signedInAs(ctx, app, [...ROLES]);
    const operations = await stateChangingOperations(app);
    expect(operations.length).toBeGreaterThan(40);
    const tally = await sendAll(everyone, hostileRequest(operations, { number: await openIncident(ctx) }), RUNS[kind]!);
    expect(tally.failures).toEqual([]);
    expect([...tally.byStatus.values()].reduce((a, b) => a + b, 0)).toBe(RUNS[kind]);
    // Most cases get past the door to the validation layer and the handlers, not a 401 after a sign-out.
    expect(tally.byStatus.get(401) ?? 0).toBeLessThan(RUNS[kind]! / 10);
    expect([...tally.byStatus.keys()].every((s) => s < 500)).toBe(true);
    expect((await verifyAuditChain(ctx)).ok).toBe(true);
  });

  test('hostile query strings and ids on every read route (numbers past a bigint, dates not on the calendar, bad cursors, hostile text) never answer 5xx, and every refusal is problem+json', { timeout: 1_800_000 }, async () => {
    const reader = await signedInAs(ctx, app, [...ROLES]);
    const operations = await readOperations(app);
    expect(operations.length).toBeGreaterThan(100);
    const tally = await sendAll(reader, hostileRead(operations, { number: await openIncident(ctx) }), READ_RUNS[kind]!);
    expect(tally.failures).toEqual([]);
    expect(tally.byStatus.get(401) ?? 0).toBe(0); // a read never signs the reader out
  });
});
