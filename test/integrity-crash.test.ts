import { rmSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { crashTest } from './support/crash.ts';
import { forEachDatabase } from './support/databases.ts';

const folders: string[] = [];
afterAll(() => { for (const dir of folders) rmSync(dir, { recursive: true, force: true }); });

/**
 * A write and its audit row commit together or not at all, and acknowledged means kept
 * (CJIS AU-9; DESIGN "Record model"): the server is killed with SIGKILL while it takes
 * incidents, on the on-disk embedded database as `npm start` runs it and on PostgreSQL.
 * `npm run bench -- crash` runs the same at length.
 */
forEachDatabase('kill -9 while incidents are being written', (database, kind) => {
  test('after two SIGKILLs every acknowledged incident has its record, exactly one audit row naming it and its event, with numbers gap-free', { timeout: 1_800_000 }, async () => {
    const dataDir = `/tmp/precinct-crash-${process.pid}-${kind}-${Date.now()}`;
    folders.push(dataDir);
    const counts = await crashTest({ dataDir, databaseUrl: database().config().databaseUrl, kills: 2, rate: 15, runMs: 4000 });
    expect(counts.acknowledged).toBeGreaterThan(0);
    expect(counts.lostRecords).toBe(0);
    expect(counts.records).toBeGreaterThanOrEqual(counts.acknowledged);
    expect(counts.auditRowsOfRecords).toBe(counts.records);
    expect(counts.eventsOfRecords).toBe(counts.records);
    expect(counts.notOneAuditRow).toBe(0);
    expect(counts.numberGaps).toBe(0);
    expect(counts.chainIntact).toBe(true);
  });
});
