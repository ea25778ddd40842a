import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';

// UPDATE_SCREENSHOTS=1 writes the screen's picture to docs/screenshots/; otherwise to test-results/.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';

let site: DemoSite;
beforeAll(async () => { site = await openDemoSite('inventory'); }, 600_000);
afterAll(async () => site?.close());

async function signIn(username: string): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await site.signIn(page, username);
  return page;
}

test('S-110 §A.1.f: the Supply Supervisor registers a radio, issues it to an officer by name, takes it back; a refusal shows its reason; the history names people and agency times', async () => {
  const page = await signIn('lmorgan');
  await page.getByRole('link', { name: 'Inventory', exact: true }).click();
  const form = page.getByRole('form', { name: 'Register an item' });
  await form.getByLabel('Asset tag').fill('rad-0207');
  await form.getByLabel('Category').selectOption({ label: 'Portable radio' });
  await form.getByLabel('Description').fill('Portable radio, Sector 2 spare');
  await form.getByLabel('Make').fill('Motorola');
  await form.getByLabel('Serial number').fill('MOT-99107');
  await form.getByLabel('Kept at').fill('Supply room, shelf 2');
  await form.getByRole('button', { name: 'Register' }).click();

  const item = page.getByRole('article');
  await item.getByRole('heading', { name: 'RAD-0207: Portable radio, Sector 2 spare' }).waitFor();
  const moves = item.getByRole('form', { name: 'Record a movement of RAD-0207' });
  await moves.getByLabel('Movement').selectOption({ label: 'Issued' });
  await moves.getByLabel('Issue to').locator('option', { hasText: 'Jordan O’Brien #311' }).waitFor({ state: 'attached' });
  await moves.getByLabel('Issue to').selectOption({ label: 'Jordan O’Brien #311' });
  await moves.getByLabel('Where').fill('With the officer');
  await moves.getByRole('button', { name: 'Record' }).click();
  await item.getByText('Issued, to Jordan O’Brien #311').waitFor();
  expect(await page.getByRole('table', { name: 'Inventory' }).getByRole('row', { name: /RAD-0207/ }).textContent()).toMatch(/O.Brien/);

  // a lost report without a reason: refused, with the field named, nothing recorded
  await moves.getByLabel('Movement').selectOption({ label: 'Reported lost' });
  await moves.getByRole('button', { name: 'Record' }).click();
  await moves.getByRole('alert').getByText(/reason/).waitFor();

  await moves.getByLabel('Movement').selectOption({ label: 'Returned' });
  await moves.getByLabel('Where').fill('Supply room, shelf 2');
  await moves.getByRole('button', { name: 'Record' }).click();
  const history = item.getByRole('table', { name: 'History of RAD-0207' });
  await history.getByRole('cell', { name: 'Returned' }).waitFor();
  const text = (await history.textContent()) ?? '';
  expect(text).toMatch(/Registered.*Issued.*Returned/s);
  expect(text).toContain('Lee Morgan #150');
  expect(text).not.toMatch(/lmorgan|jobrien/);
  expect(text).toMatch(/\d{2}:\d{2}/);
  await expectNoSeriousA11yViolations(page, 'section.inventory');
  await page.screenshot({ path: `${shots}/inventory.png` });
  await page.close();
});

test('the auditor reads the inventory but is offered no form; a dispatcher has no Inventory section', async () => {
  const auditor = await signIn('hlindqvist');
  await auditor.getByRole('link', { name: 'Inventory', exact: true }).click();
  await auditor.getByRole('table', { name: 'Inventory' }).waitFor();
  expect(await auditor.getByRole('form', { name: 'Register an item' }).count()).toBe(0);
  await auditor.close();
  const dispatcher = await signIn('dkowalski');
  await dispatcher.getByRole('navigation').first().waitFor();
  expect(await dispatcher.getByRole('link', { name: 'Inventory', exact: true }).count()).toBe(0);
  await dispatcher.close();
});
