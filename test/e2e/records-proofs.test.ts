import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createIncident } from '../../src/dispatch/incidents/service.ts';
import { createPerson } from '../../src/records/names.ts';
import { openCase } from '../../src/records/cases.ts';
import { createOrder } from '../../src/records/orders/service.ts';
import { authorizeFinalAct } from '../../src/records/property/service.ts';
import { agencyDate } from '../../src/core/clock.ts';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import type { Actor } from '../../src/core/actor.ts';
import { pdfText } from '../knox-support.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';

// The records clerk's day as a person does it in the browser: one case file with its reports and
// evidence (S-110 §B), an item's chain of custody to its release (S-110 §A.1.j, u), and a
// restraining order showing to the dispatcher at call time (S-110 §A.1.t). One clerk window
// serves the first two tests, so the suite signs in twice in all.
let site: DemoSite;
let clerk: Page;
let itemUrl = '';
const as = (username: string, role: string): Actor => ({ username, roles: [role], source: 'test', remote: false });

beforeAll(async () => {
  site = await openDemoSite('records-proofs');
  clerk = await (await site.browser.newContext()).newPage();
  await site.signIn(clerk, 'swhitaker');
  await clerk.getByRole('link', { name: 'Records' }).click();
});
afterAll(async () => site?.close());

/** Start a report of `kind` from the case page, fill its offense and narrative, wait for the autosave, and come back to the case. */
async function fileReport(caseNumber: string, kind: string, offense: string, narrative: string): Promise<void> {
  await clerk.getByLabel('File under this case').selectOption(kind);
  await clerk.getByRole('button', { name: `Start report in case ${caseNumber}` }).click();
  await clerk.getByRole('heading', { name: new RegExp(`case ${caseNumber}$`) }).waitFor();
  if (kind === 'incident') await clerk.getByLabel('Offense / incident type').fill(offense);
  await clerk.getByLabel('Narrative').fill(narrative);
  await clerk.getByText(/^Saved \d{2}:\d{2}/).waitFor();
  await clerk.getByRole('link', { name: `Open case ${caseNumber}` }).click();
  await clerk.getByRole('heading', { name: `Case ${caseNumber}` }).waitFor();
}

test('a clerk opens the case from the incident, files two reports and an evidence item under it, and finds the case again by its address (S-110 §B, §A.1.j)', async () => {
  const incident = await createIncident(site.ctx, as('dkowalski', 'dispatcher'), { type: 'BURGLARY', location: { address: '418 Quarry Lane' } });

  await clerk.getByRole('link', { name: 'My reports' }).click();
  await clerk.getByLabel('CAD incident number').fill(incident.number);
  await clerk.getByRole('button', { name: 'Open case from incident' }).click();
  const opened = clerk.getByRole('status').filter({ hasText: /Case C\d{2}-\d{5} opened/ });
  await opened.waitFor();
  const caseNumber = /Case (C\d{2}-\d{5})/.exec((await opened.textContent())!)![1]!;
  expect(caseNumber).not.toBe(incident.number); // the two series cannot be mistaken for each other (S-110 §B)
  await opened.getByRole('link', { name: `Open case ${caseNumber}` }).click();
  await clerk.getByRole('heading', { name: `Case ${caseNumber}` }).waitFor();
  expect(await clerk.getByRole('region', { name: 'CAD incident' }).textContent()).toContain(`From CAD incident ${incident.number}`);

  await fileReport(caseNumber, 'incident', 'Burglary', 'Rear door forced; television and laptop taken.');
  await fileReport(caseNumber, 'field_interview', '', 'Neighbour saw a grey van at 02:00.');
  const reports = clerk.getByRole('table', { name: 'Reports' });
  await expect.poll(async () => (await reports.getByRole('row').count()) - 1).toBe(2);
  expect(await reports.textContent()).toMatch(/Incident report.*Field interview|Field interview.*Incident report/);
  expect(await reports.textContent()).toContain('Sam Whitaker'); // the author by name, not by login
  expect(await reports.textContent()).not.toContain('swhitaker');

  // evidence under the same case
  const property = clerk.getByRole('region', { name: 'Property and evidence' });
  await property.getByText('Add an item').click();
  await property.getByLabel('Kind').selectOption('evidence');
  await property.getByLabel('Category').fill('Tool');
  await property.getByLabel('Description').fill('Pry bar found by the rear door');
  await property.getByLabel('Serial number').fill('PB-20931');
  await property.getByLabel('Location (shelf)').fill('Evidence room shelf A3');
  await property.getByRole('button', { name: 'Record item' }).click();
  await clerk.getByRole('heading', { name: /^Item / }).waitFor();
  itemUrl = clerk.url();
  await clerk.getByRole('link', { name: caseNumber }).click();
  const items = clerk.getByRole('table', { name: 'Items' });
  expect(await items.textContent()).toContain('Tool: Pry bar found by the rear door');

  // found again by its address, as a clerk would look it up weeks later
  await clerk.getByRole('navigation', { name: 'Records' }).getByRole('link', { name: 'Cases' }).click();
  await clerk.getByLabel('Address').fill('418 quarry');
  await clerk.getByRole('button', { name: 'Find cases' }).click();
  const found = clerk.getByRole('table', { name: 'Cases found' });
  await found.waitFor();
  const row = found.getByRole('row').filter({ hasText: caseNumber });
  expect(await row.textContent()).toContain('418 Quarry Lane');
  expect(await row.textContent()).toContain(incident.number);
  await row.getByRole('link', { name: caseNumber }).click();
  await clerk.getByRole('heading', { name: `Case ${caseNumber}` }).waitFor();
});

