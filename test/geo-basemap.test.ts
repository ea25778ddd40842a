import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { PMTiles, type Source } from 'pmtiles';
import { forEachDatabase, serverForFile, type TestServer } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { auditRows } from '../src/core/audit/trail.ts';
import { installBasemap, removeBasemap } from '../src/geo/basemap.ts';
import type { Actor } from '../src/core/actor.ts';

/** The committed fixture: PNG tiles over Millbrook, zoom 10–16 (test/fixtures/basemap/make_millbrook.py writes it). */
const FIXTURE = join(import.meta.dirname, 'fixtures/basemap/millbrook.pmtiles');
const FIXTURE_BYTES = readFileSync(FIXTURE);
/** A tile over the town's centre (42.324 N, 72.638 W) at zoom 14. */
const CENTRE_Z14 = { z: 14, x: 4886, y: 6062 };
/** Byte 99 of a PMTiles v3 header is the tile type; 1 is vector (MVT). */
const TILE_TYPE_BYTE = 99;

const dir = mkdtempSync(join(tmpdir(), 'precinct-basemap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const today = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000), limit: 1 };
const admin: Actor = { username: 'afischer', roles: ['system_administrator'], source: '127.0.0.1', remote: false };

/** A PMTiles reader whose byte ranges are fetched from the server, as the browser's reader fetches them. */
function served(server: TestServer, url: string, headers: Record<string, string>): Source & { ranges: string[] } {
  const ranges: string[] = [];
  return {
    ranges,
    getKey: () => url,
    async getBytes(offset, length) {
      const range = `bytes=${offset}-${offset + length - 1}`;
      ranges.push(range);
      const response = await server.app.inject({ method: 'GET', url, headers: { ...headers, range } });
      if (response.statusCode !== 206) throw new Error(`${range}: ${response.statusCode} ${response.body}`);
      return { data: new Uint8Array(response.rawPayload).buffer };
    },
  };
}

forEachDatabase('geography: the agency’s basemap file (issue 17 point 3)', (database) => {
  const file = serverForFile(database, async (server) => ({
    dispatcher: await signedInAs(server.ctx, server.app, ['dispatcher']),
    officer: await signedInAs(server.ctx, server.app, ['patrol_officer']),
    auditor: await signedInAs(server.ctx, server.app, ['auditor']),
    supply: await signedInAs(server.ctx, server.app, ['supply_supervisor']),
  }));
  afterAll(() => rmSync(join(file.server.ctx.config.dataDir, 'basemap'), { recursive: true, force: true }));
  const get = (url: string, headers: Record<string, string>, range?: string) =>
    file.server.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: range === undefined ? headers : { ...headers, range } });
  const copies = () => readdirSync(join(file.server.ctx.config.dataDir, 'basemap')).filter((n) => n.endsWith('.pmtiles'));

  test('81A §B.2.b.iv: without a basemap file the map is the town’s own layers: the basemap is “not configured” and its archive 404', async () => {
    const answer = await get('/geo/basemap', file.dispatcher.headers);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ configured: false });
    const archive = await get('/geo/basemap.pmtiles', file.dispatcher.headers, 'bytes=0-16383');
    expect(archive.statusCode).toBe(404);
    expect(archive.json().code).toBe('geo.no_basemap');
    expect((await get('/geo/layers', file.dispatcher.headers)).statusCode).toBe(200);
  });

  test('a file that is not a raster PMTiles v3 archive is refused naming the file, and nothing is installed', async () => {
    const text = join(dir, 'streets.geojson');
    writeFileSync(text, '{"type":"FeatureCollection","features":[]}');
    const vector = join(dir, 'vector.pmtiles');
    const bytes = Buffer.from(FIXTURE_BYTES);
    bytes[TILE_TYPE_BYTE] = 1;
    writeFileSync(vector, bytes);
    await expect(installBasemap(file.server.ctx, admin, text)).rejects.toMatchObject({ status: 400, code: 'geo.basemap_unreadable', extra: { field: 'file' } });
    await expect(installBasemap(file.server.ctx, admin, vector)).rejects.toMatchObject({ status: 400, code: 'geo.basemap_not_raster', message: expect.stringContaining('vector (MVT)') });
    await expect(installBasemap(file.server.ctx, admin, join(dir, 'absent.pmtiles'))).rejects.toMatchObject({ status: 400, code: 'geo.basemap_missing' });
    expect((await get('/geo/basemap', file.dispatcher.headers)).json()).toEqual({ configured: false });
  });

  test('81A §B.2.b.iv: the administrator installs the agency’s PMTiles file (audited); a dispatcher’s map reads it by byte range and decodes a Millbrook tile', async () => {
    const installed = await installBasemap(file.server.ctx, admin, FIXTURE);
    expect(installed).toMatchObject({ source: 'millbrook.pmtiles', tileType: 'png', minZoom: 10, maxZoom: 16, bytes: FIXTURE_BYTES.length, attribution: 'Millbrook test grid (Precinct fixture)' });
    const [audit] = await auditRows(file.server.ctx.db, { ...today, action: 'geo.basemap' });
    expect(audit).toMatchObject({ username: 'afischer', subject_id: 'millbrook.pmtiles', outcome: 'allowed' });

    const answer = (await get('/geo/basemap', file.dispatcher.headers)).json();
    expect(answer).toMatchObject({ configured: true, tileType: 'png', minZoom: 10, maxZoom: 16, attribution: 'Millbrook test grid (Precinct fixture)' });
    expect(answer.url).toMatch(/^\/api\/v1\/geo\/basemap\.pmtiles\?v=[0-9a-f]{16}$/);
    const [west, south, east, north] = answer.bounds as number[];
    expect(west! < -72.648 && east! > -72.627 && south! < 42.319 && north! > 42.3325).toBe(true);

    const first = await file.server.app.inject({ method: 'GET', url: answer.url, headers: { ...file.dispatcher.headers, range: 'bytes=0-16383' } });
    expect(first.statusCode).toBe(206);
    expect(first.headers).toMatchObject({ 'content-type': 'application/vnd.pmtiles', 'accept-ranges': 'bytes', 'content-range': `bytes 0-${FIXTURE_BYTES.length - 1}/${FIXTURE_BYTES.length}`, 'cache-control': 'private, max-age=86400' });
    expect(first.headers.etag).toBe(`"${installed.sha256}"`);
    expect(first.rawPayload.equals(FIXTURE_BYTES)).toBe(true);
    const middle = await file.server.app.inject({ method: 'GET', url: answer.url, headers: { ...file.dispatcher.headers, range: 'bytes=100-199' } });
    expect(middle.statusCode).toBe(206);
    expect(middle.headers['content-range']).toBe(`bytes 100-199/${FIXTURE_BYTES.length}`);
    expect(middle.rawPayload.equals(FIXTURE_BYTES.subarray(100, 200))).toBe(true);
    const suffix = await file.server.app.inject({ method: 'GET', url: answer.url, headers: { ...file.dispatcher.headers, range: 'bytes=-10' } });
    expect(suffix.rawPayload.equals(FIXTURE_BYTES.subarray(-10))).toBe(true);
    const whole = await file.server.app.inject({ method: 'GET', url: answer.url, headers: file.dispatcher.headers });
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(FIXTURE_BYTES)).toBe(true);

    const reader = served(file.server, answer.url, file.dispatcher.headers);
    const tile = await new PMTiles(reader).getZxy(CENTRE_Z14.z, CENTRE_Z14.x, CENTRE_Z14.y);
    expect(Buffer.from(tile!.data).subarray(0, 8).equals(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'))).toBe(true);
    expect(reader.ranges.length).toBeGreaterThan(0);
    expect(await new PMTiles(reader).getZxy(14, 0, 0)).toBeUndefined();
  });

  test('the field and trends maps read the basemap as they read the town’s layers; a role without the map is refused, and no session is 401', async () => {
    for (const reader of [file.officer, file.auditor]) {
      expect((await get('/geo/basemap.pmtiles', reader.headers, 'bytes=0-126')).statusCode).toBe(206);
      expect((await get('/geo/basemap', reader.headers)).json().configured).toBe(true);
    }
    expect((await get('/geo/basemap.pmtiles', file.supply.headers, 'bytes=0-126')).statusCode).toBe(403);
    expect((await get('/geo/basemap', file.supply.headers)).statusCode).toBe(403);
    expect((await get('/geo/basemap.pmtiles', {}, 'bytes=0-126')).statusCode).toBe(401);
  });

  test('a bad Range header is 400 naming the range, one past the end (or ending before it starts) 416 with the size: never a 5xx', async () => {
    const size = FIXTURE_BYTES.length;
    for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, `bytes=${'9'.repeat(400)}-`, 'bytes=9-2']) {
      const answer = await get('/geo/basemap.pmtiles', file.dispatcher.headers, range);
      expect(answer.statusCode, range).toBe(416);
      expect(answer.headers['content-range'], range).toBe(`bytes */${size}`);
      expect(answer.json(), range).toMatchObject({ code: 'geo.basemap_range', field: 'range' });
    }
    for (const range of ['bytes=0-9,20-29', 'items=0-9', 'bytes=abc', 'bytes', '', 'bytes=-', 'x'.repeat(8000)]) {
      const answer = await get('/geo/basemap.pmtiles', file.dispatcher.headers, range);
      expect(answer.statusCode, range).toBe(400);
      expect(answer.json(), range).toMatchObject({ code: 'geo.basemap_range', field: 'range' });
    }
    expect((await get('/geo/basemap.pmtiles?v=../../etc/passwd', file.dispatcher.headers, 'bytes=0-9')).statusCode).toBe(206);
    expect((await get('/geo/basemap.pmtiles?path=/etc/passwd', file.dispatcher.headers)).statusCode).toBe(400);
  });

  test('a replaced basemap is served under its new version and the old copy is deleted; removing it (audited) returns the map to the town’s layers', async () => {
    const before = (await get('/geo/basemap', file.dispatcher.headers)).json();
    const renamed = join(dir, 'millbrook-2027.pmtiles');
    const bytes = Buffer.from(FIXTURE_BYTES);
    bytes[118] = 13; // the header's centre zoom: another file, the same tiles

    writeFileSync(renamed, bytes);
    const replaced = await installBasemap(file.server.ctx, admin, renamed);
    const after = (await get('/geo/basemap', file.dispatcher.headers)).json();
    expect(after.url).not.toBe(before.url);
    expect(copies()).toEqual([`${replaced.sha256}.pmtiles`]);
    expect((await get('/geo/basemap.pmtiles', file.dispatcher.headers, 'bytes=0-9')).headers.etag).toBe(`"${replaced.sha256}"`);

    const removed = await removeBasemap(file.server.ctx, admin);
    expect(removed?.source).toBe('millbrook-2027.pmtiles');
    const [audit] = await auditRows(file.server.ctx.db, { ...today, action: 'geo.basemap_removed' });
    expect(audit).toMatchObject({ username: 'afischer', subject_id: 'millbrook-2027.pmtiles' });
    expect(copies()).toEqual([]);
    expect((await get('/geo/basemap', file.dispatcher.headers)).json()).toEqual({ configured: false });
    expect((await get('/geo/basemap.pmtiles', file.dispatcher.headers, 'bytes=0-9')).statusCode).toBe(404);
  });

  test('a basemap whose copy went missing from the data folder leaves the map as it is without one', async () => {
    const installed = await installBasemap(file.server.ctx, admin, FIXTURE);
    rmSync(join(file.server.ctx.config.dataDir, 'basemap', `${installed.sha256}.pmtiles`));
    expect((await get('/geo/basemap', file.dispatcher.headers)).json()).toEqual({ configured: false });
    expect((await get('/geo/basemap.pmtiles', file.dispatcher.headers, 'bytes=0-9')).statusCode).toBe(404);
    expect((await get('/geo/layers', file.dispatcher.headers)).statusCode).toBe(200);
  });
});
