import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { command, openFloor, type Floor } from './console.harness.ts';
import { openIncident } from '../support/incidents.ts';
import { authorizeAccess, recordRemoved, recordReturned, requestAccess } from '../../src/keys/access.ts';
import type { Actor } from '../../src/core/actor.ts';

let floor: Floor;

beforeAll(async () => { floor = await openFloor('knox-close'); });
afterAll(async () => floor?.close());
afterEach(async () => { await floor?.closeWindows(); });

const as = (username: string, roles: string[]): Actor => ({ username, roles, source: '127.0.0.1', remote: false });

test('O-604 §III.F: the console refuses to close a call whose master keys are out, naming box and officer; the OIC closes it with a reason and the alert stays until the keys are back', async () => {
  const number = await openIncident(floor.ctx, { type: 'WELFARE', address: '40 Hillside Terrace, Millbrook' });
  const officer = as('jobrien', ['patrol_officer']);
  const access = await requestAccess(floor.ctx, officer, { box: 'MHA-HILLSIDE', incident: number, reason: 'welfare_check', apartments: ['A2C'] });
  await authorizeAccess(floor.ctx, as('mreyes', ['commanding_officer']), access.id);
  await recordRemoved(floor.ctx, officer, access.id);

  // the dispatcher's close, typed on the command line: the refusal with the box, the officer and the clause
  const dispatcher = await floor.open('dkowalski', '/console');
  await command(dispatcher, `C ${number} ADVISED`);
  const refusal = dispatcher.getByTestId('command-outcome');
  await refusal.filter({ hasText: 'Master keys are still out' }).waitFor();
  expect(await refusal.textContent()).toMatch(/Hillside Terrace \(MHA-HILLSIDE\) with Jordan O’Brien.*O-604 §III\.F/);
  expect(await dispatcher.getByRole('button', { name: 'Override as commanding officer' }).count()).toBe(0);

  // the OIC, on the incident's close form: the same refusal, then the override with a reason
  const oic = await floor.open('mreyes', '/console');
  await command(oic, `S ${number}`);
  const form = oic.getByRole('form', { name: 'Close the incident' });
  await form.getByLabel('Disposition').selectOption('ADVISED');
  await form.getByRole('button', { name: 'Close incident' }).click();
  await oic.getByRole('alert').filter({ hasText: /Master keys are still out.*O-604 §III\.F/ }).waitFor();
  await form.getByLabel(/OIC override/).fill('Officer sent on to a priority-1 call; keys go back after it');
  await form.getByRole('button', { name: 'Close anyway (OIC)' }).click();
  await oic.getByRole('form', { name: 'Close the incident' }).waitFor({ state: 'detached' });

  // the alert is on both consoles, with no way to acknowledge it away
  for (const page of [dispatcher, oic]) {
    const alert = page.getByTestId('alert-bar').locator('li.k-knox_keys_out');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Master keys of Hillside Terrace \(MHA-HILLSIDE\) still out with Jordan O’Brien.*clears when the master keys are logged returned/);
    expect(await alert.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
  }
  await oic.screenshot({ path: 'test-results/knox-close-alert.png', fullPage: true }).catch(() => undefined);

  // the return is logged: the alert leaves both consoles
  await recordReturned(floor.ctx, officer, access.id);
  for (const page of [dispatcher, oic]) await page.getByTestId('alert-bar').locator('li.k-knox_keys_out').waitFor({ state: 'detached' });
  await dispatcher.context().close();
  await oic.context().close();
});
