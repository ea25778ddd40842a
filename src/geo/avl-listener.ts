import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { readModemLine } from './nmea.ts';
import { modemUnits, recordPosition } from './service.ts';

export interface AvlListenerOptions {
  /** UDP port for modems that send each report as a datagram (0: any free port). */
  udpPort?: number | undefined;
  /** TCP port for modems that keep a connection and write one report a line. */
  tcpPort?: number | undefined;
  host?: string | undefined;
  /** Where refused lines are logged (a bad sentence never stops the listener). */
  log?: (message: string) => void;
}

export interface AvlCounts { positions: number; ignored: number; refused: number; unknownModem: number; late: number }

export interface AvlListener {
  udpPort: number | null;
  tcpPort: number | null;
  counts: AvlCounts;
  close(): Promise<void>;
}

const MAX_LINE = 512;
const MODEM_REFRESH_MS = 30_000;

/**
 * The AVL listener: in-vehicle modems send NMEA 0183 RMC sentences, each line
 * prefixed with the modem's id (nmea.ts), over UDP or TCP. A configured modem's fix
 * becomes its unit's position on the map and the board; everything else is counted
 * and logged, never thrown.
 */
export async function startAvlListener(ctx: AppContext, options: AvlListenerOptions): Promise<AvlListener> {
  const counts: AvlCounts = { positions: 0, ignored: 0, refused: 0, unknownModem: 0, late: 0 };
  const log = options.log ?? ((m: string) => console.warn(`avl: ${m}`));
  const actor: Actor = { username: 'avl-feed', roles: [], source: null, remote: false };
  let units = await modemUnits(ctx);
  let loadedAt = Date.now();
  const unitFor = async (modemId: string) => {
    if (!units.has(modemId) && Date.now() - loadedAt > 1000) { units = await modemUnits(ctx); loadedAt = Date.now(); }
    if (Date.now() - loadedAt > MODEM_REFRESH_MS) { units = await modemUnits(ctx); loadedAt = Date.now(); }
    return units.get(modemId);
  };
  const handle = async (raw: string, from: string) => {
    if (!raw.trim()) return;
    const line = raw.length > MAX_LINE ? { refused: `line longer than ${MAX_LINE} characters` } : readModemLine(raw);
    if ('ignored' in line) { counts.ignored += 1; return; }
    if ('refused' in line) { counts.refused += 1; log(`refused from ${from}: ${line.refused}`); return; }
    const callSign = await unitFor(line.fix.modemId);
    if (!callSign) { counts.unknownModem += 1; log(`modem ${line.fix.modemId} from ${from} is not assigned to a unit`); return; }
    const kept = await recordPosition(ctx, { ...actor, source: from }, { callSign, ...line.fix, source: 'modem' });
    if (kept) counts.positions += 1; else counts.late += 1;
  };
  const safely = (raw: string, from: string) => handle(raw, from).catch((error: unknown) => {
    counts.refused += 1;
    log(`not recorded from ${from}: ${(error as Error).message}`);
  });
  const udp = options.udpPort === undefined ? null : await listenUdp(options.udpPort, options.host, (text, from) => {
    for (const raw of text.split(/\r?\n/)) void safely(raw, from);
  });
  const tcp = options.tcpPort === undefined ? null : await listenTcp(options.tcpPort, options.host, safely);
  return {
    udpPort: udp ? udp.address().port : null,
    tcpPort: tcp ? (tcp.address() as { port: number }).port : null,
    counts,
    close: async () => {
      await Promise.all([
        udp && new Promise<void>((resolve) => udp.close(() => resolve())),
        tcp && new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

function listenUdp(port: number, host: string | undefined, onText: (text: string, from: string) => void): Promise<UdpSocket> {
  const socket = createSocket('udp4');
  socket.on('message', (message, remote) => onText(message.toString('latin1'), `${remote.address}:${remote.port}`));
  socket.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host ?? '127.0.0.1', () => resolve(socket));
  });
}

function listenTcp(port: number, host: string | undefined, onLine: (line: string, from: string) => Promise<unknown>): Promise<Server> {
  const server = createServer((socket) => {
    const from = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.on('error', () => undefined);
    socket.setEncoding('latin1');
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    lines.on('line', (line) => { void onLine(line, from); });
    lines.on('error', () => undefined);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host ?? '127.0.0.1', () => resolve(server));
  });
}

/** `PRECINCT_AVL_UDP_PORT` / `PRECINCT_AVL_TCP_PORT` (and `PRECINCT_AVL_HOST`, default 127.0.0.1): start the AVL listener with the server. */
export async function startAvlFromEnv(ctx: AppContext, env: NodeJS.ProcessEnv = process.env): Promise<AvlListener | undefined> {
  const port = (name: string) => {
    const n = Number(env[name]);
    return env[name] && Number.isInteger(n) && n > 0 && n <= 65535 ? n : undefined;
  };
  const udpPort = port('PRECINCT_AVL_UDP_PORT');
  const tcpPort = port('PRECINCT_AVL_TCP_PORT');
  if (udpPort === undefined && tcpPort === undefined) return undefined;
  const listener = await startAvlListener(ctx, { udpPort, tcpPort, host: env.PRECINCT_AVL_HOST });
  console.log(`AVL listening on ${env.PRECINCT_AVL_HOST ?? '127.0.0.1'} (udp ${listener.udpPort ?? 'off'}, tcp ${listener.tcpPort ?? 'off'})`);
  return listener;
}
