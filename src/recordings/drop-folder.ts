/**
 * The recorder's drop folder: the recorder exports each recording as an audio file and a
 * JSON sidecar with its metadata, written under a temporary name and renamed when whole,
 * the sidecar last. A sidecar beside its audio is a recording ready to import.
 *
 * Each pair is claimed by renaming it into `.processing/` (one server node wins), imported,
 * and then removed (its bytes are in the store); a refused pair goes to `rejected/` with
 * a `.reason.txt` saying why; a pair that failed for a passing reason (the database was
 * away) goes back to be tried again.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AppContext } from '../core/context.ts';
import { Problem } from '../core/errors.ts';
import { readSetting } from '../core/settings.ts';
import { importRecording, type MatchSettings } from './service.ts';
import { systemActor, TALKGROUPS } from './settings.ts';

const AUDIO_EXTENSIONS = ['.wav', '.mp3', '.opus', '.ogg'];
const STALE_CLAIM_MS = 10 * 60_000;

/** The folder the recorder drops into: PRECINCT_RECORDER_DROP, else `<data>/recorder-drop` when it exists. */
export function dropFolderOf(ctx: AppContext, env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env.PRECINCT_RECORDER_DROP || join(ctx.config.dataDir, 'recorder-drop');
  return existsSync(dir) ? dir : null;
}

export interface DropResult {
  imported: string[];
  rejected: { file: string; code: string; detail: string }[];
  retried: string[];
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

async function importPair(ctx: AppContext, dir: string, sidecarFile: string, result: DropResult, known: MatchSettings): Promise<void> {
  const name = basename(sidecarFile, '.json');
  let sidecar: Record<string, unknown>;
  const problemOf = async (files: string[], code: string, detail: string) => {
    const rejected = join(dir, 'rejected');
    await mkdir(rejected, { recursive: true });
    for (const f of files) await rename(join(dir, '.processing', f), join(rejected, f)).catch(() => undefined);
    await writeFile(join(rejected, `${name}.reason.txt`), `${code}: ${detail}\n`);
    result.rejected.push({ file: sidecarFile, code, detail });
  };
  try {
    sidecar = JSON.parse(await readFile(join(dir, sidecarFile), 'utf8')) as Record<string, unknown>;
    if (!sidecar || typeof sidecar !== 'object' || Array.isArray(sidecar)) throw new Error('not an object');
  } catch (error) {
    if (!(await claim(dir, [sidecarFile]))) return;
    return problemOf([sidecarFile], 'recording.bad_sidecar', `the sidecar is not a JSON object (${(error as Error).message.slice(0, 100)})`);
  }
  const audio = await audioBeside(dir, name, sidecar);
  if (!audio) return; // the recorder has not finished the audio yet (or names a file not there): try later
  const files = [sidecarFile, audio];
  if (!(await claim(dir, files))) return;
  const { file: _file, ...metadata } = sidecar;
  try {
    await importRecording(ctx, systemActor('recorder-drop', dir), metadata, { via: 'folder', path: join(dir, '.processing', audio) }, known);
    for (const f of files) await unlink(join(dir, '.processing', f)).catch(() => undefined);
    result.imported.push(audio);
  } catch (error) {
    if (error instanceof Problem && error.status < 500) return problemOf(files, error.code, error.detail ?? error.title);
    for (const f of files) await rename(join(dir, '.processing', f), join(dir, f)).catch(() => undefined);
    result.retried.push(audio);
  }
}

/**
 * Import every finished pair in the drop folder, eight at a time by default: while one
 * import waits on the database, others read, check and store their files. Each pair is
 * still imported on its own (its row and audit row in its own transaction). Returns
 * what was imported, refused (with the reason) and left to try again.
 */
export async function importDropFolder(ctx: AppContext, dir: string, options: { limit?: number; concurrency?: number } = {}): Promise<DropResult> {
  const result: DropResult = { imported: [], rejected: [], retried: [] };
  await returnStaleClaims(dir);
  await mkdir(join(dir, '.processing'), { recursive: true });
  const sidecars = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort().slice(0, options.limit ?? 5000);
  if (sidecars.length === 0) return result;
  // The talkgroups are read once for the run, not once for each radio recording.
  const known: MatchSettings = { talkgroups: await readSetting(ctx.db, TALKGROUPS) };
  let next = 0;
  const worker = async () => {
    while (next < sidecars.length) {
      const file = sidecars[next++]!;
      await importPair(ctx, dir, file, result, known);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return result;
}
