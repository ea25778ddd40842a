import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { command, openFloor, type Floor } from './console.harness.ts';
import { expectNoSeriousA11yViolations } from '../support/a11y.ts';

// The dispatch floor's screens (issue 24 point 2), each opened from the console's command line.
// UPDATE_SCREENSHOTS=1 writes their pictures to docs/screenshots/; otherwise to test-results/.
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results';
let floor: Floor;
beforeAll(async () => { floor = await openFloor('floor'); });
afterAll(async () => { await floor?.close(); });
afterEach(async () => { await floor?.closeWindows(); });

/** A moment as the floor screens show it: the agency's zone, 24-hour clock, to the minute. */
const agencyMinute = (at: string) => new Intl.DateTimeFormat('sv-SE', {
  timeZone: floor.ctx.config.agency.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
}).format(new Date(at));

async function api<T>(page: Page, method: 'GET' | 'POST', path: string, data?: unknown): Promise<{ status: number; body: T }> {
  const r = await page.request.fetch(`${floor.base}/api/v1${path}`, { method, headers: { origin: floor.base }, ...(data === undefined ? {} : { data }) });
  const body = await r.json() as T;
  if (method === 'POST' && path === '/calls') expect(r.status(), JSON.stringify(body)).toBe(201);
  return { status: r.status(), body };
}

/** Open a floor screen from the console with the keyboard alone: F2, the command, Enter. */
async function fromConsole(page: Page, line: string): Promise<void> {
  if (!page.url().endsWith('/console')) {
    // from another floor screen: Escape (outside a field) goes back to the console
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await page.locator('.console').waitFor();
  }
  await command(page, line);
}

async function openScreen(page: Page, line: string, id: string): Promise<void> {
  await fromConsole(page, line);
  await page.getByTestId(`floor-${id}`).waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(`${id}-title`);
}

test('a call is transferred once; a call transferred in offers only the relay, with the reason, and the server refuses a second transfer (81A §C.4.b, §C.4.c, §C.5.a.ii)', async () => {
  const page = await floor.open('dkowalski', '/console');
  const ours = (await api<{ id: string }>(page, 'POST', '/calls', { line: 'business', callerName: 'Ruth Ames', callbackNumber: '781-555-0190' })).body.id;
  const transferredIn = (await api<{ id: string }>(page, 'POST', '/calls', { line: 'e911', callerName: 'Owen Pratt', transferredFrom: 'Lexington ECC' })).body.id;
  await openScreen(page, 'XFER', 'transfer');
  await page.locator(`tr[data-call="${ours}"]`).getByRole('button', { name: /Work this call/ }).click();
  const transfer = page.getByRole('form', { name: 'Transfer the call' });
  await transfer.getByLabel('Transfer to').fill('Massachusetts State Police');
  await transfer.getByRole('button', { name: 'Transfer once' }).click();
  await page.getByTestId('floor-error').filter({ hasText: /Tell the caller that they are being transferred/ }).waitFor(); // §C.4.c
  await transfer.getByLabel(/Caller told/).check();
  await transfer.getByRole('button', { name: 'Transfer once' }).click();
  await page.getByTestId('floor-done').filter({ hasText: 'Transferred to Massachusetts State Police.' }).waitFor();
  await page.locator(`tr[data-call="${ours}"]`).waitFor({ state: 'detached' });
  expect((await api<{ outcome: string; transferredTo: { to: string } }>(page, 'GET', `/calls/${ours}`)).body).toMatchObject({ outcome: 'transferred', transferredTo: { to: 'Massachusetts State Police' } });

  await page.locator(`tr[data-call="${transferredIn}"]`).getByRole('button', { name: /Work this call/ }).click();
  expect(await page.getByTestId('transfer-refused').textContent()).toMatch(/Transferred here from Lexington ECC: it may not be transferred again \(81A §C\.4\.b, §C\.5\.a\.ii\)/);
  expect(await page.getByRole('form', { name: 'Transfer the call' }).count()).toBe(0);
  const relay = page.getByRole('form', { name: 'Relay the information' });
  await relay.getByLabel('Relay to agency').fill('Bedford Police');
  await relay.getByLabel('Information relayed').fill('Caller reports a downed wire on Great Road, Bedford side.');
  await relay.getByRole('button', { name: 'Relay' }).click();
  await page.getByTestId('floor-done').filter({ hasText: 'Information relayed to Bedford Police.' }).waitFor();
  const second = await api<{ code: string }>(page, 'POST', `/calls/${transferredIn}/transfer`, { to: 'Bedford Police', callerAdvised: true });
  expect([second.status, second.body.code]).toEqual([422, 'call.second_transfer']);
  await expectNoSeriousA11yViolations(page, '[data-testid="floor-transfer"]');
  await page.keyboard.press('Escape'); // back to the console
  await page.locator('.console').waitFor();
  await openScreen(page, 'FLOOR', 'floor'); // the floor screens, each with its command (F9 stays the console's instant recall)
  expect(await page.locator('.floor-menu li').allTextContents()).toEqual([
    'Transfer and relay — XFER', 'E-911 call backs — CB', 'Report screening — SCR', 'Emergency messages — MSG', 'Facility alarms — ALM',
    'Directory and roster — DIR', 'Call-down — NOTIFY', 'Timers — TMR', 'Closed calls — LOG', 'The day’s log — DLOG',
  ]);
  await expectNoSeriousA11yViolations(page, '[data-testid="floor-floor"]');
});

