import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { openIncident } from './support/incidents.ts';
import { handKeyTo, pdfText, housingAuthorityBox } from './knox-support.ts';

type H = Record<string, string>;

const BOX = housingAuthorityBox('MHA-OAK', 'Oak Gardens', '3 Oak Street, Millbrook');

/** The chain of custody of the master keys (O-604 §III): who writes each step and who reads the access and its form. */
forEachDatabase('Knox custody follows the chain of O-604 §III', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: H; let oic: H; let officer: H; let bystander: H; let clerk: H; let auditor: H; let chief: H;
  let officerName: string; let bystanderName: string; let officerKey: string;
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: H, payload?: unknown) =>
    server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const ask = (headers: H, body: Record<string, unknown>) => inject('POST', '/knox/accesses', headers, { box: BOX.id, reason: 'welfare_check', apartments: ['1A'], ...body });

  beforeAll(async () => {
    server = await database().server();
    const s = (roles: Parameters<typeof signedInAs>[2]) => signedInAs(server.ctx, server.app, roles);
    dispatcher = (await s(['dispatcher'])).headers;
    oic = (await s(['commanding_officer'])).headers;
    const o = await s(['patrol_officer']); officer = o.headers; officerName = o.username;
    officerKey = await handKeyTo(server.ctx, officerName); // O-604 §III.B–C: the accessing officer holds an access key
    const b = await s(['patrol_officer']); bystander = b.headers; bystanderName = b.username;
    clerk = (await s(['records_clerk'])).headers;
    auditor = (await s(['auditor'])).headers;
    chief = (await s(['chief'])).headers;
    const supply = (await s(['supply_supervisor'])).headers;
    expect((await inject('POST', '/knox/boxes', supply, BOX)).statusCode).toBe(201);
  }, 600_000);
  afterAll(async () => server?.close());

  test('O-604 §III.C: a patrol officer cannot request an access naming another officer; the dispatcher or the OIC may', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const forged = await ask(bystander, { incident, officer: officerName });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ code: 'knox.not_your_access', clause: 'O-604 §III.C' });
    expect((await ask(dispatcher, { incident, officer: officerName })).statusCode).toBe(201);
    expect((await ask(oic, { incident, officer: officerName })).statusCode).toBe(201);
    expect((await ask(officer, { incident })).json()).toMatchObject({ officer: officerName });
  });

  test('O-604 §III.D, §III.G: an uninvolved officer cannot log the removal or the return of someone else’s access', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const id = (await ask(officer, { incident })).json().id as string;
    expect((await inject('POST', `/knox/accesses/${id}/authorize`, oic)).statusCode).toBe(200);
    const removed = await inject('POST', `/knox/accesses/${id}/removed`, bystander);
    expect(removed.statusCode).toBe(404); // another officer's access is not there for them
    expect((await inject('POST', `/knox/accesses/${id}/removed`, officer)).statusCode).toBe(200);
    expect((await inject('POST', `/knox/accesses/${id}/returned`, bystander)).statusCode).toBe(404);
    expect((await inject('POST', `/knox/accesses/${id}/returned`, dispatcher)).statusCode).toBe(200);
    const stored = await server.ctx.db.selectFrom('knox_access').select(['removed_logged_by', 'returned_logged_by']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.removed_logged_by).toBe(officerName);
  });

  test('O-604 §III.H: patrol officers see their own accesses; the form is read by the parties, the OIC, the Records Bureau, the chief and the auditor', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const id = (await ask(officer, { incident })).json().id as string;
    await inject('POST', `/knox/accesses/${id}/authorize`, oic);
    await inject('POST', `/knox/accesses/${id}/removed`, officer);
    await inject('POST', `/knox/accesses/${id}/returned`, officer);
    const listed = (headers: H) => inject('GET', '/knox/accesses', headers).then((r) => (r.json().items as { id: string; officer: string }[]));
    expect((await listed(bystander)).map((a) => a.officer)).not.toContain(officerName);
    expect((await listed(officer)).map((a) => a.id)).toContain(id);
    expect((await inject('GET', `/knox/accesses/${id}`, bystander)).statusCode).toBe(404);
    expect((await inject('GET', `/knox/accesses/${id}/report.pdf`, bystander)).statusCode).toBe(404);
    for (const reader of [officer, oic, dispatcher, clerk, chief, auditor]) {
      const form = await inject('GET', `/knox/accesses/${id}/report.pdf`, reader);
      expect(form.statusCode).toBe(200);
      expect(form.headers['content-type']).toBe('application/pdf');
    }
    expect(bystanderName).not.toBe(officerName);
  });

  test('81A §E.2.c, O-604 §III: accesses on a confidential incident follow the incident’s rule', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const id = (await ask(officer, { incident })).json().id as string;
    await server.ctx.db.updateTable('incident').set({ confidential: true }).where('number', '=', incident).execute();
    for (const reader of [chief, auditor, clerk]) {
      expect((await inject('GET', `/knox/accesses/${id}`, reader)).statusCode).toBe(404);
      expect(((await inject('GET', '/knox/accesses', reader)).json().items as { id: string }[]).map((a) => a.id)).not.toContain(id);
    }
    expect((await inject('GET', `/knox/accesses/${id}`, dispatcher)).statusCode).toBe(200);
  });

  test('O-604 §III.F: no access to master keys starts on a closed incident', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    await server.ctx.db.updateTable('incident').set({ status: 'closed', closed_at: new Date() }).where('number', '=', incident).execute();
    const late = await ask(officer, { incident });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'knox.incident_closed', clause: 'O-604 §III.F' });
    expect(await server.ctx.db.selectFrom('knox_access').select('id').where('incident_number', '=', incident).execute()).toEqual([]);
  });
  test('O-604 §II.C: a welfare check declared on a lockout call is refused unless the OIC requests it with a note', async () => {
    const incident = await openIncident(server.ctx, { type: 'LOCKOUT' });
    const declared = await ask(officer, { incident });
    expect(declared.statusCode).toBe(422);
    expect(declared.json()).toMatchObject({ code: 'knox.reason_not_for_incident', clause: 'O-604 §II.C' });
    expect((await ask(officer, { incident, oicNote: 'I say so' })).statusCode).toBe(422); // the note must be the OIC's
    const noted = await ask(oic, { incident, officer: officerName, oicNote: 'Caller inside is diabetic and not answering' });
    expect(noted.statusCode).toBe(201);
    const event = await server.ctx.db.selectFrom('event').select('payload').where('kind', '=', 'knox.access_requested').where('subject_id', '=', incident).executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ oicNote: 'Caller inside is diabetic and not answering' });
  });

  test('O-604 §III.C: an access names the access key its officer holds, on the access, its event and its form', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const created = await ask(officer, { incident });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ officer: officerName, accessKey: officerKey });
    const id = created.json().id as string;
    expect((await inject('GET', `/knox/accesses/${id}`, oic)).json()).toMatchObject({ accessKey: officerKey });
    const event = await server.ctx.db.selectFrom('event').select('payload').where('kind', '=', 'knox.access_requested').where('subject_id', '=', incident).executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ accessKey: officerKey });
    const form = await inject('GET', `/knox/accesses/${id}/report.pdf`, officer);
    expect(await pdfText(form.rawPayload)).toContain(`Access key used: ${officerKey}`);
    const named = await ask(oic, { incident, officer: officerName, accessKey: officerKey });
    expect(named.json()).toMatchObject({ accessKey: officerKey });
  });

  test('O-604 §III.C: an officer holding no access key cannot request an access, nor be named on one; nothing is written', async () => {
    const k = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const events = async () => (await server.ctx.db.selectFrom('event').select('kind').where('subject_id', '=', incident).where('kind', 'like', 'knox.%').execute()).length;
    for (const [who, body] of [[k.headers, {}], [dispatcher, { officer: k.username }], [oic, { officer: k.username }]] as const) {
      const refused = await ask(who, { incident, ...body });
      expect(refused.statusCode).toBe(409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.json()).toMatchObject({ code: 'knox.no_access_key', clause: 'O-604 §III.C' });
      expect(refused.json().detail).toContain(k.username);
    }
    expect(await server.ctx.db.selectFrom('knox_access').select('id').where('incident_number', '=', incident).execute()).toEqual([]);
    expect(await events()).toBe(0);
  });

  test('O-604 §III.C: once the OIC takes the officer’s access key back, the officer can no longer request an access; a key they do not hold is refused by name', async () => {
    const k = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    const key = await handKeyTo(server.ctx, k.username);
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const wrong = await ask(k.headers, { incident, accessKey: officerKey });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json()).toMatchObject({ code: 'knox.key_not_held', clause: 'O-604 §III.C' });
    expect((await ask(k.headers, { incident })).json()).toMatchObject({ accessKey: key });
    expect((await inject('POST', `/knox/keys/${key}/return`, oic)).statusCode).toBe(200);
    const after = await ask(k.headers, { incident });
    expect(after.statusCode).toBe(409);
    expect(after.json()).toMatchObject({ code: 'knox.no_access_key', clause: 'O-604 §III.C' });
    expect(await server.ctx.db.selectFrom('knox_access').select('id').where('incident_number', '=', incident).execute()).toHaveLength(1);
  });

  test('O-604 §III.C: the removal re-checks the access key: once the OIC takes back the key the access was requested with, the removal is refused by name and nothing is written; with the key handed back it goes through', async () => {
    const k = await signedInAs(server.ctx, server.app, ['patrol_officer']);
    const key = await handKeyTo(server.ctx, k.username);
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const id = (await ask(k.headers, { incident })).json().id as string;
    expect((await inject('POST', `/knox/accesses/${id}/authorize`, oic)).statusCode).toBe(200);
    expect((await inject('POST', `/knox/keys/${key}/return`, oic)).statusCode).toBe(200);
    const stored = () => server.ctx.db.selectFrom('knox_access').select(['status', 'removed_at', 'removed_logged_by']).where('id', '=', id).executeTakeFirstOrThrow();
    const removals = async () => (await server.ctx.db.selectFrom('event').select('kind').where('subject_id', '=', incident).where('kind', '=', 'knox.master_keys_removed').execute()).length;
    for (const who of [k.headers, dispatcher, oic]) {
      const refused = await inject('POST', `/knox/accesses/${id}/removed`, who);
      expect(refused.statusCode).toBe(409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.json()).toMatchObject({ code: 'knox.key_not_held', clause: 'O-604 §III.C' });
      expect(refused.json().detail).toContain(key);
      expect(refused.json().detail).toContain(k.username);
    }
    expect(await stored()).toEqual({ status: 'authorized', removed_at: null, removed_logged_by: null });
    expect(await removals()).toBe(0);
    expect((await inject('POST', `/knox/keys/${key}/assign`, oic, { officer: k.username })).statusCode).toBe(200);
    expect((await inject('POST', `/knox/accesses/${id}/removed`, k.headers)).statusCode).toBe(200);
    expect(await stored()).toMatchObject({ status: 'removed', removed_logged_by: k.username });
    expect(await removals()).toBe(1);
  });
});
