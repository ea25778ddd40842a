import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { identitiesIn } from '../src/backup/archive.ts';
import { verifyArchiveFile } from '../src/backup/restore.ts';
import { createBackup } from '../src/backup/service.ts';
import { testDatabase, type TestDatabase } from './support/databases.ts';
import { useTestBackups } from './support/backup.ts';

/**
 * The off-site copy (S-110 §E: on-premises backups replicate off premises) against a real
 * S3-protocol server on this machine, s3rver (npm), spoken to by the AWS SDK over HTTP,
 * and to a second folder. Not AWS S3 or MinIO themselves, which cannot run here.
 */
describe('off-site copies of the encrypted archive: a second folder and an S3-compatible bucket [pglite]', () => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<TestDatabase['server']>>;
  let s3: S3rver;
  let endpoint: string;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

  beforeAll(async () => {
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: mkdtempSync(join(tmpdir(), 'precinct-s3-')), configureBuckets: [{ name: 'offsite', configs: [] }] });
    const { port } = await s3.run() as unknown as { port: number };
    endpoint = `http://127.0.0.1:${port}`;
    database = await testDatabase('pglite');
    server = await database.server();
  }, 600_000);
  afterAll(async () => {
    await server?.close();
    await database?.dispose();
    await s3?.close();
  });

  test('each archive is copied, still encrypted, to the off-site folder and bucket, and each copy verifies against its digests (S-110 §E)', async () => {
    const offsiteFolder = mkdtempSync(join(tmpdir(), 'precinct-offsite-'));
    const setup = await useTestBackups(server.ctx, { offsiteFolder, s3: { bucket: 'offsite', prefix: 'millbrook/', endpoint, credentials } });
    const made = await createBackup(server.ctx, { username: 'itadmin', roles: ['system_administrator'], source: null, remote: false });
    expect(made.offsite.map((o) => o.ok)).toEqual([true, true]);

    const identities = identitiesIn(readFileSync(setup.identityFile, 'utf8'));
    const folderCopy = join(offsiteFolder, made.name);
    expect(readFileSync(folderCopy).equals(readFileSync(made.file))).toBe(true);
    expect((await verifyArchiveFile(folderCopy, identities)).entries.length).toBe(made.manifest.entries.length);

    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    const object = await client.send(new GetObjectCommand({ Bucket: 'offsite', Key: `millbrook/${made.name}` }));
    expect(object.Metadata?.sha256).toBe(made.sha256);
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    expect(bytes.subarray(0, 21).toString('latin1')).toBe('age-encryption.org/v1');
    const fromBucket = join(mkdtempSync(join(tmpdir(), 'precinct-fetched-')), made.name);
    writeFileSync(fromBucket, bytes);
    expect((await verifyArchiveFile(fromBucket, identities)).database.counts).toEqual(made.manifest.database.counts);
  }, 600_000);

  test('an off-site destination that does not answer is recorded as failed, and the on-premises archive is kept (S-110 §E)', async () => {
    await useTestBackups(server.ctx, { s3: { bucket: 'no-such-bucket', endpoint, credentials } });
    const made = await createBackup(server.ctx, { username: 'itadmin', roles: ['system_administrator'], source: null, remote: false });
    expect(made.offsite).toHaveLength(1);
    expect(made.offsite[0]).toMatchObject({ ok: false });
    expect(readFileSync(made.file).length).toBe(made.size);
  }, 600_000);
});
