import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { forEachDatabase } from './support/databases.ts';
import { demoAgency } from './support/demo.ts';
import { cjisLink, configureCjisLink } from '../src/cjis/link.ts';
import { NcicSwitchAdapter } from '../src/cjis/gateway/adapter.ts';
import { FrameReader, frame } from '../src/cjis/gateway/framing.ts';
import { decodeMessage, encodeMessage, fieldOf } from '../src/cjis/gateway/message.ts';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await settle(25);
  }
}

// The gateway's reliability and speed, through the real adapter and the training switch's TCP socket.
forEachDatabase('the CJIS gateway and the training switch', (database) => {
  let server: Awaited<ReturnType<ReturnType<typeof database>['server']>>;
  let dispatcher: Record<string, string>;
  let as: (username: string) => Promise<Record<string, string>>;
  const query = (line = 'PLATE ABC123 MA') => server.app.inject({ method: 'POST', url: '/api/v1/cjis/queries', payload: { line, purpose: 'C' }, headers: dispatcher });
  const link = () => cjisLink(server.ctx);

  beforeAll(async () => {
    server = await database().server();
    configureCjisLink(server.ctx, { timeoutMs: 2500, backoffMs: { initial: 50, max: 400 } });
    as = await demoAgency(server.ctx, server.app);
    dispatcher = await as('dkowalski');
  }, 180_000);
  afterAll(async () => server?.close());

  test('20 queries a second for five seconds: every round trip through the training switch is answered (its speed is measured by npm run bench -- cjis)', async () => {
    await query(); // the link is up
    const times: number[] = [];
    const pending: Promise<void>[] = [];
    const lines = ['PLATE ABC123 MA', 'PERSON DOE,JOHN 1985-04-12', 'VIN 1HGCM82633A004352', 'PLATE 4KX729 MA', 'WARRANT ROE,RICHARD 1979-03-22'];
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      pending.push(query(lines[i % lines.length]).then((r) => {
        expect(r.statusCode).toBe(201);
        times.push(performance.now() - started);
      }));
      await settle(50);
    }
    await Promise.all(pending);
    times.sort((a, b) => a - b);
    expect(times).toHaveLength(100);
  });

  test('the switch drops the connection: the gateway reconnects with backoff and goes on answering', async () => {
    const { switch: gateway, training } = await link();
    const reconnects = gateway.status().reconnects;
    training!.dropConnections();
    await until(() => gateway.status().reconnects > reconnects && gateway.status().connected);
    expect((await query()).statusCode).toBe(201);
  });

  test('while the switch is away queries wait in the queue, and are answered once it is back', async () => {
    const { switch: gateway, training } = await link();
    const port = training!.port;
    await training!.stop();
    await until(() => !gateway.status().connected);
    const waiting = [query('PLATE ABC123 MA'), query('PLATE 7XK492 MA'), query('PERSON DOE,JOHN 1985-04-12')];
    await until(() => gateway.status().queued === 3);
    await training!.listen(port);
    const answers = await Promise.all(waiting);
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(answers[1]!.json().hits[0]).toMatchObject({ type: 'stolen_plate' });
    expect(gateway.status().queued).toBe(0);
  });

  test('a switch that stays away: the query fails clearly, is logged as failed, and nothing is lost silently', async () => {
    const { switch: gateway, training } = await link();
    const port = training!.port;
    await training!.stop();
    try {
      const failed = await query('PLATE 4KX729 MA');
      expect(failed.statusCode).toBe(503);
      expect(failed.json()).toMatchObject({ code: 'cjis.switch_unavailable', detail: expect.stringMatching(/unreachable.*nothing was sent/) });
      const [logged] = (await server.app.inject({ url: '/api/v1/cjis/queries?limit=1', headers: await as('tcarver') })).json();
      expect(logged).toMatchObject({ status: 'failed', criteria: { plate: '4KX729' } });
      expect(gateway.status().queued + gateway.status().inFlight).toBe(0);
    } finally {
      await training!.listen(port);
    }
    await until(() => gateway.status().connected);
  });

  test('garbage, answers nobody waits for and unknown messages are logged and counted, and never stop the gateway', async () => {
    const { switch: gateway, training } = await link();
    await until(() => gateway.status().connected);
    const before = gateway.status();
    training!.sendRaw(Buffer.from('\u0000\u0007line noise'));
    training!.sendRaw(frame('this is not an NCIC message'));
    training!.sendRaw(frame(encodeMessage({ mke: 'NR', ori: 'MA0999900', fields: [['MSN', '999999']], records: [] })));
    training!.sendRaw(frame(encodeMessage({ mke: 'ZZ', ori: 'MA0999900', fields: [['TXT', 'surprise']], records: [] })));
    training!.sendRaw(frame(encodeMessage({ mke: 'HT', ori: 'MA0999900', fields: [['MSN', '999998']], records: [{ fields: [['RTY', 'Q']] }] })));
    await until(() => gateway.status().malformed >= before.malformed + 2 && gateway.status().unexpected >= before.unexpected + 3);
    expect((await query()).statusCode).toBe(201);
    const status = (await server.app.inject({ url: '/api/v1/cjis/switch', headers: dispatcher })).json();
    expect(status).toMatchObject({ mode: 'training', connected: true, banner: expect.stringMatching(/^TRAINING/) });
    expect(status.malformed).toBeGreaterThanOrEqual(2);
  });

});

