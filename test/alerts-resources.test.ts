import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { signedInAs } from './support/session.ts';

forEachDatabase('emergency messages, facility alarms and dispatcher resources (81A §H, §B.2)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: Record<string, string>;
  let commander: Record<string, string>;
  let obrien: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    server = await database().server();
    const signIn = await demoAgency(server.ctx, server.app);
    dispatcher = await signIn('dkowalski');
    commander = await signIn('mreyes');
    obrien = await signIn('jobrien');
    admin = (await signedInAs(server.ctx, server.app, ['system_administrator'])).headers;
  });
  afterAll(async () => server?.close());

  const send = (method: 'POST' | 'PUT', url: string, payload: unknown, headers = dispatcher) => server.app.inject({ method, url: `/api/v1${url}`, payload: payload as object, headers });
  const post = (url: string, payload: unknown, headers = dispatcher) => send('POST', url, payload, headers);
  const get = (url: string, headers = dispatcher) => server.app.inject({ url: `/api/v1${url}`, headers });
  const message = {
    kind: 'injury_illness', message: 'Mother admitted to Mercy Hospital ICU; family asked to come at once',
    requester: { name: 'Nurse R. Alvarez', phone: '(413) 555-0199', agency: 'Mercy Hospital' }, recipient: { name: 'Chris Doyle', address: '41 Oak Street' },
  };

  test('81A §H: a message is recorded, the commanding officer decides how it is relayed, and its delivery is recorded with who recorded it and who acknowledged receiving it', async () => {
    const created = await post('/emergency-messages', message);
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect(created.json()).toMatchObject({ next: 'await_decision', receivedBy: 'dkowalski' });
    const alert = (await get('/alerts', commander)).json().find((a: { detail: { message?: string } }) => a.detail.message === id);
    expect(alert).toMatchObject({ kind: 'emergency_message' });
    expect((await post(`/emergency-messages/${id}/delivery`, { delivered: true })).json().code).toBe('message.no_decision');
    expect((await post(`/emergency-messages/${id}/decision`, { means: 'officer_in_person' })).statusCode).toBe(403); // §H.1 the Commanding Officer decides
    const decided = await post(`/emergency-messages/${id}/decision`, { means: 'officer_in_person', note: '412 to deliver in person' }, commander);
    expect(decided.json()).toMatchObject({ decision: 'officer_in_person', decidedBy: 'mreyes', next: 'deliver' });
    // an acknowledgement belongs to a delivered message only: refused, nothing written
    const contradictory = await post(`/emergency-messages/${id}/delivery`, { delivered: false, acknowledgedBy: 'Chris Doyle' });
    expect(contradictory.statusCode).toBe(400);
    expect(contradictory.json()).toMatchObject({ code: 'message.acknowledged_undelivered' });
    expect(contradictory.json().detail).toContain('body.acknowledgedBy');
    expect((await get(`/emergency-messages/${id}`)).json()).toMatchObject({ delivered: null, next: 'deliver' });
    const delivered = await post(`/emergency-messages/${id}/delivery`, { delivered: true, acknowledgedBy: 'Chris Doyle, at the door', note: 'delivered by 412 at 14:10' });
    expect(delivered.json()).toMatchObject({ delivered: true, acknowledgedBy: 'Chris Doyle, at the door', deliveryRecordedBy: 'dkowalski', next: 'done' });
    expect((await post(`/emergency-messages/${id}/delivery`, { delivered: false })).json().code).toBe('message.delivery_recorded');
  });

  test('81A §H.2: an undelivered message prompts the dispatcher to tell the requester, and records that they were told', async () => {
    const { id } = (await post('/emergency-messages', { ...message, kind: 'death_family' })).json();
    await post(`/emergency-messages/${id}/decision`, { means: 'telephone' }, commander);
    const undelivered = await post(`/emergency-messages/${id}/delivery`, { delivered: false, note: 'no answer at the house, no one home' });
    expect(undelivered.json().next).toBe('tell_requester');
    const prompt = (await get('/alerts')).json().find((a: { kind: string; detail: { message?: string } }) => a.kind === 'message_undelivered' && a.detail.message === id);
    expect(prompt.title).toContain('Nurse R. Alvarez');
    expect((await get('/emergency-messages?open=true')).json().map((m: { id: string }) => m.id)).toContain(id);
    const told = await post(`/emergency-messages/${id}/requester-told`, { note: 'called Nurse Alvarez back' });
    expect(told.json()).toMatchObject({ next: 'done', requesterToldBy: 'dkowalski' });
    expect((await get('/alerts')).json().map((a: { id: string }) => a.id)).not.toContain(prompt.id);
  });

  test('81A §H.4: routine messages are not delivered; bad input writes nothing', async () => {
    const before = (await get('/emergency-messages')).json().length;
    const routine = await post('/emergency-messages', { ...message, kind: 'routine' });
    expect(routine.statusCode).toBe(422);
    expect(routine.json()).toMatchObject({ code: 'message.routine', clause: '81A §H.4' });
    expect((await post('/emergency-messages', { ...message, recipient: {} })).statusCode).toBe(400);
    expect((await post('/emergency-messages/00000000-0000-4000-8000-000000000000/delivery', { delivered: true })).statusCode).toBe(404);
    expect((await get('/emergency-messages')).json()).toHaveLength(before);
  });

  test('81A §B.2.a.xi: a generator alarm alerts the dispatcher with whom to notify, and records who was told', async () => {
    const created = await post('/facility-alarms', { facility: 'generator', note: 'panel shows low fuel' });
    expect(created.statusCode).toBe(201);
    const alarm = created.json();
    const whom = alarm.notify.map((n: { who: string }) => n.who);
    expect(whom).toContain('mreyes'); // the Commanding Officer on today's roster
    expect(whom).toContain('Facilities — police station generator');
    const alert = (await get('/alerts')).json().find((a: { id: string }) => a.id === alarm.alertId);
    expect(alert).toMatchObject({ kind: 'facility_alarm', priority: 1 });
    const told = (await post(`/facility-alarms/${alarm.id}/told`, { who: 'mreyes', means: 'radio' })).json();
    expect(told.told).toEqual([expect.objectContaining({ who: 'mreyes', means: 'radio', by: 'dkowalski' })]);
    expect(told.stillToTell).toEqual(['Facilities — police station generator']);
    expect((await post('/facility-alarms', { facility: 'boiler' })).statusCode).toBe(400);
  });

  test('81A §B.2.b: one search finds the officer in charge, the roster, utilities, town departments and the all-hazards plan', async () => {
    const added = await post('/directory/entries', { category: 'utility', name: 'Eversource outage desk', phone: '(800) 555-0142' });
    expect(added.statusCode).toBe(201);
    const all = (await get('/directory')).json();
    expect(all.officerInCharge.map((o: { username: string }) => o.username)).toEqual(['mreyes']);
    expect(all.entries.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['National Grid (gas)', 'Department of Public Works (DPW)']));
    expect((await get('/directory?q=eversource')).json().entries.map((e: { phone: string | null }) => e.phone)).toContain('(800) 555-0142');
    expect((await get('/directory?q=hazards')).json().entries[0].category).toBe('plan');
    expect((await get('/directory?q=Nguyen')).json().roster).toEqual([expect.objectContaining({ username: 'pnguyen', callSign: '412' })]);
  });

  test('81A §B.3.d/f: the commanding officer posts a fire duty roster; dispatchers cannot', async () => {
    const roster = { shift: 'Fire group C (24 h)', entries: [{ callSign: 'E2', assignment: 'Engine 2 crew' }, { callSign: 'A2', assignment: 'Ambulance 2 crew' }] };
    expect((await post('/directory/roster', roster)).statusCode).toBe(403);
    const posted = await post('/directory/roster', roster, commander);
    expect(posted.statusCode).toBe(201);
    expect(posted.json().map((r: { callSign: string }) => r.callSign).sort()).toEqual(['A2', 'E2']);
    expect((await post('/directory/roster', { shift: 'x', entries: [{ callSign: 'E9', assignment: 'x' }] }, commander)).json().code).toBe('roster.unknown_unit');
  });

  test('81A §B.2.b.iii: residential phone numbers are restricted and every read is audited', async () => {
    expect((await send('PUT', '/directory/residential-phones/jobrien', { phone: '(413) 555-0123' }, admin)).statusCode).toBe(200);
    expect((await get('/directory/residential-phones?q=brien', obrien)).statusCode).toBe(403);
    const read = await get('/directory/residential-phones?q=brien');
    expect(read.json()).toEqual([expect.objectContaining({ username: 'jobrien', phone: '(413) 555-0123' })]);
    expect(JSON.stringify((await get('/directory?q=brien')).json())).not.toContain('555-0123');
    const audit = await server.ctx.db.selectFrom('audit').selectAll().where('action', '=', 'directory.residential_phones.read').where('username', '=', 'dkowalski').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ query: 'brien', returned: ['jobrien'] });
    const events = (await get('/events?after=0&limit=1000', obrien)).json();
    expect(JSON.stringify(events)).not.toContain('555-0123');
  });
});
