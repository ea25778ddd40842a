import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { seedDemo, type DemoAccount } from '../../src/agency/demo.ts';
import { testDatabase } from '../support/databases.ts';
import { launchChromium } from '../support/browser.ts';

let browser: Browser;
let baseUrl: string;
let accounts: DemoAccount[];
let close: () => Promise<void>;

beforeAll(async () => {
  if (!existsSync('web/dist/index.html')) throw new Error('build the console first: npm run build:web (npm test does)');
  const database = await testDatabase('pglite');
  const server = await database.server({ webDir: `${process.cwd()}/web/dist`, dataDir: `/tmp/precinct-e2e-${process.pid}` });
  accounts = await seedDemo(server.ctx);
  baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  close = server.close;
});
afterAll(async () => {
  await browser?.close();
  await close?.();
});

test('the demo dispatcher acknowledges the system-use notice, signs in and sees their name, role and the server health', async () => {
  const dispatcher = accounts.find((a) => a.roles.includes('dispatcher'))!;
  const page = await browser.newPage();
  await page.goto(baseUrl);
  await expect(page.getByRole('heading', { name: 'System use notice' }).isVisible()).resolves.toBe(true);
  const signIn = page.getByRole('button', { name: 'Sign in' });
  await page.getByLabel('Login').fill(dispatcher.username);
  await page.getByLabel('Password').fill(dispatcher.password);
  expect(await signIn.isDisabled()).toBe(true); // CJIS AC-8: the notice is acknowledged first
  await page.getByLabel(/I have read the notice/).check();
  await signIn.click();
  await page.getByRole('heading', { name: /Signed in as Dana Kowalski/ }).waitFor();
  expect(await page.getByTestId('roles').textContent()).toBe('Dispatcher');
  await page.getByTestId('health').waitFor();
  expect(await page.getByTestId('health').textContent()).toMatch(/Healthy.*embedded \(PGlite\)/);
  await page.screenshot({ path: 'test-results/home-dispatcher.png' }).catch(() => undefined);
  await page.close();
});

test('a wrong password shows a clear message and does not sign in', async () => {
  const page = await browser.newPage();
  await page.goto(baseUrl);
  await page.getByLabel('Login').fill('dkowalski');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByLabel(/I have read the notice/).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  expect(await page.getByRole('alert').textContent()).toMatch(/login or password is not right/);
  await page.close();
});
