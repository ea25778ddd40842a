import { afterAll, beforeAll, expect, test } from 'vitest';
import { sweep } from '../src/dispatch/alerts/service.ts';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { openIncident } from './support/incidents.ts';

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000);

forEachDatabase('alerts that protect officers (81A §E.5.d, §E.6)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: Record<string, string>;
  let commander: Record<string, string>;
  let obrien: Record<string, string>;

  beforeAll(async () => {
    server = await database().server();
    const signIn = await demoAgency(server.ctx, server.app);
    dispatcher = await signIn('dkowalski');
    commander = await signIn('mreyes');
    obrien = await signIn('jobrien');
  });
  afterAll(async () => server?.close());

  const post = (url: string, payload: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers = dispatcher) => server.app.inject({ url: `/api/v1${url}`, headers });
  type Alert = { id: string; kind: string; priority: number; title: string; callSign: string | null; incident: string | null; detail: Record<string, unknown>; audience: string[] };

  test('81A §E.6.e: the emergency button raises the highest-priority alert with the unit and its last location, an incident, and the shift commander notified', async () => {
    await post('/units/412/location', { address: 'Hartwell Ave at Maguire Rd', lat: 42.47, lon: -71.26 });
    await post('/incidents/' + (await openIncident(server.ctx, { type: 'PARKING' })) + '/dispatch', { units: ['Meter 1'] });
    await sweep(server.ctx, minutesFromNow(0)); // nothing due yet
    const response = await post('/radio/emergency', { radioId: '412' });
    expect(response.statusCode).toBe(201);
    const { alert, incident, unknownRadio } = response.json();
    expect(unknownRadio).toBe(false);
    expect(alert).toMatchObject({ kind: 'emergency', priority: 0, callSign: '412', incident });
    expect(alert.detail).toMatchObject({ callSign: '412', lastLocation: { address: 'Hartwell Ave at Maguire Rd' }, shiftCommanders: ['mreyes'] });
    const created = await server.ctx.db.selectFrom('incident').selectAll().where('number', '=', incident).executeTakeFirstOrThrow();
    expect(created).toMatchObject({ type: 'OFFICER_EMERG', priority: 1 });
    expect(created.location).toMatchObject({ address: 'Hartwell Ave at Maguire Rd' });
    const onConsole = (await get('/alerts')).json() as Alert[];
    expect(onConsole[0]).toMatchObject({ id: alert.id, kind: 'emergency' }); // first: highest priority
    expect((await get('/alerts', obrien)).json().map((a: Alert) => a.id)).toContain(alert.id); // §E.6.e tone to all portables
    const events = (await get('/events?after=0&limit=1000')).json() as { kind: string; subjectId: string; payload: Record<string, unknown> }[];
    expect(events.find((e) => e.kind === 'alert.shift_commander_notified' && e.subjectId === alert.id)?.payload.notified).toEqual(['mreyes']);
  });

  test('81A §E.6.e: an emergency alert cannot be dismissed without a recorded acknowledgment', async () => {
    const { alert } = (await post('/radio/emergency', { radioId: '411' })).json();
    const bare = await post(`/alerts/${alert.id}/acknowledge`, {});
    expect(bare.statusCode).toBe(400);
    expect(bare.json().code).toBe('alert.acknowledgment_required');
    expect((await get('/alerts')).json().map((a: Alert) => a.id)).toContain(alert.id);
    const ack = await post(`/alerts/${alert.id}/acknowledge`, { note: 'Contact made with 411, accidental activation, officer safe' });
    expect(ack.json()).toMatchObject({ acknowledgedBy: 'dkowalski', acknowledgment: expect.stringContaining('officer safe') });
    expect((await post(`/alerts/${alert.id}/acknowledge`, { note: 'again' })).json().code).toBe('alert.already_acknowledged');
    expect((await get('/alerts')).json().map((a: Alert) => a.id)).not.toContain(alert.id);
    expect((await get('/alerts?all=true')).json().map((a: Alert) => a.id)).toContain(alert.id);
  });

  test('a portable registered to an officer identifies the officer and their unit; an unknown radio id still alerts, flagged', async () => {
    expect((await post('/radios', { radioId: 'P-318', kind: 'portable', username: 'pnguyen' })).statusCode).toBe(201);
    expect((await post('/radios', { radioId: 'P-318', kind: 'portable', username: 'pnguyen' })).json().code).toBe('radio.exists');
    expect((await post('/radios', { radioId: 'P-1', kind: 'portable' })).json().code).toBe('radio.owner_required');
    const portable = (await post('/radio/emergency', { radioId: 'P-318' })).json();
    expect(portable.alert).toMatchObject({ callSign: '412', detail: { officer: 'pnguyen', kind: 'portable' } });
    const unknown = await post('/radio/emergency', { radioId: 'P-999', location: { address: 'Route 2 eastbound' } });
    expect(unknown.statusCode).toBe(201);
    expect(unknown.json()).toMatchObject({ unknownRadio: true, alert: { kind: 'emergency', priority: 0, callSign: null, detail: { unknownRadio: true } } });
    expect(unknown.json().alert.title).toContain('unknown radio P-999');
    expect((await post('/radio/emergency', { radioId: '' })).statusCode).toBe(400);
  });

  test('81A §E.5.d: a unit on standby starts a re-contact reminder for the dispatcher, once; contact ends it', async () => {
    await post('/units/413/standby', { reason: 'urgent phone call for the officer' });
    expect((await get('/units/413')).json().standby).toMatchObject({ reason: 'urgent phone call for the officer' });
    expect((await sweep(server.ctx, minutesFromNow(1))).filter((a) => a.callSign === '413')).toHaveLength(0);
    const due = (await sweep(server.ctx, minutesFromNow(4))).filter((a) => a.callSign === '413');
    expect(due.map((a) => a.kind)).toEqual(['standby_recontact']);
    expect((await sweep(server.ctx, minutesFromNow(5))).filter((a) => a.callSign === '413')).toHaveLength(0);
    expect((await post('/units/413/contact', { via: 'cell phone' })).json().standby).toBeNull();
  });

  test('81A §E.6.a–c: unanswered calls prompt another channel, another unit for an immediate call, then an alert to field units and the commanding officer', async () => {
    const number = await openIncident(server.ctx, { type: 'ASSAULT' }); // priority 1: needs an immediate response
    expect((await post(`/incidents/${number}/dispatch`, { units: ['BP1'], override: { reason: 'only unit free; 411 joining' } }, commander)).statusCode).toBe(200);
    const first = (await post('/units/BP1/unanswered', {})).json();
    expect(first).toMatchObject({ unansweredCalls: 1, prompt: { tryAnotherChannel: false, dispatchAnother: false } });
    const second = (await post('/units/BP1/unanswered', {})).json();
    expect(second).toMatchObject({ unansweredCalls: 2, prompt: { tryAnotherChannel: true, dispatchAnother: true, clause: '81A §E.6.a–b' } });
    const raised = (await sweep(server.ctx, minutesFromNow(6))).filter((a) => a.callSign === 'BP1');
    expect(raised.map((a) => a.kind)).toEqual(['non_response']);
    expect(raised[0]!.audience).toEqual(expect.arrayContaining(['field_units', 'commanding_officer']));
    expect((await get('/alerts', obrien)).json().map((a: Alert) => a.id)).toContain(raised[0]!.id);
    expect((await get('/alerts', commander)).json().map((a: Alert) => a.id)).toContain(raised[0]!.id);
    expect((await post('/units/BP1/contact', {})).json().unansweredCalls).toBe(0);
  });

  test('status timers: a unit on scene past its limit raises a status-check prompt; the commanding officer sets the limits', async () => {
    expect((await server.app.inject({ method: 'PUT', url: '/api/v1/dispatch/timers', payload: { onSceneMinutes: 20 }, headers: dispatcher })).statusCode).toBe(403);
    const put = await server.app.inject({ method: 'PUT', url: '/api/v1/dispatch/timers', payload: { onSceneMinutes: 20 }, headers: commander });
    expect(put.json()).toMatchObject({ onSceneMinutes: 20, standbyMinutes: 3 });
    const number = await openIncident(server.ctx, { type: 'LOCKOUT' });
    await post(`/incidents/${number}/dispatch`, { units: ['BP2'] });
    await post('/units/BP2/status', { status: 'arrived' });
    expect((await sweep(server.ctx, minutesFromNow(15))).filter((a) => a.callSign === 'BP2')).toHaveLength(0);
    const check = (await sweep(server.ctx, minutesFromNow(21))).filter((a) => a.callSign === 'BP2');
    expect(check).toMatchObject([{ kind: 'status_check', detail: { status: 'arrived', limitMinutes: 20 } }]);
  });
});
