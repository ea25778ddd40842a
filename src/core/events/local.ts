import { addTransactionHooks, type Db, type Tx } from '../../db/index.ts';
import type { DispatchEvent } from './event.ts';

/**
 * Events this process committed, handed to its stream at commit without reading them
 * back: on the embedded database, whose one connection is busy with the next writes, a
 * read-back would wait behind them. Events appended in a savepoint that is rolled back,
 * or in a transaction that is, are never handed on.
 */
const written = new WeakMap<Tx, DispatchEvent[]>();
const sinks = new Map<Db, Set<(events: DispatchEvent[]) => void>>();
type Preparer = (tx: Tx, events: DispatchEvent[]) => Promise<void>;
const preparers = new Map<Db, Set<Preparer>>();

export function noteEventsWritten(tx: Tx, events: readonly DispatchEvent[]): void {
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
    if (events?.length) for (const prepare of preparers.get(db) ?? []) await prepare(tx, events);
  },
  afterCommit(tx, db) {
    const events = written.get(tx);
    if (!events) return;
    written.delete(tx);
    for (const sink of sinks.get(db) ?? []) sink(events);
  },
  afterRollback(tx) {
    written.delete(tx);
  },
  atSavepoint(tx) {
    const kept = written.get(tx)?.length ?? 0;
    return () => {
      const list = written.get(tx);
      if (list) list.length = kept;
    };
  },
});
