import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleIsCurrent, sourcesHash, writeSourcesHash } from '../bin/web-bundle.js';
import { testDatabase, type TestServer } from './support/databases.ts';

// The console's files are served as the build wrote them: compressed, and cached by the browser for as long as
// their content-hashed names stay the same. Nothing here touches the database, so one (PGlite) server is enough.
describe('the console bundle: compressed, cached by content hash, rebuilt only when its sources change', () => {
  const webDir = mkdtempSync(join(tmpdir(), 'precinct-web-'));
  const script = `console.log(${JSON.stringify('the console '.repeat(400))});`;
  let server: TestServer;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-Ab12Cd34.js"></script>');
    writeFileSync(join(webDir, 'assets', 'index-Ab12Cd34.js'), script);
    writeFileSync(join(webDir, 'assets', 'index-Ab12Cd34.js.br'), brotliCompressSync(script));
    writeFileSync(join(webDir, 'assets', 'index-Ab12Cd34.js.gz'), gzipSync(script));
    writeFileSync(join(webDir, '.sources-sha256'), 'not for the browser\n');
    const database = await testDatabase('pglite');
    dispose = () => database.dispose();
    server = await database.server({ webDir });
  }, 120_000);
  afterAll(async () => { await server?.close(); await dispose?.(); });

  test('a hashed asset is sent Brotli- or gzip-compressed as the browser accepts, and kept for a year without revalidation', async () => {
    const br = await server.app.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    expect(br.rawPayload.length).toBeLessThan(script.length / 10);

    const gz = await server.app.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    const plain = await server.app.inject({ url: '/assets/index-Ab12Cd34.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  test('the page that names the current assets is revalidated on every load, also on a console route', async () => {
    for (const url of ['/', '/console']) {
      const page = await server.app.inject({ url, headers: { 'accept-encoding': 'gzip, br' } });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(page.body, url).toContain('/assets/index-Ab12Cd34.js');
    }
  });

  test('the bundle’s note of its sources is not served', async () => {
    expect((await server.app.inject({ url: '/.sources-sha256' })).body).not.toContain('not for the browser');
  });

  test('the start does not rebuild a bundle whose sources are unchanged, and does once a source changes', () => {
    const checkout = mkdtempSync(join(tmpdir(), 'precinct-checkout-'));
    mkdirSync(join(checkout, 'web', 'src'), { recursive: true });
    mkdirSync(join(checkout, 'web', 'dist'));
    writeFileSync(join(checkout, 'web', 'src', 'main.tsx'), 'export const shown = 1;');
    writeFileSync(join(checkout, 'vite.config.ts'), 'export default {};');
    writeFileSync(join(checkout, 'package-lock.json'), '{}');
    writeFileSync(join(checkout, 'web', 'dist', 'index.html'), '<!doctype html>');
    expect(bundleIsCurrent(checkout)).toBe(false); // never built
    writeSourcesHash(join(checkout, 'web', 'dist'), checkout);
    expect(bundleIsCurrent(checkout)).toBe(true);
    writeFileSync(join(checkout, 'web', 'dist', 'index.html'), '<!doctype html><!-- the build output itself is not a source -->');
    expect(bundleIsCurrent(checkout)).toBe(true);
    const before = sourcesHash(checkout);
    writeFileSync(join(checkout, 'web', 'src', 'main.tsx'), 'export const shown = 2;');
    expect(sourcesHash(checkout)).not.toBe(before);
    expect(bundleIsCurrent(checkout)).toBe(false);
  });

  test('on this checkout, once built, `npm start`’s bundle step leaves web/dist as it is', () => {
    execFileSync(process.execPath, ['bin/web-bundle.js'], { stdio: 'pipe' }); // builds only if the sources changed since the last build
    const index = statSync('web/dist/index.html').mtimeMs;
    const again = execFileSync(process.execPath, ['bin/web-bundle.js'], { encoding: 'utf8' });
    expect(again).toMatch(/up to date/);
    expect(statSync('web/dist/index.html').mtimeMs).toBe(index);
    expect(readFileSync('web/dist/.sources-sha256', 'utf8').trim()).toBe(sourcesHash());
  }, 120_000);
});
