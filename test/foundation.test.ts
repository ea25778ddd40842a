import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { inTransaction, withSavepoint } from '../src/db/index.ts';
import { runAction } from '../src/core/audit/action.ts';
import { appendEvent, type DispatchEvent } from '../src/core/events/log.ts';
import { buildServer } from '../src/app/server.ts';
import { closeContext } from '../src/app/start.ts';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

forEachDatabase('the foundation', (database, kind) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: Record<string, string>;

  beforeAll(async () => {
    server = await database().server();
    dispatcher = (await signedInAs(server.ctx, server.app, ['dispatcher'])).headers;
  });
  afterAll(async () => server?.close());

  test('health says which database the server is on', async () => {
    const response = await server.app.inject('/api/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', database: kind, version: expect.any(String) });
  });

  test('the OpenAPI document lists the fixed points of the API', async () => {
    const doc = (await server.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/health', '/api/v1/session', '/api/v1/events', '/api/v1/incident-types', '/api/v1/dispositions']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  test('malformed JSON, unknown fields, wrong types and oversized bodies get 400 problem+json', async () => {
    const cases = [
      { payload: '{"username": ', headers: { 'content-type': 'application/json' }, code: 'request.malformed_json' },
      { payload: { username: 'a', password: 'b', role: 'chief' }, code: 'request.invalid', detail: /unknown field "role"/ },
      { payload: { username: 5, password: 'b' }, code: 'request.invalid' },
      { payload: JSON.stringify({ username: 'a', password: 'x'.repeat(300_000) }), headers: { 'content-type': 'application/json' }, code: 'request.too_large' },
    ];
    for (const c of cases) {
      const response = await server.app.inject({ method: 'POST', url: '/api/v1/session', payload: c.payload, headers: c.headers });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe(c.code);
      if (c.detail) expect(response.json().detail).toMatch(c.detail);
      expect(response.body).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
    }
  });

  test('an unknown API route gets a 404 problem', async () => {
    const response = await server.app.inject('/api/v1/no-such-thing');
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('route.not_found');
  });

  test('protected routes answer 401 without a session', async () => {
    const response = await server.app.inject('/api/v1/events');
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('auth.required');
  });

  test('events come back after a sequence number, oldest first, with server times', async () => {
    const before = (await server.app.inject({ url: '/api/v1/events?after=0', headers: dispatcher })).json() as DispatchEvent[];
    const after = before.at(-1)?.seq ?? 0;
    await inTransaction(server.ctx.db, async (tx) => {
      await appendEvent(tx, { kind: 'test.one', subject: { type: 'test', id: '1' }, actor: { username: 'someone' } });
      await appendEvent(tx, { kind: 'test.two', subject: { type: 'test', id: '1' }, actor: { username: 'someone' } });
    });
    const events = (await server.app.inject({ url: `/api/v1/events?after=${after}`, headers: dispatcher })).json() as DispatchEvent[];
    expect(events.map((e) => e.kind)).toEqual(['test.one', 'test.two']);
    expect(events[1]!.seq).toBe(events[0]!.seq + 1);
    expect(Date.parse(events[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  test('a rolled-back transaction leaves no event behind', async () => {
    const before = (await server.app.inject({ url: '/api/v1/events', headers: dispatcher })).json().length;
    await expect(inTransaction(server.ctx.db, async (tx) => {
      await appendEvent(tx, { kind: 'test.half', subject: { type: 'test', id: '2' }, actor: { username: 'someone' } });
      throw new Error('the projection update failed');
    })).rejects.toThrow();
    const after = (await server.app.inject({ url: '/api/v1/events', headers: dispatcher })).json();
    expect(after.length).toBe(before);
  });

  test('work rolled back to its savepoint leaves nothing, the rest of its transaction commits, and the audit row names only what was kept', async () => {
    const actor = { username: `sp-${kind}`, roles: ['dispatcher'], source: '127.0.0.1', remote: false };
    const action = { route: 'POST /test/savepoint', audited: true, actor, subjects: [], covered: false };
    await runAction(action, () => inTransaction(server.ctx.db, async (tx) => {
      await appendEvent(tx, { kind: 'test.kept', subject: { type: 'test', id: `kept-${kind}` }, actor });
      await expect(withSavepoint(tx, async () => {
        await appendEvent(tx, { kind: 'test.undone', subject: { type: 'test', id: `undone-${kind}` }, actor });
        throw new Error('this one is refused');
      })).rejects.toThrow('this one is refused');
      // A statement that fails inside a savepoint does not abort the transaction around it.
      await expect(withSavepoint(tx, () => tx.insertInto('event').values({ kind: 'test.bad', subject_type: 'test', subject_id: 'x', actor_user: 'x', actor_unit: null, confidential: false, payload: 'not json' }).execute())).rejects.toThrow();
      await appendEvent(tx, { kind: 'test.kept', subject: { type: 'test', id: `after-${kind}` }, actor });
    }));
    const events = await server.ctx.db.selectFrom('event').select(['kind', 'subject_id']).where('kind', 'in', ['test.kept', 'test.undone', 'test.bad']).where('actor_user', '=', actor.username).orderBy('seq').execute();
    expect(events).toEqual([{ kind: 'test.kept', subject_id: `kept-${kind}` }, { kind: 'test.kept', subject_id: `after-${kind}` }]);
    const audit = await server.ctx.db.selectFrom('audit').selectAll().where('username', '=', actor.username).execute();
    expect(audit).toEqual([expect.objectContaining({ subject_id: `kept-${kind}`, detail: { route: 'POST /test/savepoint', also: [`test:after-${kind}`] } })]);
  });

  test('the event log refuses updates and deletes', async () => {
    await expect(server.ctx.db.deleteFrom('event').execute()).rejects.toThrow(/append-only/);
    await expect(server.ctx.db.updateTable('event').set({ kind: 'x' }).execute()).rejects.toThrow(/append-only/);
  });

  test('the stream sends the backlog, then live events, and resumes after a reconnect without loss', async () => {
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const url = address.replace('http', 'ws');
    const open = (after: number, received: number[]) => new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`${url}/api/v1/stream?after=${after}`, { headers: dispatcher });
      socket.on('message', (data) => received.push((JSON.parse(String(data)) as DispatchEvent).seq));
      socket.on('open', () => resolve(socket));
      socket.on('error', reject);
    });
    const emit = (id: string) => inTransaction(server.ctx.db, (tx) => appendEvent(tx, { kind: 'test.live', subject: { type: 'test', id }, actor: { username: 'x' } }));
    const until = async (check: () => boolean) => { for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50)); };

    const firstReceived: number[] = [];
    const first = await open(0, firstReceived);
    const e1 = await emit('a');
    await until(() => firstReceived.includes(e1.seq));
    expect(firstReceived.at(-1)).toBe(e1.seq);
    await new Promise<void>((resolve) => { first.once('close', () => resolve()); first.close(); });
    const e2 = await emit('b'); // happens while the console is disconnected
    const e3 = await emit('c');
    const secondReceived: number[] = [];
    const second = await open(e1.seq, secondReceived); // resumes from the last event it had
    const e4 = await emit('d');
    await until(() => secondReceived.includes(e4.seq));
    second.close();
    expect(secondReceived).toEqual([e2.seq, e3.seq, e4.seq]); // each once, in order, none lost
  });

  test('a stream opened without `after` starts from now: the next event, none of the history', async () => {
    const { port } = server.app.server.address() as { port: number }; // listening since the test above
    const emit = (id: string) => inTransaction(server.ctx.db, (tx) => appendEvent(tx, { kind: 'test.now', subject: { type: 'test', id }, actor: { username: 'x' } }));
    const old = await emit('before');
    await server.ctx.hub.pump();
    const received: number[] = [];
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const s = new WebSocket(`ws://127.0.0.1:${port}/api/v1/stream`, { headers: dispatcher });
      s.on('message', (data) => received.push((JSON.parse(String(data)) as DispatchEvent).seq));
      s.on('open', () => resolve(s));
      s.on('error', reject);
    });
    const next = await emit('after');
    for (let i = 0; i < 100 && !received.includes(next.seq); i++) await new Promise((r) => setTimeout(r, 50));
    socket.close();
    expect(old.seq).toBeGreaterThan(0);
    expect(received).toEqual([next.seq]);
  });

  test('a stream connection without a session is refused', async () => {
    const address = server.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/stream`);
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });

  if (kind === 'postgresql') {
    test('an event written through one server node reaches a console on another (LISTEN/NOTIFY)', async () => {
      const otherCtx = await database().open();
      const other = await buildServer(otherCtx);
      const address = await other.listen({ port: 0, host: '127.0.0.1' });
      try {
        const got = new Promise<DispatchEvent>((resolve, reject) => {
          const socket = new WebSocket(`${address.replace('http', 'ws')}/api/v1/stream?after=${Number.MAX_SAFE_INTEGER - 1}`, { headers: dispatcher });
          socket.on('error', reject);
          socket.on('open', async () => {
            // written on the first node; the second node's console learns of it by NOTIFY
            const sent = await inTransaction(server.ctx.db, (tx) => appendEvent(tx, { kind: 'test.crossnode', subject: { type: 'test', id: 'n' }, actor: { username: 'x' } }));
            socket.close();
            const s2 = new WebSocket(`${address.replace('http', 'ws')}/api/v1/stream?after=${sent.seq - 1}`, { headers: dispatcher });
            s2.on('message', (data) => { resolve(JSON.parse(String(data))); s2.close(); });
          });
        });
        expect((await got).kind).toBe('test.crossnode');
      } finally {
        await other.close();
        await closeContext(otherCtx);
      }
    });
  }
});

forEachDatabase('the server log', (database) => {
  test('a sign-in leaves no password, token or cookie in the log', async () => {
    const lines: string[] = [];
    const { Writable } = await import('node:stream');
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const ctx = await database().open();
    const app = await buildServer(ctx, { logStream: stream });
    try {
      const { password, headers } = await signedInAs(ctx, app, ['dispatcher']);
      await app.inject({ url: '/api/v1/events', headers: { ...headers, cookie: 'precinct_session=cookie-secret-value' } });
      await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'nobody', password: 'Hunter2-hunter2' } });
      const log = lines.join('');
      expect(log).toContain('/api/v1/events'); // the requests were logged…
      expect(log).not.toContain(password); // …but never what proves who someone is
      expect(log).not.toContain('Hunter2-hunter2');
      expect(log).not.toContain(headers.authorization!.slice(7));
      expect(log).not.toContain('cookie-secret-value');
    } finally {
      await app.close();
      await closeContext(ctx);
    }
  });
});

forEachDatabase('where a console starts', (database) => {
  test('the newest events come back oldest first, so a console opens its stream after the last one', async () => {
    const server = await database().server();
    try {
      const { headers } = await signedInAs(server.ctx, server.app, ['dispatcher']);
      const written: number[] = [];
      for (const id of ['a', 'b', 'c']) {
        written.push((await inTransaction(server.ctx.db, (tx) => appendEvent(tx, { kind: 'test.recent', subject: { type: 'test', id }, actor: { username: 'x' } }))).seq);
      }
      const recent = (await server.app.inject({ url: '/api/v1/events/recent?limit=2', headers })).json() as DispatchEvent[];
      expect(recent.map((e) => e.seq)).toEqual(written.slice(1));
    } finally {
      await server.close();
    }
  });
});