test('an evidence item is labelled, moved twice and released on a supervisor’s authorization, and its custody history prints (S-110 §A.1.j, u)', async () => {
  expect(itemUrl).not.toBe(''); // the item the clerk recorded above
  await clerk.goto(itemUrl);
  const heading = await clerk.getByRole('heading', { name: /^Item / }).textContent();
  const tag = heading!.replace(/^Item /, '');
  const id = itemUrl.split('/').pop()!;

  // the label: a PDF carrying the tag
  const fetchPdf = async (href: string) => pdfText(new Uint8Array(await clerk.evaluate(async (h) => [...new Uint8Array(await (await fetch(h)).arrayBuffer())], href)));
  const labelHref = await clerk.getByRole('link', { name: 'Print label (PDF)' }).getAttribute('href');
  expect(await fetchPdf(labelHref!)).toContain(tag);

  const move = clerk.getByRole('form', { name: 'Move the item' });
  const location = clerk.getByLabel('Location', { exact: true });
  // "Received by": one of the agency's people chosen by name, or an outside recipient typed and marked as such
  const receivedBy = async (holder: { person: string } | { outside: string }) => {
    if ('person' in holder) {
      await move.getByLabel('One of our people').check();
      await move.getByLabel('Person', { exact: true }).selectOption({ label: holder.person });
    } else {
      await move.getByLabel('Outside recipient (lab, court, owner)').check();
      await move.getByLabel("Outside recipient's name").fill(holder.outside);
    }
  };
  const record = async (action: string, to: string, holder: { person: string } | { outside: string }, why: string) => {
    await move.getByLabel('Movement').selectOption(action);
    await move.getByLabel('To', { exact: true }).fill(to);
    await receivedBy(holder);
    await move.getByLabel('Why').fill(why);
    await move.getByRole('button', { name: 'Record movement' }).click();
    await expect.poll(() => location.textContent()).toContain(to);
  };
  expect(await move.getByLabel('From (where it is now)').inputValue()).toBe('Evidence room shelf A3');
  await record('lab', 'State crime lab', { outside: 'Analyst Dana Pruitt, State Police Crime Lab' }, 'latent prints');
  await record('returned', 'Evidence room shelf B1', { person: 'Sam Whitaker #R-3, Records Bureau' }, 'back from the lab');
  await expectNoSeriousA11yViolations(clerk, 'form[aria-label="Move the item"]');

  // release needs a supervisor's authorization, which the lieutenant gives; the clerk then chooses it by the supervisor's name
  await authorizeFinalAct(site.ctx, as('mreyes', 'commanding_officer'), id, { action: 'release', reason: 'case closed; owner identified' });
  await clerk.reload();
  await move.getByLabel('Movement').selectOption('release');
  await move.getByLabel('Authorization').selectOption({ label: 'Miguel Reyes #207: case closed; owner identified' });
  await move.getByLabel('To', { exact: true }).fill('Released to owner');
  await receivedBy({ outside: 'Maria Ortiz (owner)' });
  await move.getByLabel('Why').fill('returned to owner at the front desk');
  await move.getByRole('button', { name: 'Record movement' }).click();
  await expect.poll(() => clerk.getByText(/^released$/).count()).toBeGreaterThan(0);
  await move.waitFor({ state: 'detached' }); // a released item moves no further

  const chain = clerk.getByRole('table', { name: 'Chain of custody' });
  const actions = await chain.locator('tbody tr td:nth-child(2)').allTextContents();
  expect(actions).toEqual(['received', 'lab', 'returned', 'release']);
  expect(await chain.textContent()).toContain('Miguel Reyes #207');

  const printed = (await fetchPdf((await clerk.getByRole('link', { name: 'Print custody history (PDF)' }).getAttribute('href'))!)).replace(/\s+/g, ' '); // lines wrap
  for (const line of [tag, 'State crime lab', 'Evidence room shelf B1', 'Released to owner', 'Miguel Reyes #207', 'received by Analyst Dana Pruitt, State Police Crime Lab (outside recipient)', 'received by Sam Whitaker #R-3']) expect(printed).toContain(line);
  expect(printed).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/); // agency-zone times, never ISO
  for (const hidden of ['mreyes', 'swhitaker', id]) expect(printed).not.toContain(hidden);
});

