import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

const DISPLAY_SPILL = ['(508) 555-0142 RESD  08/14 13:05', 'KOWALSKI JANE', '12 ELM ST', 'MILLBROOK            MA',
  'ESN 00412 CARRIER VERIZON', 'LAT +42.447120', 'LON -071.224500', 'UNC 000050'].join('\n');

forEachDatabase('receiving calls', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: Record<string, string>;
  let dispatcher2: Record<string, string>;
  let oic: Record<string, string>;
  let admin: Record<string, string>;
  const post = (url: string, payload?: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, ...(payload === undefined ? {} : { payload: payload as object }), headers });
  const get = (url: string, headers = dispatcher) => server.app.inject({ url: `/api/v1${url}`, headers });
  const newCall = async (body: Record<string, unknown>) => {
    const r = await post('/calls', body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  const rowCounts = async () => ({
    calls: Number((await server.ctx.db.selectFrom('call').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    events: Number((await server.ctx.db.selectFrom('event').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });

  beforeAll(async () => {
    server = await database().server();
    dispatcher = (await signedInAs(server.ctx, server.app, ['dispatcher'])).headers;
    dispatcher2 = (await signedInAs(server.ctx, server.app, ['dispatcher'])).headers;
    oic = (await signedInAs(server.ctx, server.app, ['commanding_officer'])).headers;
    admin = (await signedInAs(server.ctx, server.app, ['system_administrator'])).headers;
  });
  afterAll(async () => server?.close());

  test('an E-911 call records its line, server times, ANI/ALI and the greeting for the line (81A §C.1, §C.2.b.i)', async () => {
    const before = Date.now();
    const call = await newCall({ line: 'e911', ali: { callbackNumber: '(508) 555-0142', address: '12 Elm St', lat: 42.4471, lon: -71.2245, classOfService: 'WPH2', carrier: 'Verizon' } });
    expect(call).toMatchObject({ line: 'e911', status: 'ringing', callbackNumber: '(508) 555-0142', answeredAt: null, greeting: '9-1-1. This call is being recorded. What is your emergency?' });
    expect(Date.parse(call.receivedAt)).toBeGreaterThanOrEqual(before - 2000);
    const answered = (await post(`/calls/${call.id}/answer`)).json();
    expect(answered.status).toBe('active');
    const ended = (await post(`/calls/${call.id}/end`)).json();
    expect(Date.parse(ended.answeredAt)).toBeGreaterThanOrEqual(Date.parse(call.receivedAt));
    expect(Date.parse(ended.endedAt)).toBeGreaterThanOrEqual(Date.parse(ended.answeredAt));
    const kinds = (await get('/events?after=0&limit=1000')).json().filter((e: { subjectId: string }) => e.subjectId === call.id).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['call.received', 'call.answered', 'call.ended']);
  });

  test('the default greetings are the policy’s words, word for word, the 7-digit lines naming the agency (81A §C.2.b.i, §C.2.c.i)', async () => {
    expect((await newCall({ line: 'e911' })).greeting).toBe('9-1-1. This call is being recorded. What is your emergency?');
    expect((await newCall({ line: 'emergency' })).greeting).toBe('Millbrook Police Department. This call is being recorded. How may I help you?');
    expect((await newCall({ line: 'business' })).greeting).toBe('Millbrook Police Department. This call is being recorded. How may I help you?');
  });

  test('the greeting comes from the editable call_line table (81A §C.2.c.i)', async () => {
    const put = await server.app.inject({ method: 'PUT', url: '/api/v1/code-tables/call_line/business', headers: admin,
      payload: { name: 'Business line', attrs: { priority: 3, greeting: 'Lexington Police. This call is being recorded. How may I help you?' } } });
    expect(put.statusCode).toBe(200);
    expect((await newCall({ line: 'business' })).greeting).toBe('Lexington Police. This call is being recorded. How may I help you?');
  });

  test('an E-911 call that hangs up before it is answered is abandoned and flagged for a call back; a business line is not (81A §C.2.f)', async () => {
    const e911 = await newCall({ line: 'e911', ali: { callbackNumber: '5085550111' } });
    expect((await post(`/calls/${e911.id}/end`)).json()).toMatchObject({ outcome: 'abandoned', callbackRequired: true, callbackNumber: '5085550111' });
    const business = await newCall({ line: 'business' });
    expect((await post(`/calls/${business.id}/end`)).json()).toMatchObject({ outcome: 'abandoned', callbackRequired: false });
  });

  test('a walk-in is taken by whoever records it; clients cannot send a time', async () => {
    const walkIn = await newCall({ line: 'walk_in', callerName: 'Pat Doe' });
    expect(walkIn.status).toBe('active');
    expect(walkIn.answeredAt).toBe(walkIn.receivedAt);
    expect((await post('/calls', { line: 'walk_in', receivedAt: '2020-01-01T00:00:00Z' })).json().code).toBe('request.invalid');
  });

  test('the category brings its questions; answers are stored on the call (81A §C.3.a, §C.3.b)', async () => {
    const call = await newCall({ line: 'business' });
    const emergency = (await post(`/calls/${call.id}/details`, { category: 'emergency', answers: { valid: true, in_progress: 'in progress', injury_potential: true } })).json();
    expect(emergency.questions.map((q: { code: string }) => q.code)).toEqual(['valid', 'in_progress', 'injury_potential', 'caller_standing_by']);
    expect(emergency.questions[1]).toMatchObject({ answer: 'in progress', clause: '81A §C.3.a.i(b)' });
    expect(emergency.priority).toBe(1); // emergency calls are handled before others
    const fire = (await post(`/calls/${call.id}/details`, { category: 'fire_in_building', answers: { told_everyone_to_leave: true } })).json();
    expect(fire.questions.find((q: { code: string }) => q.code === 'call_back_from_safe_phone')).toMatchObject({ clause: '81A §C.3.b.ii(b)', answer: null });
    const before = await rowCounts();
    const bad = await post(`/calls/${call.id}/details`, { answers: { favourite_colour: 'red' } });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'call.unknown_question']);
    expect(await rowCounts()).toEqual(before);
  });

  test('ALI is verified or corrected with the caller and both values are kept (81A §C.2.b.iii)', async () => {
    const call = await newCall({ line: 'e911', ali: { callbackNumber: '5085550100', address: '12 Elm St', lat: 42.4471, lon: -71.2245 } });
    await post(`/calls/${call.id}/ali-checks`, { field: 'callbackNumber', action: 'verified' });
    const corrected = (await post(`/calls/${call.id}/ali-checks`, { field: 'address', action: 'corrected', value: '14 Elm St, rear' })).json();
    expect(corrected.ali.address).toBe('12 Elm St');
    expect(corrected.aliChecks.address).toMatchObject({ status: 'corrected', received: '12 Elm St', corrected: '14 Elm St, rear' });
    expect(corrected.aliChecks.callbackNumber).toMatchObject({ status: 'verified', received: '5085550100' });
    const noValue = await post(`/calls/${call.id}/ali-checks`, { field: 'address', action: 'corrected' });
    expect(noValue.json().code).toBe('ali.correction_required');
  });

  test('the queue puts E-911 before an older business call, shows waiting times, and brings back a hold over the limit (81A §C.2.a, §C "Placing Calls on Hold")', async () => {
    // end whatever earlier tests left ringing
    for (const c of (await get('/calls/queue')).json()) await post(`/calls/${c.id}/end`);
    const business = await newCall({ line: 'business' });
    const e911 = await newCall({ line: 'e911' });
    let queue = (await get('/calls/queue')).json();
    expect(queue.map((c: { id: string }) => c.id)).toEqual([e911.id, business.id]);
    expect(queue[1].waitingSeconds).toBeGreaterThanOrEqual(0);
    await server.ctx.db.insertInto('setting').values({ key: 'calls.holdLimitSeconds', value: JSON.stringify(1) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(1) })).execute();
    await post(`/calls/${business.id}/answer`);
    const noReason = await post(`/calls/${business.id}/hold`, { reason: ' ' });
    expect(noReason.json().code).toBe('call.hold_reason_required');
    const held = (await post(`/calls/${business.id}/hold`, { reason: 'Another line is ringing' })).json();
    expect(held.hold).toMatchObject({ reason: 'Another line is ringing', overLimit: false });
    // the answer names the hold's own event: the console skips the stream's echo of it and keeps its queue
    const holdEvent = await server.ctx.db.selectFrom('event').select(['seq', 'kind']).where('subject_type', '=', 'call').where('subject_id', '=', business.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect([holdEvent.kind, held.lastSeq]).toEqual(['call.held', Number(holdEvent.seq)]);
    await new Promise((r) => setTimeout(r, 2100));
    queue = (await get('/calls/queue')).json();
    expect(queue[0]).toMatchObject({ id: business.id, hold: { overLimit: true } });
    expect(queue[0].hold.seconds).toBeGreaterThanOrEqual(2);
    await server.ctx.db.deleteFrom('setting').where('key', '=', 'calls.holdLimitSeconds').execute();
    const resumed = (await post(`/calls/${business.id}/answer`)).json();
    expect([resumed.status, resumed.hold]).toEqual(['active', null]);
  });

  test('a call transferred here cannot be transferred again: refused, nothing written, told to relay (81A §C.4.b, §C.5.a.ii)', async () => {
    const call = await newCall({ line: 'e911', transferredFrom: 'State Police Framingham PSAP' });
    await post(`/calls/${call.id}/answer`);
    const before = await rowCounts();
    const refused = await post(`/calls/${call.id}/transfer`, { to: 'Fire Alarm', callerAdvised: true });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'call.second_transfer', clause: expect.stringContaining('§C.4.b'), detail: expect.stringMatching(/relay/) });
    expect(await rowCounts()).toEqual(before);
    expect((await get(`/calls/${call.id}`)).json()).toMatchObject({ status: 'active', transferredTo: null });
    expect((await post(`/calls/${call.id}/relay`, { agency: 'Fire Alarm', information: 'Smoke at 12 Elm St' })).statusCode).toBe(200);
    // the two-call-taker limit: the PSAP that transferred counts as one; a second local call taker is refused
    await post(`/calls/${call.id}/hold`, { reason: 'checking a map' });
    const second = await post(`/calls/${call.id}/answer`, undefined, dispatcher2);
    expect([second.statusCode, second.json().code]).toEqual([422, 'call.two_call_takers']);
  });

  test('a call first received here is transferred once, the caller told where (81A §C.4.a, §C.4.c)', async () => {
    const call = await newCall({ line: 'e911' });
    await post(`/calls/${call.id}/answer`);
    const untold = await post(`/calls/${call.id}/transfer`, { to: 'Waltham Police', callerAdvised: false });
    expect(untold.json().code).toBe('call.caller_not_advised');
    const moved = (await post(`/calls/${call.id}/transfer`, { to: 'Waltham Police', callerAdvised: true })).json();
    expect(moved).toMatchObject({ status: 'ended', outcome: 'transferred', transferredTo: { to: 'Waltham Police', callerAdvised: true } });
  });

  test('a call needing no police response is closed with its type and kept (81A §D.1)', async () => {
    const call = await newCall({ line: 'business' });
    await post(`/calls/${call.id}/answer`);
    const unknown = await post(`/calls/${call.id}/close`, { type: 'GOSSIP' });
    expect(unknown.json().code).toBe('call.unknown_no_response_type');
    const closed = (await post(`/calls/${call.id}/close`, { type: 'DIRECTIONS', note: 'Asked the way to Town Hall' })).json();
    expect(closed).toMatchObject({ status: 'ended', outcome: 'no_response', noResponseType: 'DIRECTIONS' });
    expect((await get(`/calls/${call.id}`)).json().noResponseType).toBe('DIRECTIONS');
    const kept = (await get('/calls?status=ended')).json().items;
    expect(kept.find((c: { id: string }) => c.id === call.id)).toMatchObject({ outcome: 'no_response', noResponseType: 'DIRECTIONS' });
    expect((await get('/calls')).json().items.map((c: { id: string }) => c.id)).not.toContain(call.id);
    const tooLate = await post('/incidents', { type: 'OTHER', callId: call.id, location: { address: '1 Town Hall Sq' } });
    expect([tooLate.statusCode, tooLate.json().code]).toEqual([409, 'call.closed']);
  });

  test('several callers about one incident: a call is linked, listed on the incident; a closed incident takes no more callers (81A §C "Multiple Calls")', async () => {
    const first = await newCall({ line: 'e911', callerName: 'First Caller', ali: { callbackNumber: '5085550001', address: '30 Birch Road', lat: 42.46, lon: -71.25 } });
    const incident = (await post('/incidents', { callId: first.id, type: 'FIRE', location: { address: '30 Birch Road', lat: 42.46, lon: -71.25 } })).json();
    expect((await get(`/incidents/${incident.number}`)).json()).toEqual(incident);
    const second = await newCall({ line: 'e911', callerName: 'Second Caller', ali: { callbackNumber: '5085550002', address: '32 Birch Rd', lat: 42.4601, lon: -71.2501 } });
    const suggested = (await get(`/calls/${second.id}/suggestions?type=FIRE`)).json();
    expect(suggested[0]).toMatchObject({ number: incident.number, reasons: expect.arrayContaining(['same type']) });
    expect((await post(`/calls/${second.id}/link`, { incident: incident.number })).json()).toMatchObject({ incidentNumber: incident.number, outcome: 'incident' });
    const record = (await get(`/incidents/${incident.number}`)).json();
    expect(record.callers.map((c: { callerName: string }) => c.callerName)).toEqual(['First Caller', 'Second Caller']);
    expect(record.timeline.filter((e: { kind: string }) => e.kind === 'incident.caller_linked')).toHaveLength(2);
    await server.ctx.db.updateTable('incident').set({ status: 'closed', closed_at: new Date() }).where('number', '=', incident.number).execute();
    const third = await newCall({ line: 'business' });
    const before = await rowCounts();
    const refused = await post(`/calls/${third.id}/link`, { incident: incident.number });
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'incident.closed']);
    expect(await rowCounts()).toEqual(before);
  });

  test('a mailed report needing a response goes to the commanding officer’s screening queue (81A §D.4)', async () => {
    const report = await newCall({ line: 'report', callerName: 'Letter from A. Smith' });
    const referred = (await post(`/calls/${report.id}/screening`, { medium: 'mail', summary: 'Bicycle stolen from porch last week' })).json();
    expect(referred).toMatchObject({ outcome: 'screening', screening: { status: 'waiting', medium: 'mail' } });
    expect((await get('/calls/screening')).statusCode).toBe(403); // a dispatcher does not screen
    const early = await post('/incidents', { callId: report.id, type: 'LARCENY', location: { address: '8 Porch Lane' } });
    expect([early.statusCode, early.json().code]).toEqual([409, 'screening.pending']);
    const queue = (await get('/calls/screening', oic)).json();
    expect(queue.map((c: { id: string }) => c.id)).toContain(report.id);
    const decided = (await post(`/calls/${report.id}/screening/decision`, { decision: 'respond' }, oic)).json();
    expect(decided.screening).toMatchObject({ status: 'respond', decidedBy: expect.any(String) });
    const incident = await post('/incidents', { callId: report.id, type: 'LARCENY', location: { address: '8 Porch Lane' } }, oic);
    expect(incident.statusCode).toBe(201);
    const phoneCall = await newCall({ line: 'business' });
    expect((await post(`/calls/${phoneCall.id}/screening`, { medium: 'mail', summary: 'x' })).json().code).toBe('screening.not_a_report');
  });

  test('an ALI spill becomes an E-911 call; a garbled one is refused and nothing is written', async () => {
    const spill = await post('/calls/ali-spill', { spill: `\u0002${DISPLAY_SPILL}\u0003` });
    expect(spill.statusCode).toBe(201);
    expect(spill.json()).toMatchObject({ line: 'e911', callbackNumber: '(508) 555-0142', ali: { address: '12 ELM ST', classOfService: 'RESD', lat: 42.44712 } });
    const truncated = await post('/calls/ali-spill', { spill: DISPLAY_SPILL.split('\n').slice(0, 3).join('\n') });
    expect(truncated.statusCode).toBe(201);
    expect(truncated.json().ali.spill.problems.length).toBeGreaterThan(0);
    const before = await rowCounts();
    const garbled = await post('/calls/ali-spill', { spill: DISPLAY_SPILL.replace('(508) 555-0142', '#$%^&*(@!~~~~~') });
    expect([garbled.statusCode, garbled.json().code]).toEqual([400, 'ali.garbled']);
    expect(garbled.headers['content-type']).toContain('application/problem+json');
    const flat = await post('/calls/ali-spill', { spill: DISPLAY_SPILL, layout: 'no-such-layout' });
    expect(flat.json().code).toBe('ali.unknown_layout');
    expect(await rowCounts()).toEqual(before);
  });

  test('an administrator sets the hold limit and adds the agency’s own ALI layout; a dispatcher cannot', async () => {
    const put = (payload: unknown, headers = admin) => server.app.inject({ method: 'PUT', url: '/api/v1/calls/settings', payload: payload as object, headers });
    expect((await put({ holdLimitSeconds: 30 }, dispatcher)).statusCode).toBe(403);
    const layout = { name: 'two-line', description: 'callback on line 1, address on line 2', lines: 2,
      fields: { callbackNumber: { line: 0, col: 0, length: 10 }, address: { line: 1, col: 0, length: 40 } } };
    const changed = await put({ holdLimitSeconds: 45, aliLayouts: [layout] });
    expect(changed.statusCode).toBe(200);
    expect((await get('/calls/settings')).json()).toMatchObject({ holdLimitSeconds: 45, aliLayouts: [layout], aliDefaultLayout: 'display-8x32' });
    const spill = await post('/calls/ali-spill', { spill: '5085550123\n9 MAPLE AVE', layout: 'two-line' });
    expect(spill.json()).toMatchObject({ callbackNumber: '(508) 555-0123', ali: { address: '9 MAPLE AVE' } });
    const before = (await get('/calls/settings')).json();
    for (const [payload, code] of [
      [{ aliDefaultLayout: 'nowhere' }, 'ali.unknown_layout'],
      [{ aliLayouts: [{ ...layout, name: 'flat-188' }] }, 'ali.layout_name_taken'],
      [{ aliLayouts: [{ ...layout, fields: { address: { line: 5, col: 0, length: 10 } } }] }, 'ali.layout_invalid'],
      [{ holdLimitSeconds: 0 }, 'request.invalid'],
    ] as const) {
      const refused = await put(payload);
      expect([refused.statusCode, refused.json().code]).toEqual([400, code]);
    }
    expect((await get('/calls/settings')).json()).toEqual(before);
    await put({ holdLimitSeconds: 60, aliLayouts: [] });
  });

  test('every console sees a new call and a new incident at once over the stream', async () => {
    const url = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    const seen: string[] = [];
    const last = (await get('/events?after=0&limit=1000')).json().at(-1)?.seq ?? 0;
    const socket = new WebSocket(`${url}/api/v1/stream?after=${last}`, { headers: dispatcher });
    await new Promise((resolve, reject) => { socket.on('open', resolve); socket.on('error', reject); });
    socket.on('message', (data) => seen.push(JSON.parse(String(data)).kind));
    const call = await newCall({ line: 'e911' });
    await post('/incidents', { callId: call.id, type: 'MEDICAL', location: { address: '4 Cedar Court' } });
    for (let i = 0; i < 50 && !seen.includes('incident.created'); i++) await new Promise((r) => setTimeout(r, 50));
    socket.close();
    expect(seen).toEqual(expect.arrayContaining(['call.received', 'incident.created', 'call.linked']));
  });
});
