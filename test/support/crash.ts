import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { sql } from 'kysely';
import { loadConfig } from '../../src/core/config.ts';
import { closeContext, openContext } from '../../src/app/start.ts';
import { addUser, consoleActor } from '../../src/identity/service.ts';

/**
 * The crash test (CJIS AU-9; "a crash loses nothing acknowledged"): a real server process,
 * on the on-disk embedded database as `npm start` runs it or on PostgreSQL, takes incidents
 * at a steady rate and is killed with SIGKILL several times; after each restart the
 * acknowledged incidents, their records, their audit rows and their events are counted.
 */
export interface CrashOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  kills: number;
  /** Incidents per second offered. */
  rate: number;
  /** How long the server takes writes before each kill. */
  runMs: number;
}

export interface CrashCounts {
  acknowledged: number;
  records: number;
  /** Acknowledged incidents with no record, with not exactly one audit row naming them, or not exactly one created event. */
  lostRecords: number;
  auditRowsOfRecords: number;
  eventsOfRecords: number;
  /** Records whose audit row count is not exactly one. */
  notOneAuditRow: number;
  /** Gaps in the incident numbers kept. */
  numberGaps: number;
  chainIntact: boolean;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function env(options: CrashOptions, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env, PRECINCT_CONFIG: '', PRECINCT_DATA: options.dataDir, PRECINCT_DEMO: '0', PORT: String(port), HOST: '127.0.0.1',
    PRECINCT_WEB_DIR: '/nonexistent', LOG_LEVEL: 'warn', ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATABASE_URL: '' }),
  };
}

async function startServer(options: CrashOptions): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  // the operator's entry point, as `npm start` runs it: from the server bundle, which starts in a
  // fraction of the time tsx takes to compile the sources (bin/server-bundle.js)
  const child = spawn(process.execPath, ['bin/precinct.js', 'serve'], { env: env(options, port), stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base };
    } catch { /* not up yet */ }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not answer within 5 minutes');
}

async function signIn(base: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** Offer incidents at `rate` per second until `runMs` passes, then SIGKILL the server; returns the numbers acknowledged. */
async function driveAndKill(base: string, token: string, child: ChildProcess, options: CrashOptions): Promise<string[]> {
  const acknowledged: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  let sent = 0;
  while (Date.now() - started < options.runMs) {
    const due = Math.floor(((Date.now() - started) / 1000) * options.rate);
    for (; sent < due; sent++) {
      const p = fetch(`${base}/api/v1/incidents`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ type: 'DISTURB', location: { address: `${sent} Elm Street, Millbrook` } }),
      }).then(async (r) => {
        if (r.status === 201) acknowledged.push(((await r.json()) as { number: string }).number);
      }).catch(() => undefined).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  await Promise.all(inFlight);
  return acknowledged;
}

/** Run the whole crash test and count what survived. */
export async function crashTest(options: CrashOptions): Promise<CrashCounts> {
  const config = loadConfig({ PRECINCT_CONFIG: '', PRECINCT_DATA: options.dataDir, ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}) });
  const setup = await openContext(config);
  const password = 'Quiet-Harbor-Lantern-42!';
  await addUser(setup, consoleActor(), { username: 'crashtest', firstName: 'Casey', lastName: 'Crash', roles: ['dispatcher'], password, mustChangePassword: false });
  await closeContext(setup);
  const acknowledged: string[] = [];
  for (let i = 0; i < options.kills; i++) {
    const { child, base } = await startServer(options);
    const token = await signIn(base, 'crashtest', password);
    acknowledged.push(...await driveAndKill(base, token, child, options));
  }
  return countSurvivors(config, acknowledged);
}

async function countSurvivors(config: ReturnType<typeof loadConfig>, acknowledged: string[]): Promise<CrashCounts> {
  const ctx = await openContext(config);
  try {
    const { rows } = await sql<{ number: string; audits: number; events: number }>`
      select i.number,
        (select count(*)::int from audit a where a.subject_type = 'incident' and a.subject_id = i.number) as audits,
        (select count(*)::int from event e where e.kind = 'incident.created' and e.subject_id = i.number) as events
      from incident i order by i.number`.execute(ctx.db);
    const kept = new Map(rows.map((r) => [r.number, r]));
    const lostRecords = acknowledged.filter((n) => { const r = kept.get(n); return !r || r.audits !== 1 || r.events !== 1; }).length;
    const serials = rows.map((r) => Number(r.number.split('-')[1]));
    const numberGaps = serials.filter((n, i) => i > 0 && n !== serials[i - 1]! + 1).length;
    const verify = await ctx.audit.flush().then(() => import('../../src/core/audit/trail.ts')).then((m) => m.verifyAuditChain(ctx));
    return {
      acknowledged: acknowledged.length, records: rows.length, lostRecords,
      auditRowsOfRecords: rows.reduce((n, r) => n + r.audits, 0), eventsOfRecords: rows.reduce((n, r) => n + r.events, 0),
      notOneAuditRow: rows.filter((r) => r.audits !== 1).length, numberGaps, chainIntact: verify.ok,
    };
  } finally {
    await closeContext(ctx);
  }
}
