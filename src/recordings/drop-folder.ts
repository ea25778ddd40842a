/**
 * The recorder's drop folder: the recorder exports each recording as an audio file and a
 * JSON sidecar with its metadata, written under a temporary name and renamed when whole,
 * the sidecar last. A sidecar beside its audio is a recording ready to import.
 *
 * Each pair is claimed by renaming it into `.processing/` (one server node wins). The
 * pairs are imported in batches, one transaction each (`importRecordings`): a pair's files
 * are removed only after its batch committed (its bytes are in the store); a refused pair
 * goes to `rejected/` with a `.reason.txt` saying why; a pair that failed for a passing
 * reason (the database was away) goes back to be tried again. A server that stops with
 * pairs claimed leaves them in `.processing/`, from where they return to the folder after
 * ten minutes and are imported again: a pair whose batch had committed is recognized by
 * its digest and metadata and removed, with no second row or audit row.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AppContext } from '../core/context.ts';
import { Problem } from '../core/errors.ts';
import { readSetting } from '../core/settings.ts';
import { importRecordings } from './batch.ts';
import { receiveRecording, type MatchSettings, type ReceivedRecording } from './service.ts';
import { systemActor, TALKGROUPS } from './settings.ts';

const AUDIO_EXTENSIONS = ['.wav', '.mp3', '.opus', '.ogg'];
const STALE_CLAIM_MS = 10 * 60_000;

/** The folder the recorder drops into: PRECINCT_RECORDER_DROP, else `<data>/recorder-drop` when it exists. */
export function dropFolderOf(ctx: AppContext, env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env.PRECINCT_RECORDER_DROP || join(ctx.config.dataDir, 'recorder-drop');
  return existsSync(dir) ? dir : null;
}

export interface DropResult {
  /** The audio files imported, in the order of their sidecars' names. */
  imported: string[];
  rejected: { file: string; code: string; detail: string }[];
  retried: string[];
  /** Pairs whose recording was already imported (the same bytes and metadata): removed, nothing written. */
  alreadyImported: string[];
}

async function audioBeside(dir: string, name: string, sidecar: Record<string, unknown>): Promise<string | undefined> {
  if (typeof sidecar.file === 'string' && /^[A-Za-z0-9._-]+$/.test(sidecar.file)) return existsSync(join(dir, sidecar.file)) ? sidecar.file : undefined;
  return AUDIO_EXTENSIONS.map((ext) => `${name}${ext}`).find((f) => existsSync(join(dir, f)));
}

/** Rename the pair into `.processing/` (made by `importDropFolder`); false when another node was first. */
async function claim(dir: string, files: string[]): Promise<boolean> {
  const processing = join(dir, '.processing');
  try {
    await rename(join(dir, files[0]!), join(processing, files[0]!));
  } catch {
    return false; // another node claimed it
  }
  for (const f of files.slice(1)) await rename(join(dir, f), join(processing, f)).catch(() => undefined);
  // A rename keeps the recorder's modification time: the claim's age is counted from now.
  const now = new Date();
  for (const f of files) await utimes(join(processing, f), now, now).catch(() => undefined);
  return true;
}

/** Pairs left in `.processing/` by a node that stopped mid-import go back to the folder. */
async function returnStaleClaims(dir: string): Promise<void> {
  const processing = join(dir, '.processing');
  if (!existsSync(processing)) return;
  for (const f of await readdir(processing)) {
    const info = await stat(join(processing, f)).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > STALE_CLAIM_MS) await rename(join(processing, f), join(dir, f)).catch(() => undefined);
  }
}

/** One pair of a batch: claimed and prepared, or refused, or not ready yet. */
type Pair =
  | { state: 'skipped' }
  | { state: 'refused'; name: string; sidecar: string; files: string[]; code: string; detail: string }
  | { state: 'retry'; sidecar: string; audio: string; files: string[] }
  | { state: 'ready'; sidecar: string; audio: string; files: string[]; received: ReceivedRecording };

/** Read a sidecar, claim its pair and receive its recording (checks, store): no query yet. */
async function preparePair(ctx: AppContext, dir: string, sidecarFile: string): Promise<Pair> {
  const name = basename(sidecarFile, '.json');
  let sidecar: Record<string, unknown>;
  try {
    sidecar = JSON.parse(await readFile(join(dir, sidecarFile), 'utf8')) as Record<string, unknown>;
    if (!sidecar || typeof sidecar !== 'object' || Array.isArray(sidecar)) throw new Error('not an object');
  } catch (error) {
    if (!(await claim(dir, [sidecarFile]))) return { state: 'skipped' };
    return { state: 'refused', name, sidecar: sidecarFile, files: [sidecarFile], code: 'recording.bad_sidecar', detail: `the sidecar is not a JSON object (${(error as Error).message.slice(0, 100)})` };
  }
  const audio = await audioBeside(dir, name, sidecar);
  if (!audio) return { state: 'skipped' }; // the recorder has not finished the audio yet (or names a file not there): try later
  const files = [sidecarFile, audio];
  if (!(await claim(dir, files))) return { state: 'skipped' };
  const { file: _file, ...metadata } = sidecar;
  try {
    const received = await receiveRecording(ctx, metadata, { via: 'folder', path: join(dir, '.processing', audio) });
    return { state: 'ready', sidecar: sidecarFile, audio, files, received };
  } catch (error) {
    if (error instanceof Problem && error.status < 500) return { state: 'refused', name, sidecar: sidecarFile, files, code: error.code, detail: error.detail ?? error.title };
    return { state: 'retry', sidecar: sidecarFile, audio, files };
  }
}

