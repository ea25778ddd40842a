import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { agencyDate } from '../src/core/clock.ts';
import { insertRosterEntries } from '../src/directory/roster.ts';
import { inTransaction } from '../src/db/index.ts';
import { forEachDatabase } from './support/databases.ts';
import { openIncident } from './support/incidents.ts';
import { signedInAs } from './support/session.ts';

type H = Record<string, string>;

/**
 * Reads the policies protect are audited, and so is every refused read (CJIS AU-2, AU-3; 81A §E.2.c; S-110 §B.1).
 * A confidential incident is read through its record, the incident listings and suggestions, the event log, the
 * recent events, the stream (its first delivery per connection), a unit's history and the field view: each
 * such read leaves a row `incident.read_confidential` naming it (first as the row's subject, the others in
 * `detail.also`). The status board shows only an incident's number, and is not such a read.
 */
forEachDatabase('protected and refused reads are audited (CJIS AU-2, AU-3)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let incident: string;
  let dispatcher: { username: string; headers: H };
  const unit = `R${process.pid % 1000}`;

  beforeAll(async () => {
    server = await database().server();
    dispatcher = await signedInAs(server.ctx, server.app, ['dispatcher']);
    incident = await openIncident(server.ctx, { address: '17 Juniper Way, Millbrook' });
    const marked = await server.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident}/confidential`, headers: dispatcher.headers, payload: { reason: 'officer-involved' } });
    expect(marked.statusCode).toBe(200);
  }, 180_000);
  afterAll(async () => server?.close());

  const rowsOf = (username: string) => server.ctx.db.selectFrom('audit').selectAll().where('username', '=', username).orderBy('id').execute();
  /** This reader's audit rows that record a read of the confidential incident, as subject or among `detail.also`. */
  const readsOf = async (username: string) => (await rowsOf(username)).filter((r) => r.action === 'incident.read_confidential'
    && r.outcome === 'allowed' && (r.subject_id === incident || JSON.stringify(r.detail).includes(`incident:${incident}`)));
  const get = (url: string, headers: H) => server.app.inject({ url: `/api/v1${url}`, headers });
  /** A person under 18 added by a records clerk, and an officer's incident report naming them as suspect: a juvenile report (S-110 §B.1). */
  const juvenileReport = async (clerk: H, author: H, person: { first: string; last: string; dob: string }, report: { occurredAt: string; fields: Record<string, string>; narrative: string }) => {
    const youth = (await server.app.inject({ method: 'POST', url: '/api/v1/names', headers: clerk, payload: person })).json().id as string;
    const created = await server.app.inject({ method: 'POST', url: '/api/v1/reports', headers: author, payload: { kind: 'incident', ...report, parties: [{ type: 'person', id: youth, role: 'suspect' }] } });
    const { id, caseNumber, juvenile } = created.json() as { id: string; caseNumber: string; juvenile: boolean };
    expect(juvenile).toBe(true);
    return { youth, report: id, caseNumber };
  };

  test('every read of a confidential incident writes an audit row naming it, whether the reader sees its details or not (81A §E.2.c)', async () => {
    const officer = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    for (const reader of [dispatcher, officer]) {
      const before = (await readsOf(reader.username)).length;
      const response = await get(`/incidents/${incident}`, reader.headers);
      expect(response.statusCode).toBe(200);
      const reads = (await readsOf(reader.username)).slice(before);
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({ subject_type: 'incident', subject_id: incident, outcome: 'allowed' });
    }
  });

  test('reading an incident that is not confidential writes no audit row', async () => {
    const plain = await openIncident(server.ctx);
    const reader = await signedInAs(server.ctx, server.app, ['dispatcher']);
    const before = (await rowsOf(reader.username)).length;
    expect((await get(`/incidents/${plain}`, reader.headers)).statusCode).toBe(200);
    expect((await rowsOf(reader.username)).length).toBe(before);
  });

  test('a listing, a suggestion, the event log and the recent events that show a confidential incident each leave one audit row naming it (81A §E.2.c; CJIS AU-3)', async () => {
    for (const url of ['/incidents', '/incidents?status=all', `/incidents/suggestions?address=${encodeURIComponent('17 Juniper Way, Millbrook')}`, '/events?after=0&limit=1000', '/events/recent?limit=500']) {
      const before = (await readsOf(dispatcher.username)).length;
      const response = await get(url, dispatcher.headers);
      expect(response.statusCode, url).toBe(200);
      expect(JSON.stringify(response.json()), url).toContain(incident);
      expect((await readsOf(dispatcher.username)).length - before, url).toBe(1);
    }
    // A reader from whom the listing and the log withhold it has read nothing of it: no row.
    const officer = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    for (const url of ['/incidents', '/events?after=0&limit=1000']) {
      const response = await get(url, officer.headers);
      expect(response.statusCode, url).toBe(200);
      expect(JSON.stringify(response.json()), url).not.toContain('Juniper');
    }
    expect(await readsOf(officer.username)).toEqual([]);
  });

  test('the stream audits its first delivery of a confidential incident’s events to a connection, before sending them, and not each later event (CJIS AU-3)', async () => {
    const reader = await signedInAs(server.ctx, server.app, ['dispatcher']);
    const url = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    const socket = new WebSocket(`${url}/api/v1/stream?after=0`, { headers: reader.headers });
    let about = 0;
    socket.on('message', (data) => {
      const event = JSON.parse(String(data)) as { subjectId: string; payload: { incident?: string } };
      if (event.subjectId === incident || event.payload.incident === incident) about += 1;
    });
    const heard = async (n: number) => { while (about < n) await new Promise((resolve) => setTimeout(resolve, 20)); };
    try {
      await heard(2); // created and marked confidential
      expect(await readsOf(reader.username)).toHaveLength(1);
      expect((await readsOf(reader.username))[0]).toMatchObject({ subject_id: incident, detail: expect.objectContaining({ route: 'GET /api/v1/stream' }) });
      const note = await server.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident}/notes`, headers: dispatcher.headers, payload: { text: 'stream check' } });
      expect(note.statusCode).toBe(201);
      await heard(3);
      expect(await readsOf(reader.username)).toHaveLength(1);
    } finally {
      socket.close();
    }
  });

  test('the field view and a unit’s history of a confidential incident are audited; a unit that is not one’s own is refused and the refusal names it (81A §E.2.c; CJIS AU-3)', async () => {
    const officer = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    const stranger = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    for (const callSign of [unit, `${unit}B`]) { // a disturbance needs two officers (81A §E.3)
      const added = await server.app.inject({ method: 'POST', url: '/api/v1/units', headers: dispatcher.headers, payload: { callSign, kind: 'patrol', service: 'police' } });
      expect(added.statusCode).toBe(201);
    }
    await inTransaction(server.ctx.db, (tx) => insertRosterEntries(tx, agencyDate(server.ctx.config.agency.timeZone), 'Day', [{ callSign: unit, username: officer.username, assignment: 'Patrol' }]));
    const sent = await server.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident}/dispatch`, headers: dispatcher.headers, payload: { units: [unit, `${unit}B`] } });
    expect(sent.statusCode, sent.body).toBe(200);

    const field = await get(`/units/${unit}/assignment`, officer.headers);
    expect(field.statusCode).toBe(200);
    expect(field.json().incident).toMatchObject({ number: incident, location: { address: expect.stringContaining('Juniper') } });
    expect(await readsOf(officer.username)).toHaveLength(1);

    const before = (await readsOf(dispatcher.username)).length;
    const history = await get(`/units/${unit}/history`, dispatcher.headers);
    expect(JSON.stringify(history.json())).toContain(incident);
    expect((await readsOf(dispatcher.username)).length - before).toBe(1);

    expect((await get(`/units/${unit}/assignment`, stranger.headers)).statusCode).toBe(403);
    const denied = (await rowsOf(stranger.username)).filter((r) => r.outcome === 'denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ subject_id: `/api/v1/units/${unit}/assignment`, action: 'GET /api/v1/units/:callSign/assignment' });
  });

  test('a refused read writes a denied audit row naming the record asked for', async () => {
    const clerk = await signedInAs(server.ctx, server.app, ['records_clerk']);
    expect((await get(`/incidents/${incident}`, clerk.headers)).statusCode).toBe(403);
    const denied = (await rowsOf(clerk.username)).filter((r) => r.outcome === 'denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]!.subject_id).toContain(incident);
  });

  test('a juvenile report withheld from a reader is refused with a denied row naming it, and the approval queue that lists it is a read of it (S-110 §B.1; CJIS AU-3)', async () => {
    const clerk = await signedInAs(server.ctx, server.app, ['records_clerk']);
    const author = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    const court = await signedInAs(server.ctx, server.app, ['court_administrator']);
    const sergeant = await signedInAs(server.ctx, server.app, ['commanding_officer']);
    const { report } = await juvenileReport(clerk.headers, author.headers, { first: 'Milo', last: 'Fenwick', dob: '2013-04-04' },
      { occurredAt: '2026-03-14T15:00:00Z', fields: { offense: 'Shoplifting', location: 'Main Street Market' }, narrative: 'Took two sodas.' });

    expect((await get(`/reports/${report}`, court.headers)).statusCode).toBe(404);
    expect((await rowsOf(court.username)).filter((r) => r.outcome === 'denied')).toMatchObject([{ action: 'records.juvenile.read', subject_type: 'report', subject_id: report }]);

    expect((await server.app.inject({ method: 'POST', url: `/api/v1/reports/${report}/submit`, headers: author.headers })).statusCode).toBeLessThan(300);
    const queue = await get('/reports/queue', sergeant.headers);
    expect(queue.json().items.map((r: { id: string }) => r.id)).toContain(report);
    const reads = (await rowsOf(sergeant.username)).filter((r) => r.action === 'records.juvenile.read');
    expect(reads.some((r) => r.subject_id === report || JSON.stringify(r.detail).includes(`report:${report}`))).toBe(true);
  });
  test('a case search by person that lists a case through a juvenile report is a read of that report, audited; a reader who may not see it does not find the case (S-110 §B.1; CJIS AU-3)', async () => {
    const clerk = await signedInAs(server.ctx, server.app, ['records_clerk']);
    const author = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    const court = await signedInAs(server.ctx, server.app, ['court_administrator']);
    const { youth, report, caseNumber } = await juvenileReport(clerk.headers, author.headers, { first: 'Tessa', last: 'Quayle', dob: '2012-09-09' },
      { occurredAt: '2026-04-02T16:00:00Z', fields: { offense: 'Vandalism', location: 'Millbrook Park' }, narrative: 'Spray paint on the gazebo.' });

    const before = (await rowsOf(clerk.username)).length;
    const found = await get(`/cases?personId=${youth}`, clerk.headers);
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((c: { number: string }) => c.number)).toEqual([caseNumber]);
    const reads = (await rowsOf(clerk.username)).slice(before).filter((r) => r.action === 'records.juvenile.read');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ outcome: 'allowed', subject_type: 'report', subject_id: report });

    const hidden = await get(`/cases?personId=${youth}`, court.headers);
    expect(hidden.statusCode).toBe(200);
    expect(hidden.json().items).toEqual([]);
    expect((await rowsOf(court.username)).filter((r) => r.action === 'records.juvenile.read' && r.outcome === 'allowed')).toEqual([]);
  });
  test('reading a call linked to a confidential incident is a read of that incident, audited naming it (81A §E.2.c; CJIS AU-3)', async () => {
    const post = (url: string, payload: unknown) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: dispatcher.headers, payload: payload as object });
    const call = (await post('/calls', { line: 'business', callerName: 'Second Caller' })).json() as { id: string };
    expect((await post(`/calls/${call.id}/link`, { incident })).json()).toMatchObject({ incidentNumber: incident });
    const before = (await readsOf(dispatcher.username)).length;
    expect((await get(`/calls/${call.id}`, dispatcher.headers)).statusCode).toBe(200);
    const reads = (await readsOf(dispatcher.username)).slice(before);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ subject_type: 'incident', subject_id: incident, outcome: 'allowed' });
  });
});
