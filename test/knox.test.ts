import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { openIncident } from './support/incidents.ts';
import { handKeyTo, pdfFields, pdfText, startGateway, type Gateway } from './knox-support.ts';
import { deliverPending } from '../src/keys/outbound.ts';

type Headers = Record<string, string>;

export const HOUSING_BOX = {
  id: 'MHA-ELM', building: 'Elm Court', address: '12 Elm Street, Millbrook', kind: 'housing_authority', authority: 'Millbrook Housing Authority',
  contacts: [{ role: 'Executive Director', name: 'Patricia Lindgren', email: 'director@mha.test' }, { role: 'Caretaker', name: 'Not notified', email: 'caretaker@mha.test' }],
  reportTo: '4135550159@fax.mha.test', units: ['1A', '1B', '2A', '2B'],
};
const SCHOOL_BOX = {
  id: 'SCH-EAST', building: 'East Street School', address: '9 East Street, Millbrook', kind: 'school', authority: 'Millbrook School Department',
  contacts: [{ role: 'Director of Maintenance', name: 'Renee Castillo', email: 'maintenance@schools.test' }],
  reportTo: 'maintenance@schools.test', units: ['Main building', 'Gym'],
};

forEachDatabase('Knox Box accesses (O-604 §II, §III.C–H)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let gateway: Gateway;
  let dispatcher: Headers, oic: Headers, officer: Headers, sergeant: Headers, supply: Headers;
  let officerName: string, oicName: string, sergeantName: string;
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
    server.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    server = await database().server();
    gateway = await startGateway();
    const s = (roles: Parameters<typeof signedInAs>[2]) => signedInAs(server.ctx, server.app, roles);
    dispatcher = (await s(['dispatcher'])).headers;
    const o = await s(['commanding_officer']); oic = o.headers; oicName = o.username;
    const p = await s(['patrol_officer']); officer = p.headers; officerName = p.username;
    await handKeyTo(server.ctx, officerName); // O-604 §III.B–C: the accessing officer holds an access key
    const g = await s(['patrol_supervisor']); sergeant = g.headers; sergeantName = g.username;
    supply = (await s(['supply_supervisor'])).headers;
    expect((await inject('PUT', '/knox/outbound', supply, { smtpUrl: gateway.url, from: 'dispatch@millbrook-pd.test' })).statusCode).toBe(200);
    for (const box of [HOUSING_BOX, SCHOOL_BOX]) expect((await inject('POST', '/knox/boxes', supply, box)).statusCode).toBe(201);
  });
  afterAll(async () => { await server?.close(); await gateway?.close(); });

  const request = async (body: Record<string, unknown>, headers = officer) => inject('POST', '/knox/accesses', headers, body);
  const accessRows = async () => (await server.ctx.db.selectFrom('knox_access').select('id').execute()).length;

  test('the reasons list the five allowed uses of §II.A and the forbidden uses of §II.B–C with their clause', async () => {
    const reasons = (await inject('GET', '/knox/reasons', dispatcher)).json() as { code: string; allowed: boolean; clause: string }[];
    expect(reasons.filter((r) => r.allowed).map((r) => r.clause)).toEqual(['O-604 §II.A.1', 'O-604 §II.A.2', 'O-604 §II.A.3', 'O-604 §II.A.4', 'O-604 §II.A.5']);
    expect(reasons.find((r) => r.code === 'resident_lockout')).toMatchObject({ allowed: false, clause: 'O-604 §II.C' });
    const boxes = (await inject('GET', '/knox/boxes', officer)).json();
    expect(boxes.find((b: { id: string }) => b.id === 'MHA-ELM')).toMatchObject({ kind: 'housing_authority', authority: 'Millbrook Housing Authority', location: { address: '12 Elm Street, Millbrook' } });
  });

  test('a complete access: request, authorization, removal and return on the daily log, and the nine-field form delivered to the authority and filed', async () => {
    const incident = await openIncident(server.ctx, { type: 'DISTURB' });
    const created = await request({ box: 'MHA-ELM', incident, reason: 'welfare_check', apartments: ['2B'], occupant: 'Ada Whitfield' });
    expect(created.statusCode).toBe(201);
    const access = created.json();
    expect(access).toMatchObject({ status: 'requested', incident, officer: officerName });

    // O-604 §III.C: no removal before authorization, and nothing is recorded as if it happened
    const early = await inject('POST', `/knox/accesses/${access.id}/removed`, dispatcher);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'knox.not_authorized', clause: 'O-604 §III.C' });
    expect((await inject('GET', `/knox/accesses/${access.id}`, dispatcher)).json()).toMatchObject({ status: 'requested', removedAt: null });

    // O-604 §III.C: the OIC or patrol supervisor authorizes; a patrol officer or dispatcher may not
    expect((await inject('POST', `/knox/accesses/${access.id}/authorize`, officer)).statusCode).toBe(403);
    expect((await inject('POST', `/knox/accesses/${access.id}/authorize`, dispatcher)).statusCode).toBe(403);
    const authorized = await inject('POST', `/knox/accesses/${access.id}/authorize`, oic);
    expect(authorized.statusCode).toBe(200);
    expect(authorized.json()).toMatchObject({ status: 'authorized', authorizedBy: oicName, authorizedAt: expect.any(String) });

    // a return without a removal is refused (§III.F)
    expect((await inject('POST', `/knox/accesses/${access.id}/returned`, dispatcher)).json()).toMatchObject({ code: 'knox.not_removed' });

    const before = Date.now();
    const removed = (await inject('POST', `/knox/accesses/${access.id}/removed`, dispatcher)).json();
    expect(removed.status).toBe('removed');
    expect(Date.parse(removed.removedAt)).toBeGreaterThanOrEqual(before - 5000); // stamped by the server (§III.E)
    const returned = await inject('POST', `/knox/accesses/${access.id}/returned`, dispatcher);
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', returnedAt: expect.any(String), report: { url: `/api/v1/knox/accesses/${access.id}/report.pdf` } });

    // §III.E: the removal and return times are on the Dispatch Daily Log
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: server.ctx.config.agency.timeZone }).format(new Date());
    const log = (await inject('GET', `/knox/daily-log?date=${today}`, dispatcher)).json() as { kind: string; at: string; accessId: string; incident: string }[];
    const mine = log.filter((e) => e.accessId === access.id);
    expect(mine.map((e) => e.kind)).toEqual(['knox.access_authorized', 'knox.master_keys_removed', 'knox.master_keys_returned']);
    expect(mine[1]!.at).toBe(removed.removedAt);
    expect(mine[2]!.incident).toBe(incident);

    // §III.H: the form reaches the authority's fax gateway with the nine fields readable
    const mail = await gateway.waitFor((m) => m.subject?.includes(incident) ?? false);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('4135550159@fax.mha.test');
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')!;
    const fields = await pdfFields(pdf.content);
    const tz = server.ctx.config.agency.timeZone;
    const hhmm = (iso: string) => new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    expect(fields).toEqual({
      date: new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(removed.removedAt)),
      recordNumber: incident,
      buildingLocation: 'Elm Court, 12 Elm Street, Millbrook',
      apartments: '2B',
      occupant: 'Ada Whitfield',
      officer: expect.stringContaining('Tester-Quill'),
      authorizingSupervisor: expect.stringContaining('Tester-Quill'),
      timeRemoved: hhmm(removed.removedAt),
      timeReturned: hhmm(returned.json().returnedAt),
    });
    const text = await pdfText(pdf.content);
    for (const label of ['KNOX BOX ACCESS REPORTING FORM', '1. Date', '2. Record number', '7. Authorizing Supervisor', '9. Time master keys returned', 'Records Bureau']) {
      expect(text).toContain(label);
    }

    // filed with the Records Bureau: the same original comes back from the API, and the delivery shows as delivered
    const filed = await inject('GET', `/knox/accesses/${access.id}/report.pdf`, dispatcher);
    expect(filed.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(filed.rawPayload, pdf.content)).toBe(0);
    const detail = (await inject('GET', `/knox/accesses/${access.id}`, supply)).json();
    expect(detail.deliveries).toEqual([expect.objectContaining({ status: 'delivered', recipient: '4135550159@fax.mha.test', attempts: 1 })]);
    expect(detail.report.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a forbidden use is refused with knox.forbidden_use and its clause, and no access is recorded (§II.B–C)', async () => {
    const incident = await openIncident(server.ctx, { type: 'DISTURB' });
    const count = await accessRows();
    for (const [reason, clause] of [['resident_lockout', 'O-604 §II.C'], ['criminal_investigation', 'O-604 §II.B'], ['search_warrant', 'O-604 §II.B']]) {
      const refused = await request({ box: 'MHA-ELM', incident, reason, apartments: ['1A'] });
      expect(refused.statusCode).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ code: 'knox.forbidden_use', clause });
    }
    expect(await accessRows()).toBe(count);
  });

  test('a search warrant with the Executive Director’s authorization is accepted and records who gave it (§II.B)', async () => {
    // a search warrant is entered on the warrant-service incident it belongs to (O-604 §II.A–C)
    const incident = await openIncident(server.ctx, { type: 'WARRANT' });
    const body = { box: 'MHA-ELM', incident, reason: 'search_warrant', apartments: ['1B'], warrantAuthorization: { name: 'Patricia Lindgren', title: 'Executive Director' } };
    // the dispatcher enters it for the officer; a dispatcher is not the accessing officer (§III.C)
    expect((await request(body, dispatcher)).json()).toMatchObject({ code: 'knox.not_an_officer', clause: 'O-604 §III.C' });
    const created = await request({ ...body, officer: officerName }, dispatcher);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ officer: officerName, requestedBy: expect.any(String) });
    expect(created.json().warrantAuthorizedBy).toEqual({ name: 'Patricia Lindgren', title: 'Executive Director' });
  });

  test('bad input is refused with the clause and nothing recorded: unknown incident, wrong box for the reason, apartments the box does not open', async () => {
    const incident = await openIncident(server.ctx, { type: 'DISTURB' });
    const count = await accessRows();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ box: 'MHA-ELM', incident: '26-99999', reason: 'welfare_check', apartments: ['1A'] }, 422, 'knox.incident_not_found'],
      [{ box: 'MHA-ELM', incident, reason: 'school_emergency', apartments: ['1A'] }, 422, 'knox.reason_not_for_box'],
      [{ box: 'MHA-ELM', incident, reason: 'welfare_check', apartments: ['9Z'] }, 422, 'knox.unit_not_in_box'],
      [{ box: 'MHA-ELM', incident, reason: 'welfare_check', apartments: [] }, 422, 'knox.apartments_required'],
      [{ box: 'NOPE', incident, reason: 'welfare_check', apartments: ['1A'] }, 404, 'knox.box_not_found'],
      [{ box: 'MHA-ELM', incident, reason: 'welfare_check', apartments: ['1A'], officer: 'no-such-officer' }, 404, 'knox.officer_not_found'],
      [{ box: 'MHA-ELM', incident, reason: 'welfare_check', apartments: ['1A'], at: '2026-01-01T00:00:00Z' }, 400, 'request.invalid'],
    ];
    for (const [body, status, code] of cases) {
      const response = await request(body);
      expect(response.statusCode, code).toBe(status);
      expect(response.json().code).toBe(code);
    }
    expect(await accessRows()).toBe(count);
  });

  test('a patrol supervisor may authorize; a second authorization is refused (§III.C)', async () => {
    const incident = await openIncident(server.ctx, { type: 'DISTURB' });
    const access = (await request({ box: 'SCH-EAST', incident, reason: 'school_emergency', apartments: ['Gym'] })).json();
    const ok = await inject('POST', `/knox/accesses/${access.id}/authorize`, sergeant);
    expect(ok.json()).toMatchObject({ status: 'authorized', authorizedBy: sergeantName });
    expect((await inject('POST', `/knox/accesses/${access.id}/authorize`, oic)).json()).toMatchObject({ code: 'knox.already_authorized' });
  });

  test('two dispatchers logging the same removal at once: one is recorded, the other is told it already was', async () => {
    const incident = await openIncident(server.ctx, { type: 'DISTURB' });
    const access = (await request({ box: 'MHA-ELM', incident, reason: 'medical_assistance', apartments: ['1A'] })).json();
    await inject('POST', `/knox/accesses/${access.id}/authorize`, oic);
    const [a, b] = await Promise.all([
      inject('POST', `/knox/accesses/${access.id}/removed`, dispatcher),
      inject('POST', `/knox/accesses/${access.id}/removed`, dispatcher),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().code).toBe('knox.already_removed');
    const removals = await server.ctx.db.selectFrom('event').select('seq').where('kind', '=', 'knox.master_keys_removed')
      .where('subject_id', '=', incident).execute();
    expect(removals).toHaveLength(1);
  });

  test('a form the gateway refuses stays pending with the error, is retried, and shows delivered once through (§III.H)', async () => {
    const incident = await openIncident(server.ctx, { type: 'DISTURB' });
    const access = (await request({ box: 'SCH-EAST', incident, reason: 'fire_rescue', apartments: ['Main building'] })).json();
    await inject('POST', `/knox/accesses/${access.id}/authorize`, oic);
    await inject('POST', `/knox/accesses/${access.id}/removed`, dispatcher);
    gateway.refusing = true;
    await inject('POST', `/knox/accesses/${access.id}/returned`, dispatcher);
    await deliverPending(server.ctx); // the first try (or the one started at return) fails
    let detail = (await inject('GET', `/knox/accesses/${access.id}`, dispatcher)).json();
    for (let i = 0; i < 50 && detail.deliveries[0].attempts === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      detail = (await inject('GET', `/knox/accesses/${access.id}`, dispatcher)).json();
    }
    expect(detail.deliveries[0]).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/busy/), nextAttemptAt: expect.any(String) });
    gateway.refusing = false;
    const retried = await inject('POST', `/knox/deliveries/${detail.deliveries[0].id}/retry`, dispatcher);
    expect(retried.json()).toMatchObject({ status: 'delivered', deliveredAt: expect.any(String) });
    expect(retried.json().attempts).toBeGreaterThanOrEqual(2);
    await gateway.waitFor((m) => m.subject?.includes(incident) ?? false);
  });

  test('people without a Knox role cannot read the register, and the refusal is audited; the fixed API paths are published', async () => {
    // the Records Bureau reads filed forms (O-604 §III.H), so the example is the court administrator, who holds no Knox duty
    const clerk = await signedInAs(server.ctx, server.app, ['court_administrator']);
    for (const url of ['/knox/boxes', '/knox/reasons', '/knox/accesses']) {
      const response = await inject('GET', url, clerk.headers);
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('auth.forbidden');
    }
    const denied = await server.ctx.db.selectFrom('audit').select('action').where('username', '=', clerk.username).where('outcome', '=', 'denied').execute();
    expect(denied.map((d) => d.action)).toContain('GET /api/v1/knox/boxes');
    const doc = (await server.app.inject('/api/openapi.json')).json();
    for (const path of ['/api/v1/knox/boxes', '/api/v1/knox/reasons', '/api/v1/knox/accesses', '/api/v1/knox/accesses/{id}/authorize',
      '/api/v1/knox/accesses/{id}/removed', '/api/v1/knox/accesses/{id}/returned', '/api/v1/knox/accesses/{id}/report.pdf']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  test('access history per box and per officer, and the open accesses, as JSON and CSV', async () => {
    const byBox = (await inject('GET', '/knox/accesses?box=SCH-EAST', supply)).json().items as { box: { id: string } }[];
    expect(byBox.length).toBeGreaterThanOrEqual(2);
    expect(byBox.every((a) => a.box.id === 'SCH-EAST')).toBe(true);
    const open = (await inject('GET', '/knox/accesses?open=true', oic)).json().items as { status: string }[];
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((a) => a.status !== 'returned')).toBe(true);
    const csv = await inject('GET', `/knox/accesses?officer=${officerName}&format=csv`, supply);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toContain('incident,box,building,reason,clause');
    expect(lines.slice(1).some((l) => l.includes('welfare_check') && l.includes('O-604 §II.A.1') && l.includes('yes'))).toBe(true);
  });
});
