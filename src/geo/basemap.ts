import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PMTiles, TileType, type Source } from 'pmtiles';
import rangeParser from 'range-parser';
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { BadRequest, NotFound, Problem } from '../core/errors.ts';
import { defineSetting, readSetting, writeSetting } from '../core/settings.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction } from '../db/index.ts';

/**
 * The agency's basemap (issue 17 point 3): one PMTiles v3 archive of raster tiles the
 * agency provides, drawn under the town's own layers. The server keeps a copy in the
 * data folder, named by its SHA-256 so a replaced file is never served under the old
 * name, and serves it whole or by byte range; the browser decodes it (the `pmtiles`
 * package). No tile server, no third party.
 */
export interface Basemap {
  /** The file as the agency named it. */
  source: string;
  /** SHA-256 of the archive: the copy's name, its ETag and the version in its address. */
  sha256: string;
  bytes: number;
  tileType: 'png' | 'jpeg' | 'webp';
  minZoom: number;
  maxZoom: number;
  /** west, south, east, north in degrees, from the archive's header. */
  bounds: [number, number, number, number];
  /** The archive metadata's `attribution`, shown in the map's corner. */
  attribution: string | null;
  installedBy: string;
  installedAt: string;
}

export const BASEMAP = defineSetting<Basemap | null>('geo.basemap', null);

const RASTER: Partial<Record<TileType, Basemap['tileType']>> = { [TileType.Png]: 'png', [TileType.Jpeg]: 'jpeg', [TileType.Webp]: 'webp' };
/** Longest attribution kept: a line in the map's corner, not a licence text. */
const ATTRIBUTION_LIMIT = 300;

const folderOf = (ctx: AppContext) => join(ctx.config.dataDir, 'basemap');
const fileOf = (ctx: AppContext, basemap: Basemap) => join(folderOf(ctx), `${basemap.sha256}.pmtiles`);

/** The `pmtiles` reader over a local file (its own sources fetch URLs or read browser Files). */
class LocalFile implements Source {
  constructor(private readonly path: string) {}
  getKey(): string { return this.path; }
  async getBytes(offset: number, length: number) {
    const handle = await open(this.path, 'r');
    try {
      const data = new Uint8Array(length);
      const { bytesRead } = await handle.read(data, 0, length, offset);
      return { data: data.buffer.slice(0, bytesRead) };
    } finally {
      await handle.close();
    }
  }
}

/** What the archive says of itself, or a refusal naming what is wrong with it. */
async function describe(path: string): Promise<Pick<Basemap, 'tileType' | 'minZoom' | 'maxZoom' | 'bounds' | 'attribution'>> {
  const archive = new PMTiles(new LocalFile(path));
  const header = await archive.getHeader().catch((error: unknown) => {
    throw new BadRequest('geo.basemap_unreadable', `${basename(path)} is not a PMTiles archive the map can read (${error instanceof Error ? error.message : String(error)})`, { field: 'file' });
  });
  if (header.specVersion !== 3) throw new BadRequest('geo.basemap_version', `${basename(path)} is PMTiles version ${header.specVersion}; the map reads version 3 (convert it with \`pmtiles convert\`)`, { field: 'file' });
  const tileType = RASTER[header.tileType];
  if (!tileType) throw new BadRequest('geo.basemap_not_raster', `${basename(path)} holds ${header.tileType === TileType.Mvt ? 'vector (MVT)' : 'unknown'} tiles; the map draws raster tiles (PNG, JPEG or WebP) only`, { field: 'file' });
  const metadata = await archive.getMetadata().catch(() => ({})) as { attribution?: unknown };
  const attribution = typeof metadata.attribution === 'string' && metadata.attribution.trim() ? metadata.attribution.trim().slice(0, ATTRIBUTION_LIMIT) : null;
  return { tileType, minZoom: header.minZoom, maxZoom: header.maxZoom, bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat], attribution };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * `precinct geo basemap <file>`: check the archive, copy it into the data folder and
 * make it the map's basemap, audited (`geo.basemap`). The previous copy is removed
 * once the new one is in use.
 */
