import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { openIncident } from './support/incidents.ts';

type H = Record<string, string>;

forEachDatabase('records: one case file, browsed and searched (S-110 §B)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let officer: H; let officerName: string; let clerk: H; let court: H; let admin: H; let sergeant: H;
  const call = async (headers: H, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: response.json() };
  };

  beforeAll(async () => {
    server = await database().server();
    const o = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    officer = o.headers; officerName = o.username;
    clerk = (await signedInAs(server.ctx, server.app, ['records_clerk'])).headers;
    court = (await signedInAs(server.ctx, server.app, ['court_administrator'])).headers;
    admin = (await signedInAs(server.ctx, server.app, ['system_administrator'])).headers;
    sergeant = (await signedInAs(server.ctx, server.app, ['commanding_officer'])).headers;
  }, 300_000);
  afterAll(async () => server?.close());

  test('a case number cannot be mistaken for an incident number: C26-00001 beside 26-00001, and the prefix is the agency’s to set (S-110 §B)', async () => {
    const incident = await openIncident(server.ctx, { type: 'LARCENY', address: '9 Market Street' });
    const kase = (await call(officer, 'POST', '/cases/from-incident', { incidentNumber: incident })).body.number as string;
    expect(incident).toMatch(/^\d{2}-\d{5}$/);
    expect(kase).toMatch(/^C\d{2}-\d{5}$/);
    expect((await call(admin, 'PUT', '/cases/number-prefix', { prefix: '' })).body).toMatchObject({ status: 422, code: 'case.prefix', clause: 'S-110 §B' });
    expect((await call(admin, 'PUT', '/cases/number-prefix', { prefix: 'NPD' })).body).toEqual({ prefix: 'NPD', example: 'NPD26-00042' });
    const next = (await call(officer, 'POST', '/cases', { type: 'VANDAL', location: '2 Main St' })).body.number as string;
    expect(next).toMatch(/^NPD\d{2}-\d{5}$/);
    expect(Number(next.slice(-5))).toBe(Number(kase.slice(-5)) + 1); // one sequence, whatever the letters
    await call(admin, 'PUT', '/cases/number-prefix', { prefix: 'C' });
    expect((await call(officer, 'PUT', '/cases/number-prefix', { prefix: 'X' })).status).toBe(403);
  });

  test('a case opened from an incident carries the link both ways, and reports are filed under it by choosing it (S-110 §B)', async () => {
    const incident = await openIncident(server.ctx, { type: 'BURGLARY', address: '41 Orchard Lane, Millbrook' });
    const kase = (await call(officer, 'POST', '/cases/from-incident', { incidentNumber: incident })).body.number as string;
    expect((await call(court, 'GET', `/cases?incident=${incident}`)).body.items).toEqual([expect.objectContaining({ number: kase, incidentNumber: incident })]);
    const first = (await call(officer, 'POST', '/reports', { kind: 'incident', caseNumber: kase, fields: { offense: 'Burglary', location: '41 Orchard Lane' } })).body;
    const second = (await call(officer, 'POST', '/reports', { kind: 'arrest', caseNumber: kase })).body;
    expect([first.caseNumber, second.caseNumber]).toEqual([kase, kase]);
    const page = (await call(court, 'GET', `/cases/${kase}`)).body;
    expect(page.reports.map((r: { id: string }) => r.id).sort()).toEqual([first.id, second.id].sort());
    expect(page.status).toBe('open');
  });

  test('a report filed under a case that does not exist is refused and nothing is written (S-110 §B)', async () => {
    const before = (await sql<{ n: number }>`select count(*)::int as n from report`.execute(server.ctx.db)).rows[0]!.n;
    const refused = await call(officer, 'POST', '/reports', { kind: 'incident', caseNumber: 'C26-99999' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'report.unknown_case', clause: 'S-110 §B' });
    expect((await sql<{ n: number }>`select count(*)::int as n from report`.execute(server.ctx.db)).rows[0]!.n).toBe(before);
    expect((await call(officer, 'POST', '/reports', { kind: 'incident', caseNumber: 'C26-1' })).status).toBe(400);
  });

  test('cases and reports are found by number, date range, address, officer, type, status and person, a page at a time (S-110 §B)', async () => {
    const person = (await call(clerk, 'POST', '/names', { first: 'Wendell', last: 'Farraday', dob: '1970-01-02' })).body.id as string;
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      numbers.push((await call(officer, 'POST', '/cases', { type: 'FRAUD', location: `${70 + i} Quarry Road`, occurredAt: `2026-02-0${i + 1}T10:00:00Z` })).body.number);
    }
    await call(officer, 'POST', '/reports', { kind: 'incident', caseNumber: numbers[1], parties: [{ type: 'person', id: person, role: 'victim' }] });
    expect((await call(court, 'GET', '/cases?address=quarry%20road')).body.items.map((c: { number: string }) => c.number)).toEqual([...numbers].reverse());
    expect((await call(court, 'GET', '/cases?address=quarry&from=2026-02-02&to=2026-02-02')).body.items.map((c: { number: string }) => c.number)).toEqual([numbers[1]]);
    expect((await call(court, 'GET', `/cases?personId=${person}`)).body.items.map((c: { number: string }) => c.number)).toEqual([numbers[1]]);
    expect((await call(court, 'GET', `/cases?number=${numbers[2]!.slice(-5)}`)).body.items.map((c: { number: string }) => c.number)).toEqual([numbers[2]]);
    const paged = (await call(court, 'GET', '/cases?type=fraud&limit=2')).body;
    expect(paged.items).toHaveLength(2);
    expect(paged.next).toEqual(expect.any(String));
    // a case opened meanwhile (newer) does not shift the page that follows: paged by key, not offset
    await call(officer, 'POST', '/cases', { type: 'FRAUD', location: '99 Quarry Road', occurredAt: '2026-02-05T10:00:00Z' });
    const rest = (await call(court, 'GET', `/cases?type=fraud&limit=2&after=${paged.next}`)).body;
    expect(rest.next).toBeNull();
    expect([...paged.items, ...rest.items].map((c: { number: string }) => c.number)).toEqual([...numbers].reverse());
    expect((await call(court, 'GET', `/cases?officer=${officerName}&type=FRAUD`)).body.items).toHaveLength(4);
    const byOfficer = (await call(court, 'GET', `/cases?officer=${officerName}&type=FRAUD&limit=3`)).body;
    expect((await call(court, 'GET', `/cases?officer=${officerName}&type=FRAUD&limit=3&after=${byOfficer.next}`)).body.items.map((c: { number: string }) => c.number)).toEqual([numbers[0]]);
    expect((await call(court, 'GET', '/cases?after=not-a-key')).body).toMatchObject({ code: 'request.invalid_cursor' });
    const reportsPage = (await call(court, 'GET', `/reports?officer=${officerName}&limit=1`)).body;
    expect(reportsPage.items).toHaveLength(1);
    expect(reportsPage.next).toEqual(expect.any(String));
    expect((await call(sergeant, 'POST', `/cases/${numbers[0]}/status`, { status: 'closed' })).body).toEqual({ status: 'closed' });
    expect((await call(court, 'GET', '/cases?type=FRAUD&status=closed')).body.items.map((c: { number: string }) => c.number)).toEqual([numbers[0]]);
    const reports = (await call(court, 'GET', `/reports?personId=${person}`)).body.items;
    expect(reports).toEqual([expect.objectContaining({ caseNumber: numbers[1], kind: 'incident', author: officerName, address: '71 Quarry Road' })]);
    expect((await call(court, 'GET', '/reports?address=quarry&kind=arrest')).body.items).toEqual([]);
    expect((await call(court, 'GET', '/cases?from=2026-03-01&to=2026-02-01')).status).toBe(400);
  });

  test('reports at an address are found by their case\'s address or their own, each once, newest first a page at a time, and only the reports a reader may see (S-110 §B, §B.1; issue 22)', async () => {
    const atCase = (await call(officer, 'POST', '/cases', { type: 'LARCENY', location: '5 Tannery Row', occurredAt: '2026-04-01T10:00:00Z' })).body.number as string;
    const elsewhere = (await call(officer, 'POST', '/cases', { type: 'LARCENY', location: '80 Depot Street', occurredAt: '2026-04-01T10:00:00Z' })).body.number as string;
    const file = async (caseNumber: string, day: string, fields: Record<string, string> = {}) =>
      (await call(officer, 'POST', '/reports', { kind: 'incident', caseNumber, occurredAt: `2026-04-${day}T10:00:00Z`, fields })).body.id as string;
    const byCase = await file(atCase, '02'); // found by its case's address
    const both = await file(atCase, '03', { location: '5 Tannery Row' }); // by both: listed once
    const byOwn = await file(elsewhere, '04', { location: '5 Tannery Row, rear' }); // by its own location only
    const notThere = await file(elsewhere, '05');
    const youth = (await call(clerk, 'POST', '/names', { first: 'Toby', last: 'Renfrew', dob: '2013-05-05' })).body.id as string;
    const juvenile = (await call(officer, 'POST', '/reports', { kind: 'incident', caseNumber: atCase, occurredAt: '2026-04-06T10:00:00Z', parties: [{ type: 'person', id: youth, role: 'suspect' }] })).body.id as string;
    const ids = (body: { items: { id: string }[] }) => body.items.map((r) => r.id);

    const first = (await call(court, 'GET', '/reports?address=5%20tannery&limit=2')).body;
    expect(ids(first)).toEqual([byOwn, both]);
    const second = (await call(court, 'GET', `/reports?address=5%20tannery&limit=2&after=${first.next}`)).body;
    expect(ids(second)).toEqual([byCase]);
    expect(second.next).toBeNull();
    expect(ids((await call(court, 'GET', '/reports?address=tannery&from=2026-04-03&to=2026-04-03')).body)).toEqual([both]);
    expect(ids((await call(court, 'GET', '/reports?address=5%20tannery')).body)).not.toContain(notThere);
    // the juvenile report at the address is listed to its author, not to a reader without records.juvenile (S-110 §B.1)
    expect(ids((await call(officer, 'GET', '/reports?address=5%20tannery&limit=1')).body)).toEqual([juvenile]);
    expect(ids((await call(court, 'GET', '/reports?address=5%20tannery')).body)).not.toContain(juvenile);
  });

  test('an address typed with its house number is found from its start (12 finds 12 Birch Way, not 112); cases by officer include those the officer only wrote in, newest first, within dates (S-110 §B)', async () => {
    const twelve = (await call(officer, 'POST', '/cases', { type: 'LARCENY', location: '12 Birch Way', occurredAt: '2026-03-02T10:00:00Z' })).body.number as string;
    const hundred = (await call(officer, 'POST', '/cases', { type: 'LARCENY', location: '112 Birch Way', occurredAt: '2026-03-03T10:00:00Z' })).body.number as string;
    expect((await call(court, 'GET', '/cases?address=12%20birch')).body.items.map((c: { number: string }) => c.number)).toEqual([twelve]);
    expect((await call(court, 'GET', '/cases?address=birch%20way')).body.items.map((c: { number: string }) => c.number)).toEqual([hundred, twelve]);
    const report = (await call(officer, 'POST', '/reports', { kind: 'incident', caseNumber: hundred })).body.id as string;
    expect((await call(court, 'GET', '/reports?address=112%20birch')).body.items.map((r: { id: string }) => r.id)).toEqual([report]);
    expect((await call(court, 'GET', '/reports?address=12%20birch')).body.items).toEqual([]);

    // a second officer who opened nothing and wrote one report in the first officer's case
    const other = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    await call(other.headers, 'POST', '/reports', { kind: 'incident', caseNumber: twelve });
    expect((await call(court, 'GET', `/cases?officer=${other.username}`)).body.items.map((c: { number: string }) => c.number)).toEqual([twelve]);
    expect((await call(court, 'GET', `/cases?officer=${officerName}&from=2026-03-01&to=2026-03-31`)).body.items.map((c: { number: string }) => c.number)).toEqual([hundred, twelve]);
    expect((await call(court, 'GET', `/cases?officer=${officerName}&from=2026-03-03&to=2026-03-31&type=LARCENY`)).body.items.map((c: { number: string }) => c.number)).toEqual([hundred]);
    expect((await call(court, 'GET', '/cases?officer=nobody-at-all')).body.items).toEqual([]);
  });

  test('a search by person does not find a case through a juvenile report without records.juvenile (S-110 §B.1)', async () => {
    const youth = (await call(clerk, 'POST', '/names', { first: 'Kyle', last: 'Ambrose', dob: '2014-03-03' })).body.id as string;
    const kase = (await call(officer, 'POST', '/cases', { type: 'VANDAL', location: '5 School Lane' })).body.number as string;
    await call(officer, 'POST', '/reports', { kind: 'incident', caseNumber: kase, parties: [{ type: 'person', id: youth, role: 'suspect' }] });
    expect((await call(court, 'GET', `/cases?personId=${youth}`)).body.items).toEqual([]);
    expect((await call(court, 'GET', `/reports?caseNumber=${kase}`)).body.items).toEqual([]);
    expect((await call(clerk, 'GET', `/cases?personId=${youth}`)).body.items.map((c: { number: string }) => c.number)).toEqual([kase]);
    expect((await call(clerk, 'GET', `/reports?caseNumber=${kase}`)).body.items).toEqual([expect.objectContaining({ juvenile: true })]);
  });
});