test('an abandoned E-911 call is called back until the caller is reached: each attempt with its time, the dispatcher’s name and the outcome (81A §C.2.f)', async () => {
  const page = await floor.open('dkowalski', '/console');
  const id = (await api<{ id: string }>(page, 'POST', '/calls', { line: 'e911', ali: { callbackNumber: '781-555-0123' } })).body.id;
  await api(page, 'POST', `/calls/${id}/end`, {}); // the caller hung up before it was answered
  await openScreen(page, 'CB', 'callbacks');
  const card = page.locator(`[data-testid="callback"][data-call="${id}"]`);
  expect(await card.getByRole('heading').textContent()).toContain('Call back 781-555-0123');
  await card.getByLabel('Outcome').selectOption('no_answer');
  await card.getByRole('button', { name: 'Record attempt' }).click();
  await card.locator('tbody tr').first().waitFor();
  await card.getByLabel('Outcome').selectOption('reached');
  await card.getByLabel('Note').fill('Child playing with the phone; the parent confirmed no emergency');
  await card.getByRole('button', { name: 'Record attempt' }).click();
  await card.waitFor({ state: 'detached' }); // done: off the list of call backs to make
  await page.getByLabel('Show finished call backs too').check();
  const done = page.locator(`[data-testid="callback"][data-call="${id}"][data-status="reached"]`);
  await done.waitFor();
  const rows = await done.locator('tbody tr').allTextContents();
  const attempts = (await api<{ attempts: { at: string }[] }[]>(page, 'GET', '/calls/callbacks?all=true')).body.find((c) => (c as unknown as { callId: string }).callId === id)!.attempts;
  expect(rows).toHaveLength(2);
  expect(rows[0]).toContain(agencyMinute(attempts[0]!.at));
  expect(rows[0]).toMatch(/Dana Kowalski.*No answer/);
  expect(rows[1]).toMatch(/Dana Kowalski.*Reached the caller.*Child playing/);
  expect(rows.join()).not.toContain('dkowalski');
  await expectNoSeriousA11yViolations(page, '[data-testid="floor-callbacks"]');
  await page.screenshot({ path: `${shots}/floor-callbacks.png` });
});

