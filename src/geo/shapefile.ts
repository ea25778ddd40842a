import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parseDbf, parseShp } from 'shpjs';
import { unzip } from 'but-unzip';
import { BadRequest } from '../core/errors.ts';

/** A shapefile's parts as the importer takes them: its features as GeoJSON text, and its .prj (the projection's WKT) when it has one. */
export interface ShapefileLayer { text: string; prj?: string | undefined }

interface Parts { shp?: Uint8Array | undefined; dbf?: Uint8Array | undefined; prj?: string | undefined; cpg?: string | undefined }

/**
 * Read a shapefile from disk: a `.shp` with its `.dbf`, `.prj` and `.cpg` beside it
 * (same base name, any case), or a `.zip` holding one such set. The geometry is read
 * with shpjs as stored, not reprojected here: the importer reprojects it from the
 * `.prj` with proj4, or refuses a projection proj4 cannot read.
 */
export async function readShapefile(file: string): Promise<ShapefileLayer> {
  const parts = extname(file).toLowerCase() === '.zip' ? await zipParts(file) : await siblingParts(file);
  if (!parts.shp) throw new BadRequest('geo.import_invalid', `${basename(file)}: no .shp file`);
  if (!parts.dbf) throw new BadRequest('geo.import_invalid', `${basename(file)}: the .dbf with the features' attributes is missing`);
  let collection: unknown;
  try {
    const geometries = parseShp(parts.shp) as unknown[];
    const rows = parseDbf(parts.dbf, parts.cpg) as Record<string, unknown>[];
    if (rows.length !== geometries.length) throw new Error(`the .shp holds ${geometries.length} shapes but the .dbf ${rows.length} rows`);
    collection = { type: 'FeatureCollection', features: geometries.map((geometry, i) => ({ type: 'Feature', geometry, properties: rows[i] })) };
  } catch (error) {
    throw new BadRequest('geo.import_invalid', `${basename(file)}: is not a readable shapefile (${(error as Error).message})`);
  }
  return { text: JSON.stringify(collection), prj: parts.prj };
}

async function siblingParts(file: string): Promise<Parts> {
  const dir = dirname(file);
  const base = basename(file, extname(file)).toLowerCase();
  const found = new Map<string, string>();
  for (const name of await readdir(dir)) {
    const ext = extname(name).toLowerCase();
    if (basename(name, extname(name)).toLowerCase() === base) found.set(ext, join(dir, name));
  }
  const bytes = async (ext: string) => (found.has(ext) ? new Uint8Array(await readFile(found.get(ext)!)) : undefined);
  const text = async (ext: string) => (found.has(ext) ? await readFile(found.get(ext)!, 'utf8') : undefined);
  return { shp: await bytes('.shp'), dbf: await bytes('.dbf'), prj: await text('.prj'), cpg: await text('.cpg') };
}

async function zipParts(file: string): Promise<Parts> {
  let items: ReturnType<typeof unzip>;
  try { items = unzip(new Uint8Array(await readFile(file))); } catch (error) {
    throw new BadRequest('geo.import_invalid', `${basename(file)}: is not a zip file (${(error as Error).message})`);
  }
  const shps = items.filter((i) => !i.filename.includes('__MACOSX') && extname(i.filename).toLowerCase() === '.shp');
  if (shps.length !== 1) throw new BadRequest('geo.import_invalid', `${basename(file)}: must hold exactly one .shp (it holds ${shps.length})`);
  const base = shps[0]!.filename.slice(0, -4).toLowerCase();
  const item = (ext: string) => items.find((i) => i.filename.toLowerCase() === base + ext);
  const bytes = async (ext: string) => { const i = item(ext); return i ? await i.read() : undefined; };
  const text = async (ext: string) => { const b = await bytes(ext); return b ? new TextDecoder().decode(b) : undefined; };
  return { shp: await bytes('.shp'), dbf: await bytes('.dbf'), prj: await text('.prj'), cpg: await text('.cpg') };
}
