import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDemoSite, type DemoSite } from '../support/browser.ts';

let site: DemoSite;
let attacker: Server;
let attackerUrl = '';
let attackPage = '';

/** A page on another port of the same host: same site, other origin (OWASP ASVS 4.2.2, 13.2.3). */
beforeAll(async () => {
  site = await openDemoSite('cross-origin');
  attacker = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(attackPage);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as { port: number }).port}/`;
}, 120_000);
afterAll(async () => {
  attacker?.close();
  await site?.close();
});

test('a page on another port of the same host can neither act as the signed-in administrator nor read the live stream', async () => {
  const target = 'jobrien';
  await site.ctx.db.updateTable('app_user').set({ locked_until: new Date(Date.now() + 600_000) }).where('username', '=', target).execute();
  const page = await (await site.browser.newContext()).newPage(); // its own context: the attacker's page opens beside it, sharing its cookies
  await site.signIn(page, 'afischer'); // the system administrator, whose cookie the attacker's page rides on
  const api = site.baseUrl.replace(/\/$/, '');
  attackPage = `<!doctype html><body>
    <form id="unlock" method="POST" action="${api}/api/v1/users/${target}/unlock" enctype="text/plain" target="sink"></form>
    <iframe name="sink"></iframe>
    <script>
      window.results = { stream: 'pending', messages: 0, fetch: 'pending' };
      document.getElementById('unlock').submit();
      fetch('${api}/api/v1/users/${target}/disable', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{"reason":"forged"}' })
        .then(() => { window.results.fetch = 'sent'; }, () => { window.results.fetch = 'failed'; });
      const socket = new WebSocket('${api.replace('http', 'ws')}/api/v1/stream');
      socket.onmessage = () => { window.results.messages += 1; };
      socket.onopen = () => { window.results.stream = 'open'; };
      socket.onerror = () => { window.results.stream = 'refused'; };
    </script></body>`;
  const evil = await page.context().newPage();
  await evil.goto(attackerUrl);
  await evil.waitForFunction(() => {
    const r = (window as unknown as { results: { stream: string; fetch: string } }).results;
    return r.stream !== 'pending' && r.fetch !== 'pending';
  }, undefined, { timeout: 30_000 });
  await evil.waitForTimeout(1000); // let the form land
  const results = await evil.evaluate(() => (window as unknown as { results: { stream: string; messages: number } }).results);
  expect(results.stream).toBe('refused');
  expect(results.messages).toBe(0);
  const row = await site.ctx.db.selectFrom('app_user').select(['locked_until', 'disabled_at']).where('username', '=', target).executeTakeFirstOrThrow();
  expect(row.locked_until).not.toBeNull(); // the forged unlock did nothing
  expect(row.disabled_at).toBeNull(); // nor the forged disable
  const refusals = await site.ctx.db.selectFrom('audit').select('id').where('action', 'like', 'POST /api/v1/users/%').where('subject_id', '=', target).execute();
  expect(refusals).toHaveLength(0);
  await evil.close();

  // The console itself, same origin, still acts: the administrator unlocks the login from the Users screen's API.
  const unlocked = await page.evaluate(async (url) => (await fetch(url, { method: 'POST', credentials: 'same-origin' })).status, `/api/v1/users/${target}/unlock`);
  expect(unlocked).toBe(204);
  await page.context().close();
}, 120_000);

test('the signed-in console cannot be framed by another page, and runs under its strict policy with no violations', async () => {
  const page = await (await site.browser.newContext()).newPage(); // its own context: the attacker's page opens beside it, sharing its cookies
  const violations: string[] = [];
  page.on('console', (message) => { if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text()); });
  await site.signIn(page, 'dkowalski');
  // a dispatcher lands on the live console: its stream and all it loads run under the policy
  await page.locator('.console[data-ready="true"][data-connection="live"]').waitFor();
  expect(violations).toEqual([]);
  attackPage = `<!doctype html><body><iframe id="frame" src="${site.baseUrl}"></iframe></body>`;
  const evil = await page.context().newPage();
  await evil.goto(attackerUrl);
  await evil.waitForTimeout(1500);
  const framed = evil.frames().find((f) => f !== evil.mainFrame());
  const signOutButtons = framed ? await framed.getByRole('button', { name: 'Sign out' }).count().catch(() => 0) : 0;
  expect(signOutButtons).toBe(0);
  await evil.close();
  await page.context().close();
}, 120_000);
