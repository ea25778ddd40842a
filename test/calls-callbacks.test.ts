import { afterAll, beforeAll, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

forEachDatabase('the call-back list of abandoned E-911 calls', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: Record<string, string>;
  let dispatcherName: string;
  let officer: Record<string, string>;
  const post = (url: string, payload: unknown, headers = dispatcher) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
  const get = (url: string, headers = dispatcher) => server.app.inject({ url: `/api/v1${url}`, headers });
  const abandoned = async (line = 'e911') => {
    const call = (await post('/calls', { line, ali: { callbackNumber: '5085550111' } })).json();
    expect((await post(`/calls/${call.id}/end`, {})).json().outcome).toBe('abandoned');
    return call.id as string;
  };
  const callbackRows = async () => Number((await server.ctx.db.selectFrom('call_callback').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    server = await database().server();
    const signedIn = await signedInAs(server.ctx, server.app, ['dispatcher']);
    dispatcher = signedIn.headers;
    dispatcherName = (await get('/me')).json().user.lastName;
    officer = (await signedInAs(server.ctx, server.app, ['patrol_officer'])).headers;
  });
  afterAll(async () => server?.close());

  test('an abandoned E-911 call is on the call-back list until the caller is reached; each attempt keeps when, who and what came of it (81A §C.2.f)', async () => {
    const id = await abandoned();
    const business = await abandoned('business');
    const open = (await get('/calls/callbacks')).json();
    expect(open.map((c: { callId: string }) => c.callId)).toContain(id);
    expect(open.map((c: { callId: string }) => c.callId)).not.toContain(business); // §C.2.f: business-line hang-ups are not called back
    expect(open.find((c: { callId: string }) => c.callId === id)).toMatchObject({ status: 'open', callbackNumber: '5085550111', attempts: [] });

    const first = await post(`/calls/${id}/callback-attempts`, { outcome: 'no_answer' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'open', attempts: [{ outcome: 'no_answer', note: null, byName: expect.stringContaining(dispatcherName) }] });
    await post(`/calls/${id}/callback-attempts`, { outcome: 'voicemail', note: 'left the non-emergency number' });
    const reached = (await post(`/calls/${id}/callback-attempts`, { outcome: 'reached', note: 'child playing with the phone, no emergency' })).json();
    expect(reached.status).toBe('reached');
    expect(reached.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['no_answer', 'voicemail', 'reached']);
    expect(Date.parse(reached.attempts[2].at)).toBeGreaterThanOrEqual(Date.parse(reached.attempts[0].at));

    expect((await get('/calls/callbacks')).json().map((c: { callId: string }) => c.callId)).not.toContain(id);
    expect((await get('/calls/callbacks?all=true')).json().find((c: { callId: string }) => c.callId === id)).toMatchObject({ status: 'reached' });
    const again = await post(`/calls/${id}/callback-attempts`, { outcome: 'busy' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'callback.finished']);
    const kinds = (await get('/events?after=0&limit=1000')).json().filter((e: { subjectId: string }) => e.subjectId === id).map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k.startsWith('call.callback'))).toEqual(['call.callback_attempt', 'call.callback_attempt', 'call.callback_attempt']);
  });

  test('a call back that cannot reach the caller is closed by the dispatcher with the reason (81A §C.2.f)', async () => {
    const id = await abandoned();
    await post(`/calls/${id}/callback-attempts`, { outcome: 'busy' });
    const closed = await post(`/calls/${id}/callback/close`, { reason: 'number out of service; officer sent to the ALI address' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closedReason: 'number out of service; officer sent to the ALI address', closedByName: expect.stringContaining(dispatcherName) });
    expect((await get('/calls/callbacks')).json().map((c: { callId: string }) => c.callId)).not.toContain(id);
  });

  test('bad input is refused with 400 naming the field, a call needing no call back with 409, and nothing is written (81A §C.2.f)', async () => {
    const id = await abandoned();
    const before = await callbackRows();
    for (const [url, body, field] of [
      [`/calls/${id}/callback-attempts`, { outcome: 'maybe' }, 'body.outcome'],
      [`/calls/${id}/callback-attempts`, { outcome: 'busy', note: 'a\u0000b' }, 'body.note'],
      [`/calls/${id}/callback/close`, { reason: '' }, 'body.reason'],
      [`/calls/${id}/callback/close`, {}, 'body.reason'],
    ] as const) {
      const r = await post(url, body);
      expect([r.statusCode, r.json().detail.startsWith(field)], `${url} ${JSON.stringify(body)}: ${r.body}`).toEqual([400, true]);
    }
    expect((await post(`/calls/${id}/callback/close`, { reason: '   ' })).json()).toMatchObject({ code: 'callback.reason_required', field: 'reason' });
    const answered = (await post('/calls', { line: 'e911' })).json();
    const notNeeded = await post(`/calls/${answered.id}/callback-attempts`, { outcome: 'reached' });
    expect([notNeeded.statusCode, notNeeded.json().code]).toEqual([409, 'callback.not_needed']);
    expect((await post('/calls/not-a-call/callback-attempts', { outcome: 'busy' })).statusCode).toBe(404);
    expect((await get('/calls/callbacks?limit=0')).statusCode).toBe(400);
    expect(await callbackRows()).toBe(before);
  });

  test('only call-takers work the call-back list: a patrol officer is refused (81A §C.2.f)', async () => {
    const id = await abandoned();
    expect((await get('/calls/callbacks', officer)).statusCode).toBe(403);
    expect((await post(`/calls/${id}/callback-attempts`, { outcome: 'reached' }, officer)).statusCode).toBe(403);
    expect((await post(`/calls/${id}/callback/close`, { reason: 'x' }, officer)).statusCode).toBe(403);
  });
});
