import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { Problem } from '../../core/errors.ts';
import { FrameReader, frame } from './framing.ts';
import { decodeMessage, encodeMessage, fieldOf, MalformedMessage, type NcicMessage } from './message.ts';
import type { StateSwitch, SwitchReply, SwitchStatus } from './switch.ts';

export interface SwitchEndpoint {
  host: string;
  port: number;
  /** TLS to the switch (CJIS SC-8): the switch's CA, and this agency's client certificate when the state asks for one. */
  tls?: Pick<ConnectionOptions, 'ca' | 'cert' | 'key' | 'servername' | 'rejectUnauthorized'> | undefined;
}

export interface AdapterOptions {
  endpoint: SwitchEndpoint;
  /** This agency's ORI: the header of every message. */
  ori: string;
  mode: 'training' | 'live';
  /** How long an answer may take before the request fails (default 10 s). */
  timeoutMs?: number;
  /** Reconnect backoff: the first wait, doubled on every failure up to the ceiling (default 100 ms → 5 s). */
  backoffMs?: { initial: number; max: number };
  log?: { warn: (detail: object, message: string) => void; info: (detail: object, message: string) => void };
}

interface Pending {
  msn: string;
  text: string;
  idempotent: boolean;
  written: boolean;
  startedAt: number;
  timer: NodeJS.Timeout;
  resolve: (reply: SwitchReply) => void;
  reject: (error: Error) => void;
}

const quiet = { warn: () => undefined, info: () => undefined };

/**
 * The NCIC-format adapter: one TCP (or TLS) connection to the switch, messages framed
 * STX…ETX, each request numbered (MSN) and matched to its answer. While the link is down
 * requests wait in a queue; the adapter reconnects with exponential backoff and sends
 * them once it is back. Nothing is lost silently: every request is answered, or fails
 * with a problem naming why (switch unavailable, connection lost, no answer in time).
 * A frame that cannot be read, or an answer nobody is waiting for, is logged and counted.
 */
export class NcicSwitchAdapter implements StateSwitch {
  readonly mode: 'training' | 'live';
  private socket: Socket | null = null;
  private connected = false;
  private closed = false;
  private nextMsn = 1;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners: ((message: NcicMessage) => Promise<void> | void)[] = [];
  private readonly counts = { reconnects: 0, sent: 0, answered: 0, failed: 0, malformed: 0, unexpected: 0, unsolicited: 0 };
  private since = new Date();
  private lastError: string | null = null;
  private readonly log: NonNullable<AdapterOptions['log']>;
  private readonly timeoutMs: number;
  private readonly backoff: { initial: number; max: number };
  private readyWaiters: (() => void)[] = [];

  constructor(private readonly options: AdapterOptions) {
    this.mode = options.mode;
    this.log = options.log ?? quiet;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.backoff = options.backoffMs ?? { initial: 100, max: 5_000 };
  }

