import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { currentCode } from '../../src/identity/mfa.ts';
import { agencyStamp } from '../../src/core/clock.ts';
import { openDemoSite, type DemoSite } from '../support/browser.ts';

let site: DemoSite;

beforeAll(async () => { site = await openDemoSite('identity'); });
afterAll(async () => site?.close());

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(site.baseUrl);
  await page.getByLabel('Login', { exact: true }).fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel(/I have read the notice/).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Every time in `scope` reads on the agency's 24-hour clock in the agency's zone ("2026-12-02 09:05"), not the workstation's. */
async function expectAgencyTimes(scope: Locator): Promise<void> {
  const times = await scope.locator('time').all();
  expect(times.length).toBeGreaterThan(0);
  for (const time of times) {
    const expected = agencyStamp(site.ctx.config.agency.timeZone, (await time.getAttribute('datetime'))!);
    await expect.poll(() => time.textContent()).toBe(expected); // shown once the agency's zone is known
  }
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'System use notice' }).waitFor();
}

test('an administrator adds a user; the user changes the initial password, enrolls an authenticator and signs in with a code (S-110 §D, §H)', async () => {
  const admin = site.accounts.find((a) => a.roles.includes('system_administrator'))!;
  // a workstation set to another zone: the screens still show the agency's
  const page = await site.browser.newPage({ timezoneId: 'Asia/Tokyo' });
  await signIn(page, admin.username, admin.password);
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('heading', { name: 'Users' }).waitFor();
  const form = page.getByRole('form', { name: 'Add a user' });
  await form.getByLabel('Login', { exact: true }).fill('gvance');
  await form.getByLabel('First name').fill('Gale');
  await form.getByLabel('Last name').fill('Vance');
  await form.getByLabel('Badge or employee number').fill('512');
  await form.getByLabel('Records clerk').check();
  await form.getByRole('button', { name: 'Add user' }).click();
  const note = await page.getByTestId('admin-note').textContent();
  const initial = /Initial password .*: (\S+)$/.exec(note ?? '')?.[1];
  expect(initial).toBeTruthy();
  const rows = page.locator('tr[data-username="gvance"]');
  await rows.nth(1).waitFor();
  expect(await rows.first().textContent()).toMatch(/Gale Vance.*active.*no MFA.*never/);
  // a records clerk reads juvenile records: the role waits among the changes for a second person to approve (S-110 §D)
  // people by name and badge, not by login; the moment asked on the agency's 24-hour clock
  expect(await rows.nth(1).textContent()).toMatch(/^Gale Vance #512.*Records clerk.*Alex Fischer #IT-1\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await expectAgencyTimes(page.getByRole('table', { name: 'Role changes waiting' }));
  await expectAgencyTimes(page.getByRole('table', { name: 'Users' })); // last sign-ins
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  const sessions = page.getByRole('table', { name: 'Open sessions' });
  await sessions.getByRole('cell', { name: 'Alex Fischer #IT-1' }).first().waitFor();
  expect(await sessions.textContent()).not.toContain('afischer');
  await expectAgencyTimes(sessions);
  await signOut(page);

  // First sign-in: nothing but the password change (S-110 §D.1–2).
  await signIn(page, 'gvance', initial!);
  await page.getByRole('heading', { name: 'Choose a new password before going on' }).waitFor();
  expect(await page.getByRole('navigation').count()).toBe(0);
  const change = page.getByRole('form', { name: 'Change password' });
  await change.getByLabel('Current password').fill(initial!);
  await change.getByLabel('New password', { exact: true }).fill('password1234');
  await change.getByLabel('New password again').fill('password1234');
  await change.getByRole('button', { name: 'Change password' }).click();
  expect(await page.getByRole('alert').textContent()).toMatch(/commonly used/);
  await change.getByLabel('New password', { exact: true }).fill('Heron-Lattice-Orchard-7');
  await change.getByLabel('New password again').fill('Heron-Lattice-Orchard-7');
  await change.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('heading', { name: /Signed in as Gale Vance/ }).waitFor();

  // Enroll an authenticator: QR code, then a code, then the recovery codes once.
  await page.getByRole('link', { name: 'My account' }).click();
  await page.getByRole('form', { name: 'Start enrollment' }).getByLabel('Your password').fill('Heron-Lattice-Orchard-7');
  await page.getByRole('button', { name: 'Set up an authenticator' }).click();
  await page.getByRole('img', { name: 'QR code for the authenticator app' }).waitFor();
  const secret = (await page.getByTestId('mfa-secret').textContent())!;
  await page.getByLabel('Code from the app').fill(currentCode(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByTestId('recovery-codes').waitFor();
  expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
  await page.screenshot({ path: 'test-results/identity-recovery-codes.png' }).catch(() => undefined);
  await page.getByRole('button', { name: 'I have written them down' }).click();
  expect(await page.getByTestId('mfa-status').textContent()).toMatch(/Enrolled/);
  expect(await page.getByRole('table', { name: 'Open sessions' }).textContent()).toMatch(/this session/);
  await expectAgencyTimes(page.getByRole('table', { name: 'Open sessions' })); // started, last activity
  await signOut(page);

  // The second-factor step at sign-in.
  await signIn(page, 'gvance', 'Heron-Lattice-Orchard-7');
  await page.getByLabel('Authenticator code').waitFor();
  await page.getByLabel('Authenticator code').fill(currentCode(secret, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /Signed in as Gale Vance/ }).waitFor();
  await page.close();
});

test('the auditor reads failed sign-ins and the annual login verification, with a CSV download (S-110 §D.4–5)', async () => {
  const auditor = site.accounts.find((a) => a.roles.includes('auditor'))!;
  const page = await site.browser.newPage();
  await signIn(page, 'pnguyen', 'a-wrong-password-here');
  await page.getByRole('alert').waitFor();
  await signIn(page, auditor.username, auditor.password);
  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  await page.getByRole('combobox', { name: 'Report' }).selectOption('failed-signins');
  await page.getByRole('table', { name: 'Report rows' }).getByText('user:pnguyen').first().waitFor();
  // times read in the agency's zone on a 24-hour clock, as on every other screen
  const shownAt = await page.getByRole('table', { name: 'Report rows' }).locator('tbody tr').first().locator('td').nth(1).textContent();
  const expected = new Intl.DateTimeFormat('en-CA', { timeZone: site.ctx.config.agency.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  expect(shownAt).toMatch(new RegExp(`^${expected} \\d{2}:\\d{2}:\\d{2}$`));
  const csvHref = await page.getByTestId('csv-link').getAttribute('href');
  const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), csvHref);
  expect(csv.split('\n')[0]).toBe('id,at,username,role,source,remote,action,subject,outcome,reason');
  expect(csv).toMatch(/user:pnguyen,failed,wrong password/);
  await page.getByRole('combobox', { name: 'Report' }).selectOption('login-verification');
  await page.getByRole('table', { name: 'Report rows' }).getByText('afischer').waitFor();
  await page.getByRole('button', { name: 'Verify the audit chain' }).click();
  expect(await page.getByRole('status').textContent()).toMatch(/Audit chain intact/);
  await page.screenshot({ path: 'test-results/identity-audit.png' }).catch(() => undefined);
  await page.close();
});
