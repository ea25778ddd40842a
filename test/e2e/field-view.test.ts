import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { boardStatus, command, openFloor, type Floor } from './console.harness.ts';
import { openIncident } from '../support/incidents.ts';
import { lastSeq } from '../../src/core/events/log.ts';

// The mobile data terminal: the officer of unit 411 changes
// the unit's own status (81A §E.5.a) and the dispatcher's board follows at once.
let floor: Floor;
beforeAll(async () => { floor = await openFloor('field'); });
afterAll(async () => { await floor?.close(); });
afterEach(async () => { await floor?.closeWindows(); });

test('the officer of 411 sees the assigned incident, goes en route and arrives, and the dispatcher sees each change', async () => {
  const dispatcher = await floor.open('dkowalski', '/console');
  const officer = await floor.open('jobrien', '/field', { width: 1280, height: 800 });
  expect(await officer.getByRole('heading', { name: 'Unit 411' }).count()).toBe(1);
  expect(await officer.getByText('No incident assigned.').count()).toBe(1);

  const number = await openIncident(floor.ctx, { type: 'WELFARE', address: '3 Hancock Street' });
  await command(dispatcher, `D 411 ${number}`);
  await officer.getByTestId('my-incident').filter({ hasText: number }).waitFor();
  expect(await officer.getByTestId('my-incident').textContent()).toMatch(/Welfare check.*3 Hancock Street/);

  await officer.getByRole('button', { name: /En route/ }).click();
  await dispatcher.locator('tr[data-unit="411"][data-status="en_route"]').waitFor();
  await officer.getByRole('button', { name: /Arrived/ }).click();
  await dispatcher.locator('tr[data-unit="411"][data-status="arrived"]').waitFor();
  expect(await boardStatus(dispatcher, '411').textContent()).toMatch(/On scene/);
  await officer.getByTestId('my-status').filter({ hasText: 'On scene' }).waitFor();

  // the dispatcher's journal note reaches the assigned unit's screen
  await command(dispatcher, `N ${number} Resident fine, was asleep`);
  await officer.getByTestId('notes').filter({ hasText: 'Resident fine, was asleep' }).waitFor();

  // 81A §E.5.a.vii(b): out of service with the reason the policy lists
  await officer.getByLabel('Out-of-service reason').selectOption('DINNER');
  await officer.getByRole('button', { name: /Out of service/ }).click();
  await dispatcher.locator('tr[data-unit="411"][data-status="out_of_service"]').waitFor();
  expect(await boardStatus(dispatcher, '411').textContent()).toMatch(/Out of service – Dinner break/);
});

test('an officer who decides to back up another tells dispatch from the field view and is shown on scene', async () => {
  const dispatcher = await floor.open('dkowalski', '/console');
  const number = await openIncident(floor.ctx, { type: 'SUSPICIOUS', address: '8 Muzzey Street' });
  await command(dispatcher, `D 413 ${number}`);
  const officer = await floor.open('pnguyen', '/field', { width: 1280, height: 800 });
  const form = officer.getByRole('form', { name: 'Back up another unit' });
  await form.getByLabel('Back up on incident').selectOption(number);
  await form.getByRole('button', { name: /backing up/ }).click();
  // 81A §E.6.d: the backing-up officer's presence at the location is recorded
  await dispatcher.locator(`tr[data-unit="412"][data-status="arrived"]`).filter({ hasText: number }).waitFor();
  await officer.getByTestId('my-incident').filter({ hasText: number }).waitFor();
});

test('an incident marked confidential stays on its assigned unit’s screen and disappears from another field unit’s', async () => {
  const dispatcher = await floor.open('dkowalski', '/console');
  const number = await openIncident(floor.ctx, { type: 'DRUG', address: '14 Oakland Street' });
  for (const unit of ['411', '412']) { // back from dinner, and clear of the earlier backup
    await command(dispatcher, `AV ${unit}`);
    await dispatcher.locator(`tr[data-unit="${unit}"][data-status="available"]`).waitFor();
  }
  await command(dispatcher, `D 411 414 ${number}`);
  await dispatcher.getByTestId('command-outcome').filter({ hasText: `dispatched to ${number}` }).waitFor();
  const other = await floor.open('pnguyen', '/field', { width: 1280, height: 800 });
  const choices = other.getByLabel('Back up on incident').locator('option');
  await choices.filter({ hasText: number }).waitFor({ state: 'attached' }); // open: 412 could back it up
  await command(dispatcher, `CONF ${number} controlled purchase in progress`);
  await dispatcher.getByTestId('command-outcome').filter({ hasText: `${number} is confidential` }).waitFor();
  // 81A §E.2.c: details withheld from the open stream and from field units not assigned to it
  await choices.filter({ hasText: number }).waitFor({ state: 'detached' });
  expect(await other.locator('body').textContent()).not.toContain('14 Oakland Street');
  const assigned = await floor.open('jobrien', '/field', { width: 1280, height: 800 });
  await assigned.getByTestId('my-incident').filter({ hasText: '14 Oakland Street' }).waitFor();
  expect(await assigned.getByTestId('my-incident').textContent()).toMatch(/Confidential \(81A §E.2.c\)/);
});

