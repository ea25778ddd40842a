import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';
import { createPerson } from '../../src/records/names.ts';

// UPDATE_SCREENSHOTS=1 writes the screen's picture to docs/screenshots/; otherwise to test-results/.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';

let site: DemoSite;
beforeAll(async () => {
  site = await openDemoSite('intelligence');
  await createPerson(site.ctx, { username: 'swhitaker', roles: ['records_clerk'], source: '127.0.0.1', remote: false }, { first: 'Zorvan', last: 'Quillfeather', dob: '1984-02-03' });
}, 600_000); // opening a demo site on a loaded machine can take minutes
afterAll(async () => site?.close());

/** A fresh browser page signed in as this demo person. */
const pageOf = (username: string): Promise<Page> => site.browser.newPage().then(async (page) => { await site.signIn(page, username); return page; });

test('the intelligence officer opens a record only on a criminal predicate, and logs a dissemination only with its recipient, need and right to know (28 CFR 23.20(a), (e))', async () => {
  const page = await pageOf('vmarsh');
  await page.getByRole('link', { name: 'Intelligence', exact: true }).click();
  await page.getByText('No intelligence record yet.').waitFor();
  await expectNoSeriousA11yViolations(page, '.intelligence');
  await page.getByRole('button', { name: 'Open a record' }).click();
  const form = page.getByRole('form', { name: 'Open an intelligence record' });
  await form.getByLabel('Title').fill('Catalytic converter ring');
  await form.getByLabel('Information').fill('Drives a grey pickup; stores parts at a rented garage on Mill Road.');
  await form.getByLabel('Find a name').fill('Quillfeather');
  await form.getByRole('button', { name: 'Search names' }).click();
  await form.getByRole('button', { name: 'Add Quillfeather, Zorvan' }).click();
  await form.getByRole('list', { name: 'Subjects' }).getByText('Quillfeather, Zorvan').waitFor();
  await expectNoSeriousA11yViolations(page, '.intelligence');
  await form.getByRole('button', { name: 'Open record' }).click();
  await form.getByRole('status').getByText(/criminal activity.*28 CFR 23\.20\(a\)/).waitFor(); // refused with the clause, nothing written
  await form.getByLabel('Criminal activity suspected').fill('Receiving stolen catalytic converters');
  await form.getByRole('button', { name: 'Open record' }).click();
  await form.getByRole('status').getByText(/predicate.*28 CFR 23\.20\(a\)/).waitFor();
  await form.getByLabel(/Criminal predicate/).fill('Two pawn shop reports name the subject selling cut converters.');
  await form.getByRole('button', { name: 'Open record' }).click();

  await page.getByRole('heading', { name: /^INT-\d{2}-\d{4} Catalytic converter ring$/ }).waitFor();
  await page.getByText('Vera Marsh #240').first().waitFor(); // the person, not the login vmarsh
  const send = page.getByRole('form', { name: 'Record a dissemination' });
  await send.getByLabel('Recipient agency').fill('Massachusetts State Police');
  await send.getByLabel('Why').fill('Joint auto-parts theft task force');
  await send.getByRole('button', { name: 'Record dissemination' }).click();
  await page.getByRole('status').getByText(/recipient.*28 CFR 23\.20\(e\)/).waitFor();
  await send.getByLabel('Recipient (person)').fill('Det. Lt. Ana Ruiz');
  await send.getByLabel('Needs to know').check();
  await send.getByLabel('Has the right to know').check();
  await send.getByRole('button', { name: 'Record dissemination' }).click();
  await page.getByRole('table', { name: 'Disseminations' }).getByRole('cell', { name: 'Det. Lt. Ana Ruiz, Massachusetts State Police' }).waitFor();
  await expect(page.getByRole('table', { name: 'Disseminations' }).getByRole('cell', { name: 'yes / yes' }).count()).resolves.toBe(1);
  await expectNoSeriousA11yViolations(page, '.intelligence');
  await page.screenshot({ path: `${shots}/intelligence-record.png`, fullPage: true });

  await page.getByRole('link', { name: '← Register' }).click();
  await page.getByRole('table', { name: 'Intelligence register' }).getByRole('cell', { name: /Catalytic converter ring/ }).waitFor();
  await page.getByRole('button', { name: 'Review queue' }).click();
  await page.getByText('No record is due for review.').waitFor(); // opened today: due in five years
  await page.close();
});

test('the section is the Chief’s, the captains’ and the intelligence officer’s alone: a dispatcher or a records clerk sees no Intelligence link', async () => {
  for (const [user, sees] of [['bokafor', true], ['swhitaker', false], ['dkowalski', false]] as const) {
    const page = await pageOf(user);
    await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Intelligence', exact: true }).count(), user).resolves.toBe(sees ? 1 : 0);
    await page.close();
  }
});
