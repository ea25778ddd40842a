import { addTransactionHooks, databaseOf, type Db, type Tx } from '../../db/index.ts';
import type { DispatchEvent } from './event.ts';

/**
 * Events this process committed, handed to its stream at commit without reading them
 * back: on the embedded database, whose one connection is busy with the next writes, a
 * read-back would wait behind them. Events appended in a savepoint that is rolled back,
 * or in a transaction that is, are never handed on.
 */
const written = new WeakMap<Tx, DispatchEvent[]>();
const sinks = new Map<Db, Set<(events: DispatchEvent[]) => void>>();
/**
 * The sequence numbers of events whose transaction is committing on this process, by database: from just
 * before COMMIT is sent until the commit is handed on (or rolled back). The commit's NOTIFY can reach the
 * stream's listening connection before the committing connection's answer does; a notice of one of these
 * needs no read of the log, the commit hands the events on itself (issue 16 point 2).
 */
const committing = new Map<Db, Set<number>>();
const committingOn = new WeakMap<Tx, Db>();
/**
 * The sequence numbers appended by transactions still open on this process, by database: a
 * gap in the log at one of them will fill (or be given up) here, and the stream hears of it
 * then, so it need not read the log for it (issue 16 point 6).
 */
const open = new Map<Db, Set<number>>();
/** Told when a transaction that appended events here rolled them back (all, or to a savepoint): a gap at their numbers will not fill. */
const abandoned = new Map<Db, Set<() => void>>();
/** The name the session check read for an event's actor (`Actor.displayName`), for events appended here. */
const actorNames = new WeakMap<DispatchEvent, string>();

/** Remember the actor's name (as screens name people) that the request's session check read, for an event appended here. */
export function noteActorName(event: DispatchEvent, name: string | undefined): void {
  if (name !== undefined && event.actor.user) actorNames.set(event, name);
}

/** The actor's name noted when this process appended the event (`noteActorName`), else undefined. */
export function actorNameOf(event: DispatchEvent): string | undefined {
  return actorNames.get(event);
}

/** True while a transaction holding the event with this sequence number is committing on this process. */
export function committingHere(db: Db, seq: number): boolean {
  return committing.get(db)?.has(seq) ?? false;
}

/** True while a transaction of this process that appended the event with this number is open (not yet committed or rolled back). */
export function openHere(db: Db, seq: number): boolean {
  return open.get(db)?.has(seq) ?? false;
}

function close(db: Db | undefined, events: readonly DispatchEvent[], given: boolean): void {
  const seqs = db && open.get(db);
  if (!seqs) return;
  for (const e of events) seqs.delete(e.seq);
  if (seqs.size === 0) open.delete(db);
  if (given) for (const listener of abandoned.get(db) ?? []) listener();
}

/** Be told when a transaction here rolled back events it had appended. Returns the function that stops it. */
export function onCommitAbandoned(db: Db, listener: () => void): () => void {
  return register(abandoned, db, listener);
}

function settle(tx: Tx, events: readonly DispatchEvent[]): Db | undefined {
  const db = committingOn.get(tx);
  if (!db) return undefined;
  committingOn.delete(tx);
  const seqs = committing.get(db);
  if (seqs) {
    for (const e of events) seqs.delete(e.seq);
    if (seqs.size === 0) committing.delete(db);
  }
  return db;
}
type Preparer = (tx: Tx, events: DispatchEvent[]) => Promise<void>;
const preparers = new Map<Db, Set<Preparer>>();

export function noteEventsWritten(tx: Tx, events: readonly DispatchEvent[]): void {
  const db = databaseOf(tx);
  if (db) {
    const seqs = open.get(db) ?? new Set();
    for (const e of events) seqs.add(e.seq);
    open.set(db, seqs);
  }
  const list = written.get(tx);
  if (list) list.push(...events);
  else written.set(tx, [...events]);
}

function register<T>(map: Map<Db, Set<T>>, db: Db, item: T): () => void {
  const set = map.get(db) ?? new Set();
  set.add(item);
  map.set(db, set);
  return () => {
    set.delete(item);
    if (set.size === 0) map.delete(db);
  };
}

/** Hear of the events each transaction on `db` committed, in the order they were appended. Returns the function that stops it. */
export function onEventsCommitted(db: Db, sink: (events: DispatchEvent[]) => void): () => void {
  return register(sinks, db, sink);
}

/**
 * Work to do in a transaction on `db` that appended events, just before it commits, with
 * its events (the stream reads what its read rules need to know of them there, so that
 * sending them after commit needs no read). It must not throw: catch and leave the work
 * to after commit.
 */
export function beforeEventsCommit(db: Db, prepare: Preparer): () => void {
  return register(preparers, db, prepare);
}

addTransactionHooks({
  async beforeCommit(tx, db) {
    const events = written.get(tx);
    if (!events?.length) return;
    for (const prepare of preparers.get(db) ?? []) await prepare(tx, events);
    const seqs = committing.get(db) ?? new Set();
    for (const e of events) seqs.add(e.seq);
    committing.set(db, seqs);
    committingOn.set(tx, db);
  },
  afterCommit(tx, db) {
    const events = written.get(tx);
    if (!events) return;
    written.delete(tx);
    settle(tx, events); // first: a sink that throws must not leave the seqs marked as committing
    close(db, events, false);
    for (const sink of sinks.get(db) ?? []) sink(events);
  },
  afterRollback(tx) {
    const events = written.get(tx);
    written.delete(tx);
    if (!events) return;
    settle(tx, events);
    close(databaseOf(tx), events, true);
  },
  atSavepoint(tx) {
    const kept = written.get(tx)?.length ?? 0;
    return () => {
      const list = written.get(tx);
      if (!list) return;
      close(databaseOf(tx), list.slice(kept), list.length > kept);
      list.length = kept;
    };
  },
});
