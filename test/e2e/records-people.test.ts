import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { consoleActor } from '../../src/identity/service.ts';
import { createPerson } from '../../src/records/names.ts';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';

// UPDATE_SCREENSHOTS=1 writes the screens' pictures to docs/screenshots/; otherwise to test-results/.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';
let site: DemoSite;

async function signIn(username: string): Promise<Page> {
  const page = await site.browser.newPage();
  await site.signIn(page, username);
  await page.getByRole('link', { name: 'Records' }).click();
  return page;
}

beforeAll(async () => { site = await openDemoSite('records-people'); });
afterAll(async () => site?.close());

test('a records clerk edits a person (alias, identifier, address, phone, description), merges a duplicate side by side and undoes the merge (S-110 §A.1.o)', async () => {
  const kept = await createPerson(site.ctx, consoleActor(), { first: 'Marcus', last: 'Tillman', dob: '1988-07-19' });
  await createPerson(site.ctx, consoleActor(), { first: 'Marc', last: 'Tilman', dob: '1988-07-19', phones: [{ number: '413-555-0199', kind: 'mobile' }] });
  const clerk = await signIn('swhitaker');
  await clerk.goto(`${site.baseUrl}/records/names/${kept.id}`);
  await clerk.getByRole('heading', { name: 'Tillman, Marcus' }).waitFor();

  await clerk.getByLabel('Alias last name').fill('Tillmann');
  await clerk.getByLabel('Alias first name').fill('Mark');
  await clerk.getByRole('button', { name: 'Add alias' }).click();
  await clerk.getByRole('list', { name: 'Aliases' }).getByText('Tillmann, Mark').waitFor();
  await clerk.getByLabel('Identifier number').fill('S12345678');
  await clerk.getByLabel('Issuing state').fill('ma');
  await clerk.getByRole('button', { name: 'Add identifier' }).click();
  await clerk.getByRole('list', { name: 'Identifiers' }).getByText('license S12345678 (MA)').waitFor();
  await clerk.getByLabel('Address', { exact: true }).fill('14 Cedar Street');
  await clerk.getByRole('button', { name: 'Add address' }).click();
  await clerk.getByLabel('Phone number').fill('413-555-0142');
  await clerk.getByRole('button', { name: 'Add phone' }).click();
  await clerk.getByRole('list', { name: 'Phones' }).getByText('413-555-0142 (mobile)').waitFor();
  await clerk.getByLabel('Phone number').fill('not a phone');
  await clerk.getByRole('button', { name: 'Add phone' }).click();
  await clerk.getByRole('alert').filter({ hasText: /phones/ }).waitFor(); // refused by the server, naming the field
  await clerk.getByRole('button', { name: 'Remove 14 Cedar Street (home)' }).click();
  await clerk.getByRole('list', { name: 'Addresses' }).getByText('None.').waitFor();

  await clerk.getByText('Edit name and physical description').click();
  await clerk.getByLabel('Height (feet)').fill('5');
  await clerk.getByLabel('Height (inches)').fill('11');
  await clerk.getByLabel('Weight (lb)').fill('182');
  await clerk.getByLabel('Sex').selectOption('M');
  await clerk.getByRole('button', { name: 'Save description' }).click();
  await clerk.getByText('5′11″ / 182 lb').waitFor();
  await expectNoSeriousA11yViolations(clerk, '.records');

  await clerk.getByText('Merge a duplicate into this person').click();
  await clerk.getByLabel('Find the duplicate').fill('Marc Tilman');
  await clerk.getByRole('button', { name: 'Find duplicates' }).click();
  await clerk.getByRole('button', { name: /Compare Tilman, Marc/ }).click();
  const side = clerk.getByRole('table', { name: 'Side by side' });
  await side.getByText('413-555-0199').waitFor(); // the duplicate's phone, beside this person's
  expect(await side.getByRole('row', { name: /Name/ }).textContent()).toContain('Tilman, Marc');
  await expectNoSeriousA11yViolations(clerk, '.records');
  await clerk.screenshot({ path: `${shots}/records-person-merge.png`, fullPage: true });
  await clerk.getByLabel('Reason for the merge').fill('Same person: same DOB, name misspelt at booking');
  await clerk.getByRole('button', { name: 'Merge Tilman, Marc into this person' }).click();
  const merges = clerk.getByRole('region', { name: 'Merges' });
  await merges.getByText(/Merged in Tilman, Marc by Sam Whitaker #R-3/).waitFor();
  expect(await merges.textContent()).not.toContain('swhitaker'); // a person's name, never a login
  await clerk.getByRole('list', { name: 'Phones' }).getByText('413-555-0199 (mobile)').waitFor(); // the duplicate's details now show here

  await merges.getByRole('button', { name: 'Undo this merge' }).click();
  await merges.getByLabel('Reason for the undo').fill('Different people after all: checked the licence photos');
  await merges.getByRole('button', { name: 'Confirm undo' }).click();
  await merges.getByText(/undone by Sam Whitaker #R-3/).waitFor();
  expect(await clerk.getByRole('list', { name: 'Phones' }).textContent()).not.toContain('413-555-0199');
  const audit = await site.ctx.db.selectFrom('audit').select('action').where('subject_id', '=', kept.id).execute();
  expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['records.person.changed', 'records.person.merged', 'records.person.merge_undone']));
  await clerk.close();
});

