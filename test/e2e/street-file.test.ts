import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openDemoSite, type DemoSite } from '../support/browser.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';

// UPDATE_SCREENSHOTS=1 writes the screen's picture to docs/screenshots/; otherwise to test-results/.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';

let site: DemoSite;
beforeAll(async () => { site = await openDemoSite('street-file'); }, 600_000);
afterAll(async () => site?.close());

async function signIn(username: string): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await site.signIn(page, username);
  return page;
}

test('S-110 §A.1.v: the commanding officer finds Elm Street in the street index and puts a hazard on 10–40, even side; a new call at 12 Elm Street shows it, one across the street does not', async () => {
  const page = await signIn('mreyes');
  await page.getByRole('link', { name: 'Street file', exact: true }).click();
  await page.getByRole('search', { name: 'Find a street' }).getByLabel('Street name').fill('elm');
  const index = page.getByRole('table', { name: 'Street index' });
  const row = index.getByRole('row', { name: /^ELM ST / });
  await row.waitFor();
  expect(await row.textContent()).toMatch(/Sector 3, Sector 4.*MILL RD/);
  await row.getByRole('button', { name: 'ELM ST' }).click();

  const street = page.getByRole('article');
  await street.getByRole('heading', { name: 'ELM ST' }).waitFor();
  const form = street.getByRole('form', { name: 'Add a note on ELM ST' });
  await form.getByLabel('Kind').selectOption({ label: 'Hazard' });
  await form.getByLabel('Where').selectOption({ label: 'A range' });
  await form.getByLabel('From no.').fill('10');
  await form.getByLabel('To no.').fill('40');
  await form.getByLabel('Side').selectOption({ label: 'Even side' });
  await form.getByLabel('Note text').fill('Road closed for construction, detour via Oak St');
  await form.getByLabel('Until (last day)').fill('2099-03-01');
  await form.getByRole('button', { name: 'Add note' }).click();
  const notes = street.getByRole('table', { name: 'Notes and hazards on ELM ST' });
  const added = notes.getByRole('row', { name: /Road closed for construction/ });
  await added.waitFor();
  const text = (await added.textContent()) ?? '';
  expect(text).toMatch(/Hazard.*10–40 \(even side\).*Road closed.*to 2099-03-01.*In force/);
  expect(text).toContain('Miguel Reyes #207');
  expect(text).not.toContain('mreyes');
  expect(text).toMatch(/\d{2}:\d{2}:\d{2}/);

  // a range with its low above its high: refused with the field named, nothing added
  await form.getByLabel('Where').selectOption({ label: 'A range' });
  await form.getByLabel('From no.').fill('50');
  await form.getByLabel('To no.').fill('20');
  await form.getByLabel('Note text').fill('Wrong way round');
  await form.getByRole('button', { name: 'Add note' }).click();
  await form.getByRole('alert').getByText(/low number \(50\) is above/).waitFor();
  expect(await notes.getByRole('row', { name: /Wrong way round/ }).count()).toBe(0);
  await expectNoSeriousA11yViolations(page, 'section.street-file');
  await page.screenshot({ path: `${shots}/street-file.png` });
  await page.close();

  const dispatcher = await signIn('dkowalski');
  await dispatcher.goto(`${site.baseUrl}/console`);
  const call = dispatcher.getByRole('form', { name: 'New call' });
  await call.getByRole('textbox', { name: 'Location' }).fill('12 Elm Street');
  const here = call.getByRole('note', { name: 'Street file notes and hazards here' });
  await here.filter({ hasText: 'HAZARD Road closed for construction, detour via Oak St' }).waitFor();
  expect(await here.textContent()).toContain('ELM ST, 10–40 (even side); until 2099-03-01');
  await call.getByRole('textbox', { name: 'Location' }).fill('13 Elm Street');
  await here.waitFor({ state: 'detached' });
  await dispatcher.close();
});

test('S-110 §A.1.v: the street index shows Route 9’s centerline ranges beside the (empty) address-point ranges; a new call at 150 Route 9, with no address point, is verified on the 100–198 block', async () => {
  const page = await signIn('dkowalski');
  await page.getByRole('link', { name: 'Street file', exact: true }).click();
  await page.getByRole('search', { name: 'Find a street' }).getByLabel('Street name').fill('rte');
  const row = page.getByRole('table', { name: 'Street index' }).getByRole('row', { name: /^RTE 9 / });
  await row.waitFor();
  expect((await row.getByRole('cell').allTextContents()).slice(1, 5)).toEqual(['—', '—', '1–399', '2–398']);
  await page.goto(`${site.baseUrl}/console`);
  const call = page.getByRole('form', { name: 'New call' });
  await call.getByRole('textbox', { name: 'Location' }).fill('150 Route 9');
  await call.getByTestId('location-options').getByRole('button', { name: /150 RTE 9 on the 100–198 block of RTE 9/ }).click();
  await expect.poll(() => call.getByTestId('location-state').textContent()).toMatch(/✓ verified · on the 100–198 block of RTE 9 · Sector 3/);
  await expectNoSeriousA11yViolations(page, 'form');
  await page.close();
});
