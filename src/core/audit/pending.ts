import { addTransactionHooks, type Tx } from '../../db/index.ts';

/**
 * Who to tell when a transaction that wrote audit rows has committed: the chainer of
 * each open context (src/core/audit/chainer.ts) links the new rows soon after.
 */
const wrote = new WeakSet<Tx>();
const listeners = new Set<() => void>();

export function noteAuditWritten(tx: Tx): void {
  wrote.add(tx);
}

export function onAuditCommitted(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

addTransactionHooks({
  afterCommit(tx) {
    if (!wrote.has(tx)) return;
    for (const listener of listeners) listener();
  },
});
