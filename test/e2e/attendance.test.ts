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

test('S-110 §A.1.i: the commanding officer sets the day watch’s minimum staffing and the screen warns it is below; a yearly vacation grant shows its balance, and leave past it is recorded only with an override', async () => {
  const page = await signIn('mreyes');
  const minimum = page.getByRole('form', { name: 'Set minimum staffing' });
  await minimum.getByLabel('Watch (roster shift)').fill('Day (07:00–15:00)');
  await minimum.getByLabel('Minimum on duty').fill('5');
  await minimum.getByRole('button', { name: 'Set the minimum' }).click();
  await page.getByRole('alert').filter({ hasText: /Below minimum staffing: Day \(07:00–15:00\) has \d on duty, the minimum is 5 \(S-110 §A\.1\.i\)/ }).waitFor();
  expect(await page.getByRole('table', { name: 'Roster Day (07:00–15:00)' }).locator('caption').textContent()).toMatch(/; minimum 5$/);

  const plan = page.getByRole('form', { name: 'Set a leave plan' });
  await plan.getByLabel('Employee').locator('option', { hasText: 'Priya Nguyen #318' }).waitFor({ state: 'attached' });
  await plan.getByLabel('Employee').selectOption({ label: 'Priya Nguyen #318' });
  await plan.getByLabel('Credited').selectOption({ label: 'Once a year' });
  await plan.getByLabel('Hours', { exact: true }).fill('8');
  await plan.getByLabel('From').fill('2026-01-01');
  await plan.getByRole('button', { name: 'Set the plan' }).click();
  const balances = page.getByRole('table', { name: 'Leave balances' });
  await balances.getByRole('row', { name: /Priya Nguyen #318 Vacation 8 h a year from 2026-01-01 8 h 0 h 8 h/ }).waitFor();

  const form = page.getByRole('form', { name: 'Record attendance' });
  const vacation = async (date: string) => {
    await form.getByLabel('Employee').selectOption({ label: 'Priya Nguyen #318' });
    await form.getByLabel('Date').fill(date);
    await form.getByLabel('Reason').selectOption({ label: 'Vacation / annual leave' });
  };
  await vacation('2026-12-21');
  await form.getByRole('button', { name: 'Record' }).click();
  await balances.getByRole('row', { name: /Priya Nguyen #318 Vacation .* 8 h 8 h 0 h$/ }).waitFor();
  await vacation('2026-12-22');
  await form.getByRole('button', { name: 'Record' }).click();
  await form.getByRole('alert').getByText(/leaves -8 h: a balance does not go below zero without an override/).waitFor();
  await form.getByLabel('Override if it takes the balance below zero (why)').fill('Approved by the chief');
  await form.getByRole('button', { name: 'Record' }).click();
  await balances.getByRole('row', { name: /Priya Nguyen #318 Vacation .* 8 h 16 h -8 h$/ }).waitFor();
  await expectNoSeriousA11yViolations(page, 'section.attendance');
  await page.close();
});
