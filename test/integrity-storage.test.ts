import { chmodSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/core/config.ts';
import { closeContext, openContext } from '../src/app/start.ts';
import { embeddedFlushes } from '../src/db/pglite.ts';
import { inTransaction } from '../src/db/index.ts';
import { recordAudit } from '../src/core/audit/trail.ts';
import { forEachDatabase } from './support/databases.ts';

/** Every file and folder under `dir` whose mode lets anyone but the owner in. */
function looseModes(dir: string): string[] {
  const loose: string[] = [];
  const visit = (path: string) => {
    const stat = statSync(path);
    if ((stat.mode & 0o077) !== 0) loose.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return loose;
}

const folders: string[] = [];
function freshFolder(): string {
  const dir = `/tmp/precinct-storage-${process.pid}-${folders.length}-${Date.now()}`;
  folders.push(dir);
  return dir;
}
afterAll(() => { for (const dir of folders) rmSync(dir, { recursive: true, force: true }); });

const onDisk = (dir: string, env: Record<string, string> = {}) =>
  openContext(loadConfig({ PRECINCT_CONFIG: '', PRECINCT_DATA: dir, ...env }));

// Each test opens (and on first open creates) an on-disk database: slow on a loaded machine.
describe('the embedded database as `npm start` uses it, on disk', { timeout: 300_000 }, () => {
  test('acknowledged means on disk: fsync is on and every commit flushes the WAL to the disk before it returns', async () => {
    const ctx = await onDisk(freshFolder());
    try {
      const { rows } = await sql<{ name: string; setting: string }>`select name, setting from pg_settings
        where name in ('fsync', 'synchronous_commit', 'wal_sync_method') order by name`.execute(ctx.db);
      expect(rows).toEqual([{ name: 'fsync', setting: 'on' }, { name: 'synchronous_commit', setting: 'on' }, { name: 'wal_sync_method', setting: 'fsync' }]);
      const before = embeddedFlushes();
      await inTransaction(ctx.db, (tx) => recordAudit(tx, { actor: { username: 'durability-test', source: null, remote: false }, action: 'test.flush', outcome: 'allowed' }));
      expect(embeddedFlushes()).toBeGreaterThan(before);
      expect(ctx.warnings).toEqual([]);
    } finally {
      await closeContext(ctx);
    }
  });

  test('the faster, non-durable mode exists only as an explicit opt-in the server warns about at start', async () => {
    const ctx = await onDisk(freshFolder(), { PRECINCT_EMBEDDED_DURABILITY: 'relaxed' });
    try {
      const { rows: [fsync] } = await sql<{ setting: string }>`select setting from pg_settings where name = 'fsync'`.execute(ctx.db);
      expect(fsync?.setting).toBe('off');
      expect(ctx.warnings).toContainEqual(expect.stringMatching(/^PRECINCT_EMBEDDED_DURABILITY=relaxed: .*power cut/));
    } finally {
      await closeContext(ctx);
    }
    expect(() => loadConfig({ PRECINCT_CONFIG: '', PRECINCT_EMBEDDED_DURABILITY: 'fast' })).toThrow(/durable or relaxed/);
  });

  test('the data folder is 0700 and every file in it 0600, the embedded database’s own files included (S-110 §D; CJIS SC-28)', async () => {
    const dir = freshFolder();
    const ctx = await onDisk(dir);
    await closeContext(ctx);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'pglite')).length).toBeGreaterThan(5);
    expect(statSync(join(dir, 'audit.key')).mode & 0o777).toBe(0o600);
    expect(looseModes(dir)).toEqual([]);
  });

  test('a data folder left with looser modes is tightened at start, with a warning', async () => {
    const dir = freshFolder();
    mkdirSync(join(dir, 'exports'), { recursive: true });
    writeFileSync(join(dir, 'exports', 'old.csv'), 'a,b\n');
    chmodSync(join(dir, 'exports', 'old.csv'), 0o666);
    chmodSync(join(dir, 'exports'), 0o777);
    chmodSync(dir, 0o755);
    const ctx = await onDisk(dir);
    await closeContext(ctx);
    expect(ctx.warnings).toContainEqual(expect.stringMatching(/had 3 file\(s\) or folder\(s\) other local users could read or change; they are now 0600\/0700/));
    expect(looseModes(dir)).toEqual([]);
  });
});

forEachDatabase('audit times (CJIS AU-8)', (database) => {
  test('audit timestamps keep at least hundredths of a second', async () => {
    const ctx = await database().open();
    try {
      for (let i = 0; i < 3; i++) {
        await inTransaction(ctx.db, (tx) => recordAudit(tx, { actor: { username: 'clock-test', source: null, remote: false }, action: 'test.time', outcome: 'allowed' }));
        // 15 ms apart: the embedded database's clock ticks in milliseconds, and two writes within one tick share a time
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      const { rows } = await sql<{ fraction: string }>`select to_char(at, 'US') as fraction from audit where username = 'clock-test' order by id`.execute(ctx.db);
      // Three rows 15 ms apart: fractions of a second are kept, so they differ below the second.
      expect(new Set(rows.map((r) => r.fraction)).size).toBe(3);
      const { rows: [column] } = await sql<{ precision: number }>`select datetime_precision as precision from information_schema.columns
        where table_name = 'audit' and column_name = 'at'`.execute(ctx.db);
      expect(Number(column?.precision)).toBeGreaterThanOrEqual(2);
    } finally {
      await closeContext(ctx);
    }
  });
});