test('an emergency message is recorded, the commanding officer decides, and its delivery and acknowledgement are recorded; one not delivered is reported back to the requester (81A §H.1, §H.2)', async () => {
  const dispatcher = await floor.open('dkowalski', '/console');
  await openScreen(dispatcher, 'MSG', 'messages');
  const record = async (recipient: string) => {
    const form = dispatcher.getByRole('form', { name: 'Record an emergency message' });
    await form.getByLabel('Kind').selectOption('injury_illness');
    await form.getByLabel('Message').fill('Your mother has been admitted to Emerson Hospital; call your brother.');
    await form.getByLabel('Requester’s name').fill('Tom Hale');
    await form.getByLabel('Requester’s phone').fill('617-555-0101');
    await form.getByLabel('Recipient’s name').fill(recipient);
    await form.getByLabel('Recipient’s address').fill('40 Grove Street');
    await form.getByRole('button', { name: 'Record message' }).click();
    await dispatcher.getByLabel(`Message for ${recipient}`).waitFor();
  };
  await record('Anna Hale');
  await record('Carl Hale');
  await expect.poll(() => dispatcher.getByLabel('Message for Anna Hale').textContent()).toMatch(/waiting for the commanding officer.*Dana Kowalski/); // names come with the people list, after the row

  const oic = await floor.open('mreyes', '/console');
  await openScreen(oic, 'MSG', 'messages');
  for (const recipient of ['Anna Hale', 'Carl Hale']) {
    const card = oic.getByLabel(`Message for ${recipient}`);
    await card.getByLabel('Relay by').selectOption('officer_in_person');
    await card.getByRole('button', { name: 'Record decision' }).click();
    await oic.locator('[data-testid="message"][data-next="deliver"]').filter({ hasText: recipient }).waitFor();
  }
  await expectNoSeriousA11yViolations(oic, '[data-testid="floor-messages"]');

  // the commanding officer's decisions reach the dispatcher's screen without a reload
  const anna = dispatcher.locator('[data-testid="message"][data-next="deliver"]').filter({ hasText: 'Anna Hale' });
  await anna.getByLabel('Acknowledged by').fill('Anna Hale, in person');
  await anna.getByRole('button', { name: 'Delivered' }).click();
  await dispatcher.getByLabel('Show finished messages too').check();
  const delivered = dispatcher.locator('[data-testid="message"][data-next="done"]').filter({ hasText: 'Anna Hale' });
  await delivered.waitFor();
  await expect.poll(() => delivered.textContent()).toMatch(/Decision.*An officer in person — Miguel Reyes #207.*Delivered, acknowledged by Anna Hale, in person, recorded \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} by Dana Kowalski/); // names come with the people list, after the row

  const carl = dispatcher.locator('[data-testid="message"][data-next="deliver"]').filter({ hasText: 'Carl Hale' });
  await carl.getByRole('button', { name: 'Could not deliver' }).click();
  const tell = dispatcher.locator('[data-testid="message"][data-next="tell_requester"]').filter({ hasText: 'Carl Hale' });
  expect(await tell.textContent()).toContain('Not delivered: tell the requester, Tom Hale · 617-555-0101 (81A §H.2)');
  await tell.getByRole('button', { name: 'Requester told' }).click();
  const told = dispatcher.locator('[data-testid="message"][data-next="done"]').filter({ hasText: 'Carl Hale' });
  await told.waitFor();
  await expect.poll(() => told.textContent()).toMatch(/Requester told\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} by Dana Kowalski/); // names come with the people list, after the row
  await expectNoSeriousA11yViolations(dispatcher, '[data-testid="floor-messages"]');
  await dispatcher.screenshot({ path: `${shots}/floor-messages.png` });
});

test('a floor screen that cannot read the agency profile says so, shows UTC meanwhile, and reads it again until it can', async () => {
  const page = await floor.open('mreyes', '/console');
  // a workstation that never read the profile: nothing kept from the console's own read
  await expect.poll(() => page.evaluate(() => localStorage.getItem('precinct.agencyProfile'))).not.toBeNull();
  await page.evaluate(() => localStorage.removeItem('precinct.agencyProfile'));
  const alarm = (await api<{ receivedAt: string }>(page, 'POST', '/facility-alarms', { facility: 'generator' })).body;
  let refused = 0;
  await page.route('**/api/v1/agency', async (route) => {
    if (refused < 1) { refused += 1; await route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"status":503,"title":"Unavailable","code":"server.unavailable"}' }); }
    else await route.continue();
  });
  await fromConsole(page, 'ALM');
  const warning = page.getByTestId('reference-missing');
  await warning.waitFor();
  expect(await warning.textContent()).toBe('Could not read the agency profile (times are shown in UTC) from the server: trying again.');
  const card = page.getByTestId('alarm').filter({ hasText: 'Police station generator' }).first();
  const utc = `${new Date(alarm.receivedAt).toISOString().slice(0, 10)} ${new Date(alarm.receivedAt).toISOString().slice(11, 19)}`;
  expect(await card.getByRole('heading').textContent()).toBe(`Police station generator alarm · ${utc}`);
  // read again within the retry: the warning goes and the time is the agency's
  await warning.waitFor({ state: 'detached', timeout: 10_000 });
  await expect.poll(() => card.getByRole('heading').textContent()).toBe(`Police station generator alarm · ${agencyMinute(alarm.receivedAt)}:${new Date(alarm.receivedAt).toISOString().slice(17, 19)}`);
  expect(refused).toBe(1);
  await page.unrouteAll({ behavior: 'wait' });
});

