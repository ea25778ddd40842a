import type { DatabaseHandle } from '../../db/index.ts';
import { EVENT_CHANNEL, eventsAfter, lastSeq, type DispatchEvent } from './log.ts';
import { onEventsCommitted } from './local.ts';

const PAGE = 500;
const SAFETY_POLL_MS = 2000;

interface Subscriber {
  sent: number;
  chain: Promise<void>;
  send: (events: DispatchEvent[]) => void | Promise<void>;
}

/**
 * Fans new events out to this process's connected consoles. Events this process
 * commits are handed over at commit (`onEventsCommitted`) and go out at once, without
 * a read; it learns of other nodes' events through PostgreSQL NOTIFY and, in case a
 * notification is ever lost, a slow poll, and reads those from the log. Events that do
 * not follow the last one sent (another node's came between) are read from the log too.
 * Each subscriber gets every event after the sequence it asked for, exactly once,
 * in order: first the backlog from the log, then live ones.
 */
export class EventHub {
  #seen = 0;
  #subscribers = new Set<Subscriber>();
  #pumping: Promise<void> = Promise.resolve();
  #unlisten: (() => Promise<void>) | undefined;
  #unhear: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly database: DatabaseHandle) {}

  async start(): Promise<void> {
    this.#seen = await lastSeq(this.database.db);
    this.#unhear = onEventsCommitted(this.database.db, (events) => this.#committed(events));
    this.#unlisten = await this.database.listen(EVENT_CHANNEL, () => this.pump());
    this.#timer = setInterval(() => this.pump(), SAFETY_POLL_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#unhear?.();
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

  async #read(): Promise<void> {
    for (;;) {
      const events = await eventsAfter(this.database.db, this.#seen, PAGE).catch(() => []);
      if (events.length === 0) return;
      this.#seen = events[events.length - 1]!.seq;
      for (const subscriber of this.#subscribers) this.#deliver(subscriber, events);
      if (events.length < PAGE) return;
    }
  }

  /** Events this process just committed: sent as they are when they follow the last one sent, else read from the log. */
  #committed(events: DispatchEvent[]): void {
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
      const fresh = events.filter((e) => e.seq > subscriber.sent);
      if (fresh.length === 0) return;
      await subscriber.send(fresh);
      subscriber.sent = fresh[fresh.length - 1]!.seq;
    }).catch(() => undefined);
  }
}
