import { connect } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startAliListener, type AliListener } from '../src/dispatch/ali/listener.ts';
import { forEachDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';

const SPILL = ['(508) 555-0177 WPH2  08/14 13:05', 'AT&T MOBILITY', '55 RIVER RD', 'MILLBROOK            MA',
  'ESN 00412 CARRIER AT&T', 'LAT +42.447120', 'LON -071.224500', 'UNC 000030'];

forEachDatabase('the ALI feed over TCP (81A §C.2.b.ii)', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let feed: AliListener;
  let dispatcher: Record<string, string>;

  beforeAll(async () => {
    server = await database().server();
    feed = await startAliListener(server.ctx, { port: 0 });
    dispatcher = (await signedInAs(server.ctx, server.app, ['dispatcher'])).headers;
  });
  afterAll(async () => { await feed?.close(); await server?.close(); });

  test('each usable spill on the feed becomes an E-911 call in the queue; a garbled one writes no call and is audited', async () => {
    const socket = connect(feed.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`\u0002${SPILL.join('\r\n')}\u0003\r\n`);
    socket.write(`\u0002${SPILL.map((l) => l.replace('RIVER', 'R\u0000\u0000ER')).join('\r\n')}\u0003\r\n`);
    socket.write(`\u0002${SPILL.slice(0, 3).join('\r\n').replace('0177', '0178')}\u0003\r\n`); // truncated, still usable
    socket.end();
    for (let i = 0; i < 100 && feed.counts.calls + feed.counts.refused < 3; i++) await new Promise((r) => setTimeout(r, 50));
    expect(feed.counts).toEqual({ calls: 2, refused: 1 });
    const queue = (await server.app.inject({ url: '/api/v1/calls/queue', headers: dispatcher })).json();
    expect(queue.map((c: { callbackNumber: string }) => c.callbackNumber).sort()).toEqual(['(508) 555-0177', '(508) 555-0178']);
    expect(queue.every((c: { line: string; status: string }) => c.line === 'e911' && c.status === 'ringing')).toBe(true);
    const refused = await server.ctx.db.selectFrom('audit').selectAll().where('action', '=', 'ali.spill_refused').execute();
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ username: 'ali-feed', outcome: 'failed', reason: 'ali.garbled' });
  });

  test('the layouts in use are listed: at least the two presets', async () => {
    const layouts = (await server.app.inject({ url: '/api/v1/calls/ali-layouts', headers: dispatcher })).json();
    expect(layouts.layouts.map((l: { name: string }) => l.name)).toEqual(expect.arrayContaining(['display-8x32', 'flat-188']));
    expect(layouts.defaultLayout).toBe('display-8x32');
  });
});
