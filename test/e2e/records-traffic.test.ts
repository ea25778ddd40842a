import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { initiateIncident } from '../../src/dispatch/units/initiate.ts';
import { createPerson } from '../../src/records/names.ts';
import { openCase } from '../../src/records/cases.ts';
import { agencyDate } from '../../src/core/clock.ts';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';
import type { Actor } from '../../src/core/actor.ts';

// Citations, crash reports, tows and restraining orders as the people who write them use the
// Records screens (S-110 §A.1.p, e, w, t): an officer's citation from a traffic stop found by the
// clerk in the list, a crash with its diagram, a tow released after the owner was told, and an
// order the officer then sees as a caution on the field view.
// UPDATE_SCREENSHOTS=1 writes the citation screen's picture to docs/screenshots/; otherwise to test-results/.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';
let site: DemoSite;
let clerk: Page;
let officer: Page;
let stop = '';
let caseNumber = '';
const STOP_ADDRESS = '41 Hancock Street';
const as = (username: string, role: string): Actor => ({ username, roles: [role], source: 'test', remote: false });

beforeAll(async () => {
  site = await openDemoSite('records-traffic');
  stop = (await initiateIncident(site.ctx, as('jobrien', 'patrol_officer'), '411', { type: 'MV_STOP', address: STOP_ADDRESS, plate: '7RT 442', state: 'MA' })).number;
  caseNumber = (await openCase(site.ctx, as('swhitaker', 'records_clerk'), { type: 'MV CRASH', location: 'Main Street at Elm Street' })).number;
  officer = await (await site.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await site.signIn(officer, 'jobrien');
  clerk = await (await site.browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await site.signIn(clerk, 'swhitaker');
});
afterAll(async () => site?.close());

const refusalBeside = (page: Page, field: string) => page.locator(`.field-error[data-field="${field}"]`);

test('the officer starts a citation from the traffic stop on the field view with the plate filled in; the clerk finds it in the list by plate (S-110 §A.1.p)', async () => {
  await officer.goto(`${site.baseUrl}/field`);
  await officer.getByTestId('my-incident').filter({ hasText: stop }).waitFor();
  await officer.getByRole('link', { name: `Write a citation for ${stop} (plate filled in)` }).click();
  await officer.getByRole('heading', { name: `New citation from CAD incident ${stop}` }).waitFor();
  const form = officer.getByRole('form', { name: 'New citation' });
  expect(await form.getByLabel('Plate', { exact: true }).inputValue()).toBe('7RT 442');
  expect(await form.getByLabel('Plate state').inputValue()).toBe('MA');
  expect(await form.getByLabel('Location').inputValue()).toBe(STOP_ADDRESS);
  await form.getByLabel('Citation number').fill('T5550101');
  await form.getByLabel('90-17 Speeding').check();
  await expectNoSeriousA11yViolations(officer, 'main');
  await form.getByRole('button', { name: 'Issue citation' }).click();
  await officer.getByRole('heading', { name: 'Citation T5550101' }).waitFor();
  const facts = await officer.locator('dl.facts').textContent();
  expect(facts).toContain(stop);
  expect(facts).toMatch(/C\d{2}-\d{5}/); // filed under the stop's case (S-110 §B)
  expect(facts).toContain('7RT 442 MA');
  expect(facts).toContain('Jordan O’Brien'); // the officer by name, not by login
  expect(facts).not.toContain('jobrien');
  await expectNoSeriousA11yViolations(officer, 'main');
  await officer.screenshot({ path: `${shots}/records-citation.png`, fullPage: true });

  // the same number twice is refused beside the number
  await officer.goto(`${site.baseUrl}/records/citations/new?plate=1AB2`);
  const again = officer.getByRole('form', { name: 'New citation' });
  await again.getByLabel('Citation number').fill('T5550101');
  await again.getByLabel('Location').fill('Main Street');
  await again.getByLabel('90-17 Speeding').check();
  await again.getByRole('button', { name: 'Issue citation' }).click();
  expect(await refusalBeside(officer, 'number').textContent()).toMatch(/citation T5550101 is already recorded.*S-110 §A\.1\.p/);

  await clerk.getByRole('link', { name: 'Records' }).click();
  await clerk.getByRole('navigation', { name: 'Records' }).getByRole('link', { name: 'Citations' }).click();
  const find = clerk.getByRole('form', { name: 'Find citations' });
  await find.getByLabel('Plate').fill('7rt442');
  await find.getByRole('button', { name: 'Find citations' }).click();
  const list = clerk.getByRole('table', { name: 'Citations' });
  await list.getByRole('row').filter({ hasText: 'T5550101' }).waitFor();
  expect(await list.getByRole('row').count()).toBe(2); // the heading row and the one citation
  expect(await list.textContent()).toContain('Speeding');
  await expectNoSeriousA11yViolations(clerk, 'main');
});

test('from the same traffic stop the officer opens a crash report with its place and time filled in, and logs a tow filed under the stop’s case (S-110 §A.1.e, §A.1.w, §B)', async () => {
  await officer.goto(`${site.baseUrl}/field`);
  const records = officer.getByRole('navigation', { name: `Records for ${stop}` });
  await records.getByRole('link', { name: `Start a crash report for ${stop}` }).click();
  await officer.getByRole('heading', { name: `New crash report from CAD incident ${stop}` }).waitFor();
  const crash = officer.getByRole('form', { name: 'New crash report' });
  expect(await crash.getByLabel('Location').inputValue()).toBe(STOP_ADDRESS);
  // when the stop was reported, on the agency's clock, as the datetime field takes it
  const reported = await site.ctx.db.selectFrom('incident').select('reported_at').where('number', '=', stop).executeTakeFirstOrThrow();
  const wall = new Intl.DateTimeFormat('sv-SE', { timeZone: site.ctx.config.agency.timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(reported.reported_at));
  expect(await crash.getByLabel('Occurred').inputValue()).toBe(wall.replace(' ', 'T'));
  expect(await officer.locator('.notice').textContent()).toContain(`CAD incident ${stop}`);

  await officer.goBack();
  await records.getByRole('link', { name: `Log a tow for ${stop} (plate filled in)` }).click();
  await officer.getByRole('heading', { name: `New tow from CAD incident ${stop}` }).waitFor();
  const tow = officer.getByRole('form', { name: 'New tow' });
  expect(await tow.getByLabel('Vehicle towed: plate').inputValue()).toBe('7RT 442');
  await tow.getByRole('button', { name: 'Find vehicle' }).click();
  await tow.getByLabel('State').fill('MA');
  await tow.getByRole('button', { name: 'Add 7RT 442 to the vehicle index' }).click();
  await tow.getByTestId('vehicleId-picked').waitFor();
  await tow.getByLabel('Tow company').fill('Minuteman Towing');
  await tow.getByLabel('Reason').fill('Unregistered, no insurance');
  await tow.getByLabel('Storage location').fill('12 Industrial Drive, lot B');
  await expectNoSeriousA11yViolations(officer, 'main');
  await tow.getByRole('button', { name: 'Log tow' }).click();
  await officer.getByRole('heading', { name: /^Tow — 7RT 442/ }).waitFor();
  const filed = await site.ctx.db.selectFrom('record_case').select('number').where('incident_number', '=', stop).execute();
  expect(filed).toHaveLength(1); // the citation's case: one case for the stop
  expect(await officer.locator('dl.facts').textContent()).toContain(filed[0]!.number);
});

test('a clerk files a crash report under a case with its units, an injured occupant and the conditions, and attaches the diagram (S-110 §A.1.e)', async () => {
  await clerk.goto(`${site.baseUrl}/records/cases/${caseNumber}`);
  await clerk.getByRole('link', { name: `New crash report in case ${caseNumber}` }).click();
  const form = clerk.getByRole('form', { name: 'New crash report' });
  expect(await form.getByLabel('File under case').inputValue()).toBe(caseNumber);
  await clerk.getByTestId('case-found').filter({ hasText: 'MV CRASH' }).waitFor();
  await form.getByLabel('Occurred').fill('2026-11-30T08:15');
  await form.getByLabel('Location').fill('Main Street at Elm Street');
  await form.getByLabel('Road surface').selectOption('ice');
  await form.getByLabel('Light').selectOption('daylight');
  await form.getByLabel('Weather').selectOption('snow');
  await form.getByLabel('Damage').fill('Front end, airbags deployed');
  await form.getByRole('button', { name: 'Add an occupant to unit 1' }).click();
  await form.getByLabel('or name (not in the index)').fill('Passenger, unnamed');
  await form.getByLabel('Injury').selectOption('B');
  await expectNoSeriousA11yViolations(clerk, 'main');
  await form.getByRole('button', { name: 'File crash report' }).click();
  await clerk.getByRole('heading', { name: /^Crash report — 2026-11-30 08:15$/ }).waitFor();
  expect(await clerk.getByRole('table', { name: 'Units' }).textContent()).toContain('Passenger, unnamed (B – suspected minor)');
  expect(await clerk.locator('dl.facts').textContent()).toContain('Ice / frost / Daylight / Snow');

  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  await clerk.getByLabel('Attach the diagram (PNG, JPEG or PDF)').setInputFiles({ name: 'diagram.png', mimeType: 'image/png', buffer: png });
  const diagram = clerk.getByRole('img', { name: 'Crash diagram, Main Street at Elm Street' });
  await diagram.waitFor();
  await expect.poll(() => diagram.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1); // the stored picture is served back
  await expectNoSeriousA11yViolations(clerk, 'main');

  // the case lists it, and the crash list finds it by whether a diagram is attached
  await clerk.getByRole('link', { name: caseNumber }).first().click();
  expect(await clerk.getByRole('table', { name: 'Crash reports' }).textContent()).toContain('Main Street at Elm Street');
});

test('a tow is logged for a vehicle added to the index, is refused release before the owner is told, and is then released (S-110 §A.1.w)', async () => {
  await clerk.goto(`${site.baseUrl}/records/cases/${caseNumber}`);
  await clerk.getByRole('link', { name: `New tow in case ${caseNumber}` }).click();
  const form = clerk.getByRole('form', { name: 'New tow' });
  await form.getByLabel('Vehicle towed: plate').fill('5TW 881');
  await form.getByRole('button', { name: 'Find vehicle' }).click();
  await form.getByRole('button', { name: 'Add 5TW 881 to the vehicle index' }).click();
  await form.getByTestId('vehicleId-picked').waitFor();
  await form.getByLabel('Tow company').fill('Pioneer Valley Towing');
  await form.getByLabel('Reason').fill('Disabled in the crash');
  await form.getByLabel('Storage location').fill('12 Industrial Drive, lot B');
  await expectNoSeriousA11yViolations(clerk, 'main');
  await form.getByRole('button', { name: 'Log tow' }).click();
  await clerk.getByRole('heading', { name: /^Tow — 5TW 881/ }).waitFor();

  const release = clerk.getByRole('form', { name: 'Release vehicle' });
  await release.getByLabel('Released to').fill('Registered owner');
  await release.getByRole('button', { name: 'Release vehicle' }).click();
  expect(await release.getByRole('alert').textContent()).toMatch(/owner was notified.*S-110 §A\.1\.w/);
  const notify = clerk.getByRole('form', { name: 'Record owner notified' });
  await notify.getByLabel('How the owner was notified').fill('Telephone, 413-555-0100');
  await notify.getByRole('button', { name: 'Record owner notified' }).click();
  await notify.waitFor({ state: 'detached' });
  await release.getByLabel('Released to').fill('Registered owner, licence checked');
  await release.getByRole('button', { name: 'Release vehicle' }).click();
  await clerk.getByTestId('released').filter({ hasText: 'to Registered owner, licence checked' }).waitFor();
  await expectNoSeriousA11yViolations(clerk, 'main');

  await clerk.getByRole('navigation', { name: 'Records' }).getByRole('link', { name: 'Tows' }).click();
  const find = clerk.getByRole('form', { name: 'Find tows' });
  await find.getByLabel('Status').selectOption('released');
  await find.getByRole('button', { name: 'Find tows' }).click();
  await clerk.getByRole('table', { name: 'Tows' }).getByRole('row').filter({ hasText: '5TW 881' }).filter({ hasText: 'released' }).waitFor();
});

test('a restraining order entered by the clerk (after a refused expiry) shows as a caution on the field view of the officer at its address (S-110 §A.1.t)', async () => {
  const respondent = await createPerson(site.ctx, as('swhitaker', 'records_clerk'), { first: 'Wade', last: 'Corliss', dob: '1984-06-11' });
  expect(respondent.id).toBeTruthy();
  const today = agencyDate(site.ctx.config.agency.timeZone, site.ctx.clock.now());
  await clerk.goto(`${site.baseUrl}/records/orders/new?case=${caseNumber}`);
  const form = clerk.getByRole('form', { name: 'New order' });
  await form.getByLabel('Kind').selectOption('restraining');
  await form.getByLabel('Respondent').fill('corliss wade');
  await form.getByRole('button', { name: 'Find respondent' }).click();
  await form.getByRole('button', { name: /^Corliss, Wade/ }).click();
  await form.getByLabel('Addresses to stay away from (one a line)').fill(STOP_ADDRESS);
  await form.getByLabel('Terms').fill('Stay 100 yards away from the household at 41 Hancock Street');
  await form.getByLabel('Issuing court').fill('Millbrook District Court');
  await form.getByLabel('Docket number').fill('2611RO0077');
  await form.getByLabel('Issued on').fill(today);
  await form.getByLabel('Expires on').fill('2020-01-01');
  await form.getByRole('button', { name: 'Record order' }).click();
  expect(await refusalBeside(clerk, 'expiresOn').textContent()).toMatch(/expires \(2020-01-01\) before it is issued.*S-110 §A\.1\.t/);
  await expectNoSeriousA11yViolations(clerk, 'main');
  await form.getByLabel('Expires on').fill('2099-12-31');
  await form.getByRole('button', { name: 'Record order' }).click();
  await clerk.getByRole('heading', { name: 'Restraining order — Corliss, Wade' }).waitFor();
  expect(await clerk.getByTestId('order-status').textContent()).toBe('in force');
  await expectNoSeriousA11yViolations(clerk, 'main');

  await officer.goto(`${site.baseUrl}/field`);
  const caution = officer.getByTestId('my-incident').getByRole('alert', { name: 'Cautions at this address' });
  await caution.waitFor();
  const text = await caution.textContent();
  expect(text).toContain('RESTRAINING ORDER: Corliss, Wade');
  expect(text).toContain('docket 2611RO0077');
  await expectNoSeriousA11yViolations(officer, '[data-testid="my-incident"]');
});