describe('the NCIC-format adapter against a switch that misbehaves', () => {
  let rogue: Server;
  let port = 0;
  const sockets: Socket[] = [];
  let onMessage: (socket: Socket, text: string, connection: number) => void = () => undefined;
  let connections = 0;

  beforeAll(async () => {
    rogue = createServer((socket) => {
      const connection = ++connections;
      sockets.push(socket);
      socket.on('error', () => undefined);
      const reader = new FrameReader((text) => onMessage(socket, text, connection), () => undefined);
      socket.on('data', (chunk: Buffer) => reader.push(chunk));
    });
    await new Promise<void>((resolve) => rogue.listen(0, '127.0.0.1', () => resolve()));
    port = (rogue.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => rogue.close(() => resolve()));
  });

  test('a query in flight when the connection drops is sent again after reconnecting; an entry fails clearly instead', async () => {
    const adapter = new NcicSwitchAdapter({ endpoint: { host: '127.0.0.1', port }, ori: 'MA0999900', mode: 'live', timeoutMs: 3000, backoffMs: { initial: 20, max: 100 } });
    await adapter.start();
    const seen: string[] = [];
    onMessage = (socket, text, connection) => {
      const m = decodeMessage(text);
      if (m.mke === 'SO') return;
      seen.push(`${m.mke}@${connection}`);
      if (connection === connections && seen.filter((s) => s.startsWith(m.mke)).length === 1) { socket.destroy(); return; } // drop the line mid-request
      socket.write(frame(encodeMessage({ mke: 'NR', ori: m.ori, fields: [['MSN', fieldOf(m, 'MSN')!]], records: [] })));
    };
    const reply = await adapter.send({ mke: 'QV', fields: [['LIC', 'ABC123'], ['LIS', 'MA']], records: [] }, { idempotent: true });
    expect(reply.message.mke).toBe('NR');
    expect(seen).toEqual([`QV@${connections - 1}`, `QV@${connections}`]);
    await expect(adapter.send({ mke: 'EW', fields: [['NAM', 'DOE, JOHN']], records: [] })).rejects.toMatchObject({ status: 502, code: 'cjis.switch_connection_lost' });
    expect(adapter.status()).toMatchObject({ failed: 1, answered: 1 });
    await adapter.close();
  });

  test('a switch that never answers: the request fails after its deadline with a problem saying so', async () => {
    onMessage = () => undefined;
    const adapter = new NcicSwitchAdapter({ endpoint: { host: '127.0.0.1', port }, ori: 'MA0999900', mode: 'live', timeoutMs: 300 });
    await adapter.start();
    await expect(adapter.send({ mke: 'QW', fields: [['NAM', 'DOE, JOHN']], records: [] }, { idempotent: true })).rejects.toMatchObject({ status: 504, code: 'cjis.switch_timeout' });
    await adapter.close();
    await expect(adapter.send({ mke: 'QW', fields: [], records: [] })).rejects.toMatchObject({ code: 'cjis.switch_unavailable' });
  });
});
