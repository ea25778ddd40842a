import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { command, openFloor, type Floor } from './console.harness.ts';
import { signInWindow } from '../support/browser.ts';
import { configureCjisLink } from '../../src/cjis/link.ts';
import { runQuery } from '../../src/cjis/queries.ts';
import { openIncident } from '../support/incidents.ts';
import { addUser, consoleActor } from '../../src/identity/service.ts';
import { inTransaction } from '../../src/db/index.ts';

// 81A §J in Chromium: the dispatcher's CJIS work against the built-in training switch.
let floor: Floor;
beforeAll(async () => {
  floor = await openFloor('cjis');
  configureCjisLink(floor.ctx, { confirmDelayMs: 1500 });
}, 180_000);
afterAll(async () => { await floor?.close(); });
afterEach(async () => { await floor?.closeWindows(); });

/** Sign in where no live console opens (the harness's `open` waits for one): the page once it shows the signed-in shell. */
async function signIn(account: { username: string; password: string }, path: string): Promise<Page> {
  const context = await floor.browser.newContext({ viewport: { width: 1920, height: 1080 } });
  context.setDefaultTimeout(20_000);
  await signInWindow(context, floor.base, account);
  const page = await context.newPage();
  await page.goto(`${floor.base}${path}`);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

test('a traffic stop: Q PLATE on the command line finds a stolen car, NOT probable cause; the confirmation is requested and answered, and the incident timeline shows each step', async () => {
  const number = await openIncident(floor.ctx, { type: 'MV_STOP', address: 'Route 9 at Elm Street', by: 'dkowalski' });
  const page = await floor.open('dkowalski', '/console');
  await command(page, `S ${number}`);
  await page.getByTestId('timeline').waitFor();
  await command(page, 'Q PLATE ABC123 MA');

  const result = page.getByRole('complementary', { name: 'CJIS result' });
  await result.getByTestId('cjis-summary').filter({ hasText: 'QV ABC123 MA: 1 hit' }).waitFor();
  expect(await result.getByTestId('cjis-training').textContent()).toMatch(/^TRAINING/);
  const stolen = result.locator('[data-testid="cjis-hit"][data-type="stolen_vehicle"]');
  expect(await stolen.getByTestId('cjis-verdict').textContent()).toMatch(/NOT PROBABLE CAUSE — NOT probable cause: confirm with the entering agency/);
  expect(await stolen.textContent()).toMatch(/SPRINGDALE PD/);
  expect(await page.getByTestId('command-outcome').textContent()).toMatch(/TRAINING — QV ABC123 MA: 1 hit: Stolen vehicle/);

  await stolen.getByRole('button', { name: /Request confirmation: urgent/ }).click();
  await stolen.getByTestId('confirmation').filter({ hasText: /Request 1 \(YQ, urgent\) by Dana Kowalski #D-12: answer due in (9|10):\d{2}/ }).waitFor();
  await stolen.getByTestId('confirmation').filter({ hasText: 'CONFIRMED by DISPATCH SPRINGDALE PD — STILL STOLEN, HOLD FOR OWNER' }).waitFor({ timeout: 10_000 });

  const timeline = page.getByTestId('timeline');
  await timeline.filter({ hasText: /Hit confirmation answered \(YR\) by MA0130200: CONFIRMED/ }).waitFor({ timeout: 10_000 });
  const text = await timeline.textContent();
  expect(text).toMatch(/cjis query.*TRAINING — QV ABC123 MA: 1 hit/s);
  expect(text).toMatch(/cjis confirmation requested.*Hit confirmation request 1 \(YQ, urgent\)/s);
  await page.context().close();
});

test('a person query finds two WMS warrants matching exactly: probable cause; a Warrant Locate is placed on each until none is listed as missing', async () => {
  const page = await floor.open('dkowalski', '/console');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'CJIS' }).click();
  await page.getByTestId('cjis-training').first().waitFor();
  await page.getByLabel('Query line').fill('PERSON DOE,JOHN 1985-04-12 M');
  await page.getByRole('button', { name: 'Run query' }).click();
  const result = page.getByTestId('cjis-result');
  const warrants = result.locator('[data-testid="cjis-hit"][data-type="warrant"]');
  await warrants.first().waitFor();
  expect(await warrants.count()).toBe(2);
  for (const verdict of await warrants.getByTestId('cjis-verdict').allTextContents()) {
    expect(verdict).toMatch(/^PROBABLE CAUSE — WMS warrant, descriptors match exactly: probable cause to arrest\. \(81A §J\.3\.a\.iii\)/);
  }
  expect(await result.getByTestId('cjis-needs-locate').textContent()).toMatch(/Warrant Locate still to be placed on 2 warrants/);
  await warrants.nth(0).getByRole('button', { name: 'Place Warrant Locate (LW)' }).click();
  await result.getByTestId('cjis-needs-locate').filter({ hasText: 'on 1 warrant:' }).waitFor();
  await warrants.nth(1).getByRole('button', { name: 'Place Warrant Locate (LW)' }).click();
  await result.getByTestId('cjis-needs-locate').waitFor({ state: 'detached' });
  expect(await warrants.locator('.cjis-located').count()).toBe(2);
  expect(await warrants.nth(0).textContent()).toMatch(/Locate placed by Dana Kowalski #D-12/);
  expect(await result.textContent()).toMatch(/· by Dana Kowalski #D-12 · purpose/); // the operator by name, not login
  // the agency's own entries name who entered them (81A §J.3.b): the demo's stolen car, by name and badge
  await page.getByRole('tab', { name: 'Entries' }).click();
  await page.getByRole('table', { name: 'Open entries' }).getByRole('row').filter({ hasText: 'MBK100' }).filter({ hasText: /\d{4}-\d{2}-\d{2} by Dana Kowalski #D-12/ }).waitFor();
  await page.context().close();
});

test('the CJIS Representative’s desk names people and positions, not logins or role codes: the BOP list and the query log (81A §J.4.c; CJIS AU-3)', async () => {
  // the dispatcher's own query, so the log has one whichever tests ran before this one
  await runQuery(floor.ctx, { username: 'dkowalski', roles: ['dispatcher'], source: '127.0.0.1', remote: false }, { line: 'PLATE ABC123 MA', purpose: 'C' });
  const page = await signIn(floor.accounts.find((a) => a.username === 'tcarver')!, '/cjis');
  await page.getByRole('tab', { name: 'CJIS Representative' }).click();
  const list = page.getByRole('list', { name: 'BOP list' });
  await list.getByText('Name: Terry Carver #122 added by Ruth McAllister #1').waitFor();
  expect(await list.textContent()).toContain('Position: Dispatcher added by Ruth McAllister #1');
  expect(await list.textContent()).not.toMatch(/tcarver|rmcallister|commanding_officer/);
  // the query, by the dispatcher's name
  await page.getByRole('table', { name: 'Query log' }).getByRole('cell', { name: 'Dana Kowalski #D-12' }).first().waitFor();
  await page.context().close();
});

test('a dispatcher not trained within six months of employment is refused CJIS, with the clause, on the CJIS screen and the command line', async () => {
  const password = 'Untrained-Dispatcher-77!';
  await addUser(floor.ctx, consoleActor(), { username: 'newhire', firstName: 'Nell', lastName: 'Hire', roles: ['dispatcher'], password, mustChangePassword: false });
  const employed = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10);
  await inTransaction(floor.ctx.db, (tx) => tx.insertInto('cjis_user').values({ username: 'newhire', employed_since: employed, updated_by: 'tcarver' }).execute());
  const page = await signIn({ username: 'newhire', password }, '/console');
  await page.locator('[data-ready="true"][data-connection="live"]').waitFor();

  await command(page, 'Q PLATE ABC123 MA');
  await page.getByTestId('command-outcome').filter({ hasText: /not trained within six months of employment .* \(81A §J\.1\.b\.i; §J\.2\)/ }).waitFor();
  expect(await page.getByRole('complementary', { name: 'CJIS result' }).count()).toBe(0);

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'CJIS' }).click();
  expect(await page.getByTestId('cjis-standing').textContent()).toMatch(/CJIS is closed to you: You were not trained within six months of employment/);
  await page.getByLabel('Query line').fill('PERSON DOE,JOHN 1985-04-12');
  await page.getByRole('button', { name: 'Run query' }).click();
  expect(await page.getByTestId('cjis-error').textContent()).toMatch(/training was due by .*\(81A §J\.1\.b\.i; §J\.2\)/);
  expect(await page.getByTestId('cjis-result').count()).toBe(0);
  await page.context().close();
});

test('an officer queries a plate from the field view: the stolen plate is shown, marked TRAINING and NOT probable cause', async () => {
  const page = await floor.open('jobrien', '/field');
  const panel = page.getByRole('region', { name: 'CJIS query' });
  expect(await panel.getByTestId('cjis-training').textContent()).toMatch(/^TRAINING/);
  await panel.getByLabel('Query').fill('PLATE 7XK492 MA');
  await panel.getByRole('button', { name: 'Run' }).click();
  const hit = panel.locator('[data-testid="cjis-hit"][data-type="stolen_plate"]');
  await hit.waitFor();
  expect(await hit.getByTestId('cjis-verdict').textContent()).toMatch(/NOT PROBABLE CAUSE — NOT probable cause: confirm with the entering agency/);
  expect(await hit.textContent()).toMatch(/TRAINING.*Stolen plate · CJIS · RIVERTON PD/);
  await page.context().close();
});
