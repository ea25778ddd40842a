import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { pdfText } from './knox-support.ts';
import { agencyDate, manualClock } from '../src/core/clock.ts';
import { createIncident } from '../src/dispatch/incidents/service.ts';

type H = Record<string, string>;
const ZONE = 'America/New_York';
const DAY = 86_400_000;

forEachDatabase('release: the daily police logs, public and non-public (M.G.L. c.41 §98F)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let officer: H; let clerk: H; let sergeant: H; let court: H; let clerkName: string; let sergeantName: string;
  const clock = manualClock(new Date());
  let today: string; let yesterday: string; let tomorrow: string;
  const refs: Record<string, string> = {};
  const call = async (headers: H, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: String(response.headers['content-type']).includes('json') ? response.json() : response.body, raw: response };
  };
  const visit = (url: string, remoteAddress = '198.51.100.7') => server.app.inject({ method: 'GET', url, remoteAddress });
  const dispatcherActor = { username: 'test-dispatcher', roles: ['dispatcher'], source: '127.0.0.1', remote: false };
  const incident = async (type: string, address: string, extra: { confidential?: boolean; shelter?: boolean } = {}) => (await createIncident(server.ctx, dispatcherActor, {
    type, location: { address, ...(extra.shelter ? { confidentialShelter: true } : {}) }, ...(extra.confidential ? { confidential: true } : {}),
  })).number;
  const arrest = async (first: string, last: string, dob: string, address: string, charges: string[]) => {
    const person = (await call(clerk, 'POST', '/names', { first, last, dob, addresses: [{ address, kind: 'home' }] })).body.id;
    const report = await call(officer, 'POST', '/reports', { kind: 'arrest', fields: { location: '1 Court Square', charges }, parties: [{ type: 'person', id: person, role: 'arrestee' }] });
    expect(report.status).toBe(201);
    return `arrest:${report.body.id}`;
  };

  beforeAll(async () => {
    server = await database().server();
    server.ctx.clock = clock;
    today = agencyDate(ZONE, new Date());
    yesterday = agencyDate(ZONE, new Date(Date.now() - DAY));
    tomorrow = agencyDate(ZONE, new Date(Date.now() + DAY));
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    const c = await signedInAs(server.ctx, server.app, ['records_clerk']);
    clerk = c.headers; clerkName = c.username;
    const s = await signedInAs(server.ctx, server.app, ['commanding_officer']);
    sergeant = s.headers; sergeantName = s.username;
    court = (await signedInAs(server.ctx, server.app, ['court_administrator'])).headers;
    refs.noise = `incident:${await incident('NOISE', '14 Pine Street')}`;
    refs.domestic = `incident:${await incident('DOMESTIC', '3 Oak Lane')}`;
    refs.confidential = `incident:${await incident('LARCENY', '55 Secret Way', { confidential: true })}`;
    refs.shelter = `incident:${await incident('WELFARE', '77 Haven Road', { shelter: true })}`;
    refs.adult = await arrest('Dale', 'Hendricks', '1979-04-02', '9 Market Street', ['Shoplifting (c.266 §30A)']);
    refs.order = await arrest('Victor', 'Stroud', '1984-07-19', '21 Birch Road', ['Violation of abuse prevention order (c.209A §7)']);
    refs.minor = await arrest('Tyler', 'Brennan', '2012-09-01', '8 School Lane', ['Vandalism']);
    const school = await incident('VANDALISM', '40 Schoolhouse Road');
    refs.juvenileCase = `incident:${school}`;
    const kase = (await call(officer, 'POST', '/cases/from-incident', { incidentNumber: school })).body.number;
    const youth = (await call(clerk, 'POST', '/names', { first: 'Jayden', last: 'Okafor', dob: '2013-06-06' })).body.id;
    expect((await call(officer, 'POST', '/reports', { kind: 'incident', caseNumber: kase, parties: [{ type: 'person', id: youth, role: 'suspect' }] })).body.juvenile).toBe(true);
  }, 180_000);
  afterAll(async () => server?.close());

  test('the public log lists the day’s responses and arrests in order with time, type, location, officers, and the arrestee’s name, address and charges (§98F)', async () => {
    clock.set(new Date());
    const log = await call(court, 'GET', `/daily-logs/${today}`);
    expect(log.status).toBe(200);
    expect(log.body).toMatchObject({ date: today, status: 'draft', publishedAt: null, corrections: [] });
    expect(log.body.entries.map((e: { ref: string }) => e.ref)).toEqual([refs.noise, refs.adult]);
    const times = log.body.entries.map((e: { at: string }) => e.at);
    expect([...times].sort()).toEqual(times);
    expect(log.body.entries[0]).toMatchObject({ kind: 'incident', type: 'NOISE', typeName: 'Noise complaint', location: '14 Pine Street', officers: [] });
    expect(log.body.entries[1]).toMatchObject({
      kind: 'arrest', type: 'ARREST', location: '1 Court Square', officers: [expect.stringMatching(/ Tester-Quill$/)],
      arrestee: { name: 'Dale Hendricks', address: '9 Market Street' }, charges: ['Shoplifting (c.266 §30A)'],
    });
  });

  test('domestic violence, protective-order arrests, minors, confidential incidents and shelter addresses never appear in the public log (§98F, 81A §D.3.c)', async () => {
    const text = JSON.stringify((await call(court, 'GET', `/daily-logs/${today}`)).body);
    for (const hidden of ['3 Oak Lane', '55 Secret Way', '77 Haven Road', 'Stroud', '21 Birch Road', 'Brennan', '8 School Lane', '209A', '40 Schoolhouse Road']) expect(text).not.toContain(hidden);
  });

  test('the non-public log is read only by authorized staff, each entry by its own rule: confidential incidents for dispatch.confidential, anything naming a minor (a juvenile booking, an incident whose case holds a juvenile report) for records.juvenile; every read is audited', async () => {
    const forClerk = await call(clerk, 'GET', `/daily-logs/${today}/non-public`);
    expect(forClerk.status).toBe(200);
    const byRef = (entries: { ref: string; reasons: string[] }[]) => Object.fromEntries(entries.map((e) => [e.ref, e.reasons]));
    expect(byRef(forClerk.body.entries)).toEqual({
      [refs.domestic!]: ['domestic_violence'], [refs.shelter!]: ['shelter_address'], [refs.order!]: ['protective_order_arrest'], [refs.minor!]: ['minor'],
      [refs.juvenileCase!]: ['minor'],
    });
    expect(forClerk.body.entries.find((e: { ref: string }) => e.ref === refs.order)).toMatchObject({ arrestee: { name: 'Victor Stroud', address: '21 Birch Road' } });
    const forSergeant = byRef((await call(sergeant, 'GET', `/daily-logs/${today}/non-public`)).body.entries);
    expect(Object.keys(forSergeant).sort()).toEqual([refs.domestic, refs.confidential, refs.shelter, refs.order].sort());
    expect(forSergeant[refs.confidential!]).toEqual(['confidential']);
    expect((await call(court, 'GET', `/daily-logs/${today}/non-public`)).status).toBe(403);
    expect((await call(officer, 'GET', `/daily-logs/${today}/non-public`)).status).toBe(403);
    const audits = (await sql<{ subject_id: string; detail: unknown }>`select subject_id, detail from audit where username = ${clerkName} and action = 'dailylog.non_public.read'`.execute(server.ctx.db)).rows;
    expect(audits.map((a) => a.subject_id)).toEqual([`${today}:non-public`]);
    // the row also names each protected entry it showed (CJIS AU-3): the clerk's minors, the sergeant's confidential incident
    expect(JSON.stringify(audits[0]!.detail)).toContain(refs.minor!);
    expect(JSON.stringify(audits[0]!.detail)).toContain(refs.juvenileCase!);
    const sergeantRows = (await sql<{ detail: unknown }>`select detail from audit where username = ${sergeantName} and action = 'dailylog.non_public.read'`.execute(server.ctx.db)).rows;
    expect(JSON.stringify(sergeantRows.at(-1)!.detail)).toContain(refs.confidential!);
  });

  test('a log for a future date is refused with the clause; a date that is not a date is refused naming the field', async () => {
    const future = await call(court, 'GET', `/daily-logs/${tomorrow}`);
    expect(future.status).toBe(422);
    expect(future.raw.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(future.body).toMatchObject({ code: 'dailylog.future_date', clause: 'M.G.L. c.41 §98F' });
    expect((await call(sergeant, 'GET', `/daily-logs/${tomorrow}/non-public`)).body.code).toBe('dailylog.future_date');
    const bad = await call(court, 'GET', '/daily-logs/2026-13-40');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/date/);
  });

  test('a supervisor publishes the day once it is over; the published log stays as published and corrections are new, marked entries (§98F)', async () => {
    clock.set(new Date());
    expect((await call(sergeant, 'POST', `/daily-logs/${today}/publish`)).body).toMatchObject({ code: 'dailylog.day_not_over' });
    expect((await call(officer, 'POST', `/daily-logs/${today}/publish`)).status).toBe(403);
    expect((await call(sergeant, 'POST', `/daily-logs/${today}/corrections`, { text: 'x' })).body.code).toBe('dailylog.not_published');
    clock.set(new Date(Date.now() + DAY));
    const published = await call(sergeant, 'POST', `/daily-logs/${today}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', publishedAt: expect.any(String), publishedBy: expect.any(String) });
    expect(published.body.entries.map((e: { ref: string }) => e.ref)).toEqual([refs.noise, refs.adult]);
    expect((await call(sergeant, 'POST', `/daily-logs/${today}/publish`)).body.code).toBe('dailylog.already_published');

    await incident('ANIMAL', '2 Late Street'); // after publication: not silently added
    const corrected = await call(sergeant, 'POST', `/daily-logs/${today}/corrections`, { entryRef: refs.noise, text: 'The noise complaint was at 41 Pine Street, not 14.' });
    expect(corrected.status).toBe(201);
    expect(corrected.body.entries).toEqual(published.body.entries);
    expect(corrected.body.corrections).toEqual([expect.objectContaining({ entryRef: refs.noise, text: 'The noise complaint was at 41 Pine Street, not 14.', correction: true })]);
    expect((await call(sergeant, 'POST', `/daily-logs/${today}/corrections`, { entryRef: refs.domestic, text: 'x' })).body.code).toBe('dailylog.entry_not_found');
    await expect(sql`update daily_log_publication set entries = '[]' where log_date = ${today}`.execute(server.ctx.db)).rejects.toThrow(/append-only/);
    const pdf = await call(court, 'GET', `/daily-logs/${today}/log.pdf`);
    expect(pdf.raw.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.raw.rawPayload);
    expect(text).toContain('14 Pine Street');
    expect(text).toContain('Dale Hendricks');
    expect(text).toContain('CORRECTION');
    for (const hidden of ['Oak Lane', 'Haven Road', 'Stroud', 'Brennan']) expect(text).not.toContain(hidden);
  });

  test('the public page needs no login, is off until the agency opts in, shows only published days, and each read is audited with the reader’s address', async () => {
    clock.set(new Date(Date.now() + DAY));
    expect((await call(sergeant, 'GET', '/daily-logs/public-page')).body).toEqual({ enabled: false });
    const off = await visit(`/public/daily-log/${today}`);
    expect(off.statusCode).toBe(404);
    expect(off.json().code).toBe('dailylog.public_page_off');
    expect((await call(officer, 'PUT', '/daily-logs/public-page', { enabled: true })).status).toBe(403);
    expect((await call(sergeant, 'PUT', '/daily-logs/public-page', { enabled: true })).body).toEqual({ enabled: true });

    const page = await visit(`/public/daily-log/${today}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('14 Pine Street');
    expect(page.body).toContain('Dale Hendricks, 9 Market Street');
    expect(page.body).toContain('Correction');
    for (const hidden of ['Oak Lane', 'Secret Way', 'Haven Road', 'Stroud', 'Brennan', '2 Late Street']) expect(page.body).not.toContain(hidden);
    const pdf = await visit(`/public/daily-log/${today}/log.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(await pdfText(pdf.rawPayload)).toContain('Dale Hendricks');

    expect((await visit(`/public/daily-log/${yesterday}`)).json().code).toBe('dailylog.not_published');
    expect((await visit(`/public/daily-log/${agencyDate(ZONE, new Date(Date.now() + 3 * DAY))}`)).json().code).toBe('dailylog.future_date');
    const audits = (await sql<{ source: string; outcome: string; subject_id: string }>`select source, outcome, subject_id from audit where action = 'dailylog.public.read' order by id`.execute(server.ctx.db)).rows;
    expect(audits).toContainEqual({ source: '198.51.100.7', outcome: 'allowed', subject_id: today });
    expect(audits).toContainEqual({ source: '198.51.100.7', outcome: 'denied', subject_id: yesterday });
  });

  test('the public page is rate-limited per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i += 1) statuses.push((await visit(`/public/daily-log/${today}`, '203.0.113.9')).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await visit(`/public/daily-log/${today}`, '203.0.113.10')).statusCode).toBe(200);
  });
});
