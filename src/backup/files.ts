/**
 * The stored files a backup carries: the data folder (photos, forms, attachments,
 * certificates, recordings kept locally, the audit checkpoints) without the embedded
 * database (dumped on its own), the audit key (kept apart: docs/backups.md) and the
 * archives themselves; and the photo and recording folders when they live elsewhere.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { ArchiveItem } from './archive.ts';

export interface FileArea {
  /** The name inside the archive: `files/<name>/…`. */
  name: string;
  folder: string;
  /** Absolute paths left out (with everything under them). */
  skip: string[];
}

async function walk(folder: string, skip: Set<string>, out: string[]): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (skip.has(path) || entry.name.endsWith('.partial')) continue;
    if (entry.isDirectory()) await walk(path, skip, out);
    else if (entry.isFile()) out.push(path);
  }
}

/** Every file of the areas, as archive items under `files/<area>/`. */
export async function fileItems(areas: readonly FileArea[]): Promise<ArchiveItem[]> {
  const items: ArchiveItem[] = [];
  for (const area of areas) {
    const folder = resolve(area.folder);
    if (!existsSync(folder)) continue;
    const files: string[] = [];
    await walk(folder, new Set(area.skip.map((s) => resolve(s))), files);
    for (const file of files.sort()) items.push({ path: `files/${area.name}/${relative(folder, file)}`, file });
  }
  return items;
}

/** The areas of this server: its data folder, and the photo and recording folders set outside it. */
export function fileAreas(dataDir: string, leaveOut: string[], env: NodeJS.ProcessEnv = process.env): FileArea[] {
  const data = resolve(dataDir);
  const areas: FileArea[] = [{ name: 'data', folder: data, skip: [join(data, 'pglite'), join(data, 'audit.key'), ...leaveOut] }];
  const outside = (dir: string | undefined) => dir && relative(data, resolve(dir)).startsWith('..');
  if (outside(env.PRECINCT_PHOTO_DIR)) areas.push({ name: 'photos', folder: env.PRECINCT_PHOTO_DIR!, skip: [] });
  if (!env.PRECINCT_RECORDINGS_S3_BUCKET && outside(env.PRECINCT_RECORDINGS_DIR)) areas.push({ name: 'recordings', folder: env.PRECINCT_RECORDINGS_DIR!, skip: [] });
  return areas;
}
