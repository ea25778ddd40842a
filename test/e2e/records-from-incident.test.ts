import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { initiateIncident } from '../../src/dispatch/units/initiate.ts';
import { putCode } from '../../src/agency/service.ts';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';
import type { Actor } from '../../src/core/actor.ts';

// A records clerk without CAD access starts a citation and a crash report from a CAD incident number,
// the crash conditions picked by their words from the code tables an administrator edits; and the
// console's record links, shown to a login holding a console role and records.write (S-110 §A.1.p, e).
let site: DemoSite;
let clerk: Page;
let stop = '';
const as = (username: string, role: string): Actor => ({ username, roles: [role], source: 'test', remote: false });

beforeAll(async () => {
  site = await openDemoSite('records-from-incident');
  stop = (await initiateIncident(site.ctx, as('jobrien', 'patrol_officer'), '411', { type: 'MV_STOP', address: '9 Waltham Street', plate: '4KX 219', state: 'NH' })).number;
  await putCode(site.ctx, as('admin', 'system_administrator'), 'crash_road', { code: 'gravel', name: 'Gravel (unpaved)' });
  clerk = await (await site.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await site.signIn(clerk, 'swhitaker');
});
afterAll(async () => site?.close());

test('a records clerk without CAD access fills a citation from the traffic stop’s number, and a crash report from it with a condition the administrator added (S-110 §A.1.p, §A.1.e)', async () => {
  await clerk.goto(`${site.baseUrl}/records/citations/new`);
  const form = clerk.getByRole('form', { name: 'New citation' });
  await form.getByLabel('From CAD incident').fill(stop);
  await form.getByRole('button', { name: 'Fill from incident' }).click();
  await clerk.getByTestId('incident-start').filter({ hasText: stop }).waitFor();
  expect(await form.getByLabel('Plate', { exact: true }).inputValue()).toBe('4KX 219');
  expect(await form.getByLabel('Plate state').inputValue()).toBe('NH');
  expect(await form.getByLabel('Location').inputValue()).toBe('9 Waltham Street');
  expect(await clerk.getByTestId('incident-start').textContent()).not.toMatch(/Traffic stop by|411/); // nothing of the CAD log
  await clerk.getByRole('heading', { name: `New citation from CAD incident ${stop}` }).waitFor();
  await form.getByLabel('Citation number').fill('T7770001');
  await form.getByLabel('90-17 Speeding').check();
  await expectNoSeriousA11yViolations(clerk, 'main');
  await form.getByRole('button', { name: 'Issue citation' }).click();
  await clerk.getByRole('heading', { name: 'Citation T7770001' }).waitFor();
  const caseNumber = /C\d{2}-\d{5}/.exec((await clerk.locator('dl.facts').textContent())!)![0];

  // the stop's case page: a new crash report in it is filled from the stop
  await clerk.goto(`${site.baseUrl}/records/cases/${caseNumber}`);
  await clerk.getByRole('link', { name: `New crash report in case ${caseNumber}` }).click();
  const crash = clerk.getByRole('form', { name: 'New crash report' });
  await clerk.getByTestId('incident-start').filter({ hasText: stop }).waitFor();
  expect(await crash.getByLabel('Location').inputValue()).toBe('9 Waltham Street');
  expect(await crash.getByLabel('Occurred').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/); // when the stop was reported, on the agency's clock
  await crash.getByLabel('Road surface').selectOption({ label: 'Gravel (unpaved)' });
  await crash.getByLabel('Light').selectOption({ label: 'Dark – roadway not lighted' });
  await crash.getByLabel('Weather').selectOption({ label: 'Fog, smog, smoke' });
  await crash.getByLabel('Damage').fill('Rear bumper');
  await expectNoSeriousA11yViolations(clerk, 'main');
  await crash.getByRole('button', { name: 'File crash report' }).click();
  await clerk.getByRole('link', { name: 'Print crash report (PDF)' }).waitFor();
  expect(await clerk.locator('dl.facts').textContent()).toContain('Gravel (unpaved) / Dark – roadway not lighted / Fog, smog, smoke');
  expect(await clerk.locator('dl.facts').textContent()).toContain(caseNumber);
  await clerk.goto(`${site.baseUrl}/records/cases/${caseNumber}`);
  await clerk.getByRole('table').filter({ hasText: 'Fog, smog, smoke' }).waitFor(); // the case page's crash list, by the words
});

test('a dispatcher who also holds the records clerk’s role sees the record links on a traffic stop in the console and opens the citation with the plate filled in (S-110 §A.1.p)', async () => {
  await site.ctx.db.updateTable('app_user').set({ roles: ['dispatcher', 'records_clerk'] }).where('username', '=', 'mreyes').execute();
  const dispatcher = await (await site.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await site.signIn(dispatcher, 'mreyes');
  await dispatcher.goto(`${site.baseUrl}/console`);
  await dispatcher.locator(`li[data-incident="${stop}"] button`).click();
  const detail = dispatcher.getByTestId('incident-detail').filter({ hasText: stop });
  await detail.waitFor();
  const links = detail.getByRole('navigation', { name: `Records for ${stop}` });
  await links.getByRole('link', { name: `Start a crash report for ${stop}` }).waitFor();
  await links.getByRole('link', { name: `Log a tow for ${stop} (plate filled in)` }).waitFor();
  await expectNoSeriousA11yViolations(dispatcher, '[data-testid="incident-detail"]');
  await links.getByRole('link', { name: `Write a citation for ${stop} (plate filled in)` }).click();
  await dispatcher.getByRole('heading', { name: `New citation from CAD incident ${stop}` }).waitFor();
  const form = dispatcher.getByRole('form', { name: 'New citation' });
  expect(await form.getByLabel('Plate', { exact: true }).inputValue()).toBe('4KX 219');
  expect(await form.getByLabel('Location').inputValue()).toBe('9 Waltham Street');
});
