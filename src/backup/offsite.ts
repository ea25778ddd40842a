/**
 * The off-site copy (S-110 §E: on-premises backups replicate off premises): the encrypted
 * archive copied as it is to a second folder (a mounted share) and/or an S3-compatible
 * bucket through the AWS SDK, each copy checked by size and digest.
 */
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { fileDigest } from '../core/digest.ts';
import type { BackupSetup, S3Destination } from './setup.ts';

export interface OffsiteCopy {
  where: string;
  at: string;
  ok: boolean;
  error?: string;
}

// The S3 client is loaded when a copy goes to a bucket, not at every start of the server.
async function s3Client(s3: S3Destination): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    region: s3.region ?? 'us-east-1',
    ...(s3.endpoint ? { endpoint: s3.endpoint, forcePathStyle: true } : {}),
    ...(s3.credentials ? { credentials: s3.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

async function toFolder(file: string, folder: string, sha256: string): Promise<void> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const target = join(folder, basename(file));
  await copyFile(file, `${target}.partial`);
  if ((await fileDigest(`${target}.partial`)).sha256 !== sha256) throw new Error('the copy does not match the archive’s digest');
  await rename(`${target}.partial`, target);
}

async function toBucket(file: string, s3: S3Destination, sha256: string): Promise<void> {
  const client = await s3Client(s3);
  const { HeadObjectCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const Key = `${s3.prefix ?? ''}${basename(file)}`;
  const { size } = await stat(file);
  await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body: createReadStream(file), ContentLength: size, Metadata: { sha256 } }));
  const head = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key }));
  if (head.ContentLength !== size || head.Metadata?.sha256 !== sha256) throw new Error('the bucket holds a different size or digest than the archive');
}

/** Copy the archive to every off-site destination configured; a failure is reported, not thrown. */
export async function copyOffsite(setup: BackupSetup, file: string, sha256: string, now: () => Date): Promise<OffsiteCopy[]> {
  const copies: OffsiteCopy[] = [];
  const attempt = async (where: string, work: () => Promise<void>) => {
    try {
      await work();
      copies.push({ where, at: now().toISOString(), ok: true });
    } catch (error) {
      copies.push({ where, at: now().toISOString(), ok: false, error: (error as Error).message.split('\n')[0] ?? 'failed' });
    }
  };
  if (setup.offsiteFolder) await attempt(setup.offsiteFolder, () => toFolder(file, setup.offsiteFolder!, sha256));
  if (setup.s3) {
    const s3 = setup.s3;
    await attempt(`s3://${s3.bucket}/${s3.prefix ?? ''}${s3.endpoint ? ` at ${s3.endpoint}` : ''}`, () => toBucket(file, s3, sha256));
  }
  return copies;
}
