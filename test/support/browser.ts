import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserServer, type LaunchOptions, type Page } from 'playwright-core';
import { inject } from 'vitest';
import type { DemoAccount } from '../../src/app/demo.ts';
import type { Config } from '../../src/core/config.ts';
import type { AppContext } from '../../src/core/context.ts';
import { buildServer } from '../../src/app/server.ts';
import { closeContext } from '../../src/app/start.ts';
import { demoDatabase } from './demo.ts';

/**
 * Debian's headless shell (package chromium-headless-shell): the same Blink and V8 as its Chromium,
 * without the full browser's own user interface and display machinery. On the same four browser
 * files, four at a time, it spent 49 s of CPU against 105 s for the full Chromium 156 in headless
 * mode, and the browser tests are CPU-bound on two cores. The full Chromium is the fallback.
 */
const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';
/** Debian's full Chromium: what the console bench times, being closer to a dispatcher's browser. */
export const FULL_CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : FULL_CHROMIUM);

/** Debian's Chromium (its headless shell when installed), headless, with the flags this closed network needs. */
function chromiumOptions(executablePath = CHROMIUM): LaunchOptions {
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: install it with apt-get install chromium-headless-shell chromium (.ci/run installs the first)`);
  }
  return {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  };
}

/** The one Chromium of a run of the browser tests, launched by their global setup (test/e2e/global-setup.ts). */
export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer(chromiumOptions());
}

/**
 * A browser for one test file: connected to the run's Chromium when the global setup launched
 * one, else launched for it (from `executablePath` when given). Closing it closes the contexts it
 * opened (and, when it launched its own, the browser).
 */
export async function launchChromium(executablePath?: string): Promise<Browser> {
  const endpoint = inject('chromiumEndpoint');
  const browser = await (endpoint ? chromium.connect(endpoint) : chromium.launch(chromiumOptions(executablePath)));
  openBrowsers.add(browser);
  // A file's afterEach closes its windows, and Vitest runs a file's hooks before the setup file's: the
  // failed test's windows are described when the first of them is closed (newPage goes through newContext).
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    const close = context.close.bind(context);
    context.close = async (how) => { await reportIfFailed(); return close(how); };
    return context;
  };
  browser.on('disconnected', () => openBrowsers.delete(browser));
  return browser;
}

const openBrowsers = new Set<Browser>();

interface WatchedTest { name: string; result?: { state?: string } | undefined }
let currentTest: WatchedTest | undefined;
let reported: WatchedTest | undefined;

/** The test now running in this worker (test/e2e/setup.ts): its windows are described if it fails. */
export function watchTest(test: WatchedTest): void {
  currentTest = test;
}

/** Print what the windows showed, once, if the running test has failed. */
export async function reportIfFailed(): Promise<void> {
  const test = currentTest;
  if (!test || test.result?.state !== 'fail' || reported === test) return;
  reported = test;
  console.error(`windows open when "${test.name}" failed:\n${await describeOpenPages()}`);
}

/**
 * What every window of this worker's open browsers shows: its address and the start of its text.
 * Printed when a browser test fails (test/e2e/setup.ts), so a failure on CI says which screen
 * was up instead of only which locator timed out.
 */
export async function describeOpenPages(): Promise<string> {
  const pages = [...openBrowsers].flatMap((b) => b.contexts().flatMap((c) => c.pages()));
  const seen = await Promise.all(pages.map(async (page, i) => {
    const text = await Promise.race([
      page.evaluate(() => document.body?.innerText ?? '').catch((e: Error) => `(unreadable: ${e.message})`),
      new Promise<string>((resolve) => setTimeout(() => resolve('(no answer in 3 s)'), 3_000).unref()),
    ]);
    return `window ${i + 1}: ${page.url()}\n${text.replace(/\n{2,}/g, '\n').slice(0, 1_500)}`;
  }));
  return seen.length ? seen.join('\n---\n') : '(no open windows)';
}

/**
 * Sign a browser window in as a demo user without the sign-in form: the request the form sends
 * (POST /api/v1/session, the same password check and a session of the window's own), made through
 * the window's context, whose cookie jar keeps the session cookie. The form's page and the
 * console's first render before it cost Chromium more than the sign-in does the server; where
 * the sign-in is under test (signin, identity, mfa-and-key-retire, and the sound the Sign in
 * click turns on in alerts-everywhere) the tests fill in the form.
 */
export async function signInWindow(context: BrowserContext, base: string, account: Pick<DemoAccount, 'username' | 'password'>): Promise<void> {
  const response = await context.request.post(`${base}/api/v1/session`, { data: { username: account.username, password: account.password }, headers: { origin: base } });
  if (!response.ok()) throw new Error(`sign-in of ${account.username} failed: ${response.status()} ${await response.text()}`);
}

/** A real server on the demo agency, serving the built console, and Debian's Chromium to drive it. */
export interface DemoSite {
  ctx: AppContext;
  baseUrl: string;
  browser: Browser;
  accounts: DemoAccount[];
  /** Fill in the sign-in form as a demo user, acknowledge the notice and send it (what follows is the caller's to wait for). */
  submitSignIn(page: Page, username: string): Promise<void>;
  /** Sign in as a demo user through the session request (signInWindow), open the console and wait until its shell is up. */
  signIn(page: Page, username: string): Promise<void>;
  /** Sign in as a demo user through the sign-in form and wait until the console shell is up. */
  signInThroughForm(page: Page, username: string): Promise<void>;
  close(): Promise<void>;
}

export async function openDemoSite(name: string, overrides: Partial<Config> = {}): Promise<DemoSite> {
  if (!existsSync('web/dist/index.html')) throw new Error('build the console first: npm run build:web (npm test does)');
  const { database, ctx, accounts } = await demoDatabase('pglite', { webDir: `${process.cwd()}/web/dist`, dataDir: `/tmp/precinct-e2e-${name}-${process.pid}`, ...overrides });
  const app = await buildServer(ctx);
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  const accountOf = (username: string) => {
    const account = accounts.find((a) => a.username === username);
    if (!account) throw new Error(`no demo user ${username}`);
    return account;
  };
  const submitSignIn = async (page: Page, username: string) => {
    const account = accountOf(username);
    await page.goto(baseUrl);
    await page.getByLabel('Login').fill(account.username);
    await page.getByLabel('Password').fill(account.password);
    await page.getByLabel(/I have read the notice/).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  return {
    ctx, baseUrl, browser, accounts, submitSignIn,
    async signIn(page, username) {
      await signInWindow(page.context(), baseUrl, accountOf(username));
      await page.goto(baseUrl);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    },
    async signInThroughForm(page, username) {
      await submitSignIn(page, username);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    },
    async close() {
      await browser.close();
      await app.close();
      await closeContext(ctx);
      await database.dispose();
    },
  };
}

/** True when a shown "YYYY-MM-DD HH:MM" is within two minutes of now on the clock of that zone: a screen's time read in the agency's zone. */
export function nearNow(shown: string, timeZone: string): boolean {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return [-2, -1, 0, 1, 2].some((m) => format.format(new Date(Date.now() + m * 60_000)).replace(', ', ' ') === shown);
}
