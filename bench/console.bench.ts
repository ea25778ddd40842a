/**
 * A fresh console load: 30 units and 50 active
 * incidents, Debian's Chromium at 1920×1080, from navigation until the console has
 * its snapshot (units, open incidents, alerts) and is connected to the stream.
 * Also prints the size of the console's JavaScript, gzipped. PGlite only: the load is
 * the browser's and the API's, not the database's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { seedDemo } from '../src/app/demo.ts';
import { buildServer } from '../src/app/server.ts';
import { closeContext } from '../src/app/start.ts';
import { inTransaction } from '../src/db/index.ts';
import { testDatabase } from '../test/support/databases.ts';
import { FULL_CHROMIUM, launchChromium } from '../test/support/browser.ts';
import { openIncident } from '../test/support/incidents.ts';
import { percentile } from './stats.ts';

const RUNS = 7;
const TYPES = ['DOMESTIC', 'NOISE', 'LOCKOUT', 'WELFARE', 'MVA', 'ALARM_COMM', 'SUSPICIOUS', 'LARCENY', 'PARKING', 'ANIMAL'];

// What the console loads: the scripts its page names (a page opened later, such as Trends, loads its own chunk then).
const assets = 'web/dist/assets';
const js = [...readFileSync('web/dist/index.html', 'utf8').matchAll(/\/assets\/([^"']+\.js)/g)].map((m) => m[1]!);
const gzipped = js.reduce((sum, f) => sum + gzipSync(readFileSync(`${assets}/${f}`)).length, 0);
const later = readdirSync(assets).filter((f) => f.endsWith('.js') && !js.includes(f));
console.log(`console JavaScript: ${js.length} file(s), ${(gzipped / 1024).toFixed(1)} KiB gzipped (budget 500 KiB); loaded when a page needs them: ${later.length} more`);

const database = await testDatabase('pglite');
const ctx = await database.open({ webDir: `${process.cwd()}/web/dist`, dataDir: `/tmp/precinct-bench-console-${process.pid}` });
const accounts = await seedDemo(ctx);
await inTransaction(ctx.db, async (tx) => {
  for (let n = 1; n <= 15; n++) {
    const callSign = `5${String(n).padStart(2, '0')}`;
    await tx.insertInto('agency_unit').values({ call_sign: callSign, kind: 'detail', service: 'police', area: `Detail ${n}`, description: 'Paid detail (badge number)' }).execute();
    await tx.insertInto('unit_status').values({ call_sign: callSign, status: 'available', incident_number: null, reason: null, since: new Date(), location: JSON.stringify({ address: `Detail ${n}` }), personnel: [] }).execute();
  }
});
for (let i = 0; i < 50; i++) await openIncident(ctx, { type: TYPES[i % TYPES.length], address: `${10 + i} Massachusetts Avenue` });
const app = await buildServer(ctx);
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const dispatcher = accounts.find((a) => a.username === 'dkowalski')!;

// the full Chromium, as before the browser tests moved to its headless shell: the figure is a dispatcher's
const browser = await launchChromium(process.env.CHROMIUM_PATH ?? FULL_CHROMIUM);
const times: number[] = [];
let shown = { units: 0, incidents: 0 };
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await context.request.post(`${base}/api/v1/session`, { data: { username: dispatcher.username, password: dispatcher.password } });
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(`${base}/console`);
  await page.locator('.console[data-ready="true"][data-connection="live"]').waitFor({ timeout: 30_000 });
  times.push(performance.now() - started);
  shown = {
    units: await page.locator('[data-testid="status-board"] tbody tr').count(),
    incidents: await page.locator('[data-testid="pending"] li, [data-testid="active"] li').count(),
  };
  await context.close();
}
await browser.close();
console.log(`fresh console load, ${shown.units} units and ${shown.incidents} incidents shown: ` +
  `median ${percentile(times, 50).toFixed(0)} ms  worst ${Math.max(...times).toFixed(0)} ms  (${RUNS} loads; first ${times[0]!.toFixed(0)} ms; budget 2000 ms)`);
await app.close();
await closeContext(ctx);
await database.dispose();
