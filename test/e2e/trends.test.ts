import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { sql } from 'kysely';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';

// UPDATE_SCREENSHOTS=1 writes the screen's picture to docs/screenshots/; otherwise to test-results/.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';

let site: DemoSite;
beforeAll(async () => {
  site = await openDemoSite('trends');
  // half a year of incidents, every 7 h 13 min, each with a unit that went, arrived and cleared
  const db = site.ctx.db;
  const units = (await db.selectFrom('agency_unit').select('call_sign').where('service', '=', 'police').orderBy('call_sign').limit(4).execute()).map((u) => u.call_sign);
  const centre = await sql<{ lat: number; lon: number }>`select coalesce(avg(lat), 42.32) as lat, coalesce(avg(lon), -72.64) as lon from geo_address`.execute(db);
  const { lat, lon } = centre.rows[0]!;
  await sql`insert into incident (number, type, priority, location, reported_at, created_by, min_units, supervisor_required, status)
    select 'E2E-' || n, (array['BURGLARY', 'NOISE', 'ASSAULT', 'LARCENY', 'MVA'])[1 + n % 5], 1 + n % 4,
      jsonb_build_object('address', n || ' Main St', 'area', (array['North', 'South', 'East'])[1 + n % 3], 'lat', ${Number(lat)} + (n % 17 - 8) * 0.0015, 'lon', ${Number(lon)} + (n % 13 - 6) * 0.002),
      now() - n * interval '7 hours 13 minutes', 'e2e', 1, false, 'closed'
    from generate_series(1, 600) n`.execute(db);
  await sql`insert into incident_unit (incident_number, call_sign, role, dispatched_at, en_route_at, arrived_at, cleared_at)
    select i.number, cast(${JSON.stringify(units)} as jsonb) ->> (n % ${units.length}), 'primary', i.reported_at + (45 + n % 240) * interval '1 second', i.reported_at + (90 + n % 300) * interval '1 second',
      i.reported_at + (240 + n % 900) * interval '1 second', i.reported_at + (1800 + n % 3600) * interval '1 second'
    from generate_series(1, 600) n join incident i on i.number = 'E2E-' || n`.execute(db);
}, 600_000); // opening a demo site on a loaded machine can take minutes
afterAll(async () => site?.close());

/** How many pixels of a chart's canvases are drawn (not transparent): a chart that rendered has thousands. */
const inked = (page: Page, testId: string) => page.getByTestId(testId).locator('.chart').evaluate((chart) => {
  let n = 0;
  for (const canvas of chart.querySelectorAll('canvas')) {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
  }
  return n;
});

/** A download's bytes, read over the browser connection. */
async function bytes(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test('the chief opens Trends, changes the period, sees the heat map and response times drawn, and saves a chart as PNG and its data as CSV (S-110 §II, §A.1.s)', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await site.signIn(page, 'rmcallister');
  await page.getByRole('link', { name: 'Trends', exact: true }).click();
  await page.getByRole('heading', { name: 'Policing trends and workload' }).waitFor();
  for (const chart of ['chart-heatmap', 'chart-response', 'chart-percentiles']) {
    await page.getByTestId(chart).locator('.chart[data-drawn="true"] canvas').first().waitFor();
  }

  // a shorter period: the charts are read and drawn again for it
  const from = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
  const redrawn = page.waitForResponse((r) => r.url().includes(`/api/v1/trends/heatmap?from=${from}`) && r.status() === 200);
  const responseRedrawn = page.waitForResponse((r) => r.url().includes(`/api/v1/trends/response?from=${from}`) && r.status() === 200);
  await page.getByLabel('From', { exact: true }).fill(from);
  await Promise.all([redrawn, responseRedrawn]);
  await page.waitForTimeout(300); // the frame after the answer
  for (const chart of ['chart-heatmap', 'chart-response', 'chart-percentiles']) expect(await inked(page, chart)).toBeGreaterThan(2000);
  // the response-time table names the priorities, with the median and 90th percentile
  await page.getByTestId('chart-percentiles').getByRole('cell', { name: 'P1' }).first().waitFor();
  await expect(page.getByTestId('chart-percentiles').getByRole('row').count()).resolves.toBeGreaterThan(3);

  const heatmap = page.getByTestId('chart-heatmap');
  const [png] = await Promise.all([page.waitForEvent('download'), heatmap.getByRole('button', { name: 'Save PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('trends-heatmap.png');
  expect((await bytes(png)).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const [csv] = await Promise.all([page.waitForEvent('download'), heatmap.getByRole('link', { name: 'Download CSV' }).click()]);
  expect(csv.suggestedFilename()).toBe(`trends-heatmap-${from}-${new Intl.DateTimeFormat('en-CA', { timeZone: site.ctx.config.agency.timeZone }).format(new Date())}.csv`);
  const lines = (await bytes(csv)).toString('utf8').trim().split('\n');
  expect(lines[0]).toBe('day,hour,calls,incidents');
  expect(lines.length).toBeGreaterThan(20);
  // both exports are in the audit trail under the chief's name
  await expect.poll(async () => (await site.ctx.db.selectFrom('audit').select('username').where('action', '=', 'trends.exported').where('username', '=', 'rmcallister').execute()).length).toBe(2);

  // the map saves as PNG too: the incidents as drawn, not a blank picture, and the export is audited like the others
  const trendMap = page.getByTestId('trend-map');
  await trendMap.locator('.map-incident').first().waitFor();
  const [mapPng] = await Promise.all([page.waitForEvent('download'), trendMap.getByRole('button', { name: 'Save PNG' }).click()]);
  expect(mapPng.suggestedFilename()).toBe('trends-map.png');
  const picture = await bytes(mapPng);
  expect(picture.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const drawn = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width; canvas.height = img.height;
    const g = canvas.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const { data } = g.getImageData(0, 0, img.width, img.height);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return { width: img.width, colours: colours.size };
  }, picture.toString('base64'));
  expect(drawn.width).toBeGreaterThan(400);
  expect(drawn.colours).toBeGreaterThan(3); // streets, sectors and incidents, not one flat background
  await expect.poll(async () => (await site.ctx.db.selectFrom('audit').select('detail').where('action', '=', 'trends.exported').where('username', '=', 'rmcallister').execute()).length).toBe(3);
  await expectNoSeriousA11yViolations(page, '.trends');
  await page.screenshot({ path: `${shots}/trends.png`, fullPage: true });
}, 300_000);

test('a dispatcher has no Trends page', async () => {
  const page = await site.browser.newPage();
  await site.signIn(page, 'dkowalski');
  await expect(page.getByRole('link', { name: 'Trends', exact: true }).count()).resolves.toBe(0);
}, 120_000);