/** Set a refused pair aside in `rejected/` with the reason, for a person to look at. */
async function reject(dir: string, name: string, files: string[], code: string, detail: string): Promise<void> {
  const rejected = join(dir, 'rejected');
  await mkdir(rejected, { recursive: true });
  for (const f of files) await rename(join(dir, '.processing', f), join(rejected, f)).catch(() => undefined);
  await writeFile(join(rejected, `${name}.reason.txt`), `${code}: ${detail}\n`);
}

/** Prepare a batch's pairs, `concurrency` at a time: while one waits on a file or the database, others go on. */
async function prepareBatch(ctx: AppContext, dir: string, sidecars: string[], concurrency: number): Promise<Pair[]> {
  const pairs: Pair[] = new Array(sidecars.length);
  let next = 0;
  const worker = async () => {
    while (next < sidecars.length) {
      const i = next++;
      pairs[i] = await preparePair(ctx, dir, sidecars[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, sidecars.length) }, worker));
  return pairs;
}

/** Match a batch's ready pairs and write them in one transaction, then settle every pair's files by what became of it. */
async function commitBatch(ctx: AppContext, dir: string, pairs: Pair[], known: MatchSettings, result: DropResult): Promise<void> {
  const ready = pairs.filter((p) => p.state === 'ready');
  const outcomes = ready.length ? await importRecordings(ctx, systemActor('recorder-drop', dir), ready.map((p) => p.received), known) : [];
  const remove = (files: string[]) => Promise.all(files.map((f) => unlink(join(dir, '.processing', f)).catch(() => undefined)));
  const putBack = (files: string[]) => Promise.all(files.map((f) => rename(join(dir, '.processing', f), join(dir, f)).catch(() => undefined)));
  for (const pair of pairs) {
    if (pair.state === 'skipped') continue;
    if (pair.state === 'refused') {
      await reject(dir, pair.name, pair.files, pair.code, pair.detail);
      result.rejected.push({ file: pair.sidecar, code: pair.code, detail: pair.detail });
      continue;
    }
    if (pair.state === 'retry') {
      await putBack(pair.files);
      result.retried.push(pair.audio);
      continue;
    }
    const outcome = outcomes[ready.indexOf(pair)]!;
    if (outcome.kind === 'imported') {
      await remove(pair.files);
      result.imported.push(pair.audio);
    } else if (outcome.kind === 'already') {
      await remove(pair.files);
      result.alreadyImported.push(pair.audio);
    } else if (outcome.kind === 'refused') {
      const { code, detail, title } = outcome.problem;
      await reject(dir, basename(pair.sidecar, '.json'), pair.files, code, detail ?? title);
      result.rejected.push({ file: pair.sidecar, code, detail: detail ?? title });
    } else {
      await putBack(pair.files);
      result.retried.push(pair.audio);
    }
  }
}

/**
 * Import every finished pair in the drop folder (up to `limit`), in batches of up to
 * `batchSize` pairs: each batch one transaction, each recording in it with its own row and
 * audit row in a savepoint of its own (a refused one is set aside, the others commit).
 * Within a batch, `concurrency` pairs are read, checked and stored at a time, and the
 * next batch's files are worked on while one is matched (one set of queries for the
 * batch) and committed. Returns what was imported, refused
 * (with the reason), found already imported and left to try again.
 */
export async function importDropFolder(ctx: AppContext, dir: string, options: { limit?: number; batchSize?: number; concurrency?: number } = {}): Promise<DropResult> {
  const result: DropResult = { imported: [], rejected: [], retried: [], alreadyImported: [] };
  await returnStaleClaims(dir);
  await mkdir(join(dir, '.processing'), { recursive: true });
  const sidecars = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort().slice(0, options.limit ?? 5000);
  if (sidecars.length === 0) return result;
  // The talkgroups are read once for the run, not once for each radio recording.
  const known: MatchSettings = { talkgroups: await readSetting(ctx.db, TALKGROUPS) };
  const size = Math.max(1, options.batchSize ?? 100);
  const concurrency = options.concurrency ?? 8;
  const batches = Array.from({ length: Math.ceil(sidecars.length / size) }, (_, i) => sidecars.slice(i * size, (i + 1) * size));
  let preparing = prepareBatch(ctx, dir, batches[0]!, concurrency);
  for (let i = 0; i < batches.length; i++) {
    const pairs = await preparing;
    if (i + 1 < batches.length) preparing = prepareBatch(ctx, dir, batches[i + 1]!, concurrency);
    try {
      await commitBatch(ctx, dir, pairs, known, result);
    } catch (error) {
      // The next batch's claims stay in .processing/ and return with the stale ones.
      if (i + 1 < batches.length) await preparing.catch(() => undefined);
      throw error;
    }
  }
  return result;
}
