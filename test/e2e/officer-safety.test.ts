import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { command, openFloor, type Floor } from './console.harness.ts';
import { openIncident } from '../support/incidents.ts';

// Officer safety first (81A §E.6.e): the emergency gets through when sessions expire,
// the alert says who and where, and the unit in distress is never sent to itself.
let floor: Floor;
beforeAll(async () => { floor = await openFloor('officer-safety'); }, 240_000);
afterAll(async () => { await floor?.close(); });

const TABLET = { width: 1280, height: 800 };

/** As if the person had left the screen alone past the idle limit (CJIS AC-11): the server ends the session. */
async function leaveIdle(username: string) {
  const minutes = floor.ctx.config.security.idleMinutes + 1;
  await sql`update session set last_seen_at = now() - make_interval(mins => ${minutes}) where username = ${username}`.execute(floor.ctx.db);
}

/** Under a loaded machine the browser answers slowly: wait longer than the harness's default. */
async function open(username: string, path: string, viewport?: { width: number; height: number }, options?: Parameters<Floor['open']>[3]) {
  const page = await floor.open(username, path, viewport, options);
  page.context().setDefaultTimeout(30_000);
  return page;
}

async function holdsCredential(page: Page) {
  await page.waitForFunction(() => localStorage.getItem('precinct.emergencyCredential') !== null);
}

async function signInAgain(page: Page, username: string) {
  const lock = page.getByTestId('session-lock');
  await lock.getByLabel('Password').fill(floor.accounts.find((a) => a.username === username)!.password);
  await lock.getByLabel(/I have read the notice/).check();
  await lock.getByRole('button', { name: 'Sign in' }).click();
  await lock.waitFor({ state: 'detached' });
}

test('after both screens sat idle past the limit, they say NOT LIVE — SIGN IN, the emergency still reaches the console, and the dispatcher resumes with what was typed (81A §E.6.e)', async () => {
  const dispatcher = await open('dkowalski', '/console');
  const officer = await open('pnguyen', '/field', TABLET);
  await holdsCredential(officer);
  const form = dispatcher.getByRole('form', { name: 'New call' });
  await form.getByLabel('Caller', { exact: true }).fill('Pat Caller');
  await leaveIdle('dkowalski');
  await leaveIdle('pnguyen');

  // the first thing either does after the idle limit finds the session gone, and the screen says so in large type
  await command(dispatcher, 'AV 411');
  await dispatcher.getByRole('heading', { name: 'NOT LIVE — SIGN IN' }).waitFor();
  await officer.getByLabel('Out-of-service reason').selectOption('DINNER');
  await officer.getByRole('button', { name: /Out of service/ }).click();
  await officer.getByRole('heading', { name: 'NOT LIVE — SIGN IN' }).waitFor();

  // the emergency button does not need the session: the terminal's emergency credential carries it
  await officer.getByRole('button', { name: /EMERGENCY/ }).click();
  await officer.getByRole('button', { name: 'PRESS AGAIN TO SEND EMERGENCY' }).click();
  await officer.getByRole('alert').filter({ hasText: 'Emergency sent to dispatch' }).waitFor();

  // the dispatcher signs in again on the same screen: the emergency is there, and so is the call being typed
  expect(await form.getByLabel('Caller', { exact: true }).inputValue()).toBe('Pat Caller');
  await signInAgain(dispatcher, 'dkowalski');
  const alert = dispatcher.getByTestId('alert-bar').locator('.alert.emergency');
  await alert.filter({ hasText: 'Priya Nguyen #318 · 412' }).waitFor();
  expect(await form.getByLabel('Caller', { exact: true }).inputValue()).toBe('Pat Caller');
  await dispatcher.locator('[data-connection="live"]').waitFor();
});

let dispatcher: Page;

test('the alert names the officer and badge, the unit, the incident it is on, and the terminal’s position, and the emergency incident is created there', async () => {
  dispatcher = await open('dkowalski', '/console');
  const number = await openIncident(floor.ctx, { type: 'SUSPICIOUS', address: '12 Elm Street' });
  await command(dispatcher, `AV 411`);
  await command(dispatcher, `D 411 ${number}`);
  await dispatcher.getByTestId('command-outcome').filter({ hasText: `dispatched to ${number}` }).waitFor();
  const officer = await open('jobrien', '/field', TABLET, {
    geolocation: { latitude: 42.44631, longitude: -71.22812, accuracy: 10 }, permissions: ['geolocation'],
  });
  await officer.getByTestId('my-incident').filter({ hasText: number }).waitFor();
  await officer.getByRole('button', { name: /EMERGENCY/ }).click();
  await officer.getByRole('button', { name: 'PRESS AGAIN TO SEND EMERGENCY' }).click();
  await officer.locator('.emergency-sent').filter({ hasText: 'GPS from the officer’s terminal' }).waitFor();

  const alert = dispatcher.getByTestId('alert-bar').locator('.alert.emergency').filter({ hasText: '411' });
  await alert.waitFor();
  expect(await alert.textContent()).toContain(`EMERGENCY — Jordan O’Brien #311 · 411 · on ${number}`);
  expect(await alert.getByTestId('emergency-position').textContent()).toBe('GPS 42.44631, -71.22812 (assigned to 12 Elm Street) — GPS from the officer’s terminal');
  expect(await alert.textContent()).not.toContain('Sector 1');
  const emergency = (await alert.locator('button.link').textContent())!;
  const created = await floor.ctx.db.selectFrom('incident').select('location').where('number', '=', emergency).executeTakeFirstOrThrow();
  expect(created.location).toMatchObject({ lat: 42.44631, lon: -71.22812, positionSource: 'terminal' });
});

