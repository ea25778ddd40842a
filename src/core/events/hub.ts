import type { DatabaseHandle } from '../../db/index.ts';
import { EVENT_CHANNEL, eventsAfter, lastSeq, type DispatchEvent } from './log.ts';
import { committingHere, onCommitAbandoned, onEventsCommitted } from './local.ts';

const PAGE = 500;
const SAFETY_POLL_MS = 2000;
/**
 * Commits that follow each other closely are handed on together: the first after a quiet
 * spell goes at once, later ones at most this often. Each hand-over costs every console a
 * write (a system call each), so with many consoles and back-to-back commits (the embedded
 * database appends one after another) one write per console per batch, not per commit, is
 * what keeps the append rate up; it adds at most this to an event's way to the consoles.
 */
export const STREAM_BATCH_MS = 20;

interface Subscriber {
  sent: number;
  chain: Promise<void>;
  send: (events: DispatchEvent[]) => void | Promise<void>;
}

/**
 * Fans new events out to this process's connected consoles. Events this process
 * commits are handed over at commit (`onEventsCommitted`) and go out without a read,
 * those of commits in quick succession together (`STREAM_BATCH_MS`); it learns of other
 * nodes' events through PostgreSQL NOTIFY and, in case a notification is ever lost, a slow
 * poll, and reads those from the log (a notice of an event it already has is not read
 * again). Events that do not follow the last one sent (another node's came between) are
 * read from the log too. Each subscriber gets every event after the sequence it asked for,
 * exactly once, in order: first the backlog from the log, then live ones. The subscribers
 * of one delivery are handed the same array of the same event objects, so what is worked
 * out from them (encodings, facts, names) can be worked out once for all.
 */
export class EventHub {
  #seen = 0;
  #subscribers = new Set<Subscriber>();
  #pumping: Promise<void> = Promise.resolve();
  #unlisten: (() => Promise<void>) | undefined;
  #unhear: (() => void) | undefined;
  #unabandon: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Committed here, not yet handed on (the batch being gathered), and when the last batch went. */
  #held: DispatchEvent[] = [];
  #heldUntil: NodeJS.Timeout | undefined;
  #lastBatchAt = -Infinity;
  /** The newest sequence number committed here and handed on (sent, or about to be in the pump's queue). */
  #handedOn = 0;

  constructor(private readonly database: DatabaseHandle) {}

  async start(): Promise<void> {
    this.#seen = await lastSeq(this.database.db);
    this.#unhear = onEventsCommitted(this.database.db, (events) => this.#committed(events));
    // a notice of a commit that turned out rolled back here (its answer lost) was not read: read now
    this.#unabandon = onCommitAbandoned(this.database.db, () => void this.pump());
    this.#unlisten = await this.database.listen(EVENT_CHANNEL, (text) => this.#notified(text));
    this.#timer = setInterval(() => this.pump(), SAFETY_POLL_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    clearTimeout(this.#heldUntil);
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

  /** The newest sequence number this hub has read: a subscriber that starts here gets only what comes next. */
  get position(): number {
    return this.#seen;
  }

  /** Read what is new since the last pump and hand it to every live subscriber. */
  pump(): Promise<void> {
    this.#pumping = this.#pumping.then(() => this.#read());
    return this.#pumping;
  }

  /**
   * A commit's notice names its last sequence number: one this process committed itself
   * (already sent, held in the batch being gathered, or still committing: the notice can come
   * before the committing connection's answer) needs no read of the log.
   */
  #notified(text: string): void {
    const seq = Number(text);
    const known = Math.max(this.#seen, this.#handedOn, this.#held.at(-1)?.seq ?? 0);
    if (Number.isInteger(seq) && seq > 0 && (seq <= known || committingHere(this.database.db, seq))) return;
    void this.pump();
  }

  async #read(): Promise<void> {
    for (;;) {
      const events = await eventsAfter(this.database.db, this.#seen, PAGE).catch(() => []);
      if (events.length === 0) return;
      this.#seen = events[events.length - 1]!.seq;
      for (const subscriber of this.#subscribers) this.#deliver(subscriber, events);
      if (events.length < PAGE) return;
    }
  }

  /**
   * Events this process just committed. The first commit after a quiet spell goes at once;
   * later ones are gathered and go together once `STREAM_BATCH_MS` has passed since the last
   * batch, on a timer or, when the embedded database keeps the thread busy with back-to-back
   * commits so that no timer can run, at the first commit after that time.
   */
  #committed(events: DispatchEvent[]): void {
    this.#held.push(...events);
    const wait = this.#lastBatchAt + STREAM_BATCH_MS - performance.now();
    if (wait <= 0) this.#handOn();
    else this.#heldUntil ??= setTimeout(() => this.#handOn(), wait);
  }

  /** The gathered events: sent as they are when they follow the last one sent, else read from the log. */
  #handOn(): void {
    clearTimeout(this.#heldUntil);
    this.#heldUntil = undefined;
    const events = this.#held;
    if (events.length === 0) return;
    this.#held = [];
    this.#handedOn = Math.max(this.#handedOn, events.at(-1)!.seq);
    this.#lastBatchAt = performance.now();
    this.#pumping = this.#pumping.then(() => {
      const fresh = events.filter((e) => e.seq > this.#seen);
      if (fresh.length === 0) return;
      if (fresh[0]!.seq !== this.#seen + 1) return this.#read();
      this.#seen = fresh[fresh.length - 1]!.seq;
      for (const subscriber of this.#subscribers) this.#deliver(subscriber, fresh);
    });
  }

  /** Every event after `after`, then each new one as it is committed. Returns the unsubscribe function. */
  subscribe(after: number, send: Subscriber['send']): () => void {
    const subscriber: Subscriber = { sent: after, chain: Promise.resolve(), send };
    this.#subscribers.add(subscriber);
    subscriber.chain = subscriber.chain.then(async () => {
      for (;;) {
        const backlog = await eventsAfter(this.database.db, subscriber.sent, PAGE);
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
