import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createPerson } from '../../src/records/names.ts';
import { createReport, decide } from '../../src/records/reports.ts';
import { consoleActor } from '../../src/identity/service.ts';
import type { Actor } from '../../src/core/actor.ts';
import { openDemoSite, nearNow, type DemoSite } from '../support/browser.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';

// UPDATE_SCREENSHOTS=1 writes the screen's picture to docs/screenshots/; otherwise to test-results/, so a run leaves the tree clean.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';
let site: DemoSite;
const as = (username: string, role: string): Actor => ({ username, roles: [role], source: 'test', remote: false });

beforeAll(async () => { site = await openDemoSite('audit-browser'); });
afterAll(async () => site?.close());

test('an auditor finds who read a juvenile report: by the case number, then "who read" on the row; the records officer by name, the time in the agency zone; CSV export (S-110 §B.1, §D.4; CJIS AU-6)', async () => {
  const youth = await createPerson(site.ctx, consoleActor(), { first: 'Milo', last: 'Ashgrove', dob: '2013-02-20' });
  const report = await createReport(site.ctx, as('jobrien', 'patrol_officer'), {
    kind: 'incident', fields: { offense: 'Vandalism', location: 'Millbrook Middle School' }, narrative: 'Two windows broken.',
    parties: [{ type: 'person', id: youth.id, role: 'suspect' }],
  });
  expect(report.juvenile).toBe(true);
  await decide(site.ctx, as('jobrien', 'patrol_officer'), report.id, 'submit');
  await decide(site.ctx, as('mreyes', 'commanding_officer'), report.id, 'approve');
  const caseNumber = report.caseNumber!;

  // a records officer opens the juvenile report
  const clerk = await (await site.browser.newContext()).newPage();
  await site.signIn(clerk, 'swhitaker');
  await clerk.goto(`${site.baseUrl}/records/reports/${report.id}`);
  await clerk.getByRole('heading', { name: `Incident report — case ${caseNumber}` }).waitFor();
  await clerk.close();

  // the auditor searches the trail by the case
  const page = await (await site.browser.newContext({ acceptDownloads: true })).newPage();
  await site.signIn(page, 'hlindqvist');
  await page.getByRole('link', { name: 'Audit trail' }).click();
  await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
  await page.getByLabel('Record type').selectOption('case');
  await page.getByLabel('Record number or id').fill(caseNumber);
  await page.getByRole('button', { name: 'Search' }).click();
  const rows = page.getByRole('table', { name: 'Audit rows' }).locator('tbody tr');
  const read = rows.filter({ hasText: 'records.juvenile.read' }).filter({ hasText: 'Sam Whitaker' }).first();
  await read.waitFor();
  expect(await read.textContent()).toContain('(swhitaker)');
  const shown = (await read.locator('td').first().textContent())!;
  expect(shown).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  expect(nearNow(shown.slice(0, 16), site.ctx.config.agency.timeZone)).toBe(true);
  await expectNoSeriousA11yViolations(page, 'main');
  await page.screenshot({ path: `${shots}/audit-trail.png` });

  // "who read" on the row narrows the trail to the report itself
  await read.getByRole('button', { name: /^Who read Report / }).click();
  await page.waitForURL(/recordType=report/);
  await rows.filter({ hasText: 'Sam Whitaker' }).first().waitFor();
  expect(await page.getByLabel('Record number or id').inputValue()).toBe(report.id);

  // the CSV of what is shown names the person, with the login beside the name
  const href = (await page.getByTestId('trail-csv').getAttribute('href'))!;
  const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
  expect(csv.split('\n')[0]).toBe('time,name,login,role,action,record,alsoShown,outcome,reason,source,remote,position,auditId');
  expect(csv).toMatch(/Sam Whitaker #R-3,swhitaker,records_clerk,records.juvenile.read,report /);

  // the signed PDF extract of the same rows verifies against the chain
  const pdfHref = (await page.getByTestId('trail-pdf').getAttribute('href'))!;
  const pdf = Buffer.from(await page.evaluate(async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())], pdfHref));
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  writeFileSync('test-results/audit-extract.pdf', pdf);
  await page.getByLabel('Check a signed extract').setInputFiles({ name: 'extract.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByRole('status').filter({ hasText: /^Extract verified: signature valid; its \d+ rows match the audit chain/ }).waitFor();
  const changed = Buffer.from(pdf);
  changed[changed.indexOf('/Producer') + 1] = 'p'.charCodeAt(0);
  await page.getByLabel('Check a signed extract').setInputFiles({ name: 'changed.pdf', mimeType: 'application/pdf', buffer: changed });
  await page.getByRole('status').filter({ hasText: 'Extract NOT verified: signature invalid' }).waitFor();
  await expectNoSeriousA11yViolations(page, 'main');

  // "what did this person do": the records officer's own actions
  await rows.filter({ hasText: 'Sam Whitaker' }).first().getByRole('button', { name: /^Actions of Sam Whitaker/ }).click();
  await page.waitForURL(/person=swhitaker/);
  expect(await page.getByLabel('Person (login)').inputValue()).toBe('swhitaker');
});
