import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildServer } from '../src/app/server.ts';
import { closeContext } from '../src/app/start.ts';
import { forEachDatabase, type TestServer } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

// Code tables are held in memory once read (they are read on nearly every write) and dropped when one changes:
// an administrator's change still takes effect at once, on every server node.
forEachDatabase('code tables: edited by an administrator, in force at once (81A §E.3: the incident types and their response)', (database, kind) => {
  let server: TestServer;
  let admin: Record<string, string>;
  let dispatcher: Record<string, string>;

  beforeAll(async () => {
    server = await database().server();
    admin = (await signedInAs(server.ctx, server.app, ['system_administrator'])).headers;
    dispatcher = (await signedInAs(server.ctx, server.app, ['dispatcher'])).headers;
  });
  afterAll(async () => server?.close());

  const putType = (app: TestServer['app'], code: string, body: object) =>
    app.inject({ method: 'PUT', url: `/api/v1/code-tables/incident_type/${code}`, headers: admin, payload: body });
  const openIncident = (app: TestServer['app'], type: string) =>
    app.inject({ method: 'POST', url: '/api/v1/incidents', headers: dispatcher, payload: { type, location: { address: '1 Main St' } } });

  test('a new incident type can be used at once, and one deactivated is refused at once', async () => {
    expect((await server.app.inject({ url: '/api/v1/incident-types', headers: dispatcher })).json().map((t: { code: string }) => t.code)).not.toContain('DRONE');
    expect((await openIncident(server.app, 'DRONE')).json().code).toBe('incident.unknown_type');

    const added = await putType(server.app, 'DRONE', { name: 'Drone complaint', attrs: { priority: 3, minUnits: 1, supervisor: false } });
    expect(added.statusCode).toBe(200);
    expect((await server.app.inject({ url: '/api/v1/incident-types', headers: dispatcher })).json()).toContainEqual({ code: 'DRONE', name: 'Drone complaint', priority: 3, minUnits: 1, supervisor: false });
    expect((await openIncident(server.app, 'DRONE')).statusCode).toBe(201);

    // 81A §E.3: a change to the required response applies to the next incident of that type
    await putType(server.app, 'DRONE', { name: 'Drone complaint', attrs: { priority: 3, minUnits: 2, supervisor: false } });
    expect((await openIncident(server.app, 'DRONE')).json().requiredResponse).toEqual({ minUnits: 2, supervisor: false });

    await putType(server.app, 'DRONE', { name: 'Drone complaint', active: false, attrs: { priority: 3, minUnits: 2, supervisor: false } });
    expect((await openIncident(server.app, 'DRONE')).json().code).toBe('incident.unknown_type');
    expect((await server.app.inject({ url: '/api/v1/code-tables/incident_type?inactive=true', headers: dispatcher })).json())
      .toContainEqual(expect.objectContaining({ code: 'DRONE', active: false }));
  });

  if (kind === 'postgresql') {
    test('a code changed through one server node is in force on another within moments (its change event)', async () => {
      const otherCtx = await database().open();
      const other = await buildServer(otherCtx);
      try {
        expect((await openIncident(other, 'KITE')).json().code).toBe('incident.unknown_type'); // the other node has read the table
        expect((await putType(server.app, 'KITE', { name: 'Kite in the lines', attrs: { priority: 3, minUnits: 1, supervisor: false } })).statusCode).toBe(200);
        let status = 0;
        for (let i = 0; i < 100 && status !== 201; i++) {
          status = (await openIncident(other, 'KITE')).statusCode;
          if (status !== 201) await new Promise((r) => setTimeout(r, 50));
        }
        expect(status).toBe(201);
      } finally {
        await other.close();
        await closeContext(otherCtx);
      }
    });
  }
});
