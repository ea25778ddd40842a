import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { openFloor, takeCall, type Floor } from './console.harness.ts';

// 81A §D.3: the dispatcher corrects an incident without rewriting it, merges a second
// caller's duplicate into it (§C "Multiple Calls"), closes it and reopens it.
// the screenshots in docs/ are rewritten only when asked (UPDATE_SCREENSHOTS=1), as in the other browser tests
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';
let floor: Floor;
beforeAll(async () => { floor = await openFloor('corrections'); });
afterAll(async () => { await floor?.close(); });
afterEach(async () => { await floor?.closeWindows(); });

test('a dispatcher corrects the type with a reason, merges a duplicate into the incident, then closes and reopens it', async () => {
  const page = await floor.open('dkowalski', '/console');
  await page.setViewportSize({ width: 1366, height: 900 });
  const first = await takeCall(page, 'DISTURB', '12 Elm Street');
  const detail = page.getByTestId('incident-detail');
  await detail.getByRole('heading', { name: new RegExp(first) }).waitFor();

  // the type changes with a reason: the timeline keeps the old and new value, and the required response follows (§E.4)
  await detail.getByText('Correct or merge').click();
  const correct = detail.getByRole('form', { name: 'Correct the incident' });
  await correct.getByLabel('Type').selectOption('ROBBERY');
  await correct.getByLabel('Reason (kept on the timeline)').fill('Caller now says a knife was shown');
  await correct.getByRole('button', { name: 'Save correction' }).click();
  await detail.getByText('needs 2 unit(s) and a supervisor').waitFor();
  const entry = detail.getByTestId('timeline').locator('li').filter({ hasText: 'type DISTURB → ROBBERY' });
  await entry.waitFor();
  expect(await entry.textContent()).toMatch(/dkowalski|Kowalski/);
  expect(await entry.textContent()).toContain('Caller now says a knife was shown');
  await entry.scrollIntoViewIfNeeded();
  await detail.screenshot({ path: `${shots}/incident-correction.png` });

  // a second caller's incident is a duplicate: merged into the first, its caller moves over
  const second = await takeCall(page, 'DISTURB', '12 Elm St');
  await detail.getByRole('heading', { name: new RegExp(second) }).waitFor();
  await detail.getByText('Correct or merge').click();
  const merge = detail.getByRole('form', { name: 'Merge into another incident' });
  await merge.getByLabel('Duplicate of incident').fill(first);
  await merge.getByLabel('Why it is the same').fill('Same fight, neighbour calling');
  await merge.getByRole('button', { name: 'Merge into it' }).click();
  await detail.getByTestId('merged-into').filter({ hasText: `Merged into ${first}` }).waitFor();

  // the first incident now lists both callers; closed, then reopened with a reason
  await page.locator(`li[data-incident="${first}"] button`).first().click();
  await detail.getByRole('heading', { name: new RegExp(first) }).waitFor();
  await detail.getByTestId('timeline').locator('li').filter({ hasText: `${second} merged in` }).waitFor();
  expect(await detail.locator('ul.calls li').count()).toBe(2);
  await detail.getByLabel('Disposition').selectOption('ADVISED');
  await detail.getByRole('button', { name: 'Close incident' }).click();
  const reopen = detail.getByRole('form', { name: 'Reopen the incident' });
  await reopen.getByLabel('Reason (kept on the timeline)').fill('The caller rang back: they are fighting again');
  await reopen.getByRole('button', { name: 'Reopen' }).click();
  await detail.locator('.pill.s-pending').waitFor();
  await detail.getByTestId('timeline').locator('li').filter({ hasText: 'The caller rang back' }).waitFor();
});
