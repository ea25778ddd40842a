/**
 * Two server nodes on one PostgreSQL (issue 16 point 6): does the commit rate rise with the
 * second node? `NODES_BENCH_WORKERS` call-takers (default 16) create incidents back to back
 * through the HTTP API for `NODES_BENCH_SECONDS` (default 5), first all against one node, then
 * spread over two, each node a Precinct server in a process of its own on the same database
 * (the same data folder, so the same audit key, as a cluster's nodes share one). Printed per
 * setting: incidents per second, the database's write transactions per second over the same
 * time (transaction ids handed out: the actions' transactions, the audit chainer's, sessions'
 * last-seen times; reads take none) and each node's CPU per incident.
 *
 * Appending an event took one global lock held through commit until 3 December 2026; it now
 * takes a lock per subject (src/core/events/log.ts). Incidents still take their numbers from
 * one counter row per year, locked until commit, as gap-free numbering needs (issue 16 point 6).
 * On this two-core machine the server nodes, the load and the database share the cores, so
 * what the second node can add is bounded by the CPU left over, not by a lock.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { appendEvent } from '../src/core/events/log.ts';
import { inTransaction, type Db } from '../src/db/index.ts';
import { buildServer } from '../src/app/server.ts';
import { closeContext, openContext } from '../src/app/start.ts';
import { loadConfig } from '../src/core/config.ts';
import { addUser, consoleActor, signIn } from '../src/identity/service.ts';
import { testDatabase } from '../test/support/databases.ts';
import { countStatements } from './server.ts';

const WORKERS = Number(process.env.NODES_BENCH_WORKERS ?? 16);
const SECONDS = Number(process.env.NODES_BENCH_SECONDS ?? 5);
// Incidents before the measured seconds, spread over the nodes: V8 keeps optimising a node's code for
// the first few thousand (see cad.bench.ts); 200 until 4 December 2026.
const WARMUP = Number(process.env.NODES_BENCH_WARMUP ?? 5000);
const APPENDERS = Number(process.env.NODES_BENCH_APPENDERS ?? 8);
const TYPES = ['DISTURB', 'SUSPICIOUS', 'MVA', 'NOISE', 'WELFARE', 'LARCENY'];

interface Usage { cpu: number; statements: number }
interface Node { base: string; token: string; cpu: () => Promise<Usage>; append: (seconds: number, globalLock: boolean) => Promise<number>; stop: () => Promise<void> }

/** The child: one server node on the shared database, until told to stop. */
async function serve(url: string, dataDir: string, username: string): Promise<void> {
  const statements = countStatements();
  const ctx = await openContext({ ...loadConfig({ PRECINCT_CONFIG: '', PRECINCT_DATA: dataDir }), databaseUrl: url });
  const app = await buildServer(ctx);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  await addUser(ctx, consoleActor(), { username, firstName: 'Bench', lastName: 'Node', roles: ['dispatcher'], password: 'Quiet-river-stone-42', mustChangePassword: false });
  const { token } = await signIn(ctx, { username, password: 'Quiet-river-stone-42' }, { source: '127.0.0.1', remote: false });
  process.send!({ base: address, token });
  process.on('message', async (message) => {
    if (typeof message === 'object' && message && 'append' in message) {
      const { seconds, globalLock } = message as { append: true; seconds: number; globalLock: boolean };
      process.send!({ appended: await appendFor(ctx.db, seconds, globalLock) });
      return;
    }
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ cpu: (user + system) / 1000, statements: statements() });
      return;
    }
    await app.close();
    await closeContext(ctx);
    process.exit(0);
  });
}

/**
 * `APPENDERS` transactions at a time, each appending one event about a subject of its own, for `seconds`: the
 * events committed. With `globalLock` each first takes one advisory lock held through commit, as appendEvents
 * did until 3 December 2026, to show what that lock cost.
 */
async function appendFor(db: Db, seconds: number, globalLock: boolean): Promise<number> {
  let n = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: APPENDERS }, async (_, w) => {
    while (performance.now() < end) {
      await inTransaction(db, async (tx) => {
        if (globalLock) await sql`select pg_advisory_xact_lock(${0x50524345})`.execute(tx);
        await appendEvent(tx, { kind: 'test.bench', subject: { type: 'bench', id: `${process.pid}-${w}-${n}` }, actor: { username: 'bench' } });
      });
      n += 1;
    }
  }));
  return n;
}