test('the officer’s emergency button, pressed twice, raises the emergency on the dispatcher’s console (81A §E.6.e)', async () => {
  const dispatcher = await floor.open('dkowalski', '/console');
  const officer = await floor.open('pnguyen', '/field', { width: 1280, height: 800 });
  const button = officer.getByRole('button', { name: /EMERGENCY/ });
  await button.click(); // armed: one press alone sends nothing
  await officer.getByRole('button', { name: 'PRESS AGAIN TO SEND EMERGENCY' }).click();
  await officer.getByRole('alert').filter({ hasText: 'Emergency sent to dispatch' }).waitFor();
  const alert = dispatcher.getByTestId('alert-bar').locator('.alert.emergency');
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(/EMERGENCY.*412/);
  await dispatcher.locator('tr[data-unit="412"][data-status="emergency"]').waitFor();
});

test('an officer adds a note from the cruiser to the incident their unit is on, and the dispatcher sees it', async () => {
  const dispatcher = await floor.open('dkowalski', '/console');
  const number = await openIncident(floor.ctx, { type: 'SUSPICIOUS', address: '40 Waltham Street' });
  await command(dispatcher, 'AV 411');
  await dispatcher.locator('tr[data-unit="411"][data-status="available"]').waitFor();
  await command(dispatcher, `D 411 ${number}`);
  const officer = await floor.open('jobrien', '/field', { width: 1280, height: 800 });
  await officer.getByTestId('my-incident').filter({ hasText: number }).waitFor();
  await officer.getByLabel('Note').fill('Two subjects left on foot toward the common');
  await officer.getByRole('button', { name: 'Add note' }).click();
  await officer.getByTestId('notes').filter({ hasText: 'Two subjects left on foot' }).waitFor();
  const record = (await (await dispatcher.request.get(`${floor.base}/api/v1/incidents/${number}`)).json()) as { timeline: { kind: string; unit: string | null; payload?: { text?: string } }[] };
  const note = record.timeline.find((e) => e.payload?.text === 'Two subjects left on foot toward the common');
  expect(note?.unit).toBe('411'); // attributed to the officer's unit
});

/**
 * The window's live store has taken in every event written so far (its data-seq reached the log's
 * last seq), and the reads those events made it start, if any, have started.
 */
async function caughtUp(page: Page) {
  const seq = await lastSeq(floor.ctx.db);
  await expect.poll(async () => Number(await page.locator('.field, .console').first().getAttribute('data-seq')), { timeout: 30_000 }).toBeGreaterThanOrEqual(seq);
  await page.waitForTimeout(500);
}

/** Every request a window makes from now on, as "METHOD /path". */
function requestsOf(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => { seen.push(`${r.method()} ${new URL(r.url()).pathname}`); });
  return seen;
}

test('a field terminal reads nothing of its own for an incident elsewhere in town, and shows a note on its own incident (81A §E.5.a; the client trusts the server)', async () => {
  const dispatcher = await floor.open('dkowalski', '/console');
  for (const unit of ['411', '413']) {
    await command(dispatcher, `AV ${unit}`);
    await dispatcher.locator(`tr[data-unit="${unit}"][data-status="available"]`).waitFor();
  }
  const mine = await openIncident(floor.ctx, { type: 'WELFARE', address: '12 Bedford Street' });
  await command(dispatcher, `D 411 ${mine}`);
  await dispatcher.getByTestId('command-outcome').filter({ hasText: `dispatched to ${mine}` }).waitFor();
  const officer = await floor.open('jobrien', '/field', { width: 1280, height: 800 });
  await officer.getByTestId('my-incident').filter({ hasText: mine }).waitFor();
  const requests = requestsOf(officer);

  // elsewhere: an incident is created and another unit dispatched to it; the terminal has
  // taken each event in once its store's last seq reaches it (its own reads, if any, follow at once)
  const elsewhere = await openIncident(floor.ctx, { type: 'WELFARE', address: '5 Winthrop Road' });
  await caughtUp(officer);
  await command(dispatcher, `D 413 ${elsewhere}`);
  await dispatcher.getByTestId('command-outcome').filter({ hasText: `dispatched to ${elsewhere}` }).waitFor();
  await caughtUp(officer);
  const forElsewhere = [...requests];
  expect(forElsewhere.filter((r) => r.endsWith('/units/411/assignment') || r.endsWith(`/incidents/${mine}`))).toEqual([]);

  // its own incident: the dispatcher's note reaches the officer's screen
  await command(dispatcher, `N ${mine} Caller says the door is open`);
  await officer.getByTestId('notes').filter({ hasText: 'Caller says the door is open' }).waitFor();
  expect(requests.slice(forElsewhere.length)).toContain(`GET /api/v1/incidents/${mine}`);
  // the store's record shows the whole incident, so the assignment is never read again
  expect(requests.filter((r) => r.endsWith('/assignment'))).toEqual([]);
});

