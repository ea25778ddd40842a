/**
 * Where the recordings' bytes live: content-addressed by their SHA-256, written once and
 * never changed. The data folder by default; an S3-compatible bucket when configured, so
 * a state-sized deployment keeps no audio in the database or on the server's disk.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { AppContext } from '../core/context.ts';
import { digestPassThrough, fileDigest } from '../core/digest.ts';

export interface ByteRange { start: number; end: number }

/** What the store kept: the bytes' SHA-256, their length and the key they are under. */
export interface Kept { sha256: string; size: number; key: string }

export interface AudioStore {
  readonly kind: 'folder' | 's3';
  /** Where, for the operator (never a secret). */
  readonly where: string;
  /**
   * Keep the bytes (a file, or a file already read into memory) under their SHA-256 and
   * say what was kept. An object already there is left as it is.
   */
  put(source: string | Uint8Array, contentType: string): Promise<Kept>;
  /** The stored size, or undefined when nothing is stored under the key. */
  size(key: string): Promise<number | undefined>;
  read(key: string, range?: ByteRange): Promise<Readable>;
  remove(key: string): Promise<void>;
}

const keyOf = (sha256: string) => `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const exists = (path: string) => stat(path).then(() => true, () => false);

/** Copy a file, hashing its bytes on the way: one read. */
async function copyHashing(file: string, to: string): Promise<{ sha256: string; size: number }> {
  let digest = { sha256: '', size: 0 };
  await pipeline(createReadStream(file), digestPassThrough((sha256, size) => { digest = { sha256, size }; }), createWriteStream(to, { mode: 0o444 }));
  return digest;
}

/**
 * The data folder: `<root>/sha256/ab/cd/<digest>`, read-only files. A file is read once:
 * hashed as it is copied into `<root>/incoming/`, then renamed under its digest (or
 * dropped, when those bytes are already kept).
 */
export function folderStore(root: string): AudioStore {
  const incoming = join(root, 'incoming');
  const partName = () => join(incoming, `${process.pid}.${Math.random().toString(36).slice(2)}.part`);
  /** Run a write, making its folder first when it is not there yet (once, not on every write). */
  const inFolder = async <T>(folder: string, write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(folder, { recursive: true });
      return write();
    }
  };
  /** Give the written part its place under its digest, or drop it when those bytes are already kept. */
  const settle = async (part: string, sha256: string, checkedAbsent = false): Promise<string> => {
    const key = keyOf(sha256);
    const path = join(root, key);
    if (!checkedAbsent && (await exists(path))) {
      await rm(part, { force: true });
      return key;
    }
    await inFolder(dirname(path), () => rename(part, path));
    return key;
  };
  return {
    kind: 'folder',
    where: root,
    async put(source) {
      const part = partName();
      try {
        if (typeof source !== 'string') {
          const sha256 = sha256Of(source);
          const kept = { sha256, size: source.length, key: keyOf(sha256) };
          if (await exists(join(root, kept.key))) return kept;
          await inFolder(incoming, () => writeFile(part, source, { mode: 0o444 }));
          await settle(part, sha256, true);
          return kept;
        }
        const { sha256, size } = await inFolder(incoming, () => copyHashing(source, part));
        return { sha256, size, key: await settle(part, sha256) };
      } catch (error) {
        await rm(part, { force: true });
        throw error;
      }
    },
    async size(key) {
      return stat(join(root, key)).then((s) => s.size, () => undefined);
    },
    async read(key, range) {
      return createReadStream(join(root, key), range ? { start: range.start, end: range.end } : {});
    },
    async remove(key) {
      await rm(join(root, key), { force: true });
    },
  };
}

export interface S3Options {
  bucket: string;
  prefix?: string | undefined;
  endpoint?: string | undefined;
  region?: string | undefined;
  forcePathStyle?: boolean | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/**
 * An S3-compatible bucket through the AWS SDK. Objects are written with If-None-Match: *
 * (a bucket that honours it refuses an overwrite) and carry their SHA-256 as metadata;
 * turn on the bucket's object lock (WORM) for the "never modified" guarantee at rest.
 */
export function s3Store(options: S3Options): AudioStore {
  // The AWS SDK is loaded when the store is first used, not at every start of the server.
  let loading: Promise<{ sdk: typeof import('@aws-sdk/client-s3'); s3: import('@aws-sdk/client-s3').S3Client }> | undefined;
  const sdk = () => (loading ??= import('@aws-sdk/client-s3').then((sdk) => ({
    sdk,
    s3: new sdk.S3Client({
      region: options.region ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // Checksums only where S3 requires them: S3-compatible servers differ in which they know.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  })));
  const Bucket = options.bucket;
  const fullKey = (key: string) => `${options.prefix ?? ''}${key}`;
  const size = async (key: string) => {
    try {
      const { sdk: { HeadObjectCommand }, s3 } = await sdk();
      return (await s3.send(new HeadObjectCommand({ Bucket, Key: fullKey(key) }))).ContentLength;
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  };
  return {
    kind: 's3',
    where: `s3://${Bucket}/${options.prefix ?? ''}${options.endpoint ? ` at ${options.endpoint}` : ''}`,
    // The key is the digest, so a file is read twice: hashed, then sent.
    async put(source, contentType) {
      const { sha256, size: length } = typeof source === 'string' ? await fileDigest(source) : { sha256: sha256Of(source), size: source.length };
      const key = keyOf(sha256);
      if ((await size(key)) !== undefined) return { sha256, size: length, key };
      const { sdk: { PutObjectCommand }, s3 } = await sdk();
      try {
        await s3.send(new PutObjectCommand({
          Bucket, Key: fullKey(key), Body: typeof source === 'string' ? createReadStream(source) : source, ContentLength: length, ContentType: contentType,
          Metadata: { sha256 }, IfNoneMatch: '*',
        }));
      } catch (error) {
        if (status(error) !== 412) throw error; // already there: content-addressed, so the same bytes
      }
      return { sha256, size: length, key };
    },
    size,
    async read(key, range) {
      const { sdk: { GetObjectCommand }, s3 } = await sdk();
      const answer = await s3.send(new GetObjectCommand({ Bucket, Key: fullKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
      return answer.Body as Readable;
    },
    async remove(key) {
      const { sdk: { DeleteObjectCommand }, s3 } = await sdk();
      await s3.send(new DeleteObjectCommand({ Bucket, Key: fullKey(key) }));
    },
  };
}

/**
 * The store the environment asks for: `PRECINCT_RECORDINGS_S3_BUCKET` (with
 * `…_S3_ENDPOINT`, `…_S3_REGION`, `…_S3_PREFIX`; credentials from the AWS SDK's usual
 * chain) or else the folder `PRECINCT_RECORDINGS_DIR` (default `<data>/recordings`).
 */
export function storeFromEnv(env: NodeJS.ProcessEnv, dataDir: string): AudioStore {
  if (env.PRECINCT_RECORDINGS_S3_BUCKET) {
    return s3Store({
      bucket: env.PRECINCT_RECORDINGS_S3_BUCKET, prefix: env.PRECINCT_RECORDINGS_S3_PREFIX, endpoint: env.PRECINCT_RECORDINGS_S3_ENDPOINT,
      region: env.PRECINCT_RECORDINGS_S3_REGION, forcePathStyle: env.PRECINCT_RECORDINGS_S3_PATH_STYLE === '1' || undefined,
    });
  }
  return folderStore(env.PRECINCT_RECORDINGS_DIR || join(dataDir, 'recordings'));
}

const stores = new WeakMap<AppContext, AudioStore>();

/** This server's store, opened from the environment on first use. */
export function audioStore(ctx: AppContext): AudioStore {
  let store = stores.get(ctx);
  if (!store) {
    store = storeFromEnv(process.env, ctx.config.dataDir);
    stores.set(ctx, store);
  }
  return store;
}

/** Use this store for this server (a test or benchmark handing in a bucket it started). */
export function useAudioStore(ctx: AppContext, store: AudioStore): void {
  stores.set(ctx, store);
}
