import type { WebSocket } from 'ws';
import type { AppContext } from '../core/context.ts';
import { parseSessionNotice, SESSION_CHANNEL, STREAM_CLOSE, type StreamCloseWhy } from '../core/events/sessions.ts';
import { streamBatchMs } from '../core/events/hub.ts';
import { readerOf, type Reader } from '../core/events/visibility.ts';
import { sessionStates } from '../identity/session-state.ts';

const CHECK_MS = 500;

/** One console's open stream: the session it belongs to and who reads through it now. */
export interface LiveSocket {
  sessionId: string;
  reader: Reader;
  socket: WebSocket;
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

/**
 * The open streams of this server, by session (CJIS AC-2, AC-12). A notice from
 * identity closes a socket as soon as its session ends; every half second the sessions
 * are also checked, which catches the idle and absolute limits and any lost notice.
 * A change of roles that keeps `events.read` re-filters the socket instead of closing it.
 */
export class LiveSockets {
  #sockets = new Set<LiveSocket>();
  #timer: NodeJS.Timeout | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  #checking: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: AppContext) {}

  async start(): Promise<void> {
    this.#unlisten = await this.ctx.database.listen(SESSION_CHANNEL, (text) => this.#onNotice(text));
    this.#timer = setInterval(() => void this.check(), CHECK_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#unlisten?.();
  }

  add(live: LiveSocket): void {
    this.#sockets.add(live);
    this.#counted();
  }

  remove(live: LiveSocket): void {
    this.#sockets.delete(live);
    this.#counted();
  }

  /** The hub gathers commits for longer the more consoles each batch is written to (`streamBatchMs`). */
  #counted(): void {
    this.ctx.hub.batchMs = streamBatchMs(this.#sockets.size);
  }

  get size(): number {
    return this.#sockets.size;
  }

  #close(live: LiveSocket, why: StreamCloseWhy): void {
    this.remove(live);
    const { code, reason } = STREAM_CLOSE[why];
    if (live.socket.readyState === live.socket.OPEN || live.socket.readyState === live.socket.CONNECTING) live.socket.close(code, reason);
  }

  #onNotice(text: string): void {
    const notice = parseSessionNotice(text);
    if (!notice) return;
    if (notice.why === 'roles') {
      void this.check();
      return;
    }
    for (const live of [...this.#sockets]) {
      if (live.sessionId === notice.session || live.reader.username === notice.username) this.#close(live, notice.why);
    }
  }

  /** Close every socket whose session has ended; re-read the roles of the rest. */
  check(): Promise<void> {
    this.#checking = this.#checking.then(async () => {
      if (this.#sockets.size === 0) return;
      const states = await sessionStates(this.ctx, [...new Set([...this.#sockets].map((s) => s.sessionId))]);
      for (const live of [...this.#sockets]) {
        const state = states.get(live.sessionId);
        if (!state) continue;
        if (!state.live) this.#close(live, state.why);
        else if (!sameRoles(state.roles, live.reader.roles)) {
          const reader = readerOf({ username: state.username, roles: state.roles });
          if (reader.permissions.has('events.read')) live.reader = reader;
          else this.#close(live, 'rolesChanged');
        }
      }
    }).catch(() => undefined);
    return this.#checking;
  }
}
