import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { command, openFloor, type Floor } from './console.harness.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';
import { systemClock } from '../../src/core/clock.ts';

// S-110 §A.1.h: the emergency notification call-down on the dispatch floor (NOTIFY), on the demo agency's lists.
// UPDATE_SCREENSHOTS=1 writes the screen's picture to docs/screenshots/; otherwise to test-results/.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';
let floor: Floor;
beforeAll(async () => { floor = await openFloor('notify'); });
afterAll(async () => { await floor?.close(); });
afterEach(async () => { await floor?.closeWindows(); });

/** A dispatcher's console, NOTIFY on the command line, and a water main break call-down started (with a reason if given). */
async function startWaterMain(reason = '') {
  const page = await floor.open('dkowalski', '/console');
  await command(page, 'NOTIFY');
  await page.getByTestId('floor-notify').waitFor();
  const start = page.getByRole('form', { name: 'Start a call-down' });
  await start.getByLabel('Kind of emergency').locator('option', { hasText: 'Water main break' }).waitFor({ state: 'attached' });
  await start.getByLabel('Kind of emergency').selectOption({ label: 'Water main break' });
  if (reason) await start.getByLabel('Reason').fill(reason);
  await start.getByRole('button', { name: 'Start call-down' }).click();
  return page;
}

test('S-110 §A.1.h: a dispatcher starts a water main break call-down from the command line, records no answer and reached in order, closes it, and the history keeps who was reached, when and by whom', async () => {
  const page = await startWaterMain('Break reported on Elm Street');

  const panel = page.getByTestId('call-down');
  const calls = panel.getByRole('table', { name: 'Whom to call' });
  await calls.getByText('413-555-0140').waitFor();
  // the OIC's residential number shows to the dispatcher, who holds directory.residential (the read is audited, 81A §B.2.b.iii)
  await calls.getByText('Residential (restricted): 413-555-0207').waitFor();
  const record = async (who: string, outcome: string, note = '') => {
    const form = panel.getByRole('form', { name: `Record a call to ${who}` });
    await form.getByLabel('Outcome').selectOption({ label: outcome });
    if (note) await form.getByLabel('Note').fill(note);
    await form.getByRole('button', { name: 'Record' }).click();
    await panel.getByRole('row', { name: new RegExp(who) }).getByText(new RegExp(`\\d{2}:\\d{2} ${outcome}, Dana Kowalski #D-12`)).waitFor();
  };
  await record('Department of Public Works', 'No answer', 'Rang out');
  await record('Pat Lindgren', 'Reached', 'Crew going');
  await record('Miguel Reyes #207', 'Reached');
  // closing while someone required has not been called: refused, naming who
  await panel.getByRole('button', { name: 'Close call-down' }).click();
  await panel.getByRole('alert').getByText(/not yet called: Millbrook Fire Department/).waitFor();
  await record('Millbrook Fire Department', 'Left message');
  await panel.getByRole('button', { name: 'Close call-down' }).click();
  await panel.getByRole('status').getByText(/^Complete \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(closed with everyone required called\), by Dana Kowalski #D-12/).waitFor();
  expect(await panel.getByRole('form').count()).toBe(0);

  const history = page.getByRole('table', { name: 'Call-downs' });
  const row = history.getByRole('row', { name: /Water main break/ });
  await row.getByText('2 of 4').waitFor();
  expect(await row.textContent()).toMatch(/Dana Kowalski #D-12.*closed with everyone required called/);
  const text = (await page.getByTestId('floor-notify').textContent()) ?? '';
  expect(text).not.toMatch(/dkowalski|mreyes/);
  await expectNoSeriousA11yViolations(page, '[data-testid="floor-notify"]');
  await page.screenshot({ path: `${shots}/call-down.png` });
});

test('S-110 §A.1.h: the commanding officer keeps the lists; an entry with no number to call is refused with the field named', async () => {
  const page = await floor.open('mreyes', '/console');
  await page.getByRole('link', { name: 'Notification lists', exact: true }).click();
  await page.getByRole('table', { name: 'Notification lists' }).getByRole('cell', { name: /Department of Public Works.*Pat Lindgren/ }).waitFor();
  await page.getByRole('button', { name: 'New list' }).click();
  const form = page.getByRole('form', { name: 'New notification list' });
  await form.getByLabel('Code').fill('HAZMAT');
  await form.getByLabel('Kind of emergency').fill('Hazardous materials');
  await form.getByLabel('Entry 1: name').fill('Regional hazmat team');
  await form.getByRole('button', { name: 'Save list' }).click();
  await form.getByRole('alert').getByText(/body\.entries\.0\.phones.*Regional hazmat team/).waitFor();
  await form.getByLabel('Entry 1: phone number').fill('508-555-0300');
  await form.getByRole('button', { name: 'Save list' }).click();
  await page.getByRole('table', { name: 'Notification lists' }).getByRole('row', { name: /Hazardous materials/ }).getByText('Miguel Reyes #207', { exact: false }).waitFor();
  await expectNoSeriousA11yViolations(page, 'section.notify');
});

test('S-110 §A.1.h: DPW on-call does not answer; five minutes on, with no answer recorded, the alert strip reminds the dispatcher to call the next, until the superintendent is called', async () => {
  const page = await startWaterMain();
  const panel = page.getByTestId('call-down');
  await panel.getByText('If no answer within 5 min, call the next').waitFor();
  const form = panel.getByRole('form', { name: 'Record a call to Department of Public Works' });
  await form.getByLabel('Outcome').selectOption({ label: 'No answer' });
  await form.getByRole('button', { name: 'Record' }).click();
  await panel.getByRole('row', { name: /Department of Public Works/ }).getByText(/No answer, Dana Kowalski/).waitFor();
  const strip = page.getByTestId('alert-strip');
  const reminder = /Call-down Water main break: no answer from Department of Public Works.* within 5 min — call the next, Pat Lindgren/;
  expect(await strip.getByText(reminder).count()).toBe(0);
  // the agency clock five minutes and a second later (the screen reads the call-down again every 10 s)
  floor.ctx.clock = { now: () => new Date(Date.now() + 5 * 60_000 + 1_000) };
  try {
    await strip.getByRole('alert').filter({ hasText: reminder }).waitFor({ timeout: 20_000 });
    await expectNoSeriousA11yViolations(page, '[data-testid="alert-strip"]');
    const next = panel.getByRole('form', { name: 'Record a call to Pat Lindgren' });
    await next.getByLabel('Outcome').selectOption({ label: 'Reached' });
    await next.getByRole('button', { name: 'Record' }).click();
    await strip.getByText(reminder).waitFor({ state: 'detached' });
  } finally {
    floor.ctx.clock = systemClock;
  }
});