test('a workstation that read the agency profile before keeps its zone through a reload while the profile cannot be read, and says so', async () => {
  const page = await floor.open('mreyes', '/console');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('precinct.agencyProfile'))).toContain(floor.ctx.config.agency.timeZone);
  const alarm = (await api<{ receivedAt: string }>(page, 'POST', '/facility-alarms', { facility: 'generator', note: 'reload during an outage' })).body;
  await page.route('**/api/v1/agency', (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"status":503,"title":"Unavailable","code":"server.unavailable"}' }));
  await page.reload();
  await page.locator('.console').waitFor();
  await fromConsole(page, 'ALM');
  const warning = page.getByTestId('reference-missing');
  await warning.waitFor();
  expect(await warning.textContent()).toBe(`Could not read the agency profile (times are shown in ${floor.ctx.config.agency.timeZone}, as last read) from the server: trying again.`);
  const card = page.getByTestId('alarm').filter({ hasText: 'reload during an outage' }).first();
  expect(await card.getByRole('heading').textContent()).toBe(`Police station generator alarm · ${agencyMinute(alarm.receivedAt)}:${new Date(alarm.receivedAt).toISOString().slice(17, 19)}`);
  await page.unrouteAll({ behavior: 'wait' });
});

test('facility alarms, the directory and roster, the timers and the screening queue open by keyboard and name people, not logins (81A §B.2.a.xi, §B.2.b, §E.5.d, §D.4)', async () => {
  const page = await floor.open('mreyes', '/console');
  // a furnace alarm: the commanding officer on duty is on its notify list, by name
  const alarm = (await api<{ receivedAt: string }>(page, 'POST', '/facility-alarms', { facility: 'furnace', note: 'boiler room high temperature' })).body;
  // the agency's profile (its time zone) comes late, as on a slow link: the alarm's time is never shown in UTC meanwhile
  let release = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route('**/api/v1/agency', async (route) => { await held; await route.continue(); });
  await fromConsole(page, 'ALM');
  await page.getByTestId('floor-floor').getByText('Loading…').waitFor();
  expect(await page.getByTestId('alarm').count()).toBe(0);
  release();
  await page.unrouteAll({ behavior: 'wait' });
  await page.getByTestId('floor-alarms').waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('alarms-title');
  const card = page.getByTestId('alarm').first();
  await card.waitFor();
  expect(await card.getByRole('heading').textContent()).toBe(`Furnace alarm · ${agencyMinute(alarm.receivedAt)}:${new Date(alarm.receivedAt).toISOString().slice(17, 19)}`);
  await card.getByRole('button', { name: 'Told Miguel Reyes #207' }).click();
  await card.locator('tr[data-told="true"]').filter({ hasText: /^Miguel Reyes #207Commanding Officer.*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} by Miguel Reyes #207 \(telephone\)$/ }).waitFor();
  expect(await card.textContent()).not.toContain('mreyes');
  await expectNoSeriousA11yViolations(page, '[data-testid="floor-alarms"]');

  await openScreen(page, 'DIR Kowalski', 'directory');
  await page.getByTestId('roster').filter({ hasText: 'Dana Kowalski #D-12' }).waitFor();
  expect(await page.getByTestId('roster').locator('tbody tr').count()).toBe(1);
  await page.getByLabel('Name, unit or function').fill('414');
  await page.getByTestId('roster').filter({ hasText: 'Miguel Reyes #207' }).waitFor();
  await expectNoSeriousA11yViolations(page, '[data-testid="floor-directory"]');

  await openScreen(page, 'TMR', 'timers');
  const form = page.getByRole('form', { name: 'Change the timers' });
  await form.getByLabel('Standby re-contact (minutes)').fill('12');
  await form.getByRole('button', { name: 'Save timers' }).click();
  await page.locator('[data-timer="standbyMinutes"]').filter({ hasText: '12 minutes' }).waitFor();
  await expectNoSeriousA11yViolations(page, '[data-testid="floor-timers"]');

  // a report by mail, referred by the dispatcher, screened by the commanding officer
  const dispatcher = await floor.open('dkowalski', '/console');
  const report = (await api<{ id: string }>(dispatcher, 'POST', '/calls', { line: 'report', callerName: 'Lena Ortiz' })).body.id;
  await openScreen(dispatcher, 'TMR', 'timers');
  expect(await dispatcher.getByRole('form', { name: 'Change the timers' }).count()).toBe(0); // only the commanding officer sets them
  await openScreen(dispatcher, 'SCR', 'screening');
  const referral = dispatcher.getByRole('form', { name: /Refer: Report received .* from Lena Ortiz/ });
  await referral.getByLabel('Received by').selectOption('email');
  await referral.getByLabel('Summary for the commanding officer').fill('Neighbour’s shed broken into over the weekend; asks for an officer.');
  await referral.getByRole('button', { name: 'Refer for screening' }).click();
  await dispatcher.getByTestId('floor-done').filter({ hasText: 'referred to the commanding officer.' }).first().waitFor();
  await openScreen(page, 'SCR', 'screening');
  const waiting = page.getByTestId('screening-report').filter({ hasText: 'Lena Ortiz' });
  await expect.poll(() => waiting.textContent()).toMatch(/E-mail from Lena Ortiz.*referred by Dana Kowalski #D-12 at \d{4}-\d{2}-\d{2} \d{2}:\d{2}/); // names come with the people list, after the row
  await waiting.getByRole('button', { name: 'Respond' }).click();
  await page.getByTestId('floor-done').filter({ hasText: 'Screened: respond' }).first().waitFor();
  expect((await api<{ screening: { status: string } }>(page, 'GET', `/calls/${report}`)).body.screening.status).toBe('respond');
  await expectNoSeriousA11yViolations(page, '[data-testid="floor-screening"]');
  // the report screened to respond becomes its incident, joined to the report (81A §D.4)
  const toOpen = page.getByRole('form', { name: /Open the incident: Report received .* from Lena Ortiz/ });
  await toOpen.getByLabel('Incident type').selectOption('SUSPICIOUS');
  await toOpen.getByLabel('Location').fill('22 Hancock Street');
  await toOpen.getByRole('button', { name: 'Open incident' }).click();
  const fromReport = await page.getByTestId('floor-done').filter({ hasText: /Incident \d{2}-\d{5} opened from the report from Lena Ortiz/ }).first().textContent();
  expect((await api<{ incidentNumber: string }>(page, 'GET', `/calls/${report}`)).body.incidentNumber).toBe(/(\d{2}-\d{5})/.exec(fromReport!)![1]);

  // the day's log beside the closed-call log: an incident opened today is on it, with its time in the agency's zone
  await fromConsole(dispatcher, 'LOG');
  await dispatcher.getByRole('link', { name: 'the day’s log' }).waitFor(); // the closed-call log links to it
  await fromConsole(page, 'I SUSPICIOUS 12 Elm Street');
  const opened = await page.getByTestId('command-outcome').filter({ hasText: /\d{2}-\d{5} opened/ }).textContent();
  const number = /(\d{2}-\d{5})/.exec(opened!)![1]!;
  await openScreen(page, 'DLOG', 'daylog');
  const row = page.getByTestId('daylog').locator('tr').filter({ hasText: number });
  expect(await row.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}.*Suspicious/);
  await expectNoSeriousA11yViolations(page, '[data-testid="floor-daylog"]');
});
