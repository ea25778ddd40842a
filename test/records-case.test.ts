import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { openIncident } from './support/incidents.ts';
import { markConfidential } from '../src/dispatch/units/service.ts';

type H = Record<string, string>;

forEachDatabase('records: the case page and audited juvenile markers', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let officer: H; let sergeant: H; let court: H; let clerk: H; let clerkName: string;
  const call = async (headers: H, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: response.json() };
  };
  const juvenileAudits = async (username: string) => (await sql<{ subject_type: string; subject_id: string; detail: Record<string, unknown> }>`
    select subject_type, subject_id, detail from audit where username = ${username} and action = 'records.juvenile.read' order by id`.execute(server.ctx.db)).rows;

  beforeAll(async () => {
    server = await database().server();
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
    sergeant = (await signedInAs(server.ctx, server.app, ['commanding_officer'])).headers;
    court = (await signedInAs(server.ctx, server.app, ['court_administrator'])).headers;
    const c = await signedInAs(server.ctx, server.app, ['records_clerk']);
    clerk = c.headers; clerkName = c.username;
  }, 180_000);
  afterAll(async () => server?.close());

  test('a case from an incident shows its carried 81.2.3 fields, its reports with supplements and every linked person and vehicle (S-110 §B)', async () => {
    const incident = await openIncident(server.ctx, { type: 'LARCENY', address: '9 Market Street' });
    const number = (await call(officer, 'POST', '/cases/from-incident', { incidentNumber: incident })).body.number as string;
    const suspect = (await call(clerk, 'POST', '/names', { first: 'Dale', last: 'Hendricks', dob: '1979-04-02' })).body.id;
    const car = (await call(clerk, 'POST', '/vehicles', { plate: '4KT 882', state: 'MA', make: 'Ford', color: 'Blue' })).body.id;
    const report = (await call(officer, 'POST', '/reports', {
      kind: 'incident', caseNumber: number, fields: { offense: 'Shoplifting', location: '9 Market Street' }, narrative: 'Left without paying.',
      parties: [{ type: 'person', id: suspect, role: 'suspect' }, { type: 'vehicle', id: car, role: 'suspect_vehicle' }],
    })).body.id as string;
    await call(officer, 'POST', `/reports/${report}/submit`);
    await call(sergeant, 'POST', `/reports/${report}/approve`);
    const supplement = (await call(officer, 'POST', `/reports/${report}/supplements`, { narrative: 'Second item found.' })).body.id;

    const kase = (await call(court, 'GET', `/cases/${number}`)).body;
    expect(kase).toMatchObject({ number, type: 'LARCENY', incidentNumber: incident, carried: { incidentNumber: incident, location: { address: '9 Market Street' }, units: [] } });
    expect(kase.reports).toEqual([expect.objectContaining({ id: report, status: 'approved', approvedBy: expect.any(String), supplements: [expect.objectContaining({ id: supplement, status: 'draft' })] })]);
    expect(kase.parties.map((p: { type: string; role: string; label: string }) => `${p.type} ${p.role} ${p.label}`).sort())
      .toEqual(['person suspect Hendricks, Dale', 'vehicle suspect_vehicle 4KT 882 MA Blue Ford']);
    expect((await call(court, 'GET', '/cases/26-99999')).status).toBe(404);
  });

  test('a juvenile report is absent from the case for those without records.juvenile; shown and marked for the clerk, the read audited (S-110 §B.1)', async () => {
    const number = (await call(officer, 'POST', '/cases', { type: 'VANDAL', location: '1 School Lane' })).body.number as string;
    const youth = (await call(clerk, 'POST', '/names', { first: 'Tyler', last: 'Brennan', dob: '2013-09-01' })).body.id;
    const report = (await call(officer, 'POST', '/reports', { kind: 'incident', caseNumber: number, parties: [{ type: 'person', id: youth, role: 'suspect' }] })).body;
    expect(report.juvenile).toBe(true);
    // a case whose only report is juvenile is itself a juvenile record: to others it does not exist (read rule of the case)
    expect((await call(court, 'GET', `/cases/${number}`)).status).toBe(404);
    const adult = (await call(officer, 'POST', '/reports', { kind: 'incident', caseNumber: number, narrative: 'Window broken overnight; owner reports.' })).body;
    const plain = (await call(court, 'GET', `/cases/${number}`)).body;
    expect(plain.reports).toEqual([expect.objectContaining({ id: adult.id, juvenile: false })]);
    expect(plain.parties).toEqual([]);
    const before = (await juvenileAudits(clerkName)).length;
    const seen = (await call(clerk, 'GET', `/cases/${number}`)).body;
    expect(seen.reports).toEqual(expect.arrayContaining([expect.objectContaining({ id: report.id, juvenile: true }), expect.objectContaining({ id: adult.id })]));
    expect(seen.parties).toEqual([expect.objectContaining({ id: youth, juvenile: true, reportId: report.id })]);
    expect((await juvenileAudits(clerkName)).slice(before)).toEqual([{ subject_type: 'case', subject_id: number, detail: { reports: [report.id] } }]);
  });

  test('a "Juvenile records" marker on a name-search hit is a read of juvenile data and is audited; an unmarked search is not (S-110 §B.1)', async () => {
    const kid = (await call(clerk, 'POST', '/names', { first: 'Jayden', last: 'Okonkwo', dob: '2013-06-06' })).body.id;
    const adult = (await call(clerk, 'POST', '/names', { first: 'Harold', last: 'Quimby', dob: '1961-02-03' })).body.id;
    await call(officer, 'POST', '/reports', { kind: 'incident', fields: { offense: 'Shoplifting' }, parties: [{ type: 'person', id: kid, role: 'suspect' }] });
    await call(officer, 'POST', '/reports', { kind: 'incident', fields: { offense: 'Trespass' }, parties: [{ type: 'person', id: adult, role: 'suspect' }] });
    const before = (await juvenileAudits(clerkName)).length;
    const hits = (await call(clerk, 'GET', '/names/search?q=Jaden%20Okonkwo&dob=2013')).body;
    expect(hits[0]).toMatchObject({ id: kid, juvenile: true });
    expect((await juvenileAudits(clerkName)).slice(before)).toEqual([{ subject_type: 'person', subject_id: kid, detail: { search: 'Jaden Okonkwo', dob: '2013' } }]);
    const plain = (await call(clerk, 'GET', '/names/search?q=Harold%20Quimby')).body;
    expect(plain[0]).toMatchObject({ id: adult });
    expect(plain[0].juvenile).toBeUndefined();
    expect(await juvenileAudits(clerkName)).toHaveLength(before + 1);
  });

  test('a case from an incident later marked confidential withholds its location, complainant and narrative from readers without the right (81A §E.2.c)', async () => {
    const incident = await openIncident(server.ctx, { type: 'DOMESTIC', address: '3 Hidden Lane' });
    const number = (await call(officer, 'POST', '/cases/from-incident', { incidentNumber: incident })).body.number as string;
    await markConfidential(server.ctx, { username: 'dkowalski', roles: ['dispatcher'], source: 'test', remote: false }, incident, 'shelter resident');
    const plain = (await call(court, 'GET', `/cases/${number}`)).body;
    expect(plain).toMatchObject({ number, incidentNumber: incident, confidential: true, location: null, carried: { incidentNumber: incident, location: null, complainant: null, narrative: null, reportedAt: expect.any(String) } });
    expect(JSON.stringify(plain)).not.toContain('Hidden Lane');
    const released = (await call(clerk, 'GET', `/cases/${number}`)).body; // records.release
    expect(released).toMatchObject({ confidential: false, carried: { location: { address: '3 Hidden Lane' } } });
  });
});
