import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { openIncident } from './support/incidents.ts';
import { signedInAs } from './support/session.ts';

/** Reads the policies protect are audited, and so is every refused read (CJIS AU-2, AU-3; 81A §E.2.c). */
forEachDatabase('protected and refused reads are audited (CJIS AU-2, AU-3)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let incident: string;
  let dispatcher: { username: string; headers: Record<string, string> };

  beforeAll(async () => {
    server = await database().server();
    dispatcher = await signedInAs(server.ctx, server.app, ['dispatcher']);
    incident = await openIncident(server.ctx);
    const marked = await server.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident}/confidential`, headers: dispatcher.headers, payload: { reason: 'officer-involved' } });
    expect(marked.statusCode).toBe(200);
  }, 180_000);
  afterAll(async () => server?.close());

  const rowsOf = (username: string) => server.ctx.db.selectFrom('audit').selectAll().where('username', '=', username).orderBy('id').execute();

  test('every read of a confidential incident writes an audit row naming it, whether the reader sees its details or not (81A §E.2.c)', async () => {
    const officer = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    for (const reader of [dispatcher, officer]) {
      const response = await server.app.inject({ url: `/api/v1/incidents/${incident}`, headers: reader.headers });
      expect(response.statusCode).toBe(200);
      const reads = (await rowsOf(reader.username)).filter((r) => r.action === 'incident.read_confidential');
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({ subject_type: 'incident', subject_id: incident, outcome: 'allowed' });
    }
  });

  test('reading an incident that is not confidential writes no audit row', async () => {
    const plain = await openIncident(server.ctx);
    const reader = await signedInAs(server.ctx, server.app, ['dispatcher']);
    const before = (await rowsOf(reader.username)).length;
    expect((await server.app.inject({ url: `/api/v1/incidents/${plain}`, headers: reader.headers })).statusCode).toBe(200);
    expect((await rowsOf(reader.username)).length).toBe(before);
  });

  test('a refused read writes a denied audit row naming the record asked for', async () => {
    const clerk = await signedInAs(server.ctx, server.app, ['records_clerk']);
    expect((await server.app.inject({ url: `/api/v1/incidents/${incident}`, headers: clerk.headers })).statusCode).toBe(403);
    const denied = (await rowsOf(clerk.username)).filter((r) => r.outcome === 'denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]!.subject_id).toContain(incident);
  });
});
