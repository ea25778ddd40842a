import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import { openIncident } from '../support/incidents.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';
import { dispatchUnits, markConfidential } from '../../src/dispatch/units/service.ts';
import { installBasemap, removeBasemap } from '../../src/geo/basemap.ts';

// The map in the field view (81A §B.2.b.iv), drawn from what the terminal may already read (§E.2.c);
// then with the agency's basemap file under it (issue 17 point 3). The first test runs without one.
let site: DemoSite;
beforeAll(async () => { site = await openDemoSite('fieldmap'); }, 240_000);
afterAll(async () => { await site?.close(); });

const dispatcher = { username: 'dkowalski', roles: ['dispatcher'], source: null, remote: false };

test('81A §B.2.b.iv: the officer of 411 sees the town’s map, opening at town scale with no incident and at the unit’s incident once it has one, a confidential incident elsewhere is not drawn (§E.2.c), and the emergency button stays in reach on a phone', async () => {
  const mine = await openIncident(site.ctx, { type: 'WELFARE', address: '24 Oak Street', by: 'dkowalski' });
  const elsewhere = await openIncident(site.ctx, { type: 'DRUG', address: '12 Elm Street', by: 'dkowalski' });

  const officer = await site.browser.newPage({ viewport: { width: 1024, height: 768 } });
  await site.signIn(officer, 'jobrien');
  await officer.goto(`${site.baseUrl}/field`);
  // the terminal reports its own position (the officer allowed it)
  const reported = await officer.request.post(`${site.baseUrl}/api/v1/geo/units/411/position`, { headers: { origin: site.baseUrl }, data: { lat: 42.3302, lon: -72.638 } });
  expect(reported.status()).toBe(204);
  const showMap = officer.getByRole('button', { name: 'Show map' });
  await showMap.click();
  const map = officer.getByTestId('map');
  await map.locator('.leaflet-interactive').first().waitFor({ timeout: 20_000 }); // the town's own layers, no tile server
  // with no incident of its own it opens at town scale: the whole of the town's sectors and streets in view, and not much more
  const layers = await (await officer.request.get(`${site.baseUrl}/api/v1/geo/layers`)).json() as { areas: { features: { geometry: { coordinates: number[][][] } }[] }; streets: { features: { geometry: { coordinates: number[][] } }[] } };
  const corners = [...layers.areas.features.flatMap((f) => f.geometry.coordinates.flat()), ...layers.streets.features.flatMap((f) => f.geometry.coordinates)];
  const town = { south: Math.min(...corners.map((c) => c[1]!)), west: Math.min(...corners.map((c) => c[0]!)), north: Math.max(...corners.map((c) => c[1]!)), east: Math.max(...corners.map((c) => c[0]!)) };
  const view = async () => (await map.getAttribute('data-view'))!.split(',').map(Number) as [number, number, number, number];
  await expect.poll(() => map.getAttribute('data-view')).not.toBeNull();
  const [south, west, north, east] = await view();
  expect(south).toBeLessThanOrEqual(town.south);
  expect(west).toBeLessThanOrEqual(town.west);
  expect(north).toBeGreaterThanOrEqual(town.north);
  expect(east).toBeGreaterThanOrEqual(town.east);
  // … at the largest zoom that holds it: one zoom step in halves the view, so in the tighter direction the view is less than twice the town
  expect(Math.min((north - south) / (town.north - town.south), (east - west) / (town.east - town.west))).toBeLessThan(2);
  const townZoom = Number(await map.getAttribute('data-zoom'));
  expect(townZoom).toBeGreaterThanOrEqual(12);
  await officer.getByRole('button', { name: 'Hide map' }).click();

  // 411 is sent to 24 Oak Street: opened again, the map is at the incident, at street level (zoom 16), the incident in the middle
  await dispatchUnits(site.ctx, dispatcher, mine, { units: ['411'] });
  await officer.getByTestId('my-incident').filter({ hasText: mine }).waitFor();
  await showMap.click();
  const record = await (await officer.request.get(`${site.baseUrl}/api/v1/incidents/${mine}`)).json() as { location: { lat: number; lon: number } };
  await expect.poll(() => map.getAttribute('data-zoom'), { timeout: 20_000 }).toBe('16');
  const [s2, w2, n2, e2] = await view();
  expect(Math.abs((s2 + n2) / 2 - record.location.lat)).toBeLessThan((n2 - s2) / 20);
  expect(Math.abs((w2 + e2) / 2 - record.location.lon)).toBeLessThan((e2 - w2) / 20);
  expect(n2 - s2).toBeLessThan(town.north - town.south);
  expect(e2 - w2).toBeLessThan(town.east - town.west);

  // the assigned incident where the town's address file puts 24 Oak Street, outlined as the unit's own
  const incident = map.locator(`[data-incident="${mine}"]`);
  await incident.waitFor({ timeout: 5000 });
  expect([Number(await incident.getAttribute('data-lat')), Number(await incident.getAttribute('data-lon'))]).toEqual([record.location.lat, record.location.lon]);
  expect(await incident.getAttribute('class')).toContain('selected');
  // the officer's own unit at its reported position, outlined
  const unit = map.locator('[data-unit="411"]');
  await unit.waitFor({ timeout: 5000 });
  expect([Number(await unit.getAttribute('data-lat')), Number(await unit.getAttribute('data-lon'))]).toEqual([42.3302, -72.638]);
  expect(await unit.getAttribute('class')).toContain('selected');
  // the field role reads Knox Boxes (knox.request) and cautioned addresses (dispatch.own_unit): both layers are drawn
  await expect.poll(() => map.locator('.map-knox').count(), { timeout: 5000 }).toBe(3);

  // tapping an incident names its address: the officer zooms out to reach another open one, 700 m south, then taps the unit's own
  const zoomOut = map.getByRole('button', { name: 'Zoom out' });
  await zoomOut.click();
  await expect.poll(() => map.getAttribute('data-zoom')).toBe('15');
  await zoomOut.click();
  await expect.poll(() => map.getAttribute('data-zoom')).toBe('14');
  const other = map.locator(`[data-incident="${elsewhere}"]`);
  await other.click();
  await expect.poll(() => officer.getByTestId('map-tapped').textContent()).toBe(`${elsewhere} · 12 Elm Street`);
  await incident.click();
  await expect.poll(() => officer.getByTestId('map-tapped').textContent()).toBe(`${mine} (yours) · 24 Oak Street`);
  await other.click();

  // the other incident is made confidential: the terminal no longer has its location, and neither the map nor the tapped line shows it
  await markConfidential(site.ctx, dispatcher, elsewhere, 'controlled purchase in progress');
  await other.waitFor({ state: 'detached', timeout: 10_000 });
  expect(await officer.locator('body').textContent()).not.toContain('12 Elm Street');
  await expectNoSeriousA11yViolations(officer);
  await officer.screenshot({ path: `${process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results'}/field-map.png`, fullPage: true });

  // a 390 px phone with the map open: the emergency button is on screen and nothing covers it
  await officer.setViewportSize({ width: 390, height: 844 });
  await map.scrollIntoViewIfNeeded();
  const button = officer.getByRole('button', { name: /EMERGENCY/ });
  const box = await button.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y + box!.height).toBeLessThanOrEqual(844);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  const onTop = await officer.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('.emergency-box') !== null, [box!.x + box!.width / 2, box!.y + box!.height / 2]);
  expect(onTop).toBe(true);
  expect(await officer.getByRole('group', { name: 'My status' }).isVisible()).toBe(true);
  await expectNoSeriousA11yViolations(officer);
  await officer.close();
}, 120_000);

