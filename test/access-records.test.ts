import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

type H = Record<string, string>;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/** Records by id obey the same rule as search (S-110 §B.1): what search hides answers 404. */
forEachDatabase('records by id obey the juvenile rule of search (S-110 §B.1)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let author: H; let otherOfficer: H; let oic: H; let captain: H; let court: H; let clerk: H;
  let youth: string; let report: string; let caseNumber: string; let photo: string;
  const call = async (headers: H, method: 'GET' | 'POST', url: string, payload?: unknown, extra: H = {}) => {
    const response = await server.app.inject({ method, url: `/api/v1${url}`, headers: { ...headers, ...extra }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: String(response.headers['content-type']).includes('json') ? response.json() : response.body };
  };

  beforeAll(async () => {
    process.env.PRECINCT_PHOTO_DIR = mkdtempSync(join(tmpdir(), 'precinct-access-photos-'));
    server = await database().server();
    const as = async (roles: Parameters<typeof signedInAs>[2]) => (await signedInAs(server.ctx, server.app, roles)).headers;
    author = await as(['patrol_officer']); otherOfficer = await as(['patrol_officer']); oic = await as(['commanding_officer']);
    captain = await as(['captain']); court = await as(['court_administrator']); clerk = await as(['records_clerk']);
    youth = (await call(clerk, 'POST', '/names', { first: 'Rowan', last: 'Tillinghast', dob: '2013-04-04', addresses: [{ kind: 'home', address: '12 Birch Hollow' }] })).body.id;
    const created = await call(author, 'POST', '/reports', {
      kind: 'incident', occurredAt: '2026-03-14T15:00:00Z', fields: { offense: 'Larceny', location: 'Millbrook Mall' },
      narrative: 'Juvenile took a phone.', parties: [{ type: 'person', id: youth, role: 'suspect' }],
    });
    expect(created.body.juvenile).toBe(true);
    report = created.body.id;
    caseNumber = created.body.caseNumber;
    photo = (await call(author, 'POST', `/photos?reportId=${report}`, PNG, { 'content-type': 'image/png' })).body.id;
  }, 600_000);
  afterAll(async () => { delete process.env.PRECINCT_PHOTO_DIR; await server?.close(); });

  test('S-110 §B.1: a person known only from juvenile records answers 404 by id, as search hides them, to everyone without records.juvenile', async () => {
    for (const reader of [otherOfficer, oic, captain, court]) {
      const seen = await call(reader, 'GET', `/names/${youth}`);
      expect(seen.status).toBe(404);
      expect(JSON.stringify(seen.body)).not.toContain('Tillinghast');
    }
    const clerkSees = await call(clerk, 'GET', `/names/${youth}`);
    expect(clerkSees.status).toBe(200);
    expect(clerkSees.body.name.last).toBe('Tillinghast');
  });

  test('S-110 §B.1: the header of a case whose every report is juvenile answers 404 to those without records.juvenile', async () => {
    expect(caseNumber).toBeTruthy();
    for (const reader of [otherOfficer, court, captain]) expect((await call(reader, 'GET', `/cases/${caseNumber}`)).status).toBe(404);
    expect((await call(clerk, 'GET', `/cases/${caseNumber}`)).status).toBe(200);
    expect((await call(author, 'GET', `/cases/${caseNumber}`)).status).toBe(200);
  });

  test('S-110 §B.1: only the Records Bureau attaches a photo to a juvenile; a patrol officer cannot', async () => {
    const byOther = await call(otherOfficer, 'POST', `/photos?personId=${youth}`, PNG, { 'content-type': 'image/png' });
    expect(byOther.status).toBe(404);
    const byAuthor = await call(author, 'POST', `/photos?personId=${youth}`, PNG, { 'content-type': 'image/png' });
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body).toMatchObject({ code: 'photo.juvenile_records_only', clause: 'S-110 §B.1' });
    expect((await call(clerk, 'POST', `/photos?personId=${youth}`, PNG, { 'content-type': 'image/png' })).status).toBe(201);
  });

  test('S-110 §B.1: an approver reads a juvenile report, its PDF and photos only while it is in their approval queue', async () => {
    expect((await call(oic, 'GET', `/reports/${report}`)).status).toBe(404); // a draft is not in the queue
    expect((await call(author, 'POST', `/reports/${report}/submit`)).status).toBe(200);
    for (const path of [`/reports/${report}`, `/reports/${report}/pdf`, `/photos/${photo}`]) expect((await call(oic, 'GET', path)).status).toBe(200);
    expect((await call(oic, 'POST', `/reports/${report}/approve`)).status).toBe(200);
    for (const reader of [oic, captain]) {
      for (const path of [`/reports/${report}`, `/reports/${report}/pdf`, `/photos/${photo}`]) expect((await call(reader, 'GET', path)).status).toBe(404);
    }
    expect((await call(author, 'GET', `/reports/${report}`)).status).toBe(200);
    expect((await call(clerk, 'GET', `/reports/${report}/pdf`)).status).toBe(200);
  });
});
