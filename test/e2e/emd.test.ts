import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { openFloor, takeCall, type Floor } from './console.harness.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';

// A medical call at the console (81A §I): the demo agency's placeholder cards; Dana Kowalski
// (dkowalski) holds a current EMD certification, Miguel Reyes (mreyes, the OIC) does not.
// UPDATE_SCREENSHOTS=1 writes the screenshots to docs/screenshots/; otherwise to test-results/.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';
let floor: Floor;
beforeAll(async () => { floor = await openFloor('emd'); });
afterAll(async () => { await floor?.close(); });
afterEach(async () => { await floor?.closeWindows(); });

test('a medical call opens the card; a certified dispatcher records an answer and marks an instruction given, each on the timeline with its time (81A §I.1.a, §I.1.b)', async () => {
  const page = await floor.open('dkowalski', '/console');
  const number = await takeCall(page, 'MEDICAL', '14 Elm Street');
  const detail = page.getByTestId('incident-detail').filter({ hasText: number });
  await detail.waitFor();
  const panel = page.getByTestId('emd-panel');
  await panel.waitFor();
  // keyboard: Alt+M goes to the chief complaint
  await page.keyboard.press('Alt+m');
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
  await panel.getByLabel(/Chief complaint/).selectOption('chest_pain');
  await panel.getByTestId('emd-card').waitFor();
  expect(await panel.textContent()).toMatch(/DEMO placeholder wording/);
  expect(await panel.getByTestId('emd-transfer').count()).toBe(0);
  expect(await panel.getByTestId('emd-certified').textContent()).toMatch(/Your EMD certification DEMO-EMD-0001 .* is current until \d{4}-\d{2}-\d{2}/);

  await panel.getByRole('textbox', { name: 'Answer: Is the patient awake and breathing normally?' }).fill('Yes, talking');
  await panel.getByRole('textbox', { name: 'Answer: Is the patient awake and breathing normally?' }).press('Enter');
  const timeline = detail.getByTestId('timeline');
  await timeline.getByText(/Is the patient awake and breathing normally\? — Yes, talking/).waitFor();
  await panel.getByRole('button', { name: /^Mark given: Have the patient stop all activity/ }).click();
  const given = timeline.locator('li').filter({ hasText: /instruction given — Have the patient stop all activity/ });
  await given.waitFor();
  expect(await given.locator('time').textContent()).toMatch(/^\d{2}:\d{2}/);
  expect(await given.textContent()).toMatch(/Dana Kowalski/);
  await panel.getByText(/✓ given/).waitFor();
  expect(await panel.getByRole('button', { name: /^Mark given: Have the patient stop all activity/ }).count()).toBe(0);
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/emd-card.png` });
  await expectNoSeriousA11yViolations(page, '[data-testid="emd-panel"]');
});

test('an uncertified dispatcher sees the card read-only with a prompt to transfer to the certified colleague on duty (81A §I.1.a)', async () => {
  const taker = await floor.open('dkowalski', '/console');
  const number = await takeCall(taker, 'MEDICAL', '20 Oak Street');
  const page = await floor.open('mreyes', '/console');
  await page.locator(`[data-testid="pending"] li[data-incident="${number}"] button`).click();
  const panel = page.getByTestId('emd-panel');
  await panel.waitFor();
  const prompt = panel.getByTestId('emd-transfer');
  await prompt.waitFor();
  expect(await prompt.textContent()).toMatch(/no current EMD certification.*Transfer the caller to a certified colleague: Dana Kowalski/s);
  await panel.getByLabel(/Chief complaint/).selectOption('bleeding');
  await panel.getByTestId('emd-card').waitFor();
  expect(await panel.textContent()).toContain('Press firmly on the wound');
  expect(await panel.getByRole('button', { name: /Mark given/ }).count()).toBe(0);
  expect(await panel.getByRole('textbox').count()).toBe(0);
  await expectNoSeriousA11yViolations(page, '[data-testid="emd-panel"]');
});

test('the commanding officer records a call-taker’s EMD certification on the EMD page; a bad date is shown beside its field; the cards are listed with their versions (81A §I.1.a, §I.1.b)', async () => {
  const page = await floor.open('mreyes', '/console');
  await page.goto(`${floor.base}/emd`);
  const screen = page.getByTestId('emd-page');
  await screen.getByRole('table', { name: 'Protocol cards' }).getByText('Chest pain (DEMO placeholder)').waitFor();
  expect(await screen.getByRole('table', { name: 'EMD certifications' }).textContent()).toMatch(/Dana Kowalski.*DEMO-EMD-0001.*current/);
  const form = screen.getByRole('form', { name: 'Record a certification' });
  // the call-takers by name, never oneself
  expect(await form.getByLabel('Person').locator('option').allTextContents()).toEqual(['—', 'Dana Kowalski #D-12']);
  await form.getByLabel('Person').selectOption({ label: 'Dana Kowalski #D-12' });
  await form.getByLabel('Certification number').fill('EMD-2042');
  await form.getByLabel('Issuing body').fill('State OEMS');
  await form.getByLabel('Issued on').fill('2026-01-10');
  await form.getByLabel('Expires on').fill('2025-01-10');
  await form.getByRole('button', { name: 'Record certification' }).click();
  await form.getByText(/expiresOn must be after issuedOn/).waitFor();
  expect(await form.getByLabel('Expires on').getAttribute('aria-invalid')).toBe('true');
  await form.getByLabel('Expires on').fill('2028-01-10');
  await form.getByRole('button', { name: 'Record certification' }).click();
  await screen.getByRole('status').filter({ hasText: /Certification EMD-2042 recorded/ }).waitFor();
  await screen.getByRole('table', { name: 'EMD certifications' }).getByText('EMD-2042').waitFor();
  await page.screenshot({ path: `${shots}/emd-page.png` });
  await expectNoSeriousA11yViolations(page, '[data-testid="emd-page"]');
});
