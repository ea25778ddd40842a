import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { command, openFloor, type Floor } from './console.harness.ts';

// Accessibility: the whole call-to-close flow with the keyboard alone —
// no click, no mouse move — on the one console screen.
let floor: Floor;
beforeAll(async () => { floor = await openFloor('keyboard'); });
afterAll(async () => { await floor?.close(); });
afterEach(async () => { await floor?.closeWindows(); });

test('a dispatcher takes a call, dispatches, records arrival, a note and clearing, and closes it, with the keyboard only', async () => {
  const page = await floor.open('dkowalski', '/console');
  const keys = page.keyboard;
  await keys.press('F3'); // the new-call form's first field
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-call-line');
  // the labels name every field a screen reader lands on
  const focusedLabel = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent?.trim() ?? document.activeElement?.getAttribute('aria-label'));
  async function tabTo(label: RegExp): Promise<void> {
    for (let i = 0; i < 30; i++) {
      await keys.press('Tab');
      if (label.test((await focusedLabel()) ?? '')) return;
    }
    throw new Error(`no field labelled ${label} reached with Tab`);
  }
  await tabTo(/^Caller/);
  await keys.type('Robin Ames');
  await tabTo(/^Callback/);
  await keys.type('781-555-0199');
  await tabTo(/^Incident type/);
  await keys.type('Disturbance'); // type-ahead on the select
  await tabTo(/^Location/);
  await keys.type('1575 Massachusetts Avenue');
  await keys.press('Enter');
  const created = await page.getByRole('status').filter({ hasText: /Incident \d{2}-\d{5} created/ }).textContent();
  const number = /(\d{2}-\d{5})/.exec(created!)![1]!;
  await page.getByTestId('incident-detail').filter({ hasText: number }).waitFor();
  expect(await page.getByTestId('incident-detail').textContent()).toContain('Disturbance');

  // the new incident is selected: commands without a number act on it
  await command(page, 'D 411 412'); // 81A §E.3.a disturbances: two officers
  await page.getByTestId('command-outcome').filter({ hasText: `411 412 dispatched to ${number}` }).waitFor();
  await command(page, 'AR 411'); // 81A §E.2.e arrived
  await page.locator('tr[data-unit="411"][data-status="arrived"]').waitFor();
  await command(page, 'N both parties separated, no injuries');
  await page.getByTestId('timeline').filter({ hasText: 'both parties separated, no injuries' }).waitFor();
  await command(page, 'AV 411'); // 81A §E.2.f back in service
  await command(page, 'AV 412');
  await page.locator('tr[data-unit="412"][data-status="available"]').waitFor();
  await command(page, 'C ADVISED');
  await page.getByTestId('command-outcome').filter({ hasText: `${number} closed (ADVISED)` }).waitFor();
  await page.getByTestId('incident-detail').filter({ hasText: 'Closed' }).waitFor();
  expect(await page.locator(`[data-testid="active"] li[data-incident="${number}"]`).count()).toBe(0);

  // the focus stays visible: the focused element draws an outline
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
});

test('tab completes call signs and incident numbers, and ↑ brings back the last command', async () => {
  const page = await floor.open('dkowalski', '/console');
  await page.keyboard.press('F2');
  await page.keyboard.type('ST 41');
  await page.keyboard.press('Tab');
  expect(await page.getByTestId('completions').textContent()).toBe('411  412  413  414');
  await page.keyboard.type('3');
  await page.keyboard.press('Tab');
  expect(await page.locator('#command-line').inputValue()).toBe('ST 413 ');
  await page.keyboard.press('Enter');
  await page.getByTestId('command-outcome').waitFor();
  await page.keyboard.press('ArrowUp');
  expect(await page.locator('#command-line').inputValue()).toBe('ST 413');
});

test('every field and button on the console and the field view has a name a screen reader can read', async () => {
  for (const [user, path] of [['dkowalski', '/console'], ['jobrien', '/field']] as const) {
    const page = await floor.open(user, path);
    const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => {
        const control = el as HTMLInputElement;
        const named = (control.labels?.length ?? 0) > 0 || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent?.trim());
        return !named;
      })
      .map((el) => el.outerHTML.slice(0, 80)));
    expect(unnamed).toEqual([]);
    // landmarks and headings let a screen reader jump between the parts of the screen
    expect(await page.getByRole('heading').count()).toBeGreaterThan(1);
  }
});
