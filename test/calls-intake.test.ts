import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

// A call's life at the console is one server use case (81A §C, §D.3): answering it, its
// category, answers and ALI checks, and the incident it becomes or joins are one request and
// one transaction; then the call leaves the waiting list and is in the closed-call log.
forEachDatabase('a call taken into an incident in one request', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: { username: string; headers: Record<string, string> };
  const post = (url: string, payload?: unknown) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, ...(payload === undefined ? {} : { payload: payload as object }), headers: dispatcher.headers });
  const get = (url: string) => server.app.inject({ url: `/api/v1${url}`, headers: dispatcher.headers });
  const count = async (table: 'call' | 'incident' | 'event') =>
    Number((await server.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const auditRows = async () => server.ctx.db.selectFrom('audit').select(['action', 'subject_type', 'subject_id', 'detail']).where('username', '=', dispatcher.username).orderBy('id').execute();
  const written = async () => ({ calls: await count('call'), incidents: await count('incident'), events: await count('event'), audit: (await auditRows()).length });
  const ids = (list: { id: string }[]) => list.map((c) => c.id);

  const typedCall = {
    call: { line: 'e911', callerName: 'Lee Park', ali: { callbackNumber: '781-555-0111', address: '1625 Massachusetts Avenue', classOfService: 'WPH2' } },
    details: { category: 'emergency', answers: { valid: true, injury_potential: 'yes' } },
    aliChecks: [{ field: 'address', action: 'verified' }, { field: 'callbackNumber', action: 'corrected', value: '781-555-0112' }],
    incident: { type: 'MEDICAL', location: { address: '1625 Massachusetts Avenue' }, narrative: 'Fall, conscious' },
  };

  beforeAll(async () => {
    server = await database().server();
    dispatcher = await signedInAs(server.ctx, server.app, ['dispatcher']);
  });
  afterAll(async () => server?.close());

  test('a ringing call taken straight into an incident is answered by the call-taker and leaves the waiting queue; the caller hanging up later ends it (81A §C.1, §C.2.a)', async () => {
    const ring = (await post('/calls', { line: 'e911', ali: { callbackNumber: '781-555-0177', address: '5 Muzzey Street' } })).json();
    const r = await post(`/calls/${ring.id}/incident`, { incident: { type: 'SUSPICIOUS', location: { address: '5 Muzzey Street' } } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().call).toMatchObject({ status: 'active', outcome: 'incident', callTakers: [dispatcher.username], answeredAt: expect.any(String) });
    expect(ids((await get('/calls/queue?answered=true')).json())).not.toContain(ring.id);
    expect((await post(`/calls/${ring.id}/end`)).json()).toMatchObject({ status: 'ended', outcome: 'incident', endedAt: expect.any(String) });
  });

  test('a call typed at the console becomes an incident in one request: answers, both ALI values and the incident are kept, and the call is finished (81A §C.2.b.iii, §C.3, §D.3)', async () => {
    const before = await written();
    const r = await post('/calls/intake', typedCall);
    expect(r.statusCode, r.body).toBe(201);
    const { call, incident } = r.json();
    expect(incident).toMatchObject({ number: expect.stringMatching(/^\d{2}-\d{5}$/), type: 'MEDICAL', status: 'pending', callId: call.id, narrative: 'Fall, conscious' });
    expect(incident.callers).toEqual([expect.objectContaining({ callId: call.id, callerName: 'Lee Park' })]);
    // typed by the call-taker: answered by them, finished once it is an incident — not "ringing" for ever
    expect(call).toMatchObject({ status: 'active', outcome: 'incident', incidentNumber: incident.number, category: 'emergency', callTakers: [dispatcher.username] });
    expect(call.answeredAt).not.toBeNull();
    expect(call.questions.find((q: { code: string }) => q.code === 'valid')).toMatchObject({ answer: true, clause: '81A §C.3.a.i(a)' });
    // §C.2.b.iii: a correction keeps the value received and the value corrected
    expect(call.aliChecks.address).toMatchObject({ status: 'verified', received: '1625 Massachusetts Avenue' });
    expect(call.aliChecks.callbackNumber).toMatchObject({ status: 'corrected', received: '781-555-0111', corrected: '781-555-0112' });
    expect((await get(`/incidents/${incident.number}`)).json()).toEqual(incident);

    const after = await written();
    expect(after.calls - before.calls).toBe(1);
    expect(after.incidents - before.incidents).toBe(1);
    // exactly one audit row for the one action, naming the call and the incident it made
    const rows = (await auditRows()).slice(before.audit);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'call.intake', subject_type: 'call', subject_id: call.id });
    expect(JSON.stringify(rows[0]!.detail)).toContain(`incident:${incident.number}`);
    const kinds = (await get('/events?after=0&limit=1000')).json().filter((e: { subjectId: string }) => e.subjectId === call.id).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['call.received', 'call.details', 'call.ali_checked', 'call.ali_checked', 'call.linked']);

    // not waiting, not unfinished; in the closed-call log
    expect(ids((await get('/calls/queue?answered=true')).json())).not.toContain(call.id);
    expect(ids((await get('/calls?status=closed&limit=50')).json().items)).toContain(call.id);
  });

  test('a refused request writes nothing: no call, no incident, no event, no audit row, and the field is named', async () => {
    const before = await written();
    const refusals: [unknown, number, string, string][] = [
      // a bad ALI field: refused at the edge, naming it
      [{ ...typedCall, aliChecks: [{ field: 'colour', action: 'verified' }] }, 400, 'request.invalid', 'body.aliChecks.0.field'],
      // an incident type that is not in the code table
      [{ ...typedCall, incident: { ...typedCall.incident, type: 'UFO' } }, 400, 'incident.unknown_type', 'incident.type'],
      // a question the category does not ask (81A §C.3)
      [{ ...typedCall, details: { category: 'emergency', answers: { favourite_colour: 'red' } } }, 400, 'call.unknown_question', 'details.answers.favourite_colour'],
      // a correction without the corrected value (81A §C.2.b.iii)
      [{ ...typedCall, aliChecks: [{ field: 'address', action: 'corrected' }] }, 400, 'ali.correction_required', 'aliChecks.0.value'],
      // refused inside the transaction, after the call and its details were written: a call without ALI has none to verify
      [{ ...typedCall, call: { line: 'walk_in', callerName: 'Pat Doe' } }, 409, 'ali.none', 'aliChecks.0.field'],
    ];
    for (const [body, status, code, field] of refusals) {
      const r = await post('/calls/intake', body);
      expect([r.statusCode, r.json().code], r.body).toEqual([status, code]);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(`${r.json().field ?? ''} ${r.json().detail}`).toContain(field);
    }
    expect(await written()).toEqual(before);
  });

  test('a failure late in the transaction (after the incident row) leaves nothing half-done, and the next incident number is not skipped', async () => {
    // the database refuses the call's link event: everything before it in the request must roll back
    await sql`CREATE FUNCTION test_refuse_link() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.kind = 'call.linked' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`.execute(server.ctx.db);
    await sql`CREATE TRIGGER test_refuse_link BEFORE INSERT ON event FOR EACH ROW EXECUTE FUNCTION test_refuse_link()`.execute(server.ctx.db);
    const before = await written();
    try {
      const r = await post('/calls/intake', typedCall);
      expect(r.statusCode).toBe(500);
    } finally {
      await sql`DROP TRIGGER test_refuse_link ON event`.execute(server.ctx.db);
      await sql`DROP FUNCTION test_refuse_link()`.execute(server.ctx.db);
    }
    expect(await written()).toEqual(before);
    const last = (await get('/incidents?status=all&limit=1')).json().items[0].number as string;
    const next = (await post('/calls/intake', typedCall)).json().incident.number as string;
    expect(Number(next.slice(3))).toBe(Number(last.slice(3)) + 1); // gap-free (DESIGN "The server assigns times and numbers")
  });

  test('an answered call stays listed until it is finished (a reload lists it); taken into an incident in one request it leaves the list (81A §C.2.a)', async () => {
    const ring = (await post('/calls', { line: 'e911', ali: { callbackNumber: '781-555-0199', address: '10 Waltham Street' } })).json();
    expect(ids((await get('/calls/queue')).json())).toContain(ring.id);
    expect((await post(`/calls/${ring.id}/answer`)).json().status).toBe('active');
    // the waiting queue no longer has it; the list of unfinished calls (what a console loads) does
    expect(ids((await get('/calls/queue')).json())).not.toContain(ring.id);
    const unfinished = (await get('/calls/queue?answered=true')).json();
    expect(unfinished.find((c: { id: string }) => c.id === ring.id)).toMatchObject({ status: 'active', callTakers: [dispatcher.username] });

    const before = await written();
    const r = await post(`/calls/${ring.id}/incident`, {
      details: { category: 'emergency', callerName: 'Ana Ruiz' }, aliChecks: [{ field: 'address', action: 'verified' }],
      incident: { type: 'DISTURB', location: { address: '10 Waltham Street' } },
    });
    expect(r.statusCode, r.body).toBe(201);
    const { call, incident } = r.json();
    expect(call).toMatchObject({ id: ring.id, status: 'active', outcome: 'incident', incidentNumber: incident.number, callerName: 'Ana Ruiz' });
    expect(incident.callers[0]).toMatchObject({ callId: ring.id, callerName: 'Ana Ruiz' });
    expect((await auditRows()).length - before.audit).toBe(1);
    expect(ids((await get('/calls/queue?answered=true')).json())).not.toContain(ring.id);
    // the same call cannot become a second incident
    const again = await post(`/calls/${ring.id}/incident`, { incident: { type: 'DISTURB', location: { address: '10 Waltham Street' } } });
    expect([again.statusCode, again.json().code]).toEqual([409, 'call.already_linked']);
  });

  test('another caller about an open incident is linked with what they said in one request; the answer carries the incident (81A §C "Multiple Calls")', async () => {
    const first = (await post('/calls/intake', typedCall)).json();
    const second = (await post('/calls', { line: 'e911', ali: { callbackNumber: '781-555-0123', address: '1627 Massachusetts Avenue' } })).json();
    await post(`/calls/${second.id}/answer`);
    const before = await written();
    const r = await post(`/calls/${second.id}/incident-link`, { incident: first.incident.number, details: { callerName: 'Second Caller' }, aliChecks: [{ field: 'address', action: 'verified' }] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().call).toMatchObject({ status: 'active', outcome: 'incident', incidentNumber: first.incident.number, callerName: 'Second Caller' });
    expect(r.json().incident.callers.map((c: { callerName: string }) => c.callerName)).toEqual(['Lee Park', 'Second Caller']);
    expect((await auditRows()).length - before.audit).toBe(1);
    // a refusal (no such incident) writes nothing, not even the caller's name
    const third = (await post('/calls', { line: 'business' })).json();
    await post(`/calls/${third.id}/answer`);
    const mid = await written();
    const refused = await post(`/calls/${third.id}/incident-link`, { incident: '26-99999', details: { callerName: 'Nobody' } });
    expect([refused.statusCode, refused.json().code]).toEqual([404, 'incident.not_found']);
    expect(await written()).toEqual(mid);
    expect((await get(`/calls/${third.id}`)).json()).toMatchObject({ callerName: null, status: 'active' });
  });

  test('the closed-call log is paged by key, newest first: every call once, a forged key refused', async () => {
    const all: { id: string; receivedAt: string }[] = [];
    let after: string | null = null;
    do {
      const page = (await get(`/calls?status=closed&limit=2${after ? `&after=${after}` : ''}`)).json() as { items: { id: string; receivedAt: string }[]; next: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      all.push(...page.items);
      after = page.next;
    } while (after);
    expect(all.length).toBeGreaterThan(2);
    expect(new Set(ids(all)).size).toBe(all.length);
    expect(ids(all).sort()).toEqual(ids((await get('/calls?status=closed&limit=500')).json().items).sort());
    for (let i = 1; i < all.length; i++) expect(Date.parse(all[i - 1]!.receivedAt)).toBeGreaterThanOrEqual(Date.parse(all[i]!.receivedAt));
    const forged = await get(`/calls?status=closed&after=${Buffer.from('["x","y"]').toString('base64url')}`);
    expect([forged.statusCode, forged.json().code]).toEqual([400, 'request.invalid_cursor']);
    const tooMany = await get('/calls?status=closed&limit=501');
    expect([tooMany.statusCode, tooMany.json().detail]).toEqual([400, expect.stringContaining('limit')]);
  });
});
