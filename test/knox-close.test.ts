import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { openIncident } from './support/incidents.ts';
import { handKeyTo, housingAuthorityBox } from './knox-support.ts';

type H = Record<string, string>;

const BOX = housingAuthorityBox('MHA-ELM', 'Elm Court', '9 Elm Court, Millbrook');

/**
 * O-604 §III.F: the officer returns the master keys "as soon as possible after the
 * termination of the call", so the call does not close while they are out unless the
 * OIC says why; §III.H: the original of the reporting form goes to the Records Bureau
 * for retention, with the case of the incident.
 */
forEachDatabase('Knox custody at the close of an incident and in the case file (O-604 §III.F, §III.H)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: H; let oic: H; let officer: H; let bystander: H; let clerk: H; let chief: H; let auditor: H;
  let officerName: string; let oicName: string;
  const inject = (method: 'GET' | 'POST', url: string, headers: H, payload?: unknown) =>
    server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const close = (incident: string, headers: H, extra: Record<string, unknown> = {}) => inject('POST', `/incidents/${incident}/close`, headers, { disposition: 'ADVISED', ...extra });
  const status = async (incident: string) => (await server.ctx.db.selectFrom('incident').select('status').where('number', '=', incident).executeTakeFirstOrThrow()).status;
  const auditRows = (incident: string) => server.ctx.db.selectFrom('audit').select(['action', 'reason', 'username', 'outcome', 'detail'])
    .where('subject_type', '=', 'incident').where('subject_id', '=', incident).execute();
  const openAlerts = async (headers: H) => (await inject('GET', '/alerts', headers)).json() as { id: string; kind: string; incident: string | null; title: string; detail: Record<string, unknown> }[];

  /** An access on the incident whose master keys the officer has taken out of the box. */
  async function keysOut(incident: string): Promise<string> {
    const asked = await inject('POST', '/knox/accesses', officer, { box: BOX.id, incident, reason: 'welfare_check', apartments: ['1A'] });
    expect(asked.statusCode).toBe(201);
    const id = asked.json().id as string;
    expect((await inject('POST', `/knox/accesses/${id}/authorize`, oic)).statusCode).toBe(200);
    expect((await inject('POST', `/knox/accesses/${id}/removed`, officer)).statusCode).toBe(200);
    return id;
  }

  beforeAll(async () => {
    server = await database().server();
    const s = (roles: Parameters<typeof signedInAs>[2]) => signedInAs(server.ctx, server.app, roles);
    dispatcher = (await s(['dispatcher'])).headers;
    const o = await s(['commanding_officer']); oic = o.headers; oicName = o.username;
    const p = await s(['patrol_officer']); officer = p.headers; officerName = p.username;
    await handKeyTo(server.ctx, officerName); // O-604 §III.B–C: the accessing officer holds an access key
    bystander = (await s(['patrol_officer'])).headers;
    clerk = (await s(['records_clerk'])).headers;
    chief = (await s(['chief'])).headers;
    auditor = (await s(['auditor'])).headers;
    expect((await inject('POST', '/knox/boxes', (await s(['supply_supervisor'])).headers, BOX)).statusCode).toBe(201);
  }, 600_000);
  afterAll(async () => server?.close());

  test('O-604 §III.F: an incident whose master keys are out is not closed; the refusal names the box and the officer, and nothing is written', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    await keysOut(incident);
    const before = (await auditRows(incident)).length;
    const refused = await close(incident, dispatcher);
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = refused.json();
    expect(problem).toMatchObject({ code: 'knox.master_keys_out', clause: 'O-604 §III.F', accesses: [{ box: BOX.id, building: BOX.building, officer: officerName }] });
    expect(problem.detail).toContain('Elm Court (MHA-ELM)');
    expect(problem.detail).toContain(officerName);
    expect(await status(incident)).not.toBe('closed');
    expect(await auditRows(incident)).toHaveLength(before); // no row for a close that did not happen
    const events = await server.ctx.db.selectFrom('event').select('kind').where('subject_id', '=', incident).execute();
    expect(events.map((e) => e.kind)).not.toContain('incident.closed');
  });

  test('O-604 §III.F: once the keys are logged as returned, the incident closes as usual', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const id = await keysOut(incident);
    expect((await close(incident, dispatcher)).statusCode).toBe(409);
    expect((await inject('POST', `/knox/accesses/${id}/returned`, officer)).statusCode).toBe(200);
    const closed = await close(incident, dispatcher);
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', disposition: 'ADVISED' });
  });

  test('O-604 §III.F: the OIC closes it anyway with a reason: closed, audited with the reason, and an alert that stays until the keys are returned', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const id = await keysOut(incident);
    const reason = 'Officer sent on to a priority-1 call; keys go back after it';
    const closed = await close(incident, oic, { override: { reason } });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed' });
    const audit = (await auditRows(incident)).find((r) => r.action === 'knox.close_overridden');
    expect(audit).toMatchObject({ reason, username: oicName, outcome: 'allowed' });
    expect(JSON.stringify(audit!.detail)).toContain(BOX.id);
    for (const reader of [dispatcher, oic, officer]) {
      const alert = (await openAlerts(reader)).find((a) => a.kind === 'knox_keys_out' && a.incident === incident);
      expect(alert?.title).toContain('Elm Court');
      expect(alert?.detail).toMatchObject({ accessId: id, officer: officerName, reason, clause: 'O-604 §III.F' });
    }
    expect((await openAlerts(bystander)).some((a) => a.incident === incident)).toBe(false);
    // nobody acknowledges it away
    const alert = (await openAlerts(dispatcher)).find((a) => a.incident === incident)!;
    const ack = await inject('POST', `/alerts/${alert.id}/acknowledge`, dispatcher, {});
    expect(ack.statusCode).toBe(409);
    expect(ack.json()).toMatchObject({ code: 'alert.clears_itself', clause: 'O-604 §III.F' });
    expect((await openAlerts(dispatcher)).some((a) => a.id === alert.id)).toBe(true);
    // the return is logged: the alert clears itself, saying why
    expect((await inject('POST', `/knox/accesses/${id}/returned`, dispatcher)).statusCode).toBe(200);
    expect((await openAlerts(dispatcher)).some((a) => a.id === alert.id)).toBe(false);
    const cleared = await server.ctx.db.selectFrom('alert').select(['acknowledged_at', 'acknowledgment']).where('id', '=', alert.id).executeTakeFirstOrThrow();
    expect(cleared.acknowledged_at).not.toBeNull();
    expect(cleared.acknowledgment).toContain('returned');
    const kinds = (await server.ctx.db.selectFrom('event').select('kind').where('subject_id', '=', alert.id).execute()).map((e) => e.kind);
    expect(kinds).toEqual(['alert.raised', 'alert.cleared']);
  });

  test('O-604 §III.F: a dispatcher’s override is refused with 403 and the clause, and the incident stays open', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    await keysOut(incident);
    const refused = await close(incident, dispatcher, { override: { reason: 'the officer said it is fine' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'knox.override_not_oic', clause: 'O-604 §III.F' });
    expect(await status(incident)).not.toBe('closed');
    expect((await auditRows(incident)).some((r) => r.action === 'knox.close_overridden')).toBe(false);
    expect((await openAlerts(dispatcher)).some((a) => a.incident === incident)).toBe(false);
  });

  test('O-604 §III.F: an override without a reason is refused with 400 naming the field, and nothing is written', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    await keysOut(incident);
    for (const override of [{}, { reason: '' }, { reason: '   ' }]) {
      const refused = await close(incident, oic, { override });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().detail).toContain('override.reason');
    }
    expect(await status(incident)).not.toBe('closed');
    expect((await openAlerts(oic)).some((a) => a.incident === incident)).toBe(false);
  });

  test('O-604 §III.F: master keys are not taken out for an incident closed after the access was authorized', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const id = (await inject('POST', '/knox/accesses', officer, { box: BOX.id, incident, reason: 'welfare_check', apartments: ['2A'] })).json().id as string;
    expect((await inject('POST', `/knox/accesses/${id}/authorize`, oic)).statusCode).toBe(200);
    expect((await close(incident, dispatcher)).statusCode).toBe(200);
    const removed = await inject('POST', `/knox/accesses/${id}/removed`, officer);
    expect(removed.statusCode).toBe(409);
    expect(removed.json()).toMatchObject({ code: 'knox.incident_closed', clause: 'O-604 §III.F' });
  });

  /** Keys out, back, and the form filed; returns the access id. */
  async function filedAccess(incident: string): Promise<string> {
    const id = await keysOut(incident);
    expect((await inject('POST', `/knox/accesses/${id}/returned`, officer)).statusCode).toBe(200);
    return id;
  }
  const caseOf = async (headers: H, number: string) => (await inject('GET', `/cases/${number}`, headers)).json() as { documents: { accessId: string; kind: string; url: string; building: string; officer: string; sha256: string }[] };

  test('O-604 §III.H: the filed form is listed on the case of its incident, opened before the form was filed or after, and the Records Bureau, the chief and the auditor read the original', async () => {
    const before = await openIncident(server.ctx, { type: 'WELFARE' });
    const opened = await inject('POST', '/cases/from-incident', clerk, { incidentNumber: before });
    expect(opened.statusCode).toBe(201);
    const early = opened.json().number as string;
    const first = await filedAccess(before);

    const after = await openIncident(server.ctx, { type: 'WELFARE' });
    const second = await filedAccess(after);
    const late = (await inject('POST', '/cases/from-incident', clerk, { incidentNumber: after })).json().number as string;

    for (const [number, access] of [[early, first], [late, second]] as const) {
      for (const reader of [clerk, chief]) {
        const docs = (await caseOf(reader, number)).documents;
        expect(docs).toEqual([expect.objectContaining({ accessId: access, kind: 'knox_access_report', building: BOX.building, officer: officerName, url: `/api/v1/knox/accesses/${access}/report.pdf` })]);
      }
      const stored = await server.ctx.db.selectFrom('knox_document').select('sha256').where('access_id', '=', access).executeTakeFirstOrThrow();
      expect((await caseOf(clerk, number)).documents[0]!.sha256).toBe(stored.sha256);
      for (const reader of [clerk, chief, auditor]) {
        const pdf = await inject('GET', `/knox/accesses/${access}/report.pdf`, reader);
        expect(pdf.statusCode).toBe(200);
        expect(pdf.headers['content-type']).toBe('application/pdf');
        expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      }
    }
  });

  test('O-604 §III.H: a patrol officer not party to the access neither sees the form on the case nor downloads it', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const access = await filedAccess(incident);
    const number = (await inject('POST', '/cases/from-incident', clerk, { incidentNumber: incident })).json().number as string;
    expect((await caseOf(bystander, number)).documents).toEqual([]);
    expect((await inject('GET', `/knox/accesses/${access}/report.pdf`, bystander)).statusCode).toBe(404);
    expect((await caseOf(officer, number)).documents.map((d) => d.accessId)).toEqual([access]); // the accessing officer is a party
  });

  test('O-604 §III.H: the filed original is retained: no route deletes it and the database refuses to change or delete it', async () => {
    const incident = await openIncident(server.ctx, { type: 'WELFARE' });
    const access = await filedAccess(incident);
    for (const method of ['DELETE', 'PUT', 'PATCH'] as const) {
      for (const url of [`/api/v1/knox/accesses/${access}/report.pdf`, `/api/v1/knox/accesses/${access}`]) {
        expect((await server.app.inject({ method, url, headers: chief })).statusCode).toBe(404);
      }
    }
    await expect(sql`delete from knox_document where access_id = ${access}`.execute(server.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`update knox_document set filed_by = 'someone' where access_id = ${access}`.execute(server.ctx.db)).rejects.toThrow(/append-only/);
    expect((await inject('GET', `/knox/accesses/${access}/report.pdf`, clerk)).statusCode).toBe(200);
  });

  test('O-604 §III.F: a removal logged at the same instant as the close never leaves a closed incident with its master keys out: one of the two is refused', async () => {
    const outcomes = { closed: 0, removed: 0 };
    for (let round = 0; round < 12; round++) {
      const incident = await openIncident(server.ctx, { type: 'WELFARE' });
      const asked = await inject('POST', '/knox/accesses', officer, { box: BOX.id, incident, reason: 'welfare_check', apartments: ['1A'] });
      const id = asked.json().id as string;
      expect((await inject('POST', `/knox/accesses/${id}/authorize`, oic)).statusCode).toBe(200);
      const [closing, removal] = await Promise.all([close(incident, dispatcher), inject('POST', `/knox/accesses/${id}/removed`, officer)]);
      const access = await server.ctx.db.selectFrom('knox_access').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      const closed = (await status(incident)) === 'closed';
      expect({ round, closed, keysOut: access.status === 'removed' }).not.toMatchObject({ closed: true, keysOut: true });
      // exactly one goes through, and the other is refused by the rule that it raced
      if (closing.statusCode === 200) {
        expect(removal.statusCode).toBe(409);
        expect(removal.json()).toMatchObject({ code: 'knox.incident_closed', clause: 'O-604 §III.F' });
        outcomes.closed++;
      } else {
        expect(closing.statusCode).toBe(409);
        expect(closing.json()).toMatchObject({ code: 'knox.master_keys_out', clause: 'O-604 §III.F' });
        expect(removal.statusCode).toBe(200);
        outcomes.removed++;
      }
      expect({ closed, keysOut: access.status === 'removed' }).toEqual(closing.statusCode === 200 ? { closed: true, keysOut: false } : { closed: false, keysOut: true });
    }
    expect(outcomes.closed + outcomes.removed).toBe(12);
  });
});
