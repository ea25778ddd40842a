import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AppContext } from '../src/core/context.ts';
import { closeContext } from '../src/app/start.ts';
import { addTransactionHooks, inTransaction, type DatabaseHandle } from '../src/db/index.ts';
import { appendEvent, lastSeq, type DispatchEvent } from '../src/core/events/log.ts';
import { committingHere } from '../src/core/events/local.ts';
import { EventHub } from '../src/core/events/hub.ts';
import { forEachDatabase } from './support/databases.ts';
import WebSocket from 'ws';
import { signedInAs } from './support/session.ts';
import { displayNames } from '../src/identity/people.ts';

/**
 * Issue 16 point 2: events this process commits go to its consoles without a read of the log, even
 * when the commit's notice reaches the stream's listening connection before the committing
 * connection's answer does. Each console still gets every event once, in order; a commit that
 * turned out rolled back sends nothing.
 */
forEachDatabase('the stream and the events committed here', (database) => {
  let ctx: AppContext;
  let hub: EventHub;
  let notify: (payload: string) => void = () => undefined;
  // While set: called just before COMMIT of each of this test's own transactions (`append`), after the log
  // noted its events; the server's own transactions on the same database (the audit chainer's sweep) pass by.
  let atCommit: ((events: number[]) => void) | undefined;
  const seqsOf = new WeakMap<object, number[]>();

  beforeAll(async () => {
    ctx = await database().open();
    // A hub whose notices the test sends itself, at the moment it chooses.
    const handle: DatabaseHandle = { ...ctx.database, listen: async (_channel, onNotify) => { notify = onNotify; return async () => undefined; } };
    hub = new EventHub(handle);
    await hub.start();
    addTransactionHooks({
      async beforeCommit(tx, db) {
        const seqs = seqsOf.get(tx);
        if (atCommit && db === ctx.db && seqs) atCommit(seqs);
      },
    });
  });
  afterAll(async () => {
    await hub?.stop();
    await closeContext(ctx);
  });

  const append = (note: string, fail = false) => inTransaction(ctx.db, async (tx) => {
    const e = await appendEvent(tx, { kind: 'test.noted', subject: { type: 'test', id: note }, actor: { username: 'tester' }, payload: { note } });
    seqsOf.set(tx, [e.seq]);
    if (fail) atCommit = (seqs) => { notify(String(seqs.at(-1))); atCommit = undefined; throw new Error('the commit failed'); };
    return e;
  });

  test('a notice that comes before the commit is handed on is not read again: every event once, in order', async () => {
    const received: DispatchEvent[] = [];
    const unsubscribe = hub.subscribe(await lastSeq(ctx.db), (events) => { received.push(...events); });
    const committing: boolean[] = [];
    atCommit = (seqs) => {
      committing.push(seqs.every((seq) => committingHere(ctx.db, seq)));
      notify(String(seqs.at(-1))); // the notice first, then the commit
    };
    const made = [];
    for (const note of ['a', 'b', 'c']) made.push(await append(note));
    atCommit = undefined;
    await hub.pump();
    await new Promise((r) => setTimeout(r, 100));
    unsubscribe();
    expect(committing).toEqual([true, true, true]);
    expect(made.every((e) => !committingHere(ctx.db, e.seq))).toBe(true);
    expect(received.map((e) => e.payload.note)).toEqual(['a', 'b', 'c']);
    expect(received.map((e) => e.seq)).toEqual(made.map((e) => e.seq));
  });

  test('a commit that fails after its notice sends nothing, and the next one still goes', async () => {
    const received: DispatchEvent[] = [];
    const unsubscribe = hub.subscribe(await lastSeq(ctx.db), (events) => { received.push(...events); });
    await expect(append('refused', true)).rejects.toThrow('the commit failed');
    const next = await append('after');
    await hub.pump();
    await new Promise((r) => setTimeout(r, 100));
    unsubscribe();
    expect(received.map((e) => e.payload.note)).toEqual(['after']);
    expect(received[0]!.seq).toBe(next.seq);
  });
});

forEachDatabase('the stream names the people who act', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;

  beforeAll(async () => { server = await database().server(); });
  afterAll(async () => server?.close());

  test('an incident created here reaches the stream with its author named as screens name people (the name its request\'s session check read)', async () => {
    const { username, headers } = await signedInAs(server.ctx, server.app, ['dispatcher']);
    await server.ctx.db.updateTable('app_user').set({ badge: '112' }).where('username', '=', username).execute();
    const url = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
    const socket = new WebSocket(`${url}/api/v1/stream?after=${await lastSeq(server.ctx.db)}`, { headers });
    const created = new Promise<DispatchEvent>((resolve) => socket.on('message', (data) => {
      const event = JSON.parse(String(data)) as DispatchEvent & { actor: { name?: string } };
      if (event.kind === 'incident.created') resolve(event);
    }));
    await new Promise((resolve, reject) => { socket.on('open', resolve); socket.on('error', reject); });
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/incidents', headers, payload: { type: 'NOISE', location: { address: '12 Elm Street' } } });
    expect(response.statusCode).toBe(201);
    const event = await created as DispatchEvent & { actor: { user: string; name?: string } };
    socket.close();
    const nameOf = await displayNames(server.ctx.db, [username]);
    expect(event.actor).toMatchObject({ user: username, name: nameOf(username) });
    expect(event.actor.name).toMatch(/ #112$/);
  });
});
