import type { EventKind } from '../core/events/catalogue.ts';
import type { Tx } from '../db/index.ts';
import { appendEvent, type DispatchEvent } from '../core/events/log.ts';
import { recordAudit } from '../core/audit/trail.ts';
import type { Actor } from '../core/actor.ts';

/**
 * Every change to the key register, a key or an access is one event (the legal
 * record, on the dispatch log) and one audit row, in the caller's transaction.
 */
export async function journal(tx: Tx, actor: Actor, kind: EventKind, subject: { type: string; id: string }, payload: Record<string, unknown>): Promise<DispatchEvent> {
  const event = await appendEvent(tx, { kind, subject, actor: { username: actor.username, unit: actor.unit ?? null }, payload });
  await recordAudit(tx, {
    actor, action: kind, subject, outcome: 'allowed',
    reason: typeof payload.clause === 'string' ? payload.clause : null, detail: payload,
  });
  return event;
}

export { enforce } from '../core/decision.ts';
