import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { openIncident } from './support/incidents.ts';

type H = Record<string, string>;

forEachDatabase('records: cases, reports and the approval workflow', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let officer: H; let otherOfficer: H; let sergeant: H; let clerk: H; let dispatcher: H;
  const call = async (headers: H, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: String(response.headers['content-type']).includes('json') ? response.json() : response.body, headers: response.headers };
  };
  const person = async (first: string, last: string, dob?: string) => (await call(clerk, 'POST', '/names', { first, last, ...(dob ? { dob } : {}) })).body.id as string;

  beforeAll(async () => {
    server = await database().server();
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    otherOfficer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    sergeant = (await signedInAs(server.ctx, server.app, ['commanding_officer'])).headers;
    clerk = (await signedInAs(server.ctx, server.app, ['records_clerk'])).headers;
    dispatcher = (await signedInAs(server.ctx, server.app, ['dispatcher'])).headers;
  }, 180_000);
  afterAll(async () => server?.close());

  test('case numbers are unique, sequential and gap-free under concurrency, and a refused case gives its number back (S-110 §B)', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => call(officer, 'POST', '/cases', { type: 'LARCENY', location: `${i} Main St` })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const refused = await call(officer, 'POST', '/cases', { type: 'LARCENY', location: 'x', occurredAt: '2099-01-01T00:00:00Z' });
    expect(refused.status).toBe(422);
    const last = await call(officer, 'POST', '/cases', { type: 'LARCENY', location: 'y' });
    const numbers = [...results.map((r) => r.body.number as string), last.body.number as string].map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 13 }, (_, i) => numbers[0]! + i));
    expect(last.body.number).toMatch(/^C\d{2}-\d{5}$/); // never read as an incident number
  });

  test('a CAD incident opens a case in one action, carrying its fields and timeline reference; a second try is refused (S-110 §B)', async () => {
    const incident = await openIncident(server.ctx, { type: 'DISTURB', address: '44 Pine Street' });
    const opened = await call(officer, 'POST', '/cases/from-incident', { incidentNumber: incident });
    expect(opened.status).toBe(201);
    const kase = (await call(officer, 'GET', `/cases/${opened.body.number}`)).body;
    expect(kase).toMatchObject({ incidentNumber: incident, type: 'DISTURB', location: { address: '44 Pine Street' } });
    expect(kase.carried).toMatchObject({ incidentNumber: incident, reportedAt: expect.any(String), timeline: { subject: { type: 'incident', id: incident }, events: 1 } });
    const again = await call(officer, 'POST', '/cases/from-incident', { incidentNumber: incident });
    expect(again.status).toBe(409);
    expect(again.body.caseNumber).toBe(opened.body.number);
    expect((await call(officer, 'POST', '/cases/from-incident', { incidentNumber: '26-99999' })).status).toBe(404);
    expect((await call(dispatcher, 'POST', '/cases/from-incident', { incidentNumber: incident })).status).toBe(403);
  });

  test('write → submit → return with comments → fix → approve; approved is locked, changes are supplements with their own author (S-110 §A.1.l)', async () => {
    const suspect = await person('Dale', 'Hendricks', '1979-04-02');
    const created = await call(officer, 'POST', '/reports', { kind: 'incident', fields: { offense: 'Shoplifting', location: '9 Market St' }, parties: [{ type: 'person', id: suspect, role: 'suspect' }] });
    expect(created.status).toBe(201);
    expect(created.body.caseNumber).toMatch(/^C\d{2}-\d{5}$/);
    const id = created.body.id as string;
    expect((await call(officer, 'POST', `/reports/${id}/submit`)).body.code).toBe('report.incomplete'); // no narrative yet
    const saved = await call(officer, 'PUT', `/reports/${id}`, { version: 1, narrative: 'Subject left without paying.' });
    expect(saved.body.version).toBe(2);
    expect((await call(officer, 'PUT', `/reports/${id}`, { version: 1, narrative: 'stale tab' })).body.code).toBe('report.stale');
    expect((await call(otherOfficer, 'PUT', `/reports/${id}`, { version: 2, narrative: 'not mine' })).status).toBe(403);
    expect((await call(officer, 'POST', `/reports/${id}/submit`)).body.status).toBe('submitted');
    expect((await call(officer, 'PUT', `/reports/${id}`, { version: 3, narrative: 'during review' })).body.code).toBe('report.submitted');
    const queue = (await call(sergeant, 'GET', '/reports/queue')).body.items as { id: string }[];
    expect(queue.map((r) => r.id)).toContain(id);
    expect((await call(sergeant, 'POST', `/reports/${id}/return`, { comments: 'Add the store value of the items.' })).body.status).toBe('returned');
    const returned = (await call(officer, 'GET', `/reports/${id}`)).body;
    expect(returned.returnComments).toBe('Add the store value of the items.');
    await call(officer, 'PUT', `/reports/${id}`, { version: returned.version, narrative: 'Subject left without paying for $42 of goods.' });
    await call(officer, 'POST', `/reports/${id}/submit`);
    expect((await call(sergeant, 'POST', `/reports/${id}/approve`)).body.status).toBe('approved');
    const locked = await call(officer, 'PUT', `/reports/${id}`, { version: 7, narrative: 'changed after approval' });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('report.locked');
    const supplement = await call(otherOfficer, 'POST', `/reports/${id}/supplements`, { narrative: 'Store manager later identified a second item.' });
    expect(supplement.status).toBe(201);
    const view = (await call(officer, 'GET', `/reports/${id}`)).body;
    expect(view.narrative).toBe('Subject left without paying for $42 of goods.');
    expect(view.supplements).toHaveLength(1);
    expect(view.supplements[0]).toMatchObject({ narrative: 'Store manager later identified a second item.', status: 'draft', createdAt: expect.any(String) });
    expect(view.supplements[0].author).not.toBe(view.author);
  });

  test('a supervisor cannot approve their own report, and two approvals at once resolve to one', async () => {
    const both = (await signedInAs(server.ctx, server.app, ['patrol_officer', 'commanding_officer'])).headers;
    const created = await call(both, 'POST', '/reports', { kind: 'incident', fields: { offense: 'Vandalism', location: '1 Oak St' }, narrative: 'Graffiti on wall.' });
    await call(both, 'POST', `/reports/${created.body.id}/submit`);
    const own = await call(both, 'POST', `/reports/${created.body.id}/approve`);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('report.own_report');
    const captain = (await signedInAs(server.ctx, server.app, ['captain'])).headers;
    const results = await Promise.all([call(sergeant, 'POST', `/reports/${created.body.id}/approve`), call(captain, 'POST', `/reports/${created.body.id}/approve`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await call(officer, 'POST', `/reports/${created.body.id}/approve`)).status).toBe(403); // patrol cannot approve
  });

  test('bad input is refused and nothing is half-written: unknown master-name links, born after the event, unknown fields', async () => {
    const before = Number((await sql<{ n: string }>`select count(*) as n from report`.execute(server.ctx.db)).rows[0]!.n);
    const cases = Number((await sql<{ n: string }>`select count(*) as n from record_case`.execute(server.ctx.db)).rows[0]!.n);
    const unknown = await call(officer, 'POST', '/reports', { kind: 'incident', parties: [{ type: 'person', id: '00000000-0000-4000-8000-000000000000', role: 'victim' }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('report.unknown_link');
    const baby = await person('Newt', 'Born', '2026-01-02');
    const impossible = await call(officer, 'POST', '/reports', { kind: 'incident', occurredAt: '2025-12-01T12:00:00Z', parties: [{ type: 'person', id: baby, role: 'witness' }] });
    expect(impossible.status).toBe(422);
    expect(impossible.body.code).toBe('report.impossible_date');
    expect((await call(officer, 'POST', '/reports', { kind: 'incident', color: 'blue' })).status).toBe(400);
    expect((await call(clerk, 'POST', '/names', { first: 'Future', last: 'Person', dob: '2999-01-01' })).body.code).toBe('person.dob_in_future');
    expect(Number((await sql<{ n: string }>`select count(*) as n from report`.execute(server.ctx.db)).rows[0]!.n)).toBe(before);
    expect(Number((await sql<{ n: string }>`select count(*) as n from record_case`.execute(server.ctx.db)).rows[0]!.n)).toBe(cases);
  });

  test('arrest booking: arrestee, charges, server booking time, property; field interview: person, place, reason (S-110 §A.1.b, §A.1.k)', async () => {
    const arrestee = await person('Marco', 'Villanueva', '1990-08-14');
    const arrest = await call(officer, 'POST', '/reports', { kind: 'arrest', fields: { bookedAt: '1999-01-01T00:00:00Z', charges: [{ statute: 'c266 §30', description: 'Larceny over $1200' }], propertyTaken: [{ description: 'Wallet, black' }] }, parties: [{ type: 'person', id: arrestee, role: 'arrestee' }], narrative: 'Booked.' });
    expect(arrest.status).toBe(201);
    const view = (await call(officer, 'GET', `/reports/${arrest.body.id}`)).body;
    expect(Date.parse(view.fields.bookedAt)).toBeGreaterThan(Date.now() - 60_000); // the server's clock, not the client's
    expect((await call(officer, 'POST', `/reports/${arrest.body.id}/submit`)).body.status).toBe('submitted');
    const fi = await call(officer, 'POST', '/reports', { kind: 'field_interview', fields: { place: 'Behind 12 Elm St', reason: 'Matched description from call' } });
    expect(fi.body.caseNumber).toBeNull();
    expect((await call(officer, 'POST', `/reports/${fi.body.id}/submit`)).body.detail).toMatch(/person interviewed/);
    await call(officer, 'PUT', `/reports/${fi.body.id}`, { version: 1, parties: [{ type: 'person', id: arrestee, role: 'subject' }] });
    expect((await call(officer, 'POST', `/reports/${fi.body.id}/submit`)).body.status).toBe('submitted');
    const page = (await call(clerk, 'GET', `/names/${arrestee}`)).body;
    expect(page.records.map((r: { kind: string }) => r.kind).sort()).toEqual(['arrest', 'field_interview']);
  });
});
