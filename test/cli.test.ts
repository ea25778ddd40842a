import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'precinct-cli-'));
const env = { ...process.env, PRECINCT_DATA: dataDir, DATABASE_URL: '', PRECINCT_CONFIG: '' };

async function precinct(args: string[], extraEnv: Record<string, string> = {}, input?: string) {
  const child = run('node', ['bin/precinct.js', ...args], { env: { ...env, ...extraEnv }, timeout: 110_000 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the precinct command', { timeout: 120_000 }, () => {
  test('--help lists the operator commands', async () => {
    const { code, stdout } = await precinct(['--help']);
    expect(code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed-demo', 'user', 'audit']) expect(stdout).toContain(command);
  });

  test('every command has its own --help', async () => {
    const { code, stdout } = await precinct(['user', 'add', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--username/);
  });

  test('migrate creates the embedded database from the prepared image, and a second run has nothing to do', async () => {
    const first = await precinct(['migrate']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/created the embedded database from the prepared image \(\d+ migrations\)\nthe database is up to date/);
    const second = await precinct(['migrate']);
    expect(second.stdout).toMatch(/up to date/);
  });

  test('user add refuses a generic login with a one-line reason (S-110 §D.7)', async () => {
    const { code, stderr } = await precinct(['user', 'add', '--username', 'admin', '--first', 'Pat', '--last', 'Lee', '--roles', 'system_administrator']);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/generic login/);
  });

  test('user add gives a named person a login and an initial password that must be changed; disable keeps it on record', async () => {
    const added = await precinct(['user', 'add', '--username', 'pquinn', '--first', 'Pat', '--last', 'Quinn', '--roles', 'system_administrator']);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/added pquinn \(Pat Quinn\): system_administrator/);
    expect(added.stdout).toMatch(/initial password \(must be changed at first sign-in\): \S{12,}/);
    const again = await precinct(['user', 'add', '--username', 'pquinn', '--first', 'Pat', '--last', 'Quinn', '--roles', 'dispatcher']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/never reused/);
    const disabled = await precinct(['user', 'disable', 'pquinn', '--reason', 'left the department']);
    expect(disabled.stdout).toMatch(/disabled pquinn/);
    const verify = await precinct(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/audit chain intact: \d+ rows/);
  });

  test('seed-demo refuses a database that already has users', async () => {
    const { code, stderr } = await precinct(['seed-demo']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/already has users/);
  });

  test('an unreachable PostgreSQL stops the command with one clear line, never a stack trace or the password', async () => {
    const { code, stderr } = await precinct(['migrate'], { DATABASE_URL: 'postgres://precinct:s3cret-pw@127.0.0.1:1/precinct' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/cannot connect to PostgreSQL at 127\.0\.0\.1:1\/precinct/);
    expect(stderr).not.toContain('s3cret-pw');
  });

  test('a bad setting stops the server with one line naming it', async () => {
    const { code, stderr } = await precinct(['serve'], { PRECINCT_TIME_ZONE: 'Mars/Olympus' });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('precinct: agency profile: timeZone "Mars/Olympus" is not an IANA time zone');
  });
});