test('the unit in distress is never recommended to its own emergency; Alt+A sends the nearest available units and a supervisor (81A §E.4)', async () => {
  const alert = dispatcher.getByTestId('alert-bar').locator('.alert.emergency').filter({ hasText: '411' });
  await alert.locator('button.link').click();
  const recommended = dispatcher.getByTestId('recommendation').locator('strong');
  await recommended.waitFor();
  const units = (await recommended.textContent())!.split(' ');
  expect(units).not.toContain('411');
  expect(units).toContain('414'); // the patrol supervisor (81A §E.4.a)
  await dispatcher.keyboard.press('Alt+A');
  await dispatcher.getByTestId('command-outcome').filter({ hasText: `${units.join(' ')} dispatched to` }).waitFor();
  await dispatcher.locator('tr[data-unit="414"][data-status="dispatched"]').waitFor();
});

test('TS 4xx ABC123 MA MAIN ST/ELM ST opens a traffic stop with plate and state at the location and puts the unit on scene (81A §E.5.a.vi)', async () => {
  const free = await floor.ctx.db.selectFrom('unit_status').select('call_sign').where('status', '=', 'available')
    .where('call_sign', 'in', ['413', 'BP1', 'BP2', 'LC1']).orderBy('call_sign').executeTakeFirstOrThrow();
  await command(dispatcher, `TS ${free.call_sign} ABC123 MA MAIN ST/ELM ST`);
  const outcome = dispatcher.getByTestId('command-outcome').filter({ hasText: /traffic stop \d{2}-\d{5}/ });
  await outcome.waitFor();
  expect(await outcome.textContent()).toContain(`${free.call_sign} on scene at MAIN ST/ELM ST, ABC123 (MA)`);
  await dispatcher.locator(`tr[data-unit="${free.call_sign}"][data-status="arrived"]`).waitFor();
});

test('the field view takes a pending incident for its own unit, then starts a traffic stop from its own button with plate, state and location', async () => {
  // 412's emergency from the first test is still up: the board shows the unit as EMERGENCY until the dispatcher
  // acknowledges it with what was done (81A §E.6.e)
  // by the unit in the alert's title ("EMERGENCY — Priya Nguyen #318 · 412"): a bare '412' also matches 411's GPS line (-71.22812)
  const earlier = dispatcher.getByTestId('alert-bar').locator('.alert.emergency').filter({ has: dispatcher.locator('strong', { hasText: /· 412( |$)/ }) });
  await earlier.getByLabel('Action taken').fill('Units on scene, officer safe');
  await earlier.getByRole('button', { name: 'Acknowledge emergency' }).click();
  await earlier.waitFor({ state: 'detached' });
  await dispatcher.locator('tr[data-unit="412"]:not([data-status="emergency"])').waitFor();

  const officer = await open('pnguyen', '/field', TABLET);
  const number = await openIncident(floor.ctx, { type: 'WELFARE', address: '3 Hancock Street' });
  await officer.getByRole('button', { name: `Take ${number} for 412` }).click();
  await officer.getByTestId('my-incident').filter({ hasText: number }).waitFor();
  await dispatcher.locator(`tr[data-unit="412"][data-status="dispatched"]`).waitFor();
  await officer.getByRole('button', { name: /Available/ }).click();
  await officer.getByText('No incident assigned.').waitFor();

  await officer.getByRole('button', { name: /Traffic stop/ }).click();
  const form = officer.getByRole('form', { name: 'Traffic stop' });
  await form.getByLabel('Plate').fill('7XY22');
  await form.getByLabel('State').fill('NH');
  await form.getByLabel('Location').fill('Route 2 at Exit 50');
  await form.getByRole('button', { name: 'Start traffic stop' }).click();
  await officer.getByTestId('my-incident').filter({ hasText: 'Route 2 at Exit 50' }).waitFor();
  expect(await officer.getByTestId('my-incident').textContent()).toMatch(/Motor vehicle stop.*Traffic stop by 412: 7XY22 \(NH\)/);
  await dispatcher.locator(`tr[data-unit="412"][data-status="arrived"]`).waitFor();
});