test('an officer’s status button shows the new status from the server’s answer to the one request it sends (81A §E.5.a; the client trusts the server)', async () => {
  const dispatcher = await floor.open('dkowalski', '/console');
  const officer = await floor.open('jobrien', '/field', { width: 1280, height: 800 });
  await officer.getByTestId('my-status').filter({ hasText: 'Dispatched' }).waitFor();
  await caughtUp(officer); // the view's opening reads, and those of the events before it, are done
  // hold every read the page makes: only the answer to the status change can change the screen
  const held: Route[] = [];
  const hold = (route: Route) => { if (route.request().method() === 'GET') held.push(route); else void route.continue(); };
  await officer.route('**/api/v1/**', hold);
  const requests = requestsOf(officer);
  await officer.getByRole('button', { name: /En route/ }).click();
  await officer.getByTestId('my-status').filter({ hasText: 'En route' }).waitFor();
  expect(requests.filter((r) => !r.startsWith('GET'))).toEqual(['POST /api/v1/units/411/status']);
  expect(requests.filter((r) => r.endsWith('/assignment'))).toEqual([]);
  await officer.unroute('**/api/v1/**', hold);
  // a held read the page gave up on (it moved on) is already settled by the browser
  await Promise.all(held.map((route) => route.continue().catch(() => undefined)));
  await dispatcher.locator('tr[data-unit="411"][data-status="en_route"]').waitFor();
  expect(await officer.getByTestId('my-status').textContent()).toMatch(/En route/);
  // the answer carried the unit's board row and its incident: their echo, once taken in, reads neither again
  await caughtUp(officer);
  expect(requests.filter((r) => r === 'GET /api/v1/units' || /^GET \/api\/v1\/incidents\/\d{2}-\d{5}$/.test(r))).toEqual([]);
});

/** The stream's event for this subject has reached the console (its activity feed shows it), and a flush has had time to run. */
async function echoed(page: Page, text: string) {
  await page.getByTestId('feed').getByText(text).first().waitFor();
  await page.waitForTimeout(600);
}

/**
 * The console's requests to the API, less what the open incident's panel reads again when the
 * incident changes (its recommendation and its recordings: panel reads, not the live store's).
 */
const api = (requests: string[]) => requests.filter((r) => r.includes(' /api/') && !/\/recommendation$|^GET \/api\/v1\/recordings/.test(r));

test('a dispatcher’s dispatch and status change are one request each, their echoes read neither the board nor the incident again, and another console’s change still reaches the board (81A §E.1.a; the client trusts the server)', async () => {
  const dispatcher = await floor.open('dkowalski', '/console');
  const other = await floor.open('mreyes', '/console');
  await command(dispatcher, 'AV 413');
  await dispatcher.locator('tr[data-unit="413"][data-status="available"]').waitFor();
  const number = await openIncident(floor.ctx, { type: 'WELFARE', address: '40 Muzzey Street' });
  await dispatcher.locator(`[data-testid="pending"] li[data-incident="${number}"]`).click();
  await dispatcher.getByTestId('incident-detail').filter({ hasText: number }).waitFor();
  await dispatcher.waitForTimeout(1000); // the incident's own reads are done

  const requests = requestsOf(dispatcher);
  await command(dispatcher, `D 413 ${number}`);
  await dispatcher.getByTestId('command-outcome').filter({ hasText: `dispatched to ${number}` }).waitFor();
  await dispatcher.locator('tr[data-unit="413"][data-status="dispatched"]').filter({ hasText: number }).waitFor();
  await echoed(dispatcher, `incident units dispatched ${number}`);
  expect(api(requests)).toEqual([`POST /api/v1/incidents/${number}/dispatch`]);

  const afterDispatch = requests.length;
  await command(dispatcher, 'ER 413');
  await dispatcher.locator('tr[data-unit="413"][data-status="en_route"]').waitFor();
  await echoed(dispatcher, `incident unit status ${number}`);
  expect(api(requests.slice(afterDispatch))).toEqual(['POST /api/v1/units/413/status']);
  // the incident came with the answer: its timeline shows 413 en route without reading the incident
  await dispatcher.getByTestId('incident-detail').filter({ hasText: number }).getByTestId('timeline').getByText('413 · en_route').waitFor();

  // a change made on another console is read: the board follows it
  const afterStatus = requests.length;
  await command(other, 'AR 413');
  await dispatcher.locator('tr[data-unit="413"][data-status="arrived"]').waitFor();
  expect(api(requests.slice(afterStatus))).toContain('GET /api/v1/units');
  expect(api(requests.slice(afterStatus))).toContain(`GET /api/v1/incidents/${number}`);
});