  /** Open the link; resolves once connected (or at once when `wait` is false: requests queue meanwhile). */
  start(wait = true): Promise<void> {
    this.connect();
    if (!wait || this.connected) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private connect(): void {
    if (this.closed) return;
    const { host, port, tls } = this.options.endpoint;
    const socket = tls ? connectTls({ host, port, ...tls }) : connectTcp({ host, port });
    this.socket = socket;
    socket.setNoDelay(true);
    const reader = new FrameReader((text) => this.onFrame(text), (why) => this.garbage(why));
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      if (this.closed) { socket.destroy(); return; }
      this.connected = true;
      this.attempt = 0;
      this.since = new Date();
      this.log.info({ endpoint: this.endpointText() }, 'CJIS switch connected');
      // Sign on: the switch learns which agency this line serves (no answer is expected).
      socket.write(frame(encodeMessage({ mke: 'SO', ori: this.options.ori, fields: [['TRM', this.mode === 'training' ? 'TRAINING' : 'LIVE']], records: [] })));
      for (const waiter of this.readyWaiters.splice(0)) waiter();
      this.flush();
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', (error) => { this.lastError = error.message; });
    socket.on('close', () => this.onClose(socket));
  }

  private onClose(socket: Socket): void {
    if (this.socket !== socket) return;
    const wasConnected = this.connected;
    this.connected = false;
    this.socket = null;
    this.since = new Date();
    if (wasConnected) this.log.warn({ endpoint: this.endpointText(), error: this.lastError }, 'CJIS switch connection lost');
    for (const p of [...this.pending.values()]) {
      if (!p.written) continue;
      if (p.idempotent) {
        p.written = false; // asked again once the link is back
      } else {
        this.fail(p, new Problem(502, 'cjis.switch_connection_lost', 'Switch connection lost',
          'The switch dropped the connection before answering; the message may or may not have been processed. Query the record before sending it again.'));
      }
    }
    if (this.closed) return;
    const delay = Math.min(this.backoff.max, this.backoff.initial * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
    this.attempt += 1;
    this.counts.reconnects += 1;
    this.reconnectTimer = setTimeout(() => { this.reconnectTimer = null; this.connect(); }, delay);
    this.reconnectTimer.unref();
  }

  private flush(): void {
    for (const p of this.pending.values()) if (!p.written) this.write(p);
  }

  private write(p: Pending): void {
    if (!this.connected || !this.socket) return;
    p.written = true;
    this.socket.write(frame(p.text));
  }

  private endpointText(): string {
    return `${this.options.endpoint.tls ? 'tls' : 'tcp'}://${this.options.endpoint.host}:${this.options.endpoint.port}`;
  }

  private garbage(why: string): void {
    this.counts.malformed += 1;
    this.log.warn({ why }, 'CJIS switch sent a frame that cannot be read');
  }

  private onFrame(text: string): void {
    let message: NcicMessage;
    try {
      message = decodeMessage(text);
    } catch (error) {
      this.garbage(error instanceof MalformedMessage ? error.message : String(error));
      return;
    }
    const msn = fieldOf(message, 'MSN');
    if (msn === undefined) {
      this.counts.unsolicited += 1;
      for (const listener of this.listeners) {
        Promise.resolve().then(() => listener(message)).catch((error: unknown) => {
          this.counts.unexpected += 1;
          this.log.warn({ mke: message.mke, err: String(error) }, 'CJIS message from the switch could not be handled');
        });
      }
      return;
    }
    const p = this.pending.get(msn);
    if (!p) {
      this.counts.unexpected += 1;
      this.log.warn({ mke: message.mke, msn }, 'CJIS switch answered a message nobody is waiting for');
      return;
    }
    clearTimeout(p.timer);
    this.pending.delete(msn);
    this.counts.answered += 1;
    p.resolve({ message, training: fieldOf(message, 'TRN') === 'Y', roundTripMs: Date.now() - p.startedAt });
  }

  private fail(p: Pending, error: Error): void {
    clearTimeout(p.timer);
    this.pending.delete(p.msn);
    this.counts.failed += 1;
    p.reject(error);
  }

  send(message: Omit<NcicMessage, 'ori'>, options: { idempotent?: boolean; timeoutMs?: number } = {}): Promise<SwitchReply> {
    if (this.closed) return Promise.reject(new Problem(503, 'cjis.switch_unavailable', 'Switch unavailable', 'The CJIS link is shut down.'));
    const msn = String(this.nextMsn++);
    const text = encodeMessage({ ...message, ori: this.options.ori, fields: [['MSN', msn], ...message.fields] });
    return new Promise<SwitchReply>((resolve, reject) => {
      const timeout = options.timeoutMs ?? this.timeoutMs;
      const p: Pending = {
        msn, text, idempotent: options.idempotent ?? false, written: false, startedAt: Date.now(), resolve, reject,
        timer: setTimeout(() => {
          const problem = p.written
            ? new Problem(504, 'cjis.switch_timeout', 'No answer from the switch', `The switch did not answer within ${Math.round(timeout / 1000)} s. The message may or may not have been processed.`)
            : new Problem(503, 'cjis.switch_unavailable', 'Switch unavailable', `The state switch has been unreachable for ${Math.round(timeout / 1000)} s (${this.lastError ?? 'reconnecting'}); nothing was sent. Try again or use the radio/telephone to the state.`);
          this.fail(p, problem);
        }, timeout),
      };
      p.timer.unref();
      this.pending.set(msn, p);
      this.counts.sent += 1;
      this.write(p);
    });
  }

  onUnsolicited(listener: (message: NcicMessage) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  status(): SwitchStatus {
    const values = [...this.pending.values()];
    return {
      mode: this.mode, endpoint: this.endpointText(), connected: this.connected, since: this.since.toISOString(),
      ...this.counts, queued: values.filter((p) => !p.written).length, inFlight: values.filter((p) => p.written).length, lastError: this.lastError,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const p of [...this.pending.values()]) this.fail(p, new Problem(503, 'cjis.switch_unavailable', 'Switch unavailable', 'The CJIS link was shut down.'));
    for (const waiter of this.readyWaiters.splice(0)) waiter();
    const socket = this.socket;
    this.socket = null;
    this.connected = false;
    if (socket && !socket.destroyed) await new Promise<void>((resolve) => { socket.once('close', () => resolve()); socket.destroy(); });
  }
}