test('a restraining order in force shows as a caution when the dispatcher types the respondent’s address in New call (S-110 §A.1.t)', async () => {
  const clerkActor = as('swhitaker', 'records_clerk');
  const respondent = await createPerson(site.ctx, clerkActor, { first: 'Wade', last: 'Corliss', dob: '1984-06-11' });
  const protectedPerson = await createPerson(site.ctx, clerkActor, { first: 'Ana', last: 'Corliss', dob: '1987-02-20' });
  const { number } = await openCase(site.ctx, clerkActor, { type: 'ORDER', location: '27 Linden Court' });
  const today = agencyDate(site.ctx.config.agency.timeZone, site.ctx.clock.now());
  await createOrder(site.ctx, clerkActor, {
    kind: 'restraining', caseNumber: number, respondentId: respondent.id, protectedId: protectedPerson.id, addresses: ['27 Linden Court'],
    terms: 'Stay 100 yards away from Ana Corliss and her home', court: 'Millbrook District Court', docket: '2611RO0042', issuedOn: today,
  });

  const dispatcher = await (await site.browser.newContext()).newPage();
  await site.signIn(dispatcher, 'dkowalski');
  await dispatcher.goto(`${site.baseUrl}/console`);
  const form = dispatcher.getByRole('form', { name: 'New call' });
  await form.getByLabel('Location').fill('27 Linden Ct');
  const caution = form.getByRole('alert', { name: 'Cautions at this address' });
  await caution.waitFor();
  const text = await caution.textContent();
  expect(text).toContain('CAUTION');
  expect(text).toContain('Corliss, Wade');
  expect(text).toContain(`case ${number}`);
  expect(text).toContain('docket 2611RO0042');
  // another address raises nothing
  await form.getByLabel('Location').fill('29 Linden Court');
  await caution.waitFor({ state: 'detached' });
  await dispatcher.close();
});
