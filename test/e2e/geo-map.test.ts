import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import { startAvlListener, type AvlListener } from '../../src/geo/avl-listener.ts';
import { AvlSimulator } from '../../src/geo/avl-simulator.ts';
import { flagCaution } from '../../src/records/cautions/service.ts';

// The demo town on the map (81A §B.2.b.iv), a verified location from the ALI (§C.2.b),
// a unit moving from its modem's NMEA reports, and the nearer unit recommended (§E.2.b).
let site: DemoSite;
let listener: AvlListener;
let modems: AvlSimulator;
beforeAll(async () => {
  site = await openDemoSite('geo');
  listener = await startAvlListener(site.ctx, { udpPort: 0, log: () => undefined });
  modems = new AvlSimulator({ port: listener.udpPort!, protocol: 'udp' });
}, 240_000);
afterAll(async () => {
  modems?.close();
  await listener?.close();
  await site?.close();
});

test('a call with ALI coordinates: the suggested address sets the sector, a unit moves on the map from its modem, and the nearer unit is recommended', async () => {
  // a records clerk flagged a dog at 24 Oak Street (the cautions capability's own write)
  await flagCaution(site.ctx, { username: 'swhitaker', roles: ['records_clerk'], source: null, remote: false }, { address: '24 Oak Street', kind: 'dog', note: 'Large dog in the yard', source: 'Officer report' });
  const page = await site.browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await site.signIn(page, 'dkowalski');
  await page.goto(`${site.baseUrl}/console`);
  const map = page.getByTestId('map');
  await map.locator('.leaflet-interactive').first().waitFor({ timeout: 20_000 }); // the town's own sectors and streets, no tile server
  // the demo's three Knox Boxes (O-604 §I.B) and the cautioned address are layers on the map
  await expect.poll(() => map.locator('.map-knox').count(), { timeout: 5000 }).toBe(3);
  await expect.poll(() => map.locator('.map-caution').count(), { timeout: 5000 }).toBe(1);
  await map.locator('.map-caution').hover();
  await expect.poll(() => page.locator('.leaflet-tooltip', { hasText: 'Caution at 24 Oak Street: dog' }).count(), { timeout: 5000 }).toBe(1);

  // 414 (Sector 1) far off in the north-west corner; 411 (Sector 1) three blocks east of the caller.
  const far: [number, number][] = [[-72.648, 42.3325], [-72.648, 42.3325]];
  await modems.report([{ modemId: 'N414', route: far, speedKmh: 0 }, { modemId: 'N411', route: far, speedKmh: 0 }], 0);
  const unit411 = map.locator('.map-unit', { hasText: '411' });
  await unit411.waitFor({ timeout: 5000 });
  // the map may redraw the marker as the first positions arrive: take its place once it stands still on the page
  let before: { x: number } | null = null;
  await expect.poll(async () => (before = await unit411.boundingBox()) !== null, { timeout: 5000 }).toBe(true);
  await modems.report([{ modemId: 'N411', route: [[-72.6412, 42.3275], [-72.6412, 42.3275]], speedKmh: 0 }], 0);
  await expect.poll(async () => (await unit411.boundingBox())?.x, { timeout: 5000 }).toBeGreaterThan(before!.x + 20);
  // 81A §E.1.a: the board's Location column names the address nearest the vehicle, from the same positions the map draws
  const nearest = await (await page.request.get(`${site.baseUrl}/api/v1/geo/reverse?lat=42.3275&lon=-72.6412`)).json() as { nearest: { label: string } };
  const location411 = page.locator('[data-testid="status-board"] tr[data-unit="411"] td.loc');
  await expect.poll(() => location411.textContent(), { timeout: 5000 }).toBe(`${nearest.nearest.label} ⌖ AVL`);

  // The phone system rings an E-911 call with a Phase II point (81A §C.2.b.ii).
  const ring = await page.request.post(`${site.baseUrl}/api/v1/calls`, { headers: { origin: site.baseUrl },
    data: { line: 'e911', ali: { callbackNumber: '413-555-0142', lat: 42.32765, lon: -72.64335, uncertaintyMetres: 30, classOfService: 'WPH2' } },
  });
  expect(ring.status()).toBe(201);
  const callId = (await ring.json() as { id: string }).id;
  await expect.poll(() => map.locator('path.map-ali').count(), { timeout: 5000 }).toBe(1); // the ALI circle while it rings
  // the console re-renders every second: the map's markers stay the same elements unless something changed, so a click is not lost to a redraw
  const circle = await map.locator('path.map-ali').elementHandle();
  await page.waitForTimeout(2500);
  expect(await circle!.evaluate((node) => node.isConnected)).toBe(true);
  await page.locator(`[data-testid="calls"] li[data-call="${callId}"]`).getByRole('button').click();
  await page.getByRole('heading', { name: /Call on E-911/ }).waitFor();

  // The address nearest the ALI point is offered; choosing it verifies the location and shows its sector.
  const nearAli = page.getByTestId('location-options').getByRole('button', { name: /Near ALI: \d+ OAK ST/ });
  await nearAli.waitFor({ timeout: 5000 });
  await nearAli.click();
  await expect.poll(() => page.getByTestId('location-state').textContent()).toMatch(/verified · Sector 1 · Fire District 1 · EMS Zone A/);
  const chosen = await page.getByRole('form', { name: 'New call' }).getByLabel('Location').inputValue();
  expect(chosen).toMatch(/^\d+ OAK ST$/);

  // 81A §E.2.b: both are Sector 1 cruisers; 411 is the shorter drive and is ranked first, each reason given.
  const created = await page.request.post(`${site.baseUrl}/api/v1/incidents`, { headers: { origin: site.baseUrl }, data: { type: 'DISTURB', callId, location: { address: chosen } } });
  expect(created.status()).toBe(201);
  const number = (await created.json() as { number: string }).number;
  const recommendation = await (await page.request.get(`${site.baseUrl}/api/v1/incidents/${number}/recommendation`)).json() as { ranked: { callSign: string; reasons: string[] }[] };
  expect(recommendation.ranked[0]).toMatchObject({ callSign: '411' });
  expect(recommendation.ranked[0]!.reasons.join(', ')).toMatch(/available, same sector, \d+\.\d km, ~\d+ min/);
  expect(recommendation.ranked.findIndex((r) => r.callSign === '414')).toBeGreaterThan(0);
  // UPDATE_SCREENSHOTS=1 rewrites the README's picture (the map with the town's layers, before an incident is opened over it); otherwise it goes to test-results/, leaving the tree clean
  await page.screenshot({ path: `${process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results'}/console-map-1600.png` });
  // … and the dispatcher sees it so: the incident chosen in the pending list, its recommendation names 411 with the drive
  await page.locator(`[data-testid="pending"] li[data-incident="${number}"]`).click();
  await expect.poll(() => page.getByTestId('recommendation').locator('strong').textContent(), { timeout: 10_000 }).toMatch(/^411( |$)/); // first (a disturbance needs two: 414 follows)
  await expect.poll(() => page.getByTestId('recommendation-reasons').textContent()).toMatch(/^411: available, same sector, \d+\.\d km, ~\d+ min/);
  await page.close();
}, 120_000);
