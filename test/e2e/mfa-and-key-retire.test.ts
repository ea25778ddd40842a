import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultSecurity } from '../../src/core/config.ts';
import { currentCode } from '../../src/identity/mfa.ts';
import { openDemoSite, type DemoSite } from '../support/browser.ts';

// One demo agency with security.requireMfaForAll on: the Supply Supervisor's register and the enrollment screen.
let site: DemoSite;

beforeAll(async () => { site = await openDemoSite('mfa-key-retire', { security: { ...defaultSecurity, requireMfaForAll: true } }); });
afterAll(async () => site?.close());


/** With MFA required for all, the first sign-in is held to enrollment; this enrolls and goes on to the console. */
async function signInEnrolling(page: Page, username: string): Promise<void> {
  const account = site.accounts.find((a) => a.username === username)!;
  await site.submitSignIn(page, username);
  await page.getByRole('note').filter({ hasText: 'requires an authenticator app for every login' }).waitFor();
  await page.getByRole('form', { name: 'Start enrollment' }).getByLabel('Your password').fill(account.password);
  await page.getByRole('button', { name: 'Set up an authenticator' }).click();
  const secret = (await page.getByTestId('mfa-secret').textContent())!.trim();
  await page.getByLabel('Code from the app').fill(currentCode(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByTestId('recovery-codes').waitFor();
  await page.getByRole('button', { name: 'I have written them down' }).click();
  await page.getByRole('heading', { name: /Signed in as/ }).waitFor();
}

test('CJIS IA-2(2) with requireMfaForAll: the console shows only enrollment until an authenticator is set up, then the sections', async () => {
  const page = await site.browser.newPage();
  await site.submitSignIn(page, 'swhitaker');
  await page.getByRole('button', { name: 'Set up an authenticator' }).waitFor();
  expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'System use notice' }).waitFor();
  await signInEnrolling(page, 'swhitaker');
  expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(1);
  // the next sign-in asks for a code
  await page.getByRole('button', { name: 'Sign out' }).click();
  await site.submitSignIn(page, 'swhitaker');
  await page.getByLabel('Authenticator code').waitFor();
  await page.close();
});

test('O-604 §III.A: the Supply Supervisor retires a key from the register screen; a key out with an officer offers no Retire', async () => {
  const page = await site.browser.newPage();
  await signInEnrolling(page, 'lmorgan');
  await page.getByRole('link', { name: 'Knox keys' }).click();
  await page.getByRole('tab', { name: 'Register & reports' }).click();
  const keys = page.getByRole('list', { name: 'Access keys' });
  const item = (key: string) => keys.locator(`li[data-key="${key}"]`);
  await item('MHA-06').getByText('In the key cabinet').waitFor();
  expect(await item('MHA-01').getByRole('button').count()).toBe(0); // out with the officer of 411 (§III.B)
  page.once('dialog', (dialog) => void dialog.accept('Returned to the Millbrook Housing Authority'));
  await item('MHA-06').getByRole('button', { name: 'Retire MHA-06' }).click();
  await item('MHA-06').getByText(/Retired — Returned to the Millbrook Housing Authority/).waitFor();
  expect(await item('MHA-06').getByRole('button').count()).toBe(0);
  await page.close();
});
