import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { manualClock } from '../src/core/clock.ts';
import { s3Store, useAudioStore } from '../src/recordings/audio-store.ts';
import { importDropFolder } from '../src/recordings/drop-folder.ts';
import { purgeExpired } from '../src/recordings/retention.ts';
import { RecorderSimulator } from '../src/recordings/simulator.ts';
import { testDatabase, type TestDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

/**
 * The bucket store against a real S3-protocol server on this machine: s3rver (npm), the
 * AWS SDK speaking HTTP to it. Not AWS S3 or MinIO themselves, which cannot run here.
 */
describe('recordings in an S3-compatible bucket (s3rver on loopback) [pglite]', () => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<TestDatabase['server']>>;
  let s3: S3rver;
  let endpoint: string;
  let commander: Record<string, string>;
  const clock = manualClock(new Date());
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

  beforeAll(async () => {
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: mkdtempSync(join(tmpdir(), 'precinct-s3-')), configureBuckets: [{ name: 'recordings', configs: [] }] });
    const { port } = await s3.run() as unknown as { port: number };
    endpoint = `http://127.0.0.1:${port}`;
    database = await testDatabase('pglite');
    server = await database.server();
    server.ctx.clock = clock;
    useAudioStore(server.ctx, s3Store({ bucket: 'recordings', prefix: 'millbrook/', endpoint, credentials }));
    commander = (await signedInAs(server.ctx, server.app, ['commanding_officer'])).headers;
  }, 300_000); // opening a server under a loaded machine can take longer than the default minute
  afterAll(async () => {
    await server?.close();
    await database?.dispose();
    await s3?.close();
  });

  test('imported audio lives in the bucket under its digest, plays by byte range, and is removed by the purge', async () => {
    const drop = join(server.ctx.config.dataDir, 'drop-s3');
    const sim = new RecorderSimulator(drop);
    const start = new Date(Date.now() - 120_000);
    await sim.record({ line: 'business', start, end: new Date(start.getTime() + 30_000), channel: '9', format: 'mp3' });
    expect((await importDropFolder(server.ctx, drop)).imported).toHaveLength(1);
    const [recording] = (await server.app.inject({ url: '/api/v1/recordings', headers: commander })).json();
    const key = `millbrook/sha256/${recording.sha256.slice(0, 2)}/${recording.sha256.slice(2, 4)}/${recording.sha256}`;
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    const head = await client.send(new HeadObjectCommand({ Bucket: 'recordings', Key: key }));
    expect(head.ContentLength).toBe(recording.size);
    expect(head.Metadata?.sha256).toBe(recording.sha256);

    const grant = (await server.app.inject({ method: 'POST', url: `/api/v1/recordings/${recording.id}/playback`, payload: { purpose: 'administrative_review' }, headers: commander })).json();
    const part = await server.app.inject({ url: grant.url, headers: { ...commander, range: 'bytes=10-19' } });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload).toHaveLength(10);

    clock.set(new Date(Date.now() + 3 * 366 * 86_400_000));
    expect((await purgeExpired(server.ctx)).purged.business_line).toBe(1);
    await expect(client.send(new HeadObjectCommand({ Bucket: 'recordings', Key: key }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});
