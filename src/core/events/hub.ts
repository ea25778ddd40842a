import type { DatabaseHandle } from '../../db/index.ts';
import { EVENT_CHANNEL, completeThrough, readLog, type DispatchEvent, type LogCursor } from './log.ts';
import { committingHere, onCommitAbandoned, onEventsCommitted, openHere } from './local.ts';

const PAGE = 500;
const SAFETY_POLL_MS = 2000;
/** While an event waits behind a gap in the log that nothing may fill (a rolled-back append), the log is read again after this long, doubling up to the safety poll. */
const GAP_RETRY_MS = 5;
/**
 * Commits that follow each other closely are handed on together: the first after a quiet
 * spell goes at once, later ones at most this often. Each hand-over costs every console a
 * write (a system call each), so with many consoles and back-to-back commits (the embedded
 * database appends one after another) one write per console per batch, not per commit, is
 * what keeps the append rate up; it adds at most this to an event's way to the consoles.
 */
export const STREAM_BATCH_MS = 20;
/** The longest the batching may wait, however many consoles there are (the aim: every console has an event within 100 ms). */
export const STREAM_BATCH_MAX_MS = 50;

/**
 * How long commits are gathered with this many consoles connected: `STREAM_BATCH_MS` up to 200,
 * then a millisecond more for every ten, up to `STREAM_BATCH_MAX_MS` at 500. Each batch costs a
 * write to every console: with 500 consoles and 100 incidents a second a 20 ms window made about
 * 250 writes an incident and the server spent 7.8 ms of CPU on each; a 50 ms one, 5.1 ms
 * (bench/README.md, "Issue 16, three runs of each deciding bench").
 */
export function streamBatchMs(consoles: number): number {
  return Math.min(STREAM_BATCH_MAX_MS, Math.max(STREAM_BATCH_MS, Math.round(consoles / 10)));
}

interface Subscriber {
  sent: number;
  chain: Promise<void>;
  send: (events: DispatchEvent[]) => void | Promise<void>;
}

/**
 * Fans new events out to this process's connected consoles. Events this process
 * commits are handed over at commit (`onEventsCommitted`) and go out without a read,
 * those of commits in quick succession together (`batchMs`); it learns of other
 * nodes' events through PostgreSQL NOTIFY and, in case a notification is ever lost, a slow
 * poll, and reads those from the log (a notice of an event it already has is not read
 * again). Events that do not follow the last one sent (another node's came between) are
 * read from the log too, and events that come after a number not yet committed wait for it
 * (log.ts, `readLog`: without a global lock, commits can end out of number order). Each
 * subscriber gets every event after the sequence it asked for,
 * exactly once, in order: first the backlog from the log, then live ones. The subscribers
 * of one delivery are handed the same array of the same event objects, so what is worked
 * out from them (encodings, facts, names) can be worked out once for all.
 */
export class EventHub {
  /** How far the log is complete and sent on (every seq up to `through`), and what was handed out above it. */
  #cursor: LogCursor = { through: 0, horizon: null };
  #subscribers = new Set<Subscriber>();
  #pumping: Promise<void> = Promise.resolve();
  /** A read queued behind the pump's current work and not yet started. */
  #readQueued: Promise<void> | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  #unhear: (() => void) | undefined;
  #unabandon: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;
  #retryMs = GAP_RETRY_MS;
  /** Committed here, not yet handed on (the batch being gathered), and when the last batch went. */
  #held: DispatchEvent[] = [];
  #heldUntil: NodeJS.Timeout | undefined;
  #lastBatchAt = -Infinity;
  /** How long commits are gathered into one batch (`streamBatchMs` of the consoles connected, set by the stream's `LiveSockets`). */
  batchMs = STREAM_BATCH_MS;
  /** Committed here and handed on, waiting for an earlier number (another commit's) before they can go. */
  #ahead = new Map<number, DispatchEvent>();
  /** The sequence numbers committed here above the cursor (held, in the pump's queue or ahead): their notices need no read. */
  #mine = new Set<number>();
  #stopped = false;

  constructor(private readonly database: DatabaseHandle) {}

