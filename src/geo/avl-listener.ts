import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { readModemLine } from './nmea.ts';
import { geography, modemUnits, recordPositions, type PositionReport } from './service.ts';

export interface AvlListenerOptions {
  /** UDP port for modems that send each report as a datagram (0: any free port). */
  udpPort?: number | undefined;
  /** TCP port for modems that keep a connection and write one report a line. */
  tcpPort?: number | undefined;
  host?: string | undefined;
  /** Where refused lines are logged (a bad sentence never stops the listener). */
  log?: (message: string) => void;
  /** The reports of this many milliseconds are kept in one transaction and told in one event (`AVL_BATCH_MS`). */
  batchMs?: number | undefined;
  /** The UDP socket's receive buffer asked of the kernel, in bytes (`AVL_RECV_BUFFER`); Linux grants at most `net.core.rmem_max`. */
  recvBufferSize?: number | undefined;
}

export interface AvlCounts {
  /** Fixes kept as their unit's position. */
  positions: number;
  /** Lines that are not a position (another NMEA sentence, a fix without a position). */
  ignored: number;
  /** Lines refused (bad checksum, malformed, too long), and fixes that could not be stored. */
  refused: number;
  unknownModem: number;
  /** Fixes older than their unit's stored position, or than a newer one in the same batch. */
  late: number;
  /** Transactions written: one a batch. */
  batches: number;
  /** Datagrams the kernel dropped because the receive buffer was full (Linux, /proc/net/udp); null where it cannot be read. */
  dropped: number | null;
}

export interface AvlListener {
  udpPort: number | null;
  tcpPort: number | null;
  /** The receive buffer the kernel granted the UDP socket (bytes, as Linux counts it: twice what it accounts for data). */
  udpRecvBuffer: number | null;
  counts: AvlCounts;
  close(): Promise<void>;
}

const MAX_LINE = 512;
const MODEM_REFRESH_MS = 30_000;
const DROP_CHECK_MS = 10_000;
/**
 * The reports of one tick are kept in one transaction and told in one event: at 500
 * vehicles a second, ten events a second, not five hundred, each to every console. A
 * fix reaches the map and becomes durable at most this long after it arrives, plus the
 * time of its transaction (docs/geography.md, "Vehicle locations").
 */
export const AVL_BATCH_MS = 100;
/**
 * The receive buffer asked for the UDP socket: some 5 000 datagrams as Linux accounts for
 * them (about 800 bytes each, whatever their length), ten seconds of 500 modems, so that
 * a burst or a pause of the server's thread (the embedded database works on it) does not
 * overflow it. Linux grants at most `net.core.rmem_max` (212 992 by default: about 270
 * datagrams); the operator raises it (docs/geography.md).
 */
export const AVL_RECV_BUFFER = 4 * 1024 * 1024;

/**
 * The AVL listener: in-vehicle modems send NMEA 0183 RMC sentences, each line
 * prefixed with the modem's id (nmea.ts), over UDP or TCP. A configured modem's fix
 * becomes its unit's position on the map and the board; everything else is counted
 * and logged, never thrown. The fixes that arrive within a tick (`batchMs`) are kept
 * together, each unit's newest, in one transaction with one event.
 */
