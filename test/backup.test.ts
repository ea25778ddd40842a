import { mkdirSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBackup } from '../src/backup/service.ts';
import { restoreArchive, verifyArchiveFile } from '../src/backup/restore.ts';
import { identitiesIn } from '../src/backup/archive.ts';
import { BackupError } from '../src/backup/model.ts';
import { existsSync } from 'node:fs';
import { manualClock } from '../src/core/clock.ts';
import { forEachDatabase, testDatabase, type TestDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { backupKeys, useTestBackups } from './support/backup.ts';

forEachDatabase('backup and restore (S-110 §E)', (database, kind) => {
  let server: Awaited<ReturnType<TestDatabase['server']>>;
  let setup: Awaited<ReturnType<typeof useTestBackups>>;
  const targets: TestDatabase[] = [];

  beforeAll(async () => {
    server = await database().server();
    setup = await useTestBackups(server.ctx);
    await signedInAs(server.ctx, server.app, ['dispatcher']);
    await signedInAs(server.ctx, server.app, ['records_clerk']);
    mkdirSync(join(server.ctx.config.dataDir, 'photos', 'ab'), { recursive: true });
    writeFileSync(join(server.ctx.config.dataDir, 'photos', 'ab', 'mugshot.jpg'), Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]));
  }, 600_000);
  afterAll(async () => {
    await server?.close();
    for (const t of targets) await t.dispose();
  });

  /** An empty data folder and, on PostgreSQL, a new empty database. */
  const freshTarget = async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'precinct-restored-'));
    const target = kind === 'postgresql' ? await testDatabase('postgresql', { empty: true }) : undefined;
    if (target) targets.push(target);
    return { ...server.ctx.config, dataDir, databaseUrl: target?.config().databaseUrl, audit: { key: server.ctx.audit.seal.key.toString('base64'), keyFile: undefined, checkpointFile: undefined } };
  };

  test('an encrypted archive restores into a fresh database and data folder with the same counts and audit head (S-110 §E)', async () => {
    const made = await createBackup(server.ctx, { username: 'itadmin', roles: ['system_administrator'], source: null, remote: false });
    expect(readFileSync(made.file).subarray(0, 21).toString('latin1')).toBe('age-encryption.org/v1');
    expect(made.manifest.database.counts.app_user).toBeGreaterThanOrEqual(2);
    expect(made.manifest.entries.map((e) => e.path)).toContain('files/data/photos/ab/mugshot.jpg');

    const config = await freshTarget();
    const report = await restoreArchive(made.file, identitiesIn(readFileSync(setup.identityFile, 'utf8')), config);
    expect(report.mismatches).toEqual([]);
    expect(report.counts.app_user).toBe(made.manifest.database.counts.app_user);
    expect(report.audit.ok).toBe(true);
    // the head sealed in the manifest is in the restored chain (rows written while the dump ran may follow it)
    expect(report.audit.archivedHead).toBe(true);
    expect(report.audit.positions).toBeGreaterThanOrEqual(made.manifest.audit.positions);
    expect(readFileSync(join(config.dataDir, 'photos', 'ab', 'mugshot.jpg'))).toEqual(Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]));

    await expect(restoreArchive(made.file, identitiesIn(readFileSync(setup.identityFile, 'utf8')), config)).rejects.toMatchObject({ code: 'backup.not_empty' });
    const again = await restoreArchive(made.file, identitiesIn(readFileSync(setup.identityFile, 'utf8')), config, { force: true });
    expect(again.mismatches).toEqual([]);
  }, 600_000);

  test('a wrong key, an altered byte or a truncated archive is refused with a clear error and nothing is restored (S-110 §E)', async () => {
    const made = await createBackup(server.ctx, { username: 'itadmin', roles: ['system_administrator'], source: null, remote: false });
    const other = await backupKeys();
    const wrong = identitiesIn(readFileSync(other.identityFile, 'utf8'));
    const right = identitiesIn(readFileSync(setup.identityFile, 'utf8'));
    const config = await freshTarget();
    await expect(restoreArchive(made.file, wrong, config)).rejects.toMatchObject({ code: 'backup.wrong_key' });

    const altered = join(setup.folder, 'altered.age');
    writeFileSync(altered, readFileSync(made.file));
    const handle = await open(altered, 'r+');
    const middle = Math.floor(statSync(altered).size / 2);
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, middle);
    await handle.write(Buffer.from([byte[0]! ^ 0x01]), 0, 1, middle);
    await handle.close();
    await expect(verifyArchiveFile(altered, right)).rejects.toBeInstanceOf(BackupError);
    await expect(restoreArchive(altered, right, config)).rejects.toMatchObject({ code: 'backup.damaged' });

    const truncated = join(setup.folder, 'truncated.age');
    writeFileSync(truncated, readFileSync(made.file));
    truncateSync(truncated, statSync(truncated).size - 100);
    await expect(restoreArchive(truncated, right, config)).rejects.toMatchObject({ code: 'backup.damaged' });

    // nothing was restored: the target is still empty, so a good archive restores without --force
    const report = await restoreArchive(made.file, right, config);
    expect(report.mismatches).toEqual([]);
    expect((await verifyArchiveFile(made.file, right)).entries.length).toBe(made.manifest.entries.length);
  }, 600_000);

  test('the restore drill restores the newest archive into a scratch database and records its result (S-110 §E)', async () => {
    const it = await signedInAs(server.ctx, server.app, ['system_administrator']);
    const drill = await server.app.inject({ method: 'POST', url: '/api/v1/backups/drill', headers: it.headers });
    expect(drill.statusCode).toBe(200);
    expect(drill.json()).toMatchObject({ ok: true });
    const overview = (await server.app.inject({ url: '/api/v1/backups', headers: it.headers })).json();
    expect(overview.drills[0]).toMatchObject({ ok: true, archive: drill.json().archive, runBy: it.username, runByName: expect.stringMatching(/^\S+ Tester-Quill$/) }); // who ran it, by name
  }, 600_000);

  test('only the IT Director sets retention (S-110 §E.2); the prune removes only expired archives and never the last good one (S-110 §E.1)', async () => {
    const director = await signedInAs(server.ctx, server.app, ['it_director']);
    const admin = await signedInAs(server.ctx, server.app, ['system_administrator']);
    expect((await server.app.inject({ method: 'PUT', url: '/api/v1/backups/policy', payload: { retentionDays: 30 }, headers: admin.headers })).statusCode).toBe(403);
    const tooShort = await server.app.inject({ method: 'PUT', url: '/api/v1/backups/policy', payload: { retentionDays: 3 }, headers: director.headers });
    expect(tooShort.statusCode).toBe(422);
    expect(tooShort.json()).toMatchObject({ code: 'backup.retention_out_of_range', clause: 'S-110 §E.2' });
    const set = await server.app.inject({ method: 'PUT', url: '/api/v1/backups/policy', payload: { retentionDays: 30 }, headers: director.headers });
    expect(set.json()).toMatchObject({ retentionDays: 30, frequencyHours: 24 });

    const made = await server.app.inject({ method: 'POST', url: '/api/v1/backups', headers: admin.headers });
    expect(made.statusCode).toBe(201);
    const verified = await server.app.inject({ method: 'POST', url: `/api/v1/backups/${made.json().name}/verify`, headers: admin.headers });
    expect(verified.json()).toMatchObject({ ok: true });

    const before = (await server.app.inject({ url: '/api/v1/backups', headers: admin.headers })).json().archives as { name: string; prunedAt: string | null }[];
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/backups/prune', headers: admin.headers })).json()).toEqual({ pruned: [] });

    server.ctx.clock = manualClock(new Date(Date.now() + 40 * 86_400_000));
    const pruned = (await server.app.inject({ method: 'POST', url: '/api/v1/backups/prune', headers: admin.headers })).json().pruned as string[];
    expect(pruned).toHaveLength(before.length - 1);
    expect(pruned).not.toContain(made.json().name);
    expect(existsSync(join(setup.folder, made.json().name))).toBe(true);
    for (const name of pruned) expect(existsSync(join(setup.folder, name))).toBe(false);
    const after = (await server.app.inject({ url: '/api/v1/backups', headers: admin.headers })).json().archives as { name: string; present: boolean; lastVerifyOk: boolean | null }[];
    expect(after.find((a) => a.name === made.json().name)).toMatchObject({ present: true, lastVerifyOk: true });
  }, 600_000);
});