function startNode(url: string, dataDir: string, username: string): Promise<Node> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', url, dataDir, username], { execArgv: ['--max-semi-space-size=2', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the server node ended (${code})`)));
    child.once('message', (m) => {
      const { base, token } = m as { base: string; token: string };
      resolve({
        base, token,
        cpu: () => new Promise((done) => { child.once('message', (u) => done(u as Usage)); child.send('cpu'); }),
        append: (seconds, globalLock) => new Promise((done) => { child.once('message', (m) => done((m as { appended: number }).appended)); child.send({ append: true, seconds, globalLock }); }),
        stop: () => new Promise((done) => { child.removeAllListeners('exit'); child.once('exit', () => done()); child.send('stop'); }),
      });
    });
  });
}

async function writeTransactions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // the next transaction id: ids are handed out to writing transactions only (pg_stat_database's commits count reads too)
    const { rows: [row] } = await client.query<{ n: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as n');
    return Number(row!.n);
  } finally {
    await client.end();
  }
}

async function run(nodes: Node[], url: string): Promise<{ rate: number; commitRate: number; cpuPer: number[]; statementsPer: number[] }> {
  let next = 0;
  let failed = 0;
  const create = async (worker: number) => {
    const node = nodes[worker % nodes.length]!;
    const i = next++;
    const response = await fetch(`${node.base}/api/v1/incidents`, {
      method: 'POST', headers: { authorization: `Bearer ${node.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: TYPES[i % TYPES.length], location: { address: `${i} Elm Street`, lat: 42.44 + i / 1e5, lon: -71.22 } }),
    });
    await response.arrayBuffer();
    if (response.status !== 201) failed += 1;
  };
  await Promise.all(Array.from({ length: WORKERS }, async (_, w) => { while (next < WARMUP) await create(w); }));
  await new Promise((r) => setTimeout(r, 300)); // the chainer's last pass of the warm-up
  const made0 = next;
  const cpu0 = await Promise.all(nodes.map((n) => n.cpu()));
  const c0 = await writeTransactions(url);
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  await Promise.all(Array.from({ length: WORKERS }, async (_, w) => { while (performance.now() < end) await create(w); }));
  const seconds = (performance.now() - t0) / 1000;
  const c1 = await writeTransactions(url);
  const cpu1 = await Promise.all(nodes.map((n) => n.cpu()));
  if (failed) throw new Error(`${failed} incidents were refused`);
  const made = next - made0;
  const per = made / nodes.length;
  return { rate: made / seconds, commitRate: (c1 - c0) / seconds, cpuPer: cpu1.map((c, k) => (c.cpu - cpu0[k]!.cpu) / per), statementsPer: cpu1.map((c, k) => (c.statements - cpu0[k]!.statements) / per) };
}

if (process.argv[2] === '--serve') {
  await serve(process.argv[3]!, process.argv[4]!, process.argv[5]!);
} else {
  let database;
  try {
    database = await testDatabase('postgresql');
  } catch (error) {
    console.log(`postgresql: skipped (${(error as Error).message.split('\n')[0]})`);
    process.exit(0);
  }
  const { databaseUrl: url, dataDir } = database.config();
  const figures: string[] = [];
  for (const count of [1, 2]) {
    const nodes = await Promise.all(Array.from({ length: count }, (_, k) => startNode(url!, dataDir, `benchnode${count}${k}`)));
    try {
      const r = await run(nodes, url!);
      figures.push(`postgresql nodes=${count}  ${r.rate.toFixed(0)} incidents/s  ${r.commitRate.toFixed(0)} write transactions/s  ` +
        `server CPU per incident ${r.cpuPer.map((c) => c.toFixed(2)).join(' / ')} ms, statements ${r.statementsPer.map((c) => c.toFixed(1)).join(' / ')}  (${WORKERS} call-takers, ${SECONDS} s)`);
      console.log(figures.at(-1));
      for (const globalLock of [false, true]) {
        await Promise.all(nodes.map((n) => n.append(1, globalLock))); // warm
        const counts = await Promise.all(nodes.map((n) => n.append(SECONDS, globalLock)));
        const total = counts.reduce((a, b) => a + b, 0);
        console.log(`postgresql nodes=${count}  ${(total / SECONDS).toFixed(0)} event appends/s (${APPENDERS} transactions at a time per node, ${globalLock ? 'each first taking one global lock held through commit, as until 3 December 2026' : 'as appends are now'})`);
      }
    } finally {
      for (const n of nodes) await n.stop();
    }
  }
  await database.dispose();
  rmSync(dataDir, { recursive: true, force: true });
}