test('an officer picks offenses, occurrence from/to, weapon, premises and method from the code tables; "to" before "from" is refused by the field (issue 22 §6)', async () => {
  const officer = await signIn('jobrien');
  await officer.getByRole('link', { name: 'My reports' }).click();
  await officer.getByRole('button', { name: 'Start report' }).click();
  await officer.getByRole('heading', { name: /Incident report — case C\d{2}-\d{5}/ }).waitFor();
  await officer.getByLabel('Location', { exact: true }).fill('5 Orchard Road');
  await officer.getByLabel('Offense', { exact: true }).selectOption('220');
  await officer.getByRole('button', { name: 'Add offense' }).click();
  await officer.getByLabel('Offense', { exact: true }).selectOption('23H');
  await officer.getByRole('button', { name: 'Add offense' }).click();
  await officer.getByRole('list', { name: 'Offenses' }).getByText('All other larceny (23H)').waitFor();
  await officer.getByLabel('Occurred from (agency time, 24-hour)').fill('2026-01-14 21:40');
  await officer.getByLabel('Occurred to').fill('2026-01-14 8pm');
  await officer.getByText(/Not yet a date and time: type YYYY-MM-DD HH:MM/).waitFor(); // 24-hour only, whatever the workstation's locale
  await officer.getByLabel('Occurred to').fill('2026-01-14 20:05');
  await officer.getByText('“Occurred to” is before “Occurred from”.').waitFor();
  await officer.getByRole('alert').filter({ hasText: 'fields.occurredTo' }).waitFor({ timeout: 10_000 }); // the server refuses it too, naming the field
  await officer.getByLabel('Occurred to').fill('2026-01-14 23:05');
  await officer.getByLabel('Weapon').selectOption({ label: 'None' });
  await officer.getByLabel('Premises (location type)').selectOption({ label: 'Residence / home' });
  await officer.getByLabel('Method').selectOption({ label: 'Pried door or window' });
  await officer.getByLabel('Narrative').fill('Rear door pried; a laptop taken.');
  await officer.getByText(/^Saved \d/).waitFor({ timeout: 10_000 });
  await expectNoSeriousA11yViolations(officer, '.report');
  await officer.screenshot({ path: `${shots}/records-report-offenses.png`, fullPage: true });
  await officer.reload();
  await expect.poll(() => officer.getByLabel('Occurred from (agency time, 24-hour)').inputValue()).toBe('2026-01-14 21:40'); // the agency's clock, kept (shown once the agency's zone is read)
  await officer.getByRole('button', { name: 'Submit for approval' }).click();
  await officer.getByTestId('report-status').filter({ hasText: 'submitted' }).waitFor();
  const shown = officer.getByRole('definition').filter({ hasText: 'Burglary' });
  expect(await shown.textContent()).toBe('Burglary / breaking and entering (220); All other larceny (23H)');
  await officer.getByText('from 2026-01-14 21:40 to 2026-01-14 23:05').waitFor();
  await officer.close();
});
