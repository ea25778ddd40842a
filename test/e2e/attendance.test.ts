import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';

// UPDATE_SCREENSHOTS=1 writes the screen's picture to docs/screenshots/; otherwise to test-results/.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';

let site: DemoSite;
beforeAll(async () => { site = await openDemoSite('attendance'); }, 600_000);
afterAll(async () => site?.close());

async function signIn(username: string): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width: 1600, height: 1100 } });
  await site.signIn(page, username);
  await page.getByRole('link', { name: 'Attendance', exact: true }).click();
  return page;
}

test('S-110 §A.1.i: the commanding officer records an officer sick; the roster shows the gap by name with its reason; the period report counts the sick day; the officer reads their own entry', async () => {
  const page = await signIn('mreyes');
  const form = page.getByRole('form', { name: 'Record attendance' });
  await form.getByLabel('Employee').locator('option', { hasText: 'Jordan O’Brien #311' }).waitFor({ state: 'attached' });
  await form.getByLabel('Employee').selectOption({ label: 'Jordan O’Brien #311' });
  await form.getByLabel('Shift').selectOption({ label: 'Day (07:00–15:00)' });
  await form.getByLabel('Reason').selectOption({ label: 'Sick' });
  await form.getByLabel('Note').fill('Called in 05:40');
  await form.getByRole('button', { name: 'Record' }).click();

  const roster = page.getByRole('table', { name: 'Roster Day (07:00–15:00)' });
  await roster.getByRole('row', { name: /Jordan O’Brien #311.*Absent — sick/ }).waitFor();
  expect(await roster.locator('caption').textContent()).toMatch(/4 rostered, 1 absent, 3 on duty/);
  expect(await roster.getByRole('row', { name: /Priya Nguyen #318/ }).textContent()).toContain('On duty');
  const report = page.getByRole('table', { name: 'Attendance report' });
  await report.getByRole('row', { name: /Jordan O’Brien #311/ }).getByText('Sick 1').waitFor();
  expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toMatch(/report\.csv\?from=\d{4}-\d{2}-01&to=/);

  await expectNoSeriousA11yViolations(page, 'section.attendance');
  await page.screenshot({ path: `${shots}/attendance.png`, fullPage: true });

  // a refusal shows its reason and clause; nothing is recorded
  await form.getByLabel('Employee').selectOption({ label: 'Priya Nguyen #318' });
  await form.getByLabel('Kind').selectOption({ label: 'Overtime' });
  await form.getByLabel('Reason').selectOption({ label: 'Detail' });
  await form.getByLabel('Hours').fill('30');
  await form.getByRole('button', { name: 'Record' }).click();
  await form.getByRole('alert').getByText(/at most 24 hours.*S-110 §A\.1\.i/).waitFor();

  const entries = page.getByRole('table', { name: /^Entries for / });
  const text = (await entries.textContent()) ?? '';
  expect(text).toContain('Miguel Reyes #207');
  expect(text).not.toMatch(/mreyes|jobrien/);
  expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await page.close();

  const officer = await signIn('jobrien');
  const mine = officer.getByRole('table', { name: 'My attendance this month' });
  await mine.getByText('Absent — sick').waitFor();
  expect(await officer.getByRole('form', { name: 'Record attendance' }).count()).toBe(0);
  expect(await officer.getByRole('link', { name: 'Export CSV' }).count()).toBe(0);
  await officer.close();
});
