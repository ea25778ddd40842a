import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { inTransaction } from '../../src/db/index.ts';
import { command, openFloor, type Floor } from './console.harness.ts';

// The console on a busy shift, at 1920×1080: 30 units on the board without scrolling
// and the screenshots the README shows (docs/screenshots/).
// UPDATE_SCREENSHOTS=1 writes them to docs/screenshots/; otherwise to test-results/, so a test run leaves the tree clean.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';
let floor: Floor;
beforeAll(async () => {
  floor = await openFloor('screens');
  await inTransaction(floor.ctx.db, async (tx) => {
    for (let n = 1; n <= 15; n++) {
      const callSign = `5${String(n).padStart(2, '0')}`; // 81A §E.5.c.iii details answer to their badge number
      await tx.insertInto('agency_unit').values({ call_sign: callSign, kind: 'detail', service: 'police', area: `Detail ${n}`, description: 'Paid detail' }).execute();
      await tx.insertInto('unit_status').values({ call_sign: callSign, status: 'available', incident_number: null, reason: null, since: new Date(), location: JSON.stringify({ address: `Detail ${n}` }), personnel: [] }).execute();
    }
  });
});
afterAll(async () => { await floor?.close(); });
afterEach(async () => { await floor?.closeWindows(); });

async function incident(page: import('playwright-core').Page, type: string, address: string): Promise<string> {
  const response = await page.request.post(`${floor.base}/api/v1/incidents`, { headers: { origin: floor.base }, data: { type, location: { address } } });
  expect(response.status()).toBe(201);
  return (await response.json() as { number: string }).number;
}

test('30 units fit on the board at 1920×1080 without scrolling, beside queues, detail and command line', async () => {
  const page = await floor.open('mreyes', '/console');
  const domestic = await incident(page, 'DOMESTIC', '12 Elm Street');
  const mva = await incident(page, 'MVA', 'Route 2 at Waltham Street');
  await incident(page, 'NOISE', '40 Oak Avenue');
  await incident(page, 'LOCKOUT', '5 Main Street');
  await command(page, `D 411 412 ${domestic}`);
  await command(page, `D 413 ${mva}`);
  await command(page, 'AR 411');
  await command(page, 'OS BP1 REPORTS');
  await command(page, `N ${domestic} Caller reports shouting next door, children present`);
  await command(page, `S ${domestic}`);
  await page.locator('tr[data-unit="BP1"][data-status="out_of_service"]').waitFor();
  await page.getByTestId('timeline').filter({ hasText: 'children present' }).waitFor();

  const board = page.locator('.board');
  expect(await page.locator('[data-testid="status-board"] tbody tr').count()).toBe(30);
  expect(await board.evaluate((el) => el.scrollHeight <= el.clientHeight)).toBe(true);
  const last = await page.locator('[data-testid="status-board"] tbody tr').last().boundingBox();
  expect(last!.y + last!.height).toBeLessThanOrEqual(1080);
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
  await page.keyboard.press('F2');
  await page.keyboard.type('D 41');
  await page.keyboard.press('Tab');
  await page.screenshot({ path: `${shots}/console.png` });
});

test('the field view of unit 411 on a cruiser laptop', async () => {
  const page = await floor.open('jobrien', '/field', { width: 1280, height: 800 });
  await page.getByTestId('my-incident').waitFor();
  await page.screenshot({ path: `${shots}/field.png` });
  expect(await page.getByTestId('my-status').textContent()).toMatch(/On scene/);
});
