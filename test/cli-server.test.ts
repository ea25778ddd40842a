import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/core/config.ts';
import { closeContext, openContext } from '../src/app/start.ts';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'precinct-owner-'));
let port = 0;
const env = () => ({ ...process.env, PRECINCT_DATA: dataDir, DATABASE_URL: '', PRECINCT_CONFIG: '', PORT: String(port), PRECINCT_DEMO: '1' });

async function precinct(args: string[], input?: string) {
  const child = run('node', ['bin/precinct.js', ...args], { env: env(), timeout: 600_000 });
  child.child.stdin?.end(input ?? '');
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return free;
}

let server: ChildProcess | undefined;
async function startServer(): Promise<void> {
  server = spawn('node', ['bin/precinct.js', 'serve'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 600_000);
    server!.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('console at')) { clearTimeout(timer); resolve(); }
    });
    server!.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    server!.once('exit', () => reject(new Error(`the server stopped: ${output}`)));
  });
}
async function stopServer(): Promise<void> {
  const child = server;
  server = undefined;
  if (!child || child.exitCode !== null) return;
  await new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); });
}

async function signIn(username: string, password: string) {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  return { status: response.status, body: await response.json() as { code?: string } };
}

function demoPassword(username: string): string {
  const accounts = JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as { username: string; password: string }[];
  return accounts.find((a) => a.username === username)!.password;
}

afterAll(async () => {
  await stopServer();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the operator command beside a running embedded server: one owner of the data folder', { timeout: 1_800_000 }, () => {
  test('with the server running, a command goes through the server: the change holds at once and after a restart, audited with the operator’s OS user', async () => {
    port = await freePort();
    await startServer();
    expect(statSync(join(dataDir, 'admin.sock')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'precinct.pid'), 'utf8').trim()).toBe(String(server!.pid));

    const disabled = await precinct(['user', 'disable', 'jobrien', '--reason', 'left the department']);
    expect(disabled).toMatchObject({ code: 0, stdout: 'disabled jobrien\n' });
    expect((await signIn('jobrien', demoPassword('jobrien'))).body.code).toBe('auth.disabled');

    const added = await precinct(['user', 'add', '--username', 'pquill', '--first', 'Pat', '--last', 'Quill', '--roles', 'supply_supervisor', '--password-stdin'], 'Harbor-Lantern-Quiver-88\n');
    expect(added.code).toBe(0);
    expect((await signIn('pquill', 'Harbor-Lantern-Quiver-88')).status).toBe(200);

    const refused = await precinct(['user', 'disable', 'nosuchlogin', '--reason', 'x']);
    expect(refused).toMatchObject({ code: 1, stderr: 'precinct: no login "nosuchlogin"\n' });

    const second = await precinct(['serve']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^precinct: the data folder .* is in use by another Precinct process \(pid \d+\); stop it first\n$/);

    await stopServer();
    expect(existsSync(join(dataDir, 'precinct.pid'))).toBe(false);
    await startServer();
    expect((await signIn('jobrien', demoPassword('jobrien'))).body.code).toBe('auth.disabled');
    expect((await signIn('pquill', 'Harbor-Lantern-Quiver-88')).status).toBe(200);
    await stopServer();
  });

  test('with the server stopped, a command opens the data folder itself, and the next server start sees the change', async () => {
    const disabled = await precinct(['user', 'disable', 'pnguyen', '--reason', 'on leave']);
    expect(disabled).toMatchObject({ code: 0, stdout: 'disabled pnguyen\n' });
    expect(existsSync(join(dataDir, 'precinct.pid'))).toBe(false); // released when the command ends
    await startServer();
    expect((await signIn('pnguyen', demoPassword('pnguyen'))).body.code).toBe('auth.disabled');
  });

  test('a server whose administration socket is gone is not opened beside: the command refuses with one line saying what to do', async () => {
    rmSync(join(dataDir, 'admin.sock'));
    const refused = await precinct(['user', 'unlock', 'dkowalski']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^precinct: a Precinct server \(pid \d+\) has the data folder .* open and no administration socket answers; stop the server, then run the command again\n$/);
    await stopServer();
  });

  test('every change from the command line is in the audit trail under the operator’s OS user, whichever way it went', async () => {
    const ctx = await openContext(loadConfig({ ...env(), PRECINCT_DEMO: '' }));
    try {
      const rows = await ctx.db.selectFrom('audit').select(['username', 'action', 'subject_id']).where('action', 'in', ['user.disable', 'user.add'])
        .where('subject_id', 'in', ['jobrien', 'pquill', 'pnguyen']).orderBy('id').execute();
      const operator = `cli:${userInfo().username}`;
      expect(rows).toEqual([
        // the demo agency, seeded when the server first started on the empty folder: added under the operator too
        { username: operator, action: 'user.add', subject_id: 'jobrien' },
        { username: operator, action: 'user.add', subject_id: 'pnguyen' },
        { username: operator, action: 'user.disable', subject_id: 'jobrien' },
        { username: operator, action: 'user.add', subject_id: 'pquill' },
        { username: operator, action: 'user.disable', subject_id: 'pnguyen' },
      ]);
    } finally {
      await closeContext(ctx);
    }
  });

  test('the server runs from a bundle of pure ASCII (a § in a comment made it two bytes a character): V8 keeps its source at one byte a character (issue 16 point 8)', () => {
    // the commands above ran bin/precinct.js, which (re)built the bundle of the sources as they are
    const bundle = readFileSync(join('node_modules', '.cache', 'precinct', 'server.mjs'));
    const wide = bundle.findIndex((byte) => byte > 0x7f);
    expect(wide === -1 ? 'pure ASCII' : bundle.subarray(Math.max(0, wide - 60), wide + 20).toString()).toBe('pure ASCII');
  });
});