export async function startAvlListener(ctx: AppContext, options: AvlListenerOptions): Promise<AvlListener> {
  const counts: AvlCounts = { positions: 0, ignored: 0, refused: 0, unknownModem: 0, late: 0, batches: 0, dropped: null };
  const log = options.log ?? ((m: string) => console.warn(`avl: ${m}`));
  const batchMs = options.batchMs ?? AVL_BATCH_MS;
  const actor: Actor = { username: 'avl-feed', roles: [], source: null, remote: false };
  // the town's index (each position's nearest address) is built now, not by the first tick's fixes, which would wait for it
  const [modems] = await Promise.all([modemUnits(ctx), geography(ctx)]);
  let units = modems;
  let loadedAt = Date.now();
  let refreshing: Promise<void> | undefined;
  const refresh = () => (refreshing ??= modemUnits(ctx).then((next) => { units = next; loadedAt = Date.now(); }).finally(() => { refreshing = undefined; }));
  const unitFor = async (modemId: string) => {
    if ((!units.has(modemId) && Date.now() - loadedAt > 1000) || Date.now() - loadedAt > MODEM_REFRESH_MS) await refresh();
    return units.get(modemId);
  };

  // The batch being gathered: each unit's newest fix (an older one of the same unit is late at once).
  let gathering = new Map<string, PositionReport>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let lastBatchAt = -Infinity;
  const write = async () => {
    timer = undefined;
    const batch = [...gathering.values()];
    gathering = new Map();
    if (batch.length === 0) return;
    lastBatchAt = performance.now();
    try {
      const outcomes = await recordPositions(ctx, actor, batch);
      counts.batches += 1;
      for (const outcome of outcomes) {
        if (outcome === 'kept') counts.positions += 1;
        else if (outcome === 'late') counts.late += 1;
        else { counts.refused += 1; log(`refused: ${outcome.refused}`); }
      }
    } catch (error) {
      counts.refused += batch.length;
      log(`${batch.length} position(s) not recorded: ${(error as Error).message}`);
    }
  };
  // one batch is written at a time; the next is gathered meanwhile and goes when it is done and its tick is over
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(() => { writing = writing.then(write).finally(() => { if (gathering.size > 0) schedule(); }); }, Math.max(0, lastBatchAt + batchMs - performance.now()));
  };
  const handle = async (raw: string, from: string) => {
    if (!raw.trim()) return;
    const line = raw.length > MAX_LINE ? { refused: `line longer than ${MAX_LINE} characters` } : readModemLine(raw);
    if ('ignored' in line) { counts.ignored += 1; return; }
    if ('refused' in line) { counts.refused += 1; log(`refused from ${from}: ${line.refused}`); return; }
    const callSign = await unitFor(line.fix.modemId);
    if (!callSign) { counts.unknownModem += 1; log(`modem ${line.fix.modemId} from ${from} is not assigned to a unit`); return; }
    const report: PositionReport = { callSign, ...line.fix, source: 'modem' };
    const held = gathering.get(callSign);
    if (held && (held.fixedAt?.getTime() ?? 0) > (report.fixedAt?.getTime() ?? 0)) { counts.late += 1; return; }
    if (held) counts.late += 1; // the older fix of the two is never stored
    gathering.set(callSign, report);
    schedule();
  };
  const safely = (raw: string, from: string) => handle(raw, from).catch((error: unknown) => {
    counts.refused += 1;
    log(`not recorded from ${from}: ${(error as Error).message}`);
  });
  const udp = options.udpPort === undefined ? null : await listenUdp(options.udpPort, options.host, options.recvBufferSize ?? AVL_RECV_BUFFER, (text, from) => {
    for (const raw of text.split(/\r?\n/)) void safely(raw, from);
  });
  const tcp = options.tcpPort === undefined ? null : await listenTcp(options.tcpPort, options.host, safely);
  const udpPort = udp ? udp.address().port : null;
  const udpRecvBuffer = udp ? udp.getRecvBufferSize() : null;
  if (udpRecvBuffer !== null && udpRecvBuffer < (options.recvBufferSize ?? AVL_RECV_BUFFER)) {
    log(`the UDP receive buffer is ${udpRecvBuffer} bytes, less than the ${options.recvBufferSize ?? AVL_RECV_BUFFER} asked: raise net.core.rmem_max (docs/geography.md)`);
  }
  // datagrams lost before the listener could read them are said in the log, every DROP_CHECK_MS at most
  let droppedBefore = udpPort === null ? null : kernelDrops(udpPort);
  const dropCheck = udpPort === null || droppedBefore === null ? undefined : setInterval(() => {
    const now = kernelDrops(udpPort);
    if (now !== null && droppedBefore !== null && now > droppedBefore) log(`the kernel dropped ${now - droppedBefore} datagram(s) in the last ${DROP_CHECK_MS / 1000} s: the UDP receive buffer (${udpRecvBuffer} bytes) was full`);
    droppedBefore = now;
  }, DROP_CHECK_MS);
  dropCheck?.unref();
  return {
    udpPort,
    tcpPort: tcp ? (tcp.address() as { port: number }).port : null,
    udpRecvBuffer,
    counts: Object.defineProperty(counts, 'dropped', { enumerable: true, get: () => (udpPort === null ? null : kernelDrops(udpPort)) }),
    close: async () => {
      clearInterval(dropCheck);
      await Promise.all([
        udp && new Promise<void>((resolve) => udp.close(() => resolve())),
        tcp && new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
      // what was gathered is still written
      clearTimeout(timer);
      await writing;
      await write();
    },
  };
}

/**
 * Datagrams the kernel dropped on the IPv4 UDP socket bound to this port because its
 * receive buffer was full: the last column of its line in Linux's /proc/net/udp. Null
 * where there is no such file (another system) or no such line.
 */
export function kernelDrops(port: number, table = '/proc/net/udp'): number | null {
  let text: string;
  try {
    text = readFileSync(table, 'latin1');
  } catch {
    return null;
  }
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let found: number | null = null;
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 13 || !fields[1]?.endsWith(`:${hex}`)) continue;
    found = (found ?? 0) + Number(fields[fields.length - 1]);
  }
  return found;
}

function listenUdp(port: number, host: string | undefined, recvBufferSize: number, onText: (text: string, from: string) => void): Promise<UdpSocket> {
  const socket = createSocket({ type: 'udp4', recvBufferSize });
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

/**
 * `PRECINCT_AVL_UDP_PORT` / `PRECINCT_AVL_TCP_PORT` (and `PRECINCT_AVL_HOST`, default 127.0.0.1): start the AVL listener with the server;
 * `PRECINCT_AVL_BATCH_MS` (100) and `PRECINCT_AVL_RECV_BUFFER` (4 MiB) change the tick and the UDP receive buffer.
 */
export async function startAvlFromEnv(ctx: AppContext, env: NodeJS.ProcessEnv = process.env): Promise<AvlListener | undefined> {
  const port = (name: string) => {
    const n = Number(env[name]);
    return env[name] && Number.isInteger(n) && n > 0 && n <= 65535 ? n : undefined;
  };
  const udpPort = port('PRECINCT_AVL_UDP_PORT');
  const tcpPort = port('PRECINCT_AVL_TCP_PORT');
  if (udpPort === undefined && tcpPort === undefined) return undefined;
  const positive = (name: string) => {
    const n = Number(env[name]);
    return env[name] && Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const listener = await startAvlListener(ctx, {
    udpPort, tcpPort, host: env.PRECINCT_AVL_HOST, batchMs: positive('PRECINCT_AVL_BATCH_MS'), recvBufferSize: positive('PRECINCT_AVL_RECV_BUFFER'),
  });
  console.log(`AVL listening on ${env.PRECINCT_AVL_HOST ?? '127.0.0.1'} (udp ${listener.udpPort ?? 'off'}${listener.udpRecvBuffer ? `, receive buffer ${listener.udpRecvBuffer} bytes` : ''}, tcp ${listener.tcpPort ?? 'off'})`);
  return listener;
}
