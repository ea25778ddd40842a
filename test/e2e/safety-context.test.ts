import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { flagCaution } from '../../src/records/cautions/service.ts';
import { createPerson } from '../../src/records/names.ts';
import { createIncident } from '../../src/dispatch/incidents/service.ts';
import { closeIncident, dispatchUnits } from '../../src/dispatch/units/service.ts';
import { openFloor, type Floor } from './console.harness.ts';

// Officer safety at call time: the address's caution flags, its history and its Knox Box
// show while the call is taken, on the incident, and on the officer's field view.
// the screenshots in docs/ are rewritten only when asked (UPDATE_SCREENSHOTS=1), as in the other browser tests
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';
let floor: Floor;
beforeAll(async () => {
  floor = await openFloor('safety');
  const clerk = { username: 'swhitaker', roles: ['records_clerk'], source: '127.0.0.1', remote: false };
  await flagCaution(floor.ctx, clerk, { address: '40 Hillside Terrace, Millbrook', kind: 'weapons', note: 'Tenant in 3B threatened officers with a knife', source: 'Case C26-000031' });
  const person = await createPerson(floor.ctx, clerk, { first: 'Tyler', last: 'Brooks', dob: '1979-04-02' });
  await flagCaution(floor.ctx, clerk, { personId: person.id, kind: 'violent', note: 'Fought officers at his last arrest', source: 'Case C26-000012' });
  const dispatcher = { username: 'dkowalski', roles: ['dispatcher'], source: '127.0.0.1', remote: false };
  const earlier = await createIncident(floor.ctx, dispatcher, { type: 'DOMESTIC', location: { address: '40 Hillside Terr' } });
  await closeIncident(floor.ctx, dispatcher, earlier.number, 'REPORT');
});
afterAll(async () => { await floor?.close(); });
afterEach(async () => { await floor?.closeWindows(); });

test('the dispatcher sees the caution, the history and the Knox Box while taking the call, and asks for Knox access with one key', async () => {
  const page = await floor.open('dkowalski', '/console');
  const form = page.getByRole('form', { name: 'New call' });
  await form.getByLabel('Location').fill('40 Hillside Terrace');
  const context = form.getByTestId('safety-context');
  await context.getByRole('alert', { name: 'Caution flags at this address and on the people named' }).filter({ hasText: 'WEAPONS Tenant in 3B threatened officers with a knife' }).waitFor();
  expect(await context.getByTestId('address-history').textContent()).toMatch(/1 earlier incident at this address.*Domestic disturbance · REPORT/);
  expect(await context.getByTestId('knox-here').textContent()).toContain('MHA-HILLSIDE');
  // the caller gives a name the master index has a caution on, last name first
  await form.getByLabel('Caller', { exact: true }).fill('Brooks, Tyler');
  await context.getByRole('alert').filter({ hasText: 'VIOLENT (Brooks, Tyler) Fought officers at his last arrest' }).waitFor();

  await form.getByLabel('Incident type').selectOption('WELFARE');
  await form.getByRole('button', { name: 'Create incident' }).click();
  const created = await form.getByRole('status').filter({ hasText: /Incident \d{2}-\d{5} created/ }).textContent();
  const number = /(\d{2}-\d{5})/.exec(created!)![1]!;
  const detail = page.getByTestId('incident-detail');
  await detail.getByRole('button', { name: `Request Knox access for ${number} (Alt+K)` }).waitFor();
  await page.screenshot({ path: `${shots}/safety-context.png` });
  await page.keyboard.press('Alt+K');
  await page.waitForURL(/\/knox\?request=MHA-HILLSIDE/);
  await expect.poll(() => page.getByLabel('CAD incident').inputValue()).toBe(number);

  // the officer sent there sees the same on the field view
  await dispatchUnits(floor.ctx, { username: 'dkowalski', roles: ['dispatcher'], source: '127.0.0.1', remote: false }, number, { units: ['411'] });
  const officer = await floor.open('jobrien', '/field', { width: 390, height: 844 });
  const mine = officer.getByTestId('my-incident');
  await mine.waitFor();
  await mine.getByRole('alert', { name: 'Caution flags at this address and on the people named' }).filter({ hasText: 'knife' }).waitFor().catch(async (e: unknown) => { throw new Error(`${String(e)}\n${await mine.textContent()}`); });
  await mine.getByTestId('knox-here').waitFor();
});
