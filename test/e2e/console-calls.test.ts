import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openFloor, takeCall, type Floor } from './console.harness.ts';

// Taking calls at the console (81A §C) with call-taking behind it.
let floor: Floor;
beforeAll(async () => { floor = await openFloor('calls'); });
afterAll(async () => { await floor?.close(); });
afterEach(async () => { await floor?.closeWindows(); });

test('a call taken on console A appears in console B’s pending queue, ordered by priority, without a reload', async () => {
  const a = await floor.open('dkowalski', '/console');
  const b = await floor.open('mreyes', '/console');
  const lockout = await takeCall(a, 'LOCKOUT', '5 Main Street');
  const domestic = await takeCall(a, 'DOMESTIC', '12 Elm Street');
  // 81A §C.2.a: the emergency (priority 1) is above the lockout that came in first
  await b.locator(`[data-testid="pending"] li[data-incident="${domestic}"]`).waitFor();
  await b.locator(`[data-testid="pending"] li[data-incident="${lockout}"]`).waitFor();
  const order = await b.locator('[data-testid="pending"] li').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-incident')));
  expect(order.indexOf(domestic)).toBeLessThan(order.indexOf(lockout));
  expect(await b.locator(`[data-testid="pending"] li[data-incident="${domestic}"]`).textContent()).toMatch(/P1.*Domestic disturbance.*12 Elm Street.*waiting \d+:\d{2}/);
  await a.context().close();
  await b.context().close();
});

test('an E-911 call rings on the console; the call-taker answers, verifies the ALI address, corrects the callback and opens the incident', async () => {
  const page = await floor.open('dkowalski', '/console');
  // the phone system reports the call with its ANI/ALI (81A §C.2.b.ii)
  const ring = await page.request.post(`${floor.base}/api/v1/calls`, { headers: { origin: floor.base },
    data: { line: 'e911', ali: { callbackNumber: '781-555-0111', address: '1625 Massachusetts Avenue', classOfService: 'WPH2', carrier: 'Verizon' } },
  });
  expect(ring.status()).toBe(201);
  const callId = (await ring.json() as { id: string }).id;
  const row = page.locator(`[data-testid="calls"] li[data-call="${callId}"]`);
  await row.waitFor();
  expect(await row.textContent()).toMatch(/E-911.*781-555-0111.*ringing \d+:\d{2}/);

  await row.getByRole('button').click();
  await page.getByRole('heading', { name: /Call on E-911/ }).waitFor(); // answered: the call is in the form
  const form = page.getByRole('form', { name: 'New call' });
  // 81A §C.2.b.i: the greeting for the line; §C.2.b.iv: ALI is shown for verification, never read back
  expect(await page.getByTestId('greeting').textContent()).toContain('9-1-1. This call is being recorded. What is your emergency?');
  expect(await form.getByLabel('ALI address', { exact: true }).inputValue()).toBe('1625 Massachusetts Avenue');
  expect(await page.getByTestId('ali').textContent()).toContain('WPH2 · Verizon');
  expect(await form.getByLabel('Location').inputValue()).toBe('1625 Massachusetts Avenue');
  await form.getByRole('checkbox', { name: 'verified' }).first().check();
  await form.getByLabel('Corrected ALI callback').fill('781-555-0112');
  await form.getByLabel('Caller', { exact: true }).fill('Lee Park');
  await form.getByLabel('Incident type').selectOption('MEDICAL');
  await form.getByRole('button', { name: 'Create incident' }).click();
  const created = await form.getByRole('status').filter({ hasText: /Incident \d{2}-\d{5} created/ }).textContent();
  const number = /(\d{2}-\d{5})/.exec(created!)![1]!;

  await page.getByTestId('incident-detail').filter({ hasText: number }).waitFor();
  expect(await page.getByTestId('incident-detail').textContent()).toMatch(/Medical emergency.*1625 Massachusetts Avenue/);
  await row.waitFor({ state: 'detached' }); // answered: no longer waiting
  const call = await (await page.request.get(`${floor.base}/api/v1/calls/${callId}`)).json() as { aliChecks: Record<string, { status: string; received: unknown; corrected?: unknown }> };
  expect(call.aliChecks.address?.status).toBe('verified');
  // 81A §C.2.b.iii: a correction keeps both values
  expect(call.aliChecks.callbackNumber).toMatchObject({ status: 'corrected', received: '781-555-0111', corrected: '781-555-0112' });
});

/** The console's requests to the API from now on, as "METHOD path". */
function watchRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) seen.push(`${r.method()} ${url.pathname}${url.search}`);
  });
  return seen;
}

/** The stream's echo of the incident's last event has reached the console (its activity feed shows it), and a flush has had time to run. */
async function echoed(page: Page, number: string) {
  await page.getByTestId('feed').getByText(`incident caller linked ${number}`).waitFor();
  await page.waitForTimeout(500);
}

