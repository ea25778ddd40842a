import { expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase, serverForFile } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { openIncident } from './support/incidents.ts';
import { recordPosition } from '../src/geo/service.ts';

type Outcome = { incident: string; position: { source: string; address: string; lat: number | null }; alert: { id: string; title: string; callSign: string; detail: Record<string, unknown> } };
type Recommendation = { proposed: string[]; ranked: { callSign: string }[]; excluded: string[]; met: boolean };

// The officer's emergency (81A §E.6.e) names who and where, gets through after the session
// has expired, and never sends the unit in distress to its own emergency (81A §E.4).
forEachDatabase('the officer’s emergency (81A §E.6.e)', (database) => {
  const file = serverForFile(database, async (server) => {
    const as = await demoAgency(server.ctx, server.app);
    return { as, dispatcher: await as('dkowalski') };
  });

  const post = (url: string, payload: object, headers: Record<string, string>) => file.server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers });
  const get = (url: string, headers = file.dispatcher) => file.server.app.inject({ url: `/api/v1${url}`, headers });
  const acknowledgeAll = async () => {
    for (const a of (await get('/alerts')).json() as { id: string; kind: string }[]) {
      await post(`/alerts/${a.id}/acknowledge`, a.kind === 'emergency' ? { note: 'units on scene, officer safe' } : {}, file.dispatcher);
    }
  };
  const expireSessionsOf = (username: string) =>
    sql`update session set last_seen_at = now() - interval '31 minutes' where username = ${username}`.execute(file.server.ctx.db);

  test('the alert names the officer with badge, the unit, the incident it is on, and that incident’s location as the position', async () => {
    const number = await openIncident(file.server.ctx, { type: 'SUSPICIOUS', address: '12 Elm Street' });
    expect((await post(`/incidents/${number}/dispatch`, { units: ['411'] }, file.dispatcher)).statusCode).toBe(200);
    const response = await post('/units/411/emergency', {}, await file.as('jobrien'));
    expect(response.statusCode).toBe(201);
    const outcome = response.json() as Outcome;
    expect(outcome.alert.title).toBe(`EMERGENCY — Jordan O’Brien #311 · 411 · on ${number}`);
    expect(outcome.alert.detail).toMatchObject({ officer: 'jobrien', officerName: 'Jordan O’Brien #311', badge: '311', callSign: '411', onIncident: number });
    expect(outcome.position).toMatchObject({ source: 'assigned_incident', address: '12 Elm Street' });
    const created = await file.server.ctx.db.selectFrom('incident').select(['type', 'location']).where('number', '=', outcome.incident).executeTakeFirstOrThrow();
    expect(created.type).toBe('OFFICER_EMERG');
    expect(created.location).toMatchObject({ address: '12 Elm Street', positionSource: 'assigned_incident' }); // not "Sector 1"
    await acknowledgeAll();
  });

  test('the terminal’s geolocation, when the officer allows it, is the position and the emergency incident is created there', async () => {
    const response = await post('/units/412/emergency', { position: { lat: 42.4463, lon: -71.2281, accuracyM: 12 } }, await file.as('pnguyen'));
    const outcome = response.json() as Outcome;
    expect(outcome.position).toMatchObject({ source: 'terminal', lat: 42.4463 });
    const created = await file.server.ctx.db.selectFrom('incident').select('location').where('number', '=', outcome.incident).executeTakeFirstOrThrow();
    expect(created.location).toMatchObject({ lat: 42.4463, lon: -71.2281, positionSource: 'terminal' });
  });

  test('81A §E.4: the unit in distress is never recommended to its own emergency; the nearest available units and a supervisor are', async () => {
    const open = (await get('/alerts')).json() as { callSign: string; incident: string; kind: string }[];
    const emergency = open.find((a) => a.kind === 'emergency' && a.callSign === '412')!;
    const recommendation = (await get(`/incidents/${emergency.incident}/recommendation`)).json() as Recommendation;
    expect(recommendation.excluded).toContain('412');
    expect(recommendation.ranked.map((r) => r.callSign)).not.toContain('412');
    expect(recommendation.proposed).not.toContain('412');
    expect(recommendation.proposed).toContain('414'); // the patrol supervisor's cruiser (81A §E.4.a)
    expect(recommendation.met).toBe(true);
    // sending the proposal with one request puts them on it
    expect((await post(`/incidents/${emergency.incident}/dispatch`, { units: recommendation.proposed }, file.dispatcher)).statusCode).toBe(200);
    // even after the alert is acknowledged, 412 is not proposed for its own emergency
    await acknowledgeAll();
    const after = (await get(`/incidents/${emergency.incident}/recommendation`)).json() as Recommendation;
    expect(after.excluded).toEqual(['412']);
  });

  test('a fresh vehicle location (AVL) places the officer when the terminal gives none, ahead of the radio system’s and the unit’s area', async () => {
    const modem = { username: 'avl-gateway', roles: ['dispatcher'], source: '127.0.0.1', remote: false };
    await recordPosition(file.server.ctx, modem, { callSign: '413', lat: 42.4501, lon: -71.2302, source: 'modem' });
    const outcome = (await post('/radio/emergency', { radioId: '413', location: { address: 'Route 2 eastbound' } }, file.dispatcher)).json() as Outcome;
    expect(outcome.position).toMatchObject({ source: 'avl', lat: 42.4501 });
    await acknowledgeAll();
  });

  test('the terminal’s emergency credential raises the emergency after the session has expired from idleness', async () => {
    const officer = await file.as('jobrien');
    const issued = await post('/units/411/emergency-credential', {}, officer);
    expect(issued.statusCode).toBe(201);
    const { token, expiresAt, officer: name } = issued.json() as { token: string; expiresAt: string; officer: string };
    expect(name).toBe('Jordan O’Brien #311');
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    await expireSessionsOf('jobrien');
    const refused = await post('/units/411/emergency', {}, officer);
    expect(refused.statusCode).toBe(401); // the session is gone…
    const response = await post('/emergency', { position: { lat: 42.45, lon: -71.23 } }, { 'x-emergency-credential': token });
    expect(response.statusCode).toBe(201); // …the emergency still gets through
    const outcome = response.json() as Outcome;
    expect(outcome.alert).toMatchObject({ callSign: '411', detail: { officer: 'jobrien', officerName: 'Jordan O’Brien #311' } });
    const audit = await file.server.ctx.db.selectFrom('audit').select(['username', 'action', 'subject_id']).where('subject_id', '=', outcome.incident).execute();
    expect(audit).toEqual([{ username: 'jobrien', action: 'emergency.raised_by_credential', subject_id: outcome.incident }]);
  });

  test('the credential does nothing but raise an emergency, and an administrator can revoke it', async () => {
    const officer = await file.as('pnguyen');
    const { token, id } = (await post('/units/412/emergency-credential', {}, officer)).json() as { token: string; id: string };
    expect((await get('/units', { authorization: `Bearer ${token}` })).statusCode).toBe(401);
    expect((await get('/units', { 'x-emergency-credential': token })).statusCode).toBe(401);
    const admin = await file.as('afischer');
    expect(((await get('/emergency-credentials', admin)).json() as { id: string }[]).map((c) => c.id)).toContain(id);
    expect((await post(`/emergency-credentials/${id}/revoke`, {}, admin)).statusCode).toBe(200);
    const refused = await post('/emergency', {}, { 'x-emergency-credential': token });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'emergency.credential_revoked', clause: '81A §E.6.e' });
    expect((await post('/emergency', {}, { 'x-emergency-credential': 'x'.repeat(43) })).json()).toMatchObject({ code: 'emergency.credential_unknown' });
    expect((await post('/emergency', {}, {})).statusCode).toBe(400); // no credential at all
  });

  test('an officer gets a credential only for their own unit', async () => {
    const response = await post('/units/413/emergency-credential', {}, await file.as('jobrien'));
    expect(response.statusCode).toBe(403);
  });
});
