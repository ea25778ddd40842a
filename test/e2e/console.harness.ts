import { existsSync } from 'node:fs';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { DemoAccount } from '../../src/app/demo.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { AppContext } from '../../src/core/context.ts';
import { closeContext } from '../../src/app/start.ts';
import { launchChromium, signInWindow } from '../support/browser.ts';
import { demoDatabase } from '../support/demo.ts';

/** A real server on the demo agency and Debian's Chromium, for the console's browser tests. */
export interface Floor {
  ctx: AppContext;
  app: App;
  base: string;
  browser: Browser;
  accounts: DemoAccount[];
  /** A new browser window signed in as a demo user, on a path of the console, ready and live. */
  open(username: string, path: string, viewport?: { width: number; height: number }, options?: BrowserContextOptions): Promise<Page>;
  /** A new browser window signed in as a demo user, loading a path (closed with the others); what it waits for next is the caller's. */
  window(username: string, path: string, viewport?: { width: number; height: number }, options?: BrowserContextOptions): Promise<Page>;
  /**
   * Close the windows opened so far. A window left open stays live and redraws on every
   * event: by a file's fifth test, eight idle consoles made each step wait for the others.
   */
  closeWindows(): Promise<void>;
  close(): Promise<void>;
}

/** `signInForm`: every window signs in through the sign-in form (and its click), not through the session request alone. */
export async function openFloor(name: string, { signInForm = false } = {}): Promise<Floor> {
  if (!existsSync('web/dist/index.html')) throw new Error('build the console first: npm run build:web (npm test does)');
  // PGlite by default, like the other browser tests; E2E_DATABASE=postgresql runs them on the server
  const kind = process.env.E2E_DATABASE === 'postgresql' ? 'postgresql' : 'pglite';
  const { database, ctx, accounts } = await demoDatabase(kind, { webDir: `${process.cwd()}/web/dist`, dataDir: `/tmp/precinct-e2e-${name}-${process.pid}` });
  const app = await buildServer(ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  const pages: Page[] = [];
  const window: Floor['window'] = async (username, path, viewport = { width: 1920, height: 1080 }, options = {}) => {
    const account = accounts.find((a) => a.username === username);
    if (!account) throw new Error(`no demo user ${username}`);
    const context = await browser.newContext({ ...options, viewport });
    // generous: a shared two-core CI machine has taken more than 8 s to load a page
    context.setDefaultTimeout(20_000);
    context.setDefaultNavigationTimeout(30_000);
    if (!signInForm) await signInWindow(context, base, account);
    const page = await context.newPage();
    pages.push(page);
    await page.goto(`${base}${path}`);
    if (signInForm) {
      await page.getByLabel('Login').fill(account.username);
      await page.getByLabel('Password').fill(account.password);
      await page.getByLabel(/I have read the notice/).check();
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    return page;
  };
  return {
    ctx, app, base, browser, accounts, window,
    async open(username, path, viewport, options) {
      const page = await window(username, path, viewport, options);
      await page.locator('[data-ready="true"][data-connection="live"]').waitFor();
      return page;
    },
    async closeWindows() {
      const open = pages.splice(0);
      await Promise.all(open.map((page) => page.context().close()));
    },
    async close() {
      await browser.close();
      await app.close();
      await closeContext(ctx);
      await database.dispose();
    },
  };
}

/** Type a command on the console's command line, keyboard only (F2 focuses it). */
export async function command(page: Page, line: string): Promise<void> {
  await page.keyboard.press('F2');
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** The board's status cell text for one unit ("○ Available", "▷ Dispatched"…). */
export function boardStatus(page: Page, callSign: string) {
  return page.locator(`[data-testid="status-board"] tr[data-unit="${callSign}"]`);
}

/** Take a call on the new-call form and return the incident number the server gave it. */
export async function takeCall(page: Page, type: string, address: string): Promise<string> {
  const form = page.getByRole('form', { name: 'New call' });
  await form.locator('#new-call-line').selectOption('e911');
  await form.getByLabel('Caller', { exact: true }).fill('Pat Caller');
  await form.getByLabel('Callback', { exact: true }).fill('781-555-0142');
  await form.getByLabel('Incident type').selectOption(type);
  await form.getByLabel('Location').fill(address);
  // the form still says the previous call's "Incident … created" until this one's answer comes: read a new one
  const status = form.getByRole('status').filter({ hasText: /Incident \d{2}-\d{5} created/ });
  const previous = (await status.count()) > 0 ? await status.textContent() : null;
  await form.getByRole('button', { name: 'Create incident' }).click();
  const created = await (previous ? status.filter({ hasNotText: previous }) : status).textContent();
  return /(\d{2}-\d{5})/.exec(created!)![1]!;
}
