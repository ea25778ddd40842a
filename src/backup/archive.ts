/**
 * The backup archive: a tar stream encrypted with age (age-encryption.org/v1, X25519
 * recipients; the npm `age-encryption` library). Inside: the database dump, the stored
 * files, the audit checkpoints, and last `manifest.json` with every entry's size and
 * SHA-256. age authenticates every 64 KiB chunk and marks the last one, so an altered or
 * truncated archive fails to decrypt; the manifest's digests then prove each entry whole.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Decrypter, Encrypter } from 'age-encryption';
import tar from 'tar-stream';
import { digestPassThrough } from '../core/digest.ts';
import { ARCHIVE_FORMAT, BackupError, type ArchiveEntry, type Manifest } from './model.ts';

export interface ArchiveItem {
  /** The path inside the archive, e.g. `database/pglite.tar.gz` or `files/data/photos/ab.jpg`. */
  path: string;
  /** The file on disk. */
  file: string;
}

async function addFile(pack: tar.Pack, item: ArchiveItem): Promise<ArchiveEntry> {
  const { size } = await stat(item.file);
  let entry: ArchiveEntry | undefined;
  const sink = pack.entry({ name: item.path, size, mode: 0o600 });
  await pipeline(createReadStream(item.file), digestPassThrough((sha256, n) => { entry = { path: item.path, size: n, sha256 }; }), sink);
  return entry!;
}

/**
 * Write the encrypted archive to `out` (through a temporary name, renamed when whole).
 * Returns the manifest written inside it and the size and SHA-256 of the encrypted file.
 */
export async function writeArchive(out: string, recipients: string[], items: ArchiveItem[], describe: Omit<Manifest, 'format' | 'entries'>): Promise<{ manifest: Manifest; size: number; sha256: string }> {
  const encrypter = new Encrypter();
  for (const r of recipients) encrypter.addRecipient(r);
  const pack = tar.pack();
  const encrypted = await encrypter.encrypt(Readable.toWeb(Readable.from(pack as AsyncIterable<Buffer>)) as unknown as ReadableStream<Uint8Array>);
  const partial = `${out}.partial`;
  let outer: { sha256: string; size: number } | undefined;
  const written = pipeline(
    Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>),
    digestPassThrough((sha256, size) => { outer = { sha256, size }; }),
    createWriteStream(partial, { mode: 0o600 }),
  );
  let manifest: Manifest;
  try {
    const entries: ArchiveEntry[] = [];
    for (const item of items) entries.push(await addFile(pack, item));
    manifest = { format: ARCHIVE_FORMAT, ...describe, entries };
    pack.entry({ name: 'manifest.json', mode: 0o600 }, JSON.stringify(manifest, null, 2));
    pack.finalize();
    await written;
  } catch (error) {
    pack.destroy();
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, out);
  return { manifest, ...outer! };
}

/** The identities in an age identity file (lines `AGE-SECRET-KEY-1…`; `#` comments skipped). */
export function identitiesIn(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

function explain(error: unknown): BackupError {
  if (error instanceof BackupError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/no identity matched|identity/i.test(message)) {
    return new BackupError('wrong_key', 'the backup identity given does not open this archive (it was encrypted for another recipient); nothing was restored');
  }
  return new BackupError('damaged', `the archive is damaged, truncated or altered (${message.split('\n')[0]}); nothing was restored`);
}

/** Where an archive entry may be written under `root`; a path that climbs out is refused. */
function safeJoin(root: string, path: string): string {
  const target = normalize(join(root, path));
  if (!target.startsWith(root + sep)) throw new BackupError('damaged', `the archive names a path outside its folder: ${path}`);
  return target;
}

/**
 * Decrypt and read the archive. With `into`, every entry is written under that folder;
 * without it, entries are only digested. Throws BackupError on a wrong key, a damaged or
 * truncated file, or an entry whose digest is not the manifest's.
 */
export async function readArchive(file: string, identities: string[], into?: string): Promise<Manifest> {
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  const seen = new Map<string, ArchiveEntry>();
  let manifestText = '';
  try {
    const plain = await decrypter.decrypt(Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>);
    const extract = tar.extract();
    const consumed = (async () => {
      for await (const entry of extract) {
        const name = entry.header.name;
        if (name === 'manifest.json') {
          for await (const chunk of entry) manifestText += (chunk as Buffer).toString('utf8');
          continue;
        }
        const sinks: NodeJS.WritableStream[] = [];
        if (into) {
          const target = safeJoin(into, name);
          await mkdir(dirname(target), { recursive: true, mode: 0o700 });
          sinks.push(createWriteStream(target, { mode: 0o600 }));
        } else {
          sinks.push(new Writable({ write: (_c, _e, cb) => cb() }));
        }
        await pipeline(entry, digestPassThrough((sha256, size) => seen.set(name, { path: name, size, sha256 })), sinks[0]!);
      }
    })();
    await Promise.all([pipeline(Readable.fromWeb(plain as unknown as WebReadableStream<Uint8Array>), extract), consumed]);
  } catch (error) {
    throw explain(error);
  }
  return checkManifest(manifestText, seen);
}

function checkManifest(text: string, seen: Map<string, ArchiveEntry>): Manifest {
  if (!text) throw new BackupError('damaged', 'the archive has no manifest: it is truncated or not a Precinct backup; nothing was restored');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    throw new BackupError('damaged', 'the archive’s manifest is not readable; nothing was restored');
  }
  if (manifest.format !== ARCHIVE_FORMAT) throw new BackupError('damaged', `the archive is of format ${String(manifest.format)}, not ${ARCHIVE_FORMAT}`);
  for (const expected of manifest.entries) {
    const got = seen.get(expected.path);
    if (!got) throw new BackupError('damaged', `the archive lacks ${expected.path}, which its manifest lists; nothing was restored`);
    if (got.sha256 !== expected.sha256 || got.size !== expected.size) {
      throw new BackupError('damaged', `${expected.path} does not match its digest in the manifest; nothing was restored`);
    }
  }
  const extra = [...seen.keys()].find((k) => !manifest.entries.some((e) => e.path === k));
  if (extra) throw new BackupError('damaged', `the archive holds ${extra}, which its manifest does not list; nothing was restored`);
  return manifest;
}

