/**
 * What the benches share: a Precinct server on a fresh database with a signed-in
 * dispatcher, consoles on the event stream in a process of their own, and the
 * loop that runs a bench on each database.
 */
import { createRequire } from 'node:module';
import pg from 'pg';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { buildServer } from '../src/app/server.ts';
import { closeContext } from '../src/app/start.ts';
import { addUser, consoleActor, signIn } from '../src/identity/service.ts';
import { testDatabase } from '../test/support/databases.ts';

/** A server listening on a free port with a fresh database and one dispatcher signed in (`username`). */
export async function benchServer(kind: 'pglite' | 'postgresql', username = 'benchdispatch') {
  const database = await testDatabase(kind);
  const ctx = await database.open();
  const app = await buildServer(ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  await addUser(ctx, consoleActor(), { username, firstName: 'Bench', lastName: 'Mark', roles: ['dispatcher'], password: 'Quiet-river-stone-42', mustChangePassword: false });
  const { token } = await signIn(ctx, { username, password: 'Quiet-river-stone-42' }, { source: '127.0.0.1', remote: false });
  const close = async () => {
    await app.close();
    await closeContext(ctx);
    await database.dispose();
  };
  return { database, ctx, app, base, token, close };
}

/**
 * `clients` consoles on the stream at `url`, in a process of their own, as browsers run in
 * processes of their own: the embedded database works on the server's thread, and clients on
 * that thread would read their sockets only when it lets them; in their own process their work
 * is not counted in the server's CPU (`process.cpuUsage()` of the bench is the server's).
 * Each event is keyed by `key` (a function's source, given the parsed event; it returns a key,
 * an array of keys for an event that carries several, or null to skip it); `done()` answers
 * when (on the shared wall clock) every console had each key.
 */
export async function streamConsoles(url: string, token: string, clients: number, key: string) {
  const code = `
    const workerData = JSON.parse(process.env.BENCH_CONSOLES);
    const WebSocket = require(workerData.ws);
    const keyOf = eval(workerData.key);
    const counts = new Map();
    const done = [];
    let open = 0;
    const count = (k, at) => {
      const n = (counts.get(k) || 0) + 1;
      counts.set(k, n);
      if (n === workerData.clients) done.push([k, at]);
    };
    for (let i = 0; i < workerData.clients; i++) {
      const socket = new WebSocket(workerData.url, { headers: { authorization: 'Bearer ' + workerData.token } });
      socket.on('message', (data) => {
        const k = keyOf(JSON.parse(String(data)));
        if (k === null) return;
        const at = performance.timeOrigin + performance.now();
        if (Array.isArray(k)) for (const one of k) count(one, at); else count(k, at);
      });
      socket.on('open', () => { if (++open === workerData.clients) process.send({ open: true }); });
      socket.on('error', (e) => process.send({ error: String(e) }));
    }
    ${wallSkew.toString()}
    process.on('message', (m) => process.send(m === 'cpu' ? { cpu: process.cpuUsage() } : { done, skew: wallSkew() }));
    process.on('disconnect', () => process.exit(0));
  `;
  const env = { ...process.env, BENCH_CONSOLES: JSON.stringify({ ws: createRequire(import.meta.url).resolve('ws'), url, token, clients, key }) };
  const child = spawn(process.execPath, ['-e', code], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => child.once('message', (m: { open?: boolean; error?: string }) => (m.open ? resolve() : reject(new Error(m.error)))));
  const clock = { offsetMs: 0 };
  return {
    /** When every console had each key, on this process's clock (`clockOffsetMs`). */
    done: async <K>() => new Promise<Map<K, number>>((resolve) => {
      child.once('message', (m: { done: [K, number][]; skew: number }) => {
        clock.offsetMs = m.skew - wallSkew();
        resolve(new Map(m.done.map(([k, at]) => [k, at + clock.offsetMs])));
      });
      child.send('report');
    }),
    /**
     * How far the consoles' process's clock (`performance.timeOrigin + performance.now()`) was from
     * this one's at the last `done()`, which corrects for it. Each process's time origin is the wall
     * clock when it started: when the wall clock is stepped between the two starts (a virtual machine
     * paused and resumed, a time daemon), the two differ by the step, and uncorrected every
     * latency measured across them would be off by as much.
     */
    get clockOffsetMs() { return clock.offsetMs; },
    /** The CPU the consoles' process has used so far (user + system), in milliseconds. */
    cpuMs: async () => new Promise<number>((resolve) => {
      child.once('message', (m: { cpu: NodeJS.CpuUsage }) => resolve((m.cpu.user + m.cpu.system) / 1000));
      child.send('cpu');
    }),
    close: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill(); }),
  };
}

/**
 * This process's `performance.timeOrigin + performance.now()` behind the wall clock, in
 * milliseconds, read at the moment the wall clock's millisecond turns (so to a fraction of
 * one). Constant while the process runs unless the wall clock is stepped; its difference between
 * two processes is the difference between their clocks. Self-contained: the consoles' process runs its source.
 */
function wallSkew(): number {
  const start = Date.now();
  let wall = start;
  while (wall === start) wall = Date.now();
  return wall - (performance.timeOrigin + performance.now());
}

/** The CPU this process used (user + system) since `from`, in milliseconds. */
export function cpuMsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}

/** A process's CPU so far (user + system, ms) and its name, as /proc shows them; undefined when it is not on this machine or has gone. */
export function processCpu(pid: number | string): { name: string; ms: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat) in ticks of 1/100 s
    return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 };
  } catch {
    return undefined;
  }
}

/**
 * The CPU (user + system, ms) every PostgreSQL process on this machine used so far: the backends
 * and the server's own (the WAL writer, the checkpointer), which a commit also costs. Undefined
 * when none is seen (a server on another machine). Nothing else may use that server meanwhile.
 */
export function postgresCpuMs(): number | undefined {
  let used: number | undefined;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const cpu = processCpu(pid);
    if (cpu?.name === 'postgres') used = (used ?? 0) + cpu.ms;
  }
  return used;
}

/**
 * A V8 CPU profile of this process from now until the returned function is called, written to
 * `folder` as `<name>.cpuprofile` (open it in Chrome's DevTools).
 */
export function profileUntil(folder: string, name: string): () => Promise<void> {
  const session = new Session();
  session.connect();
  const started = session.post('Profiler.enable').then(() => session.post('Profiler.start'));
  return async () => {
    await started;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
  };
}

/** `phase`, profiled into `folder` when one is given (`profileUntil`). */
export async function profilePhase<T>(folder: string | undefined, name: string, phase: () => Promise<T>): Promise<T> {
  const stop = folder ? profileUntil(folder, name) : undefined;
  try {
    return await phase();
  } finally {
    await stop?.();
  }
}

/** Run a bench on each database named, one after the other; PostgreSQL is skipped, and said so, when no server answers. */
export async function onEachDatabase(kinds: readonly ('pglite' | 'postgresql')[], run: (kind: 'pglite' | 'postgresql') => Promise<void>): Promise<void> {
  for (const kind of kinds) {
    try {
      await run(kind);
    } catch (error) {
      if (kind === 'postgresql' && /ECONNREFUSED|connect/.test(String(error))) console.log('postgresql: no server answers, skipped');
      else throw error;
    }
  }
}

/**
 * Count the statements this process sends to PostgreSQL from now on (every `pg` client: the pool's and the
 * listening ones), at `Client.query`: with the CPU, what each action costs in round trips (0 on PGlite).
 * Returns the count so far.
 */
export function countStatements(): () => number {
  let statements = 0;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    statements += 1;
    return query.apply(this, args);
  };
  return () => statements;
}
