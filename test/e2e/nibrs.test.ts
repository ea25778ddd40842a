import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openCase } from '../../src/records/cases.ts';
import { localDateTime } from '../../src/records/nibrs/service.ts';
import { saveNibrs, setMapping } from '../../src/records/nibrs/service.ts';
import type { Actor } from '../../src/core/actor.ts';
import { createReport } from '../../src/records/reports.ts';
import { createItem } from '../../src/records/property/service.ts';
import { createPerson } from '../../src/records/names.ts';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';

// UPDATE_SCREENSHOTS=1 writes the screen's picture to docs/screenshots/; otherwise to test-results/.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';
const clerk: Actor = { username: 'swhitaker', roles: ['records_clerk'], source: 'test', remote: false };

let site: DemoSite;
beforeAll(async () => { site = await openDemoSite('nibrs'); }, 600_000);
afterAll(async () => site?.close());

async function signIn(username: string): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width: 1600, height: 1100 } });
  await site.signIn(page, username);
  await page.getByRole('link', { name: 'Records', exact: true }).click();
  return page;
}

/** The month before the agency's current one, `YYYY-MM`: a month that has ended and can be built. */
function lastMonth(): string {
  const [y, m] = localDateTime(new Date(), site.ctx.config.agency.timeZone).slice(0, 7).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

test('S-110 §A.1.q: a held-back assault is in the clerk’s inbox with its error; fixed in the editor it leaves the inbox, and the month is built and listed with its XML to download', async () => {
  const month = lastMonth();
  const { number } = await openCase(site.ctx, clerk, { type: 'ASSAULT', location: '14 Mill Road', occurredAt: `${month}-14T21:30:00-05:00` });
  const held = await saveNibrs(site.ctx, clerk, number, {
    offenses: [{ agencyCode: 'ASSAULT', attempted: false, locationType: '20' }],
    victims: [{ type: 'I', offenses: [1], age: 41, sex: 'F', race: 'W', injuries: ['M'], relationships: [{ offender: 1, relationship: 'Acquaintance' }] }],
    offenders: [{ age: 38, sex: 'M', race: 'W' }],
  }, undefined);
  expect(held.status).toBe('held');

  const page = await signIn('swhitaker');
  await page.getByRole('navigation', { name: 'Records' }).getByRole('link', { name: 'NIBRS' }).click();
  await page.getByLabel('Incidents of the month').fill(month);
  const row = page.getByRole('table', { name: 'Incidents held back' }).getByRole('row', { name: new RegExp(number) });
  await row.getByText(/offenses\[1\]\.weapons is required for Simple assault/).waitFor();
  const counts = page.getByRole('definition');
  expect(await counts.allTextContents()).toEqual(['0', '1', '0', '0']); // ready, held back, submitted, withdrawn in that month
  expect(await row.textContent()).toContain('Sam Whitaker');
  await expectNoSeriousA11yViolations(page, 'section.nibrs-inbox');
  await page.screenshot({ path: `${shots}/nibrs-inbox.png` });

  // the link goes to the editor with the cursor in the field to fix
  await row.getByRole('link', { name: 'Fix offenses[1].weapons' }).click();
  const weapons = page.getByLabel('Weapon or force');
  await weapons.waitFor();
  await expect.poll(() => weapons.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await weapons.getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('.field.invalid').filter({ has: weapons }).textContent()).toMatch(/give the weapon or force used/);

  // what the server refuses is shown beside the field it names, and nothing is saved
  const victim = page.getByRole('region', { name: 'Victim 1' });
  await victim.getByLabel('Age').fill('forty');
  await page.getByRole('button', { name: 'Save and run the edits' }).click();
  await victim.locator('[data-field="victims[1].age"]').getByText(/victims\.0\.age must be integer/).waitFor();
  expect(await victim.getByLabel('Age').getAttribute('aria-invalid')).toBe('true');
  await page.screenshot({ path: `${shots}/nibrs-editor.png`, fullPage: true });
  expect(await page.getByTestId('nibrs-status').textContent()).toContain('Version 1');

  await victim.getByLabel('Age').fill('41');
  await weapons.selectOption({ label: '40 Personal weapons (hands, fists, feet)' });
  await page.getByRole('button', { name: 'Save and run the edits' }).click();
  await page.getByRole('status').getByText('Saved: ready to submit.').waitFor();
  expect(await page.getByTestId('nibrs-status').textContent()).toMatch(/ready to submit.*Version 2.*Sam Whitaker/s);
  expect(await page.locator('.field.invalid').count()).toBe(0);
  await expectNoSeriousA11yViolations(page, 'section.nibrs-editor');

  await page.getByRole('link', { name: 'Back to the NIBRS inbox' }).click();
  await page.getByLabel('Incidents of the month').fill(month);
  await page.getByText(`No incident is held back in ${month}.`).waitFor();
  expect(await page.getByRole('definition').allTextContents()).toEqual(['1', '0', '0', '0']);

  await page.getByRole('link', { name: 'Monthly submissions' }).click();
  await page.getByLabel('Month', { exact: true }).fill(month);
  await page.getByRole('button', { name: 'Build the submission' }).click();
  await page.getByRole('status').getByText(`Built the submission of ${month}: 1 incident`).waitFor();
  const built = page.getByRole('table', { name: 'Submissions' }).getByRole('row', { name: new RegExp(month) });
  expect(await built.textContent()).toContain('Sam Whitaker #R-3');
  expect(await built.textContent()).not.toContain('swhitaker');
  await built.getByText(`Documents of ${month}`).click();
  const download = built.getByRole('link', { name: 'Download document 1' });
  expect(await download.getAttribute('href')).toMatch(/^\/api\/v1\/nibrs\/submissions\/[0-9a-f-]{36}\/files\/1$/);
  const xml = await page.evaluate(async (href) => (await fetch(href)).text(), (await download.getAttribute('href'))!);
  expect(xml).toContain(`<nc:ActivityIdentification><nc:IdentificationID>${number}</nc:IdentificationID>`);

  // the month already built answers as the server does, beside the month
  await page.getByRole('button', { name: 'Build the submission' }).click();
  await page.getByText(/nothing for .* can be submitted: every incident up to that month was submitted already/).waitFor();
  await expectNoSeriousA11yViolations(page, 'section[aria-labelledby="nibrs-submissions-title"]');
  await page.close();
});

test('S-110 §A.1.q, issue 23: a case with a burglary report opens its NIBRS data filled from the report, each carried value marked, and saved it is ready', async () => {
  const month = lastMonth();
  const officer: Actor = { username: 'jobrien', roles: ['patrol_officer'], source: 'test', remote: false };
  const { number } = await openCase(site.ctx, clerk, { type: 'BURGLARY', location: '3 Orchard Lane', occurredAt: `${month}-09T02:10:00-05:00` });
  const victim = await createPerson(site.ctx, clerk, { first: 'Mara', last: 'Quist', dob: '1971-04-30', sex: 'F', race: 'W' } as never);
  await createReport(site.ctx, officer, {
    kind: 'incident', caseNumber: number, narrative: 'Back door forced; a laptop taken.',
    fields: { offenses: ['220'], premises: '20', method: 'PRY', location: '3 Orchard Lane' }, parties: [{ type: 'person', id: victim.id, role: 'victim' }],
  });
  await createItem(site.ctx, officer, { caseNumber: number, kind: 'stolen', category: 'Computer', description: 'Grey laptop', value: 900, location: 'Outstanding (stolen)' } as never);

  const page = await signIn('swhitaker');
  await page.goto(`${site.baseUrl}/records/nibrs/cases/${number}`);
  await page.getByRole('status').getByText(/Filled from the case’s reports/).waitFor();
  const offense = page.getByRole('region', { name: 'Offense 1' });
  expect(await offense.getByLabel('Agency offense code').inputValue()).toBe('220');
  expect(await offense.getByTestId('from-report-offenses-1').textContent()).toMatch(/^Carried from incident report of .* by Jordan O.Brien.*: offense code, location type, method of entry$/);
  expect(await page.getByTestId('from-report-property-1').textContent()).toMatch(/Carried from property .*\(Computer: Grey laptop\): type of loss, description, value/);
  expect(await page.getByTestId('from-report-victims-1').textContent()).toMatch(/victim type, offenses suffered, master name, age, sex, race/);
  await expectNoSeriousA11yViolations(page, 'section.nibrs-editor');

  // a value the clerk changes is no longer marked as the report's; filling again changes nothing entered
  const value = page.getByRole('region', { name: 'Property 1' }).getByLabel('Value (whole dollars)');
  await value.fill('950');
  expect(await page.getByTestId('from-report-property-1').textContent()).toMatch(/type of loss, description$/);
  await page.getByRole('button', { name: 'Fill from the reports' }).click();
  await page.getByRole('status').getByText('The reports add nothing that is not here already.').waitFor();
  expect(await value.inputValue()).toBe('950');

  await page.getByRole('button', { name: 'Save and run the edits' }).click();
  await page.getByRole('status').getByText('Saved: ready to submit.').waitFor();
  await page.close();
}, 120_000);

test('S-110 §A.1.q, §B.1: an officer is offered no NIBRS screens', async () => {
  const officer = await signIn('jobrien');
  await officer.getByRole('navigation', { name: 'Records' }).waitFor();
  expect(await officer.getByRole('navigation', { name: 'Records' }).getByRole('link', { name: 'NIBRS' }).count()).toBe(0);
  await officer.close();
});

test('S-110 §A.1.q, issue 23 point 1: an officer assaulted is held back for the officer’s activity and assignment; the clerk picks them in the victim’s LEOKA fields and the incident is ready', async () => {
  const month = lastMonth();
  const { number } = await openCase(site.ctx, clerk, { type: 'ASSAULT', location: '3 Depot Square', occurredAt: `${month}-20T01:15:00-05:00` });
  const held = await saveNibrs(site.ctx, clerk, number, {
    offenses: [{ agencyCode: 'AGG_ASSAULT', attempted: false, locationType: '13', weapons: ['40'] }],
    victims: [{ type: 'L', offenses: [1], age: 33, sex: 'F', race: 'W', injuries: ['M'], circumstances: ['02'], relationships: [{ offender: 1, relationship: 'Stranger' }] }],
    offenders: [{ age: 27, sex: 'M', race: 'W' }],
  }, undefined);
  expect(held.errors.map((e) => e.field)).toEqual(['victims[1].officer.activity', 'victims[1].officer.assignment']);

  const page = await signIn('swhitaker');
  await page.goto(`${site.baseUrl}/records/nibrs/cases/${number}`);
  const leoka = page.getByRole('group', { name: 'Officer killed or assaulted, victim 1' });
  const activity = leoka.getByLabel('Officer’s activity');
  await activity.waitFor();
  expect(await activity.getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('.field.invalid').filter({ has: page.getByLabel('Officer’s activity') }).textContent()).toMatch(/what the officer was doing when assaulted/);
  await activity.selectOption({ label: '10 Traffic pursuits and stops' });
  await leoka.getByLabel('Officer’s assignment').selectOption({ label: 'G One-officer vehicle, alone (uniformed)' });
  await leoka.getByLabel('ORI of the other jurisdiction').fill('wvndx01');
  await page.getByRole('button', { name: 'Save and run the edits' }).click();
  await page.getByRole('status').getByText('Saved: ready to submit.').waitFor();
  await expectNoSeriousA11yViolations(page, 'section.nibrs-editor');
  expect((await site.ctx.db.selectFrom('nibrs_incident').select('data').where('case_number', '=', number).executeTakeFirstOrThrow()).data).toMatchObject({
    victims: [{ type: 'L', officer: { activity: '10', assignment: 'G', otherOri: 'WVNDX01' } }],
  });
  // an officer's fields show only for a victim of type L
  await page.getByRole('region', { name: 'Victim 1' }).getByLabel('Victim type').selectOption({ label: 'I Individual' });
  expect(await leoka.count()).toBe(0);
  await page.close();
}, 120_000);

test('S-110 §A.1.q, issue 23 point 1: a justifiable homicide is held back for how the criminal came to be killed (Data Element 32); the clerk picks it beside the circumstances and the incident is ready', async () => {
  await setMapping(site.ctx, clerk, 'JUSTIFIED_HOMICIDE', '09C', 'Justifiable homicide');
  const { number } = await openCase(site.ctx, clerk, { type: 'ASSAULT', location: '8 Quarry Road', occurredAt: `${lastMonth()}-09T22:05:00-05:00` });
  const held = await saveNibrs(site.ctx, clerk, number, {
    offenses: [{ agencyCode: 'JUSTIFIED_HOMICIDE', attempted: false, locationType: '20', weapons: ['12'] }],
    victims: [{ type: 'I', offenses: [1], age: 44, sex: 'M', race: 'W', circumstances: ['20'], relationships: [{ offender: 1, relationship: 'Stranger' }] }],
    offenders: [{ age: 61, sex: 'F', race: 'W' }],
  }, undefined);
  expect(held.errors.map((e) => e.field)).toEqual(['victims[1].justifiableHomicide']);

  const page = await signIn('swhitaker');
  await page.goto(`${site.baseUrl}/records/nibrs/cases/${number}`);
  const picker = page.getByRole('region', { name: 'Victim 1' }).getByLabel('Justifiable homicide circumstances');
  await picker.waitFor();
  expect(await picker.getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('.field.invalid').filter({ has: page.getByLabel('Justifiable homicide circumstances') }).textContent()).toMatch(/how the criminal came to be killed/);
  await picker.selectOption({ label: 'C Criminal attacked a civilian' });
  await page.getByRole('button', { name: 'Save and run the edits' }).click();
  await page.getByRole('status').getByText('Saved: ready to submit.').waitFor();
  await expectNoSeriousA11yViolations(page, 'section.nibrs-editor');
  await page.close();
}, 120_000);
