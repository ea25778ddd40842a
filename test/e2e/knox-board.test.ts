import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { nearNow, openDemoSite, type DemoSite } from '../support/browser.ts';
import { openIncident } from '../support/incidents.ts';

let site: DemoSite;

beforeAll(async () => { site = await openDemoSite('knox'); });
afterAll(async () => site?.close());


test('the OIC sees which Knox keys are out and with whom, hands one out for the shift and records its return (O-604 §III.B)', async () => {
  const page = await site.browser.newPage();
  await site.signIn(page, 'mreyes');
  await page.getByRole('link', { name: 'Knox keys' }).click();
  await page.getByRole('heading', { name: 'Keys out now (2)' }).waitFor();
  // the demo day shift: MHA-01 with the officer of 411, MHA-02 with the officer of 412
  const row = (key: string) => page.locator(`tr[data-key="${key}"]`);
  expect(await row('MHA-01').textContent()).toMatch(/Jordan O’Brien #311.*411/);
  expect(await row('MHA-02').textContent()).toMatch(/Priya Nguyen #318.*412/);
  expect(await row('MHA-03').textContent()).toContain('In the key cabinet');

  // a key already out cannot go to a second officer: it is not offered
  const form = page.getByRole('form', { name: 'Assign a key for the shift' });
  expect(await form.getByLabel('Key').locator('option').allTextContents()).toEqual(['MHA-03', 'MHA-04', 'MHA-05', 'MHA-06']);
  await form.getByLabel('Key').selectOption('MHA-03');
  await form.getByLabel('Officer (login)').fill('dkowalski'); // a dispatcher, not a patrol officer
  await form.getByRole('button', { name: 'Assign key' }).click();
  await page.getByRole('alert').filter({ hasText: 'cruiser and bicycle patrol officers' }).waitFor();
  expect(await page.getByRole('alert').filter({ hasText: 'O-604 §III.B' }).count()).toBe(1);

  // MHA-02 comes back from the officer of 412, then goes out again on the board to the same officer
  await page.getByRole('button', { name: 'Key MHA-02 returned' }).click();
  await page.getByRole('heading', { name: 'Keys out now (1)' }).waitFor();
  expect(await row('MHA-02').textContent()).toContain('In the key cabinet');
  await form.getByLabel('Key').selectOption('MHA-02');
  await form.getByLabel('Officer (login)').fill('pnguyen');
  await form.getByRole('button', { name: 'Assign key' }).click();
  await page.getByRole('heading', { name: 'Keys out now (2)' }).waitFor();
  expect(await row('MHA-02').textContent()).toMatch(/Out.*Priya Nguyen #318/);
  await page.screenshot({ path: 'test-results/knox-board.png', fullPage: true }).catch(() => undefined);
  await page.close();
});

test('a patrol officer does not get the key board, but can see the Accesses tab with the reasons of §II', async () => {
  const page = await site.browser.newPage();
  await site.signIn(page, 'jobrien');
  await page.getByRole('link', { name: 'Knox keys' }).click();
  await page.getByRole('tab', { name: 'Accesses' }).waitFor();
  expect(await page.getByRole('tab', { name: 'Key board' }).count()).toBe(0);
  const reason = page.getByRole('form', { name: 'Request access to master keys' }).getByLabel('Reason');
  await reason.selectOption('resident_lockout');
  await page.getByText(/O-604 §II.C: “Master keys are not to be used for the purpose of admitting residents/).waitFor();
  await page.close();
});

test('an access from the officer’s request to the OIC’s authorization and the dispatcher’s removal and return, with the form filed and its unsent delivery shown (O-604 §III.C–H)', async () => {
  const incident = await openIncident(site.ctx, { type: 'DISTURB', address: '40 Hillside Terrace, Millbrook' });
  const officer = await site.browser.newPage();
  await site.signIn(officer, 'jobrien');
  await officer.getByRole('link', { name: 'Knox keys' }).click();
  const form = officer.getByRole('form', { name: 'Request access to master keys' });
  await form.getByLabel('Knox Box').selectOption('MHA-HILLSIDE');
  await form.getByLabel('CAD incident').fill(incident);
  await form.getByLabel('Reason').selectOption('welfare_check');
  await form.getByLabel('Apartment(s) / unit(s), comma-separated').fill('A2C');
  await form.getByLabel('Resident / occupant').fill('Ada Whitfield');
  await form.getByRole('button', { name: 'Request access' }).click();
  const row = (page: Page) => page.getByRole('table', { name: 'Accesses' }).locator('tr', { hasText: incident });
  await row(officer).getByText('awaiting').waitFor();
  await row(officer).getByText('MHA-01').waitFor(); // O-604 §III.C: the access key jobrien holds for the shift
  await officer.close();

  const oic = await site.browser.newPage();
  await site.signIn(oic, 'mreyes');
  await oic.getByRole('link', { name: 'Knox keys' }).click();
  await oic.getByRole('tab', { name: 'Accesses' }).click();
  await row(oic).getByRole('button', { name: 'Authorize' }).click();
  await row(oic).getByText(/Miguel Reyes #207/).waitFor();
  await oic.close();

  // the dispatcher's workstation is set to New Zealand time: the screens still read the agency's clock
  const newZealand = await site.browser.newContext({ timezoneId: 'Pacific/Auckland' });
  const dispatcher = await newZealand.newPage();
  await site.signIn(dispatcher, 'dkowalski');
  await dispatcher.getByRole('link', { name: 'Knox keys' }).click();
  await row(dispatcher).getByRole('button', { name: 'Keys removed' }).click();
  await row(dispatcher).getByRole('button', { name: 'Keys returned' }).click();
  await row(dispatcher).getByRole('link', { name: 'PDF' }).waitFor();
  // no outbound channel is configured in this demo: the form is filed but shown as not sent
  await row(dispatcher).getByText(/NOT SENT/).waitFor();
  // §III.E: the removal and the return are on today's Daily Log
  const log = dispatcher.getByRole('table', { name: 'Daily Log Knox entries' });
  await log.getByText('Master keys returned').waitFor();
  const removed = log.locator('tr', { hasText: 'Master keys REMOVED' });
  expect(await removed.textContent()).toContain(incident);
  // who by name and badge, not by login; when on the agency's 24-hour clock, not the workstation's
  expect(await removed.textContent()).toMatch(/Jordan O’Brien #311.*Dana Kowalski #D-12/);
  expect(await removed.textContent()).not.toMatch(/jobrien|dkowalski/);
  const at = await removed.locator('td').first().textContent();
  expect(nearNow(at!, site.ctx.config.agency.timeZone)).toBe(true);
  expect(nearNow(at!, 'Pacific/Auckland')).toBe(false);
  expect(await row(dispatcher).textContent()).toMatch(/Miguel Reyes #207, \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await dispatcher.screenshot({ path: 'test-results/knox-accesses.png', fullPage: true }).catch(() => undefined);
  // the open-accesses report: a returned access is not open
  await dispatcher.getByLabel('Open (keys not yet returned) only').check();
  await row(dispatcher).waitFor({ state: 'detached' });
  await newZealand.close();
});