test('81A §B.2.b.iv: with the agency’s PMTiles basemap installed, the field map draws its tiles under the town’s layers, read by byte range from Precinct and from no other host', async () => {
  const admin = { username: 'afischer', roles: ['system_administrator'], source: null, remote: false };
  await installBasemap(site.ctx, admin, 'test/fixtures/basemap/millbrook.pmtiles');
  const officer = await site.browser.newPage({ viewport: { width: 1024, height: 768 } });
  const requests: { url: string; range: string | undefined }[] = [];
  officer.on('request', (request) => requests.push({ url: request.url(), range: request.headers().range }));
  await site.signIn(officer, 'jobrien');
  await officer.goto(`${site.baseUrl}/field`);
  await officer.getByRole('button', { name: 'Show map' }).click();
  const map = officer.getByTestId('map');
  await map.locator('.leaflet-interactive').first().waitFor({ timeout: 20_000 });
  // the fixture's tiles are 256 px PNGs, decoded in the page and drawn in Leaflet's tile pane, under the town's streets and sectors
  const tiles = map.locator('.leaflet-tile-pane .map-basemap img.leaflet-tile-loaded');
  await expect.poll(() => tiles.count(), { timeout: 10_000 }).toBeGreaterThan(3);
  const drawn = await tiles.evaluateAll((images) => images.map((i) => ({ width: (i as HTMLImageElement).naturalWidth, src: (i as HTMLImageElement).src.slice(0, 5) })));
  expect(drawn.every((t) => t.width === 256 && t.src === 'blob:')).toBe(true);
  expect(await map.locator('.leaflet-overlay-pane .leaflet-interactive').count()).toBeGreaterThan(0);
  await expect.poll(() => map.locator('.leaflet-control-attribution').textContent()).toBe('Millbrook test grid (Precinct fixture)');

  const archive = requests.filter((r) => r.url.startsWith(`${site.baseUrl}/api/v1/geo/basemap.pmtiles?v=`));
  expect(archive.length).toBeGreaterThan(0);
  expect(archive.every((r) => /^bytes=\d+-\d+$/.test(r.range ?? ''))).toBe(true);
  expect(requests.filter((r) => !r.url.startsWith(`${site.baseUrl}/`) && !r.url.startsWith('blob:') && !r.url.startsWith('data:')).map((r) => r.url)).toEqual([]);
  await expectNoSeriousA11yViolations(officer, '[data-testid="map"]');
  await officer.close();
  await removeBasemap(site.ctx, admin);
}, 60_000);
