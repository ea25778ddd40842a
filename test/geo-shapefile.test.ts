import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import proj4 from 'proj4';
import { write as writeShapefile, zip as zipShapefile } from '@mapbox/shp-write';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { readShapefile } from '../src/geo/shapefile.ts';
import { importLayer, layerVersions, suggestLocations } from '../src/geo/service.ts';
import type { Actor } from '../src/core/actor.ts';

/**
 * Shapefiles are written here, in the test, with @mapbox/shp-write (a maintained writer):
 * nothing is committed. The State Plane .prj is the ESRI well-known text that MassGIS ships
 * beside its layers (NAD 1983 StatePlane Massachusetts Mainland, metres: EPSG:26986).
 */
const MASS_STATE_PLANE_PRJ = 'PROJCS["NAD_1983_StatePlane_Massachusetts_Mainland_FIPS_2001",GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",200000.0],PARAMETER["False_Northing",750000.0],PARAMETER["Central_Meridian",-71.5],PARAMETER["Standard_Parallel_1",41.71666666666667],PARAMETER["Standard_Parallel_2",42.68333333333333],PARAMETER["Latitude_Of_Origin",41.0],UNIT["Meter",1.0]]';
proj4.defs('EPSG:26986', '+proj=lcc +lat_0=41 +lon_0=-71.5 +lat_1=42.6833333333333 +lat_2=41.7166666666667 +x_0=200000 +y_0=750000 +ellps=GRS80 +units=m +no_defs');
const toStatePlane = proj4('EPSG:4326', 'EPSG:26986');

const dir = mkdtempSync(join(tmpdir(), 'precinct-shp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A point shapefile (.shp, .shx, .dbf and, when given, .prj) under `name` in the test folder. */
function pointShapefile(name: string, rows: Record<string, unknown>[], points: [number, number][], prj?: string): string {
  writeShapefile(rows, 'POINT', points, (error, files) => {
    if (error) throw error;
    for (const ext of ['shp', 'shx', 'dbf'] as const) writeFileSync(join(dir, `${name}.${ext}`), new Uint8Array(files[ext].buffer));
  });
  if (prj) writeFileSync(join(dir, `${name}.prj`), prj);
  return join(dir, `${name}.shp`);
}

const admin: Actor = { username: 'afischer', roles: ['system_administrator'], source: '127.0.0.1', remote: false };

forEachDatabase('geography: shapefile import (issue 17 point 1)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;

  beforeAll(async () => {
    server = await database().server();
    await demoAgency(server.ctx, server.app);
  }, 240_000);
  afterAll(async () => server?.close());

  const version = async (kind: string) => (await layerVersions(server.ctx)).find((l) => l.kind === kind)!;
  const importFile = async (kind: 'addresses' | 'streets', file: string) => {
    const shapefile = await readShapefile(file);
    return importLayer(server.ctx, admin, { kind, format: 'geojson', text: shapefile.text, prj: shapefile.prj, source: 'test.shp' });
  };

  test('a .shp with its .dbf and a State Plane .prj is reprojected to longitude/latitude, versioned and audited', async () => {
    const before = await version('addresses');
    const where: [number, number][] = [[-72.6405, 42.3212], [-72.6399, 42.3212]];
    const file = pointShapefile('addresses', [{ ADDR_NUM: '7', ST_NAME: 'Shape Street' }, { ADDR_NUM: '9', ST_NAME: 'Shape Street' }],
      where.map((p) => toStatePlane.forward(p) as [number, number]), MASS_STATE_PLANE_PRJ);
    const result = await importFile('addresses', file);
    expect(result).toMatchObject({ kind: 'addresses', features: 2, version: before.version + 1 });
    const [seven] = await suggestLocations(server.ctx, '7 shape st', 1) as unknown as { label: string; lat: number; lon: number }[];
    expect(seven!.label).toBe('7 SHAPE ST');
    expect(seven!.lon).toBeCloseTo(where[0]![0], 5);
    expect(seven!.lat).toBeCloseTo(where[0]![1], 5);
    const audit = await server.ctx.db.selectFrom('audit').selectAll().where('action', '=', 'geo.import').where('subject_id', '=', `addresses v${result.version}`).execute();
    expect(audit).toHaveLength(1);
  });

  test('a .zip of a line shapefile (WGS 84 .prj) loads the street centerlines', async () => {
    const zipped = await zipShapefile({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { NAME: 'Zipline Way', SPEED_MPH: 25 }, geometry: { type: 'LineString', coordinates: [[-72.648, 42.3195], [-72.627, 42.3195]] } },
    ] }, { outputType: 'nodebuffer', types: { polyline: 'centerlines' } });
    writeFileSync(join(dir, 'streets.zip'), zipped);
    const result = await importFile('streets', join(dir, 'streets.zip'));
    expect(result).toMatchObject({ kind: 'streets', features: 1 });
    expect((await suggestLocations(server.ctx, 'zipline way', 1))[0]).toMatchObject({ kind: 'street', label: 'ZIPLINE WAY' });
  });

  test('a .prj proj4 cannot read, a projected file without .prj, and a bad attribute are each refused whole; the layer in use is untouched', async () => {
    const before = await version('addresses');
    const projected = [toStatePlane.forward([-72.64, 42.32]) as [number, number]];
    const bogus = pointShapefile('bogus', [{ ADDR_NUM: '1', ST_NAME: 'Bogus Street' }], projected, 'PROJCS["Made_Up",GEOGCS["x"],PROJECTION["No_Such_Projection"]]');
    await expect(importFile('addresses', bogus)).rejects.toThrow(/\.prj: projection is not a projection proj4 can read/);
    const noPrj = pointShapefile('noprj', [{ ADDR_NUM: '1', ST_NAME: 'Bogus Street' }], projected);
    await expect(importFile('addresses', noPrj)).rejects.toThrow(/feature 1: coordinates .* looks projected/);
    const badNumber = pointShapefile('badnumber', [{ ADDR_NUM: '5', ST_NAME: 'Bogus Street' }, { ADDR_NUM: 'x?', ST_NAME: 'Bogus Street' }],
      [[-72.64, 42.32], [-72.641, 42.32]]);
    await expect(importFile('addresses', badNumber)).rejects.toThrow(/feature 2: number "X\?" is not a house number/);
    writeFileSync(join(dir, 'nodbf.shp'), new Uint8Array(8));
    await expect(readShapefile(join(dir, 'nodbf.shp'))).rejects.toThrow(/\.dbf .* is missing/);
    expect(await version('addresses')).toEqual(before);
    expect(await suggestLocations(server.ctx, '5 bogus st', 5)).not.toContainEqual(expect.objectContaining({ label: '5 BOGUS ST' }));
  });
});
