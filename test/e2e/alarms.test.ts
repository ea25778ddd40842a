import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createIncident } from '../../src/dispatch/incidents/service.ts';
import { closeIncident } from '../../src/dispatch/units/service.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';
import { openFloor, type Floor } from './console.harness.ts';

// Alarm premises (S-110 §A.1.a; 81A §E ALARM_COMM/ALARM_PANIC, §G): the register, the false alarms the CAD counts, the call-time display.
// UPDATE_SCREENSHOTS=1 writes the screen's picture to docs/screenshots/; otherwise to test-results/.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';
let floor: Floor;
beforeAll(async () => { floor = await openFloor('alarms'); }, 600_000);
afterAll(async () => { await floor?.close(); });
afterEach(async () => { await floor?.closeWindows(); });

/** A date this many days from today in the agency's zone: the permit is always current, whenever the test runs. */
function day(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: floor.ctx.config.agency.timeZone }).format(new Date());
  return new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The records clerk has no console: sign in on the register itself. */
async function openRegister(username: string): Promise<Page> {
  const page = await floor.window(username, '/alarms', { width: 1600, height: 1000 });
  await page.getByRole('link', { name: 'Alarms', exact: true }).click();
  await page.getByRole('heading', { name: 'Alarm premises' }).waitFor();
  return page;
}

test('S-110 §A.1.a: the records clerk registers premises with a key holder; two alarm incidents closed as false count 2 on the register; a new call at the address shows the premises and key holder to the dispatcher', async () => {
  const page = await openRegister('swhitaker');
  await page.getByRole('button', { name: 'Register premises' }).click();
  const form = page.getByRole('form', { name: 'Register alarm premises' });
  await form.getByLabel('Premises name').fill('Main Street Pharmacy');
  await form.getByLabel('Address').fill('24 Main Street');
  await form.getByLabel('Burglar / intrusion').check();
  await form.getByLabel('Alarm company').fill('Valley Alarm Co.');
  await form.getByLabel('Company phone').fill('413-555-0190');
  await form.getByLabel('Permit number').fill('AP-2026-031');
  // expiry before issue: refused, the field named, nothing registered
  const issued = day(-30);
  await form.getByLabel('Permit issued').fill(issued);
  await form.getByLabel('Permit expires').fill(day(-31));
  const holder = form.getByRole('group', { name: 'Key holder 1' });
  await holder.getByLabel('Name').fill('Rosa Harlow');
  await holder.getByLabel('Phones (comma between)').fill('413-555-0142, 413-555-0143');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: /permit.expiresOn/ }).waitFor();
  expect(await page.getByRole('table', { name: 'Alarm premises' }).getByRole('row').count()).toBe(1);
  await form.getByLabel('Permit expires').fill(day(335));
  await form.getByRole('button', { name: 'Save' }).click();
  const panel = page.getByRole('article');
  await panel.getByRole('heading', { name: 'Main Street Pharmacy' }).waitFor();
  expect(await panel.getByRole('table', { name: 'Key holders of Main Street Pharmacy' }).textContent()).toContain('413-555-0142, 413-555-0143');
  expect(await panel.textContent()).toContain('changed by Sam Whitaker #R-3');

  // two alarm incidents at the address, as the dispatcher closes them: false alarms
  const dispatcher = { username: 'dkowalski', roles: ['dispatcher'], source: '127.0.0.1', remote: false };
  const numbers: string[] = [];
  for (const [type, address] of [['ALARM_COMM', '24 Main St'], ['ALARM_PANIC', '24 MAIN STREET, Millbrook']] as const) {
    const incident = await createIncident(floor.ctx, dispatcher, { type, location: { address } });
    await closeIncident(floor.ctx, dispatcher, incident.number, 'FALSE_ALARM');
    numbers.push(incident.number);
  }
  await page.reload();
  const row = page.getByRole('table', { name: 'Alarm premises' }).getByRole('row', { name: /Main Street Pharmacy/ });
  await row.getByRole('cell', { name: '2', exact: true }).first().waitFor();
  await row.getByRole('button', { name: 'Main Street Pharmacy' }).click();
  const falseAlarms = page.getByRole('table', { name: 'False alarms at Main Street Pharmacy' });
  await falseAlarms.getByRole('cell', { name: numbers[1]! }).waitFor();
  const listed = (await falseAlarms.textContent()) ?? '';
  expect(listed).toContain(numbers[0]);
  expect(listed).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  expect(await page.getByTestId('false-alarms').textContent()).toMatch(new RegExp(`^2 false alarms in the last 12 months, 2 in the permit year from ${issued}`));
  await expectNoSeriousA11yViolations(page, 'section.alarms');
  await page.screenshot({ path: `${shots}/alarm-premises.png` });

  // a new call at the address: the dispatcher sees the premises, the company phone, the key holder and the count
  const console_ = await floor.open('dkowalski', '/console');
  const call = console_.getByRole('form', { name: 'New call' });
  await call.getByLabel('Location').fill('24 Main St');
  const here = call.getByTestId('safety-context').getByRole('region', { name: 'Alarm premises: Main Street Pharmacy' });
  await here.waitFor();
  const shown = (await here.textContent()) ?? '';
  expect(shown).toContain('Valley Alarm Co.: 413-555-0190');
  expect(shown).toContain('Rosa Harlow: 413-555-0142, 413-555-0143 (can respond with a key)');
  expect(shown).toContain('2 false alarms in the last 12 months');
  await expectNoSeriousA11yViolations(console_, '[data-testid="safety-context"]');
});
