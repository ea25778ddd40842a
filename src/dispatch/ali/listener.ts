import { createServer, type Server } from 'node:net';
import type { AppContext } from '../../core/context.ts';
import { Problem } from '../../core/errors.ts';
import { recordAuditNow } from '../../core/audit/trail.ts';
import { receiveCall } from '../calls/service.ts';
import { readAliFeed } from './feed.ts';
import { acceptSpill, aliLayouts, layoutNamed } from './service.ts';
import type { Actor } from '../../core/actor.ts';

export interface AliListenerOptions {
  port: number;
  host?: string;
  /** A layout name; the agency's default (`ali.defaultLayout`) when absent. */
  layout?: string | undefined;
}

export interface AliListener {
  port: number;
  /** Calls created and spills refused so far. */
  counts: { calls: number; refused: number };
  close(): Promise<void>;
}

/**
 * The ALI feed over TCP: the phone system (or a serial-to-TCP bridge on the ALI
 * port) connects and writes spills as text lines (see feed.ts for the framing).
 * Each usable spill becomes an E-911 call on the stream, recorded as the actor
 * `ali-feed`; a garbled or callback-less one writes no call and leaves an audit row
 * naming what was wrong, so the call-taker takes that call without ALI.
 *
 * @example const feed = await startAliListener(ctx, { port: 5001 }); // PRECINCT_ALI_FEED_PORT=5001
 */
export async function startAliListener(ctx: AppContext, options: AliListenerOptions): Promise<AliListener> {
  const { layouts, defaultLayout } = await aliLayouts(ctx.db);
  const layout = layoutNamed(layouts, options.layout ?? defaultLayout);
  const counts = { calls: 0, refused: 0 };
  const server: Server = createServer((socket) => {
    const actor: Actor = { username: 'ali-feed', roles: [], source: socket.remoteAddress ?? null, remote: false };
    socket.on('error', () => undefined);
    void readAliFeed(socket, layout, async (spill) => {
      try {
        await receiveCall(ctx, actor, { line: 'e911', ali: acceptSpill(spill) });
        counts.calls += 1;
      } catch (error) {
        counts.refused += 1;
        const problem = error instanceof Problem ? error : new Problem(500, 'ali.failed', 'ALI spill not recorded');
        await recordAuditNow(ctx.db, {
          actor, action: 'ali.spill_refused', outcome: 'failed', reason: problem.code,
          detail: { layout: layout.name, problems: spill.problems.map((p) => `${p.field ?? 'spill'}: ${p.detail}`) },
        }).catch(() => undefined);
      }
    }).catch(() => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    counts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `PRECINCT_ALI_FEED_PORT` (and `PRECINCT_ALI_FEED_HOST`, default 127.0.0.1; `PRECINCT_ALI_LAYOUT`): start the feed with the server. */
export async function startAliFeedFromEnv(ctx: AppContext, env: NodeJS.ProcessEnv = process.env): Promise<AliListener | undefined> {
  const port = Number(env.PRECINCT_ALI_FEED_PORT);
  if (!env.PRECINCT_ALI_FEED_PORT || !Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  const listener = await startAliListener(ctx, { port, host: env.PRECINCT_ALI_FEED_HOST, layout: env.PRECINCT_ALI_LAYOUT });
  console.log(`ALI feed listening on ${env.PRECINCT_ALI_FEED_HOST ?? '127.0.0.1'}:${listener.port}`);
  return listener;
}
