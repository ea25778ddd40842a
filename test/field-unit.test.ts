import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { openIncident } from './support/incidents.ts';

// The field terminal's own actions (the field view): an officer acts for the unit
// they ride in on today's roster, and for nothing else.
forEachDatabase('a field officer’s own unit', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let as: (username: string) => Promise<Record<string, string>>;
  beforeAll(async () => {
    server = await database().server();
    as = await demoAgency(server.ctx, server.app);
  });
  afterAll(async () => server?.close());

  test('an officer raises the emergency for their own unit: an alert, an incident and the shift commander told (81A §E.6.e)', async () => {
    const officer = await as('jobrien'); // rides 411
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/units/411/emergency', headers: officer, payload: {} });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ unknownRadio: false, incident: expect.stringMatching(/^\d{2}-\d{5}$/) });
    const alerts = (await server.app.inject({ url: '/api/v1/alerts', headers: await as('dkowalski') })).json() as { kind: string; callSign: string | null }[];
    expect(alerts.some((a) => a.kind === 'emergency' && a.callSign === '411')).toBe(true);
  });

  test('an officer may not press another unit’s emergency button', async () => {
    const before = (await server.app.inject({ url: '/api/v1/alerts', headers: await as('dkowalski') })).json().length;
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/units/413/emergency', headers: await as('jobrien'), payload: {} });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('unit.not_own_unit');
    expect((await server.app.inject({ url: '/api/v1/alerts', headers: await as('dkowalski') })).json().length).toBe(before);
  });

  test('an officer adds notes only to an incident their unit is on; the note is attributed to the unit', async () => {
    const number = await openIncident(server.ctx, { type: 'WELFARE' });
    const officer = await as('pnguyen'); // rides 412
    const early = await server.app.inject({ method: 'POST', url: `/api/v1/incidents/${number}/notes`, headers: officer, payload: { text: 'On my way' } });
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('incident.not_assigned');
    const dispatched = await server.app.inject({ method: 'POST', url: `/api/v1/incidents/${number}/dispatch`, headers: await as('dkowalski'), payload: { units: ['412'] } });
    expect(dispatched.statusCode).toBe(200);
    const note = await server.app.inject({ method: 'POST', url: `/api/v1/incidents/${number}/notes`, headers: officer, payload: { text: 'Resident answered the door' } });
    expect(note.statusCode).toBe(201);
    const entry = (note.json().timeline as { kind: string; unit: string | null; payload: { text?: string } }[]).find((e) => e.payload.text === 'Resident answered the door');
    expect(entry?.unit).toBe('412');
  });
});
