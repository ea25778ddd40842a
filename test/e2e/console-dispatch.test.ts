import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { boardStatus, command, openFloor, takeCall, type Floor } from './console.harness.ts';

// Two dispatch positions and a commanding officer on one floor: what one does, the
// others see at once, and the policy's required response is enforced at the console.
let floor: Floor;
beforeAll(async () => { floor = await openFloor('dispatch'); });
afterAll(async () => { await floor?.close(); });
afterEach(async () => { await floor?.closeWindows(); });

test('a single officer sent to a domestic is refused with the policy’s reason; a dispatcher cannot override', async () => {
  const a = await floor.open('dkowalski', '/console');
  const number = await takeCall(a, 'DOMESTIC', '77 Birch Road');
  await command(a, `D 413 ${number}`);
  const outcome = a.getByTestId('command-outcome');
  await outcome.waitFor();
  // 81A §E.3.e domestic disturbances need two officers; 81A §E.1.b.ii only the commanding officer varies it
  expect(await outcome.textContent()).toMatch(/2|two/);
  expect(await outcome.textContent()).toMatch(/only a commanding officer can override/);
  expect(await a.getByRole('button', { name: 'Override as commanding officer' }).count()).toBe(0);
  expect(await boardStatus(a, '413').getAttribute('data-status')).toBe('available');
  await a.context().close();
});

test('the commanding officer overrides with a reason, and the dispatch by command line changes the board on both consoles', async () => {
  const co = await floor.open('mreyes', '/console');
  const other = await floor.open('dkowalski', '/console');
  const number = await takeCall(co, 'NOISE', '9 Waltham Street');
  await command(co, `D 412 ${number}`);
  await co.getByRole('button', { name: 'Override as commanding officer' }).waitFor();
  expect(await co.getByTestId('command-outcome').textContent()).toMatch(/override as commanding officer\?/);
  await co.getByLabel('Override reason').fill('Second car tied up at the MVA on Route 2');
  await co.keyboard.press('Enter');
  await co.getByTestId('command-outcome').filter({ hasText: `412 dispatched to ${number} (override recorded)` }).waitFor();
  for (const page of [co, other]) {
    await page.locator(`[data-testid="status-board"] tr[data-unit="412"][data-status="dispatched"]`).waitFor();
    expect(await boardStatus(page, '412').textContent()).toMatch(new RegExp(`412.*Dispatched.*${number}`));
  }
  await other.locator(`[data-testid="active"] li[data-incident="${number}"]`).waitFor();
  await co.context().close();
  await other.context().close();
});

test('an emergency button activation through the API raises the alert on both consoles until it is acknowledged with what was done', async () => {
  const a = await floor.open('dkowalski', '/console');
  const b = await floor.open('mreyes', '/console');
  // the radio system reports unit 413's emergency button (81A §E.6.e)
  const activation = await a.request.post(`${floor.base}/api/v1/radio/emergency`, { headers: { origin: floor.base }, data: { radioId: '413' } });
  expect(activation.status()).toBe(201);
  for (const page of [a, b]) {
    const alert = page.getByTestId('alert-bar').locator('.alert.emergency');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/EMERGENCY.*413.*since \d{2}:\d{2}:\d{2}/);
    await page.locator('tr[data-unit="413"][data-status="emergency"]').waitFor();
  }
  // it cannot be dismissed without a note of what was done
  const acknowledge = b.getByRole('button', { name: 'Acknowledge emergency' });
  await acknowledge.click();
  expect(await b.getByTestId('alert-bar').locator('.alert.emergency').count()).toBe(1);
  await b.getByLabel('Action taken').fill('Raised 413 on channel 2, officer OK; 411 sent to assist');
  await acknowledge.click();
  for (const page of [a, b]) await page.getByTestId('alert-bar').locator('.alert.emergency').waitFor({ state: 'detached' });
});

test('two unanswered radio calls to a unit prompt another channel; contact made clears the count', async () => {
  const page = await floor.open('dkowalski', '/console');
  await command(page, 'NR 414');
  await page.getByTestId('command-outcome').filter({ hasText: '414: 1 unanswered call' }).waitFor();
  await command(page, 'NR 414');
  // 81A §E.6.a: after calling a unit twice with no answer, keep trying by other means
  await page.getByTestId('command-outcome').filter({ hasText: /414: 2 unanswered calls — No answer after two calls: .*cell phone or laptop/ }).waitFor();
  await page.locator('tr[data-unit="414"]').filter({ hasText: 'no answer ×2' }).waitFor();
  await command(page, 'CT 414');
  await page.getByTestId('command-outcome').filter({ hasText: 'contact with 414 recorded' }).waitFor();
  await page.locator('tr[data-unit="414"]').filter({ hasText: 'no answer' }).waitFor({ state: 'detached' });
});

test('the recommendation is shown for the selected incident and one key dispatches it', async () => {
  const page = await floor.open('dkowalski', '/console');
  const number = await takeCall(page, 'BURGLARY', '20 Bedford Street');
  const recommended = page.getByTestId('recommendation').locator('strong');
  await recommended.waitFor();
  // 81A §E.3.i burglary: the proposal meets the two-officer response
  const units = (await recommended.textContent())!.split(' ');
  expect(units.length).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('Alt+A');
  await page.getByTestId('command-outcome').filter({ hasText: `${units.join(' ')} dispatched to ${number}` }).waitFor();
  for (const unit of units) await page.locator(`tr[data-unit="${unit}"][data-status="dispatched"]`).waitFor();
});