export async function installBasemap(ctx: AppContext, actor: Actor, path: string): Promise<Basemap> {
  const size = await stat(path).then((s) => (s.isFile() ? s.size : -1), () => -1);
  if (size < 0) throw new BadRequest('geo.basemap_missing', `${path} is not a file`, { field: 'file' });
  const described = await describe(path);
  const sha256 = await sha256Of(path);
  const basemap: Basemap = { source: basename(path), sha256, bytes: size, ...described, installedBy: actor.username ?? 'system', installedAt: new Date().toISOString() };
  await mkdir(folderOf(ctx), { recursive: true, mode: 0o700 });
  const partial = `${fileOf(ctx, basemap)}.partial`;
  await copyFile(path, partial);
  await rename(partial, fileOf(ctx, basemap));
  const previous = await inTransaction(ctx.db, async (tx) => {
    const before = await readSetting(tx, BASEMAP);
    await writeSetting(tx, BASEMAP, basemap);
    await recordAudit(tx, { actor, action: 'geo.basemap', subject: { type: 'geo_basemap', id: basemap.source }, outcome: 'allowed', detail: { ...basemap, replaced: before?.source ?? null } });
    return before;
  });
  if (previous && previous.sha256 !== sha256) await rm(fileOf(ctx, previous), { force: true });
  return basemap;
}

/** `precinct geo basemap --remove`: the map goes back to the town's own layers alone; audited. */
export async function removeBasemap(ctx: AppContext, actor: Actor): Promise<Basemap | null> {
  const previous = await inTransaction(ctx.db, async (tx) => {
    const before = await readSetting(tx, BASEMAP);
    await writeSetting(tx, BASEMAP, null);
    await recordAudit(tx, { actor, action: 'geo.basemap_removed', subject: { type: 'geo_basemap', id: before?.source ?? 'none' }, outcome: 'allowed', detail: { removed: before?.source ?? null } });
    return before;
  });
  if (previous) await rm(fileOf(ctx, previous), { force: true });
  return previous;
}

/** The basemap in use, if its file is there: a setting whose copy went missing leaves the map as it is without one. */
export async function currentBasemap(ctx: AppContext): Promise<Basemap | null> {
  const basemap = await readSetting(ctx.db, BASEMAP);
  if (!basemap) return null;
  const present = await stat(fileOf(ctx, basemap)).then((s) => s.size === basemap.bytes, () => false);
  return present ? basemap : null;
}

export interface BasemapBytes { basemap: Basemap; stream: Readable; range: { start: number; end: number } | null }

/**
 * The archive, whole or the one byte range a PMTiles reader asks for. A Range that does
 * not parse, names another unit or asks for several ranges is refused (400, field
 * `range`); one that starts past the end is 416, with the size.
 */
export async function basemapBytes(ctx: AppContext, rangeHeader: string | undefined): Promise<BasemapBytes> {
  const basemap = await currentBasemap(ctx);
  if (!basemap) throw new NotFound('geo.no_basemap', 'the agency has no basemap file; the map draws the town’s own layers');
  const range = rangeHeader === undefined ? null : byteRange(rangeHeader, basemap.bytes);
  const stream = createReadStream(fileOf(ctx, basemap), range ? { start: range.start, end: range.end } : {});
  return { basemap, stream, range };
}

function byteRange(header: string, size: number): { start: number; end: number } {
  const ranges = rangeParser(size, header);
  if (ranges === -1) throw new Problem(416, 'geo.basemap_range', 'Range not satisfiable', `the basemap has ${size} bytes`, { field: 'range', size });
  if (ranges === -2 || ranges.type !== 'bytes') throw new BadRequest('geo.basemap_range', 'Range must be one byte range, as bytes=start-end', { field: 'range' });
  if (ranges.length !== 1) throw new BadRequest('geo.basemap_range', 'Range must name one byte range; several are not served', { field: 'range' });
  return { start: ranges[0]!.start, end: ranges[0]!.end };
}
