import { afterAll, beforeAll, expect, test } from 'vitest';
import { createPerson } from '../../src/records/names.ts';
import { createReport, decide } from '../../src/records/reports.ts';
import { consoleActor } from '../../src/identity/service.ts';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import type { Actor } from '../../src/core/actor.ts';
import { pdfText } from '../knox-support.ts';
import { logRequest } from '../../src/release/requests.ts';
import { agencyDate } from '../../src/core/clock.ts';

let site: DemoSite;
const as = (username: string, role: string): Actor => ({ username, roles: [role], source: 'test', remote: false });

beforeAll(async () => { site = await openDemoSite('records-requests'); });
afterAll(async () => site?.close());

test('a clerk logs a request for a report naming a juvenile and a domestic-violence victim, reviews the proposed redactions and releases a PDF that names neither (S-110 §B.1–B.2; c.41 §97D)', async () => {
  const victim = await createPerson(site.ctx, consoleActor(), { first: 'Rosalind', last: 'Quenby', dob: '1987-06-11' });
  const child = await createPerson(site.ctx, consoleActor(), { first: 'Milo', last: 'Ashgrove', dob: '2014-02-20' });
  const report = await createReport(site.ctx, as('jobrien', 'patrol_officer'), {
    kind: 'incident', fields: { offense: 'Domestic assault and battery (c.265 §13M)', location: '41 Laurel Street' },
    narrative: 'Rosalind Quenby reported that her partner pushed her. Milo Ashgrove, 12, a neighbour, saw it. Quenby declined medical attention.',
    parties: [{ type: 'person', id: victim.id, role: 'victim' }, { type: 'person', id: child.id, role: 'witness' }],
  });
  await decide(site.ctx, as('jobrien', 'patrol_officer'), report.id, 'submit');
  await decide(site.ctx, as('mreyes', 'commanding_officer'), report.id, 'approve');

  // a request logged six weeks ago is overdue: the Records section says so beside the link
  await logRequest(site.ctx, as('swhitaker', 'records_clerk'), {
    requester: { name: 'Old Requester', contact: 'old@example.org' }, receivedVia: 'mail', description: 'Last spring’s accident reports',
    receivedOn: agencyDate(site.ctx.config.agency.timeZone, new Date(Date.now() - 42 * 86_400_000)),
  });
  const clerk = await (await site.browser.newContext()).newPage();
  await site.signIn(clerk, 'swhitaker');
  await clerk.getByRole('link', { name: 'Records' }).click();
  expect(await clerk.getByTestId('request-reminders').textContent()).toBe('(1 overdue)');
  await clerk.getByRole('link', { name: 'Public records requests' }).click();
  await clerk.getByRole('alert').filter({ hasText: '1 overdue.' }).waitFor();
  await clerk.getByLabel('Requester').fill('Casey Newsdesk');
  await clerk.getByLabel('Contact').fill('casey@daily.example');
  await clerk.getByLabel('Received by').selectOption('email');
  await clerk.getByLabel('Records asked for').fill('The report of the Laurel Street domestic call');
  await clerk.getByRole('button', { name: 'Log request' }).click();
  const heading = clerk.getByRole('heading', { name: /^Request PRR-\d{5} — Open$/ });
  await heading.waitFor();
  const label = /PRR-\d{5}/.exec((await heading.textContent())!)![0];
  expect(await clerk.getByText(/Response due \d{4}-\d{2}-\d{2}/).count()).toBe(1);

  // gather the report: the system proposes the juvenile's and the victim's names
  await clerk.getByLabel('Kind of record').selectOption('report');
  await clerk.getByLabel('Number, id or date').fill(report.id);
  await clerk.getByRole('button', { name: 'Gather' }).click();
  const redactions = clerk.getByRole('table', { name: 'Redactions' });
  await redactions.waitFor();
  const juvenile = redactions.getByRole('row').filter({ hasText: 'name of a juvenile (witness)' });
  expect(await juvenile.textContent()).toContain('c.119 §60A');
  const dv = redactions.getByRole('row').filter({ hasText: 'domestic-violence or sexual-assault matter' });
  expect(await dv.textContent()).toContain('c.41 §97D');

  // release before review is refused
  await clerk.getByRole('button', { name: 'Release', exact: true }).click();
  await clerk.getByRole('status').filter({ hasText: 'not yet accepted or removed' }).waitFor();

  // decide every proposal: redact them all
  while (await redactions.getByRole('button', { name: 'Redact' }).count() > 0) {
    const before = await redactions.getByRole('button', { name: 'Redact' }).count();
    await redactions.getByRole('button', { name: 'Redact' }).first().click();
    await expect.poll(() => redactions.getByRole('button', { name: 'Redact' }).count()).toBeLessThan(before);
  }
  await clerk.getByRole('button', { name: 'Complete review' }).click();
  await clerk.getByRole('status').filter({ hasText: 'Review complete.' }).waitFor();
  await clerk.getByRole('button', { name: 'Release', exact: true }).click();
  await clerk.getByRole('heading', { name: `Request ${label} — Partially released` }).waitFor();
  const link = clerk.getByRole('link', { name: 'Released records (PDF)' });
  const href = (await link.getAttribute('href'))!;
  const bytes = await clerk.evaluate(async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())], href);
  const text = await pdfText(new Uint8Array(bytes));
  expect(text).toContain(`Public records request ${label}`);
  expect(text).toContain('[REDACTED - M.G.L. c.4 §7(26)(a); c.41 §97D]');
  for (const name of ['Rosalind', 'Quenby', 'Milo', 'Ashgrove']) expect(text).not.toContain(name);
  await clerk.getByRole('link', { name: 'Response letter (PDF)' }).waitFor();
  await clerk.screenshot({ path: 'test-results/records-requests.png', fullPage: true }).catch(() => undefined);
  await clerk.close();
});