  async start(): Promise<void> {
    this.#cursor = { through: await completeThrough(this.database.db), horizon: null };
    this.#unhear = onEventsCommitted(this.database.db, (events) => this.#committed(events));
    // events appended here were rolled back (a notice of them, if any came, was not read; a gap at them will not fill): read now
    this.#unabandon = onCommitAbandoned(this.database.db, () => void this.pump());
    this.#unlisten = await this.database.listen(EVENT_CHANNEL, (text) => this.#notified(text));
    this.#timer = setInterval(() => this.pump(), SAFETY_POLL_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearTimeout(this.#heldUntil);
    clearTimeout(this.#retry);
    this.#unhear?.();
    this.#unabandon?.();
    await this.#unlisten?.();
    // a subscriber's backlog may still be reading the log: let it finish before the database closes
    const reading = [...this.#subscribers].map((s) => s.chain.catch(() => undefined));
    this.#subscribers.clear();
    await Promise.all(reading);
  }

  get size(): number {
    return this.#subscribers.size;
  }

  /** The sequence number up to which this hub has sent the whole log: a subscriber that starts here gets only what comes next. */
  get position(): number {
    return this.#cursor.through;
  }

  /** What this hub knows of where the log is complete, for a reader of the log (`readLog`). */
  get cursor(): LogCursor {
    return this.#cursor;
  }

  /** Read what is new since the last pump and hand it to every live subscriber. */
  pump(): Promise<void> {
    // notices that come while a read waits its turn are all answered by that read (it reads everything after the cursor)
    if (this.#readQueued) return this.#readQueued;
    const queued = this.#pumping.then(() => {
      this.#readQueued = undefined;
      return this.#read();
    });
    this.#readQueued = queued;
    this.#pumping = queued;
    return queued;
  }

  /**
   * A commit's notice names its last sequence number: one this process committed itself
   * (already sent, held in the batch being gathered, or still committing: the notice can come
   * before the committing connection's answer) needs no read of the log.
   */
  #notified(text: string): void {
    const seq = Number(text);
    if (Number.isInteger(seq) && seq > 0 && (seq <= this.#cursor.through || this.#mine.has(seq) || committingHere(this.database.db, seq) || openHere(this.database.db, seq))) return;
    void this.pump();
  }

  async #read(): Promise<void> {
    for (;;) {
      const page = await readLog(this.database.db, this.#cursor.through, PAGE, this.#cursor).catch(() => undefined);
      if (!page) return;
      this.#advance(page, page.events);
      if (page.waiting) return this.#awaitGap();
      this.#retryMs = GAP_RETRY_MS;
      if (page.events.length < PAGE) return;
    }
  }

  /** Move the cursor on past `events` (sent to every subscriber) and, from `to`, to where the log is known complete. */
  #advance(to: LogCursor, events: DispatchEvent[]): void {
    this.#cursor = { through: Math.max(this.#cursor.through, to.through), horizon: to.horizon };
    if (this.#cursor.horizon && this.#cursor.horizon.seq <= this.#cursor.through) this.#cursor = { ...this.#cursor, horizon: null };
    for (const seq of this.#ahead.keys()) if (seq <= this.#cursor.through) this.#ahead.delete(seq);
    for (const seq of this.#mine) if (seq <= this.#cursor.through) this.#mine.delete(seq);
    if (events.length > 0) for (const subscriber of this.#subscribers) this.#deliver(subscriber, events);
  }

  /**
   * An event waits behind a gap. When a transaction of this process holds the gap's number, its
   * commit (handed on here) or rollback (`onCommitAbandoned`) will wake the hub; otherwise the log
   * is read again shortly (another node's commit, or a transaction that rolled back).
   */
  #awaitGap(): void {
    if (openHere(this.database.db, this.#cursor.through + 1) || this.#retry || this.#stopped) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.pump();
    }, this.#retryMs);
    this.#retryMs = Math.min(this.#retryMs * 2, SAFETY_POLL_MS);
  }

  /**
   * Events this process just committed. The first commit after a quiet spell goes at once;
   * later ones are gathered and go together once `batchMs` has passed since the last
   * batch, on a timer or, when the embedded database keeps the thread busy with back-to-back
   * commits so that no timer can run, at the first commit after that time.
   */
  #committed(events: DispatchEvent[]): void {
    for (const e of events) this.#mine.add(e.seq);
    this.#held.push(...events);
    const wait = this.#lastBatchAt + this.batchMs - performance.now();
    if (wait <= 0) this.#handOn();
    else this.#heldUntil ??= setTimeout(() => this.#handOn(), wait);
  }

  /**
   * The gathered events: those that follow the last one sent go as they are, with no read; one
   * that comes after a number not yet seen waits for it (committed here, it is handed on too;
   * else the log is read for it).
   */
  #handOn(): void {
    clearTimeout(this.#heldUntil);
    this.#heldUntil = undefined;
    const events = this.#held;
    if (events.length === 0) return;
    this.#held = [];
    this.#lastBatchAt = performance.now();
    this.#pumping = this.#pumping.then(() => {
      for (const e of events) if (e.seq > this.#cursor.through) this.#ahead.set(e.seq, e);
      const run: DispatchEvent[] = [];
      for (let next = this.#ahead.get(this.#cursor.through + 1); next; next = this.#ahead.get(next.seq + 1)) run.push(next);
      if (run.length > 0) this.#advance({ through: run.at(-1)!.seq, horizon: this.#cursor.horizon }, run);
      if (this.#ahead.size > 0 && !openHere(this.database.db, this.#cursor.through + 1)) return this.#read();
    });
  }

  /** Every event after `after`, then each new one as it is committed. Returns the unsubscribe function. */
  subscribe(after: number, send: Subscriber['send']): () => void {
    const subscriber: Subscriber = { sent: after, chain: Promise.resolve(), send };
    this.#subscribers.add(subscriber);
    subscriber.chain = subscriber.chain.then(async () => {
      for (;;) {
        const { events: backlog } = await readLog(this.database.db, subscriber.sent, PAGE, this.#cursor);
        if (backlog.length === 0) return;
        await subscriber.send(backlog);
        subscriber.sent = backlog[backlog.length - 1]!.seq;
      }
    });
    return () => this.#subscribers.delete(subscriber);
  }

  #deliver(subscriber: Subscriber, events: DispatchEvent[]): void {
    subscriber.chain = subscriber.chain.then(async () => {
      // the same array for every subscriber that has sent all before it (almost always all of them)
      const fresh = events[0]!.seq > subscriber.sent ? events : events.filter((e) => e.seq > subscriber.sent);
      if (fresh.length === 0) return;
      await subscriber.send(fresh);
      subscriber.sent = fresh[fresh.length - 1]!.seq;
    }).catch(() => undefined);
  }
}