test('a call typed in New call becomes its incident in one request, never waits in Calls waiting, and the closed-call log (F8) shows it (81A §C, §D.3)', async () => {
  const page = await floor.open('dkowalski', '/console');
  const requests = watchRequests(page);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/calls/intake'));
  const number = await takeCall(page, 'LOCKOUT', '7 Depot Square');
  const { call } = await (await answer).json() as { call: { id: string; status: string; outcome: string } };
  expect(call).toMatchObject({ status: 'active', outcome: 'incident' }); // answered by the call-taker, finished: never "ringing"
  await page.getByTestId('incident-detail').filter({ hasText: number }).waitFor();
  await echoed(page, number);
  // one request for the whole call (call, answers, ALI checks, incident); the answer goes into the store: no refetch
  expect(requests.filter((r) => !r.startsWith('GET '))).toEqual(['POST /api/v1/calls/intake']);
  expect(requests.filter((r) => r === `GET /api/v1/incidents/${number}` || r.startsWith(`GET /api/v1/incidents/${number}?`))).toEqual([]);
  expect(requests.filter((r) => r.startsWith('GET /api/v1/calls/queue'))).toEqual([]);
  expect(await page.locator(`[data-call="${call.id}"]`).count()).toBe(0);
  expect(await page.locator('#calls-title .count').textContent()).toBe('0');

  // the closed-call log is one key away, and lists the call with its incident
  await page.keyboard.press('F8');
  const row = page.getByTestId('call-log').locator(`tr[data-call="${call.id}"]`);
  await row.waitFor();
  expect(await row.textContent()).toMatch(new RegExp(`E-911.*Pat Caller.*incident.*${number}.*Dana Kowalski #D-12`)); // the call taker by name, not login
  await page.keyboard.press('Escape');
  await page.locator('[data-ready="true"]').waitFor();
});

test('an answered call survives a reload; taken into an incident from the list it is one request and leaves the list', async () => {
  const page = await floor.open('dkowalski', '/console');
  const ring = await page.request.post(`${floor.base}/api/v1/calls`, { headers: { origin: floor.base }, data: { line: 'business', callerName: 'Ruth Ames', callbackNumber: '781-555-0190' } });
  const callId = (await ring.json() as { id: string }).id;
  await page.locator(`[data-testid="calls"] [data-call="${callId}"] button`).click();
  await page.getByRole('heading', { name: /Call on Business line/ }).waitFor();

  await page.reload();
  await page.locator('[data-ready="true"][data-connection="live"]').waitFor();
  // 81A §C.2.a: answered, not finished: still listed, with who has it
  const listed = page.getByTestId('answered-calls').locator(`[data-call="${callId}"]`);
  await listed.waitFor();
  expect(await listed.textContent()).toMatch(/Business line.*Ruth Ames.*yours/);
  await listed.getByRole('button').click();
  await page.getByRole('heading', { name: /Call on Business line/ }).waitFor();

  const requests = watchRequests(page);
  const form = page.getByRole('form', { name: 'New call' });
  await form.getByLabel('Incident type').selectOption('SUSPICIOUS');
  await form.getByLabel('Location').fill('9 Meriam Street');
  await form.getByRole('button', { name: 'Create incident' }).click();
  const created = await form.getByRole('status').filter({ hasText: /Incident \d{2}-\d{5} created/ }).textContent();
  const number = /(\d{2}-\d{5})/.exec(created!)![1]!;
  await echoed(page, number);
  expect(requests.filter((r) => !r.startsWith('GET '))).toEqual([`POST /api/v1/calls/${callId}/incident`]);
  expect(requests.filter((r) => r === `GET /api/v1/incidents/${number}` || r.startsWith(`GET /api/v1/incidents/${number}?`))).toEqual([]);
  await listed.waitFor({ state: 'detached' });
  await page.reload();
  await page.locator('[data-ready="true"][data-connection="live"]').waitFor();
  expect(await page.locator(`[data-call="${callId}"]`).count()).toBe(0);
});

test('a second caller about the same incident is linked to it from the suggestions; a held caller waits with the reason and a timer', async () => {
  const page = await floor.open('dkowalski', '/console');
  const number = await takeCall(page, 'DISTURB', '44 Grant Street');
  const ring = async (data: Record<string, unknown>) => (await (await page.request.post(`${floor.base}/api/v1/calls`, { headers: { origin: floor.base }, data })).json() as { id: string }).id;

  const second = await ring({ line: 'e911', ali: { callbackNumber: '781-555-0177', address: '44 Grant Street' } });
  await page.locator(`[data-call="${second}"] button`).click();
  await page.getByRole('heading', { name: /Call on E-911/ }).waitFor();
  // 81A §C "Multiple Calls": the open incident at the same place is offered
  const link = page.getByRole('button', { name: `Same incident: link to ${number}` });
  await link.click();
  await page.getByRole('heading', { name: 'New call' }).waitFor(); // linked: the call left the form
  await page.getByTestId('incident-detail').filter({ hasText: number }).waitFor();
  await page.getByTestId('incident-detail').getByText('781-555-0177').waitFor();

  const third = await ring({ line: 'business', callerName: 'Sam Reed' });
  await page.locator(`[data-call="${third}"] button`).click();
  await page.getByRole('heading', { name: /Call on Business line/ }).waitFor();
  await page.getByLabel('Hold reason').fill('E-911 line ringing');
  await page.getByRole('button', { name: 'Hold', exact: true }).click();
  // 81A §C "Placing Calls on Hold": the reason is recorded and the held call shows a running timer
  await page.locator(`[data-call="${third}"]`).filter({ hasText: /on hold: E-911 line ringing.*held \d+:\d{2}/ }).waitFor();
});
