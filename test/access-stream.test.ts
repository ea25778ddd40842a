import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import WebSocket from 'ws';
import { sql } from 'kysely';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { createIncident } from '../src/dispatch/incidents/service.ts';
import { appendEvent, lastSeq } from '../src/core/events/log.ts';
import { inTransaction, withSavepoint } from '../src/db/index.ts';
import type { DispatchEvent } from '../src/core/events/log.ts';
import type { Role } from '../src/core/permissions.ts';

type H = Record<string, string>;

interface Live {
  socket: WebSocket;
  received: DispatchEvent[];
  closed: Promise<{ code: number; reason: string }>;
}

/**
 * The live stream belongs to its session (CJIS AC-2 account management, AC-12 session
 * termination): whatever ends the session closes the socket with a code and a reason.
 */
forEachDatabase('the stream ends with the session (CJIS AC-2, AC-12)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let url: string;
  let admin: H;
  let chief: H;

  beforeAll(async () => {
    server = await database().server();
    admin = (await signedInAs(server.ctx, server.app, ['system_administrator'])).headers;
    chief = (await signedInAs(server.ctx, server.app, ['chief'])).headers;
    url = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  }, 600_000);
  afterAll(async () => server?.close());

  const call = (method: 'POST' | 'PUT' | 'DELETE' | 'GET', path: string, headers: H, payload?: unknown) =>
    server.app.inject({ method, url: `/api/v1${path}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  /** A role change by the administrator; one granting juvenile or CJIS reading waits for a second person, the chief (S-110 §D). */
  const changeRoles = async (username: string, roles: Role[]) => {
    const asked = await call('PUT', `/users/${username}/roles`, admin, { roles });
    if (asked.statusCode !== 202) return asked.statusCode;
    return (await call('POST', `/users/role-changes/${asked.json().pending.id}/approve`, chief)).statusCode;
  };

  const open = async (headers: H): Promise<Live> => {
    const after = await lastSeq(server.ctx.db);
    return new Promise<Live>((resolve, reject) => {
      const socket = new WebSocket(`${url}/api/v1/stream?after=${after}`, { headers });
      const received: DispatchEvent[] = [];
      const closed = new Promise<{ code: number; reason: string }>((done) => socket.on('close', (code, reason) => done({ code, reason: String(reason) })));
      socket.on('message', (data) => received.push(JSON.parse(String(data)) as DispatchEvent));
      socket.on('open', () => resolve({ socket, received, closed }));
      socket.on('error', reject);
    });
  };

  /** A confidential incident, created so by a call-taker (81A §E.2.c). */
  const secretIncident = async (address: string) => (await createIncident(server.ctx, { username: 'dkowalski', roles: ['dispatcher'], source: '127.0.0.1', remote: false }, { type: 'DISTURB', location: { address }, confidential: true })).number;

  const person = async (roles: Role[]) => {
    const signed = await signedInAs(server.ctx, server.app, roles);
    const session = (await call('GET', '/me/sessions', signed.headers)).json().items[0].id as string;
    return { ...signed, session, live: await open(signed.headers) };
  };

  test('signing out closes the stream with 4001 "signed out"', async () => {
    const { headers, live } = await person(['dispatcher']);
    expect((await call('DELETE', '/session', headers)).statusCode).toBeLessThan(300);
    expect(await live.closed).toEqual({ code: 4001, reason: 'signed out' });
  });

  test('an administrator disabling the login closes its stream with 4004 "login disabled"', async () => {
    const { username, live } = await person(['dispatcher']);
    expect((await call('POST', `/users/${username}/disable`, admin, { reason: 'left the agency' })).statusCode).toBeLessThan(300);
    expect(await live.closed).toEqual({ code: 4004, reason: 'login disabled' });
  });

  test('an administrator ending the session closes its stream with 4003', async () => {
    const { session, live } = await person(['patrol_officer']);
    expect((await call('DELETE', `/sessions/${session}`, admin)).statusCode).toBeLessThan(300);
    expect(await live.closed).toEqual({ code: 4003, reason: 'session ended by an administrator' });
  });

  test('a change of roles that takes events.read away closes the stream with 4005', async () => {
    const { username, live } = await person(['patrol_officer']);
    expect(await changeRoles(username, ['records_clerk'])).toBe(200);
    expect(await live.closed).toMatchObject({ code: 4005 });
  });

  test('81A §E.2.c: a change of roles that keeps events.read re-filters the open stream instead of closing it', async () => {
    const { username, live } = await person(['patrol_officer']);
    await secretIncident('8 Juniper Way');
    await secretIncident('9 Juniper Way');
    const until = async (check: () => boolean) => { for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50)); };
    await until(() => live.received.length >= 2);
    expect(live.received.map((e) => e.kind)).toEqual(['withheld', 'withheld']);
    expect(await changeRoles(username, ['dispatcher'])).toBe(200);
    await new Promise((r) => setTimeout(r, 1500)); // the stream re-reads roles within a second
    const secret = await secretIncident('10 Juniper Way');
    await until(() => live.received.length >= 3);
    expect(live.received[2]).toMatchObject({ kind: 'incident.created', subjectId: secret });
    expect(live.socket.readyState).toBe(WebSocket.OPEN);
    live.socket.close();
  });

  test('81A §E: an event this server commits reaches a console at once, even while the database is busy with the next statement', async () => {
    const token = (await signedInAs(server.ctx, server.app, ['dispatcher'])).headers.authorization!.replace(/^Bearer /, '');
    // The console in a thread of its own, as a browser is in a process of its own: the
    // embedded database works on the server's thread, which it holds while it runs a statement.
    const browser = new Worker(`
      const { parentPort, workerData } = require('node:worker_threads');
      const WebSocket = require(workerData.ws);
      const socket = new WebSocket(workerData.url, { headers: { authorization: 'Bearer ' + workerData.token } });
      socket.on('open', () => parentPort.postMessage({ open: true }));
      socket.on('message', (data) => parentPort.postMessage({ at: performance.timeOrigin + performance.now(), event: JSON.parse(String(data)) }));
      parentPort.on('message', () => { socket.close(); parentPort.close(); });
    `, { eval: true, workerData: { ws: createRequire(import.meta.url).resolve('ws'), url: `${url}/api/v1/stream?after=${await lastSeq(server.ctx.db)}`, token } });
    const received: { at: number; event: DispatchEvent }[] = [];
    await new Promise<void>((resolve) => browser.on('message', (m: { open?: boolean; at: number; event: DispatchEvent }) => (m.open ? resolve() : received.push(m))));
    const number = (await createIncident(server.ctx, { username: 'dkowalski', roles: ['dispatcher'], source: '127.0.0.1', remote: false }, { type: 'DISTURB', location: { address: '11 Juniper Way' } })).number;
    const busyFrom = Date.now();
    await sql`select pg_sleep(1.5)`.execute(server.ctx.db);
    const busyUntil = Date.now();
    for (let i = 0; i < 100 && !received.some((m) => m.event.subjectId === number); i++) await new Promise((r) => setTimeout(r, 20));
    const created = received.find((m) => m.event.kind === 'incident.created' && m.event.subjectId === number);
    expect(created, 'the console got the new incident').toBeDefined();
    // It arrived while the database was still busy, not after (with a read-back it waits behind the statement).
    expect(created!.at).toBeLessThan(busyUntil - (busyUntil - busyFrom) / 2);
    browser.postMessage('close');
    await browser.terminate();
  });

  test('an event written in a transaction that rolls back never reaches a console, and the next one still does, in order', async () => {
    const { live } = await person(['dispatcher']);
    const actor = { username: 'dkowalski', roles: ['dispatcher'] as Role[], source: '127.0.0.1', remote: false };
    await expect(inTransaction(server.ctx.db, async (tx) => {
      await appendEvent(tx, { kind: 'test.bench', subject: { type: 'bench', id: 'rolled-back' }, actor });
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    await inTransaction(server.ctx.db, async (tx) => {
      await withSavepoint(tx, async () => {
        await appendEvent(tx, { kind: 'test.bench', subject: { type: 'bench', id: 'savepoint-undone' }, actor });
        throw new Error('undo this one');
      }).catch(() => undefined);
      await appendEvent(tx, { kind: 'test.bench', subject: { type: 'bench', id: 'kept-1' }, actor });
    });
    await inTransaction(server.ctx.db, (tx) => appendEvent(tx, { kind: 'test.bench', subject: { type: 'bench', id: 'kept-2' }, actor }));
    for (let i = 0; i < 200 && live.received.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 200)); // nothing else follows
    expect(live.received.map((e) => e.subjectId)).toEqual(['kept-1', 'kept-2']);
    expect(live.received[0]!.seq).toBeLessThan(live.received[1]!.seq);
    live.socket.close();
  });

  test('CJIS AC-11: a session idle past the limit closes its stream with 4002 "session expired"', async () => {
    const { session, live } = await person(['dispatcher']);
    const idle = new Date(Date.now() - (server.ctx.config.security.idleMinutes * 60_000 + 1000));
    await server.ctx.db.updateTable('session').set({ last_seen_at: idle }).where('id', '=', session).execute();
    expect(await live.closed).toEqual({ code: 4002, reason: 'session expired' });
  });

  test('CJIS AC-12: a session older than the absolute limit closes its stream with 4002 "session expired"', async () => {
    const { session, live } = await person(['dispatcher']);
    const old = new Date(Date.now() - (server.ctx.config.security.maxSessionHours * 3_600_000 + 1000));
    await sql`update session set created_at = ${old} where id = ${session}`.execute(server.ctx.db);
    expect(await live.closed).toEqual({ code: 4002, reason: 'session expired' });
  });
});
