import type { Tx } from '../db/index.ts';
import { appendEvent, type DispatchEvent } from '../events/store.ts';
import { recordAudit, type Actor } from '../audit/service.ts';
import { PolicyViolation, Problem } from '../app/errors.ts';
import type { Decision } from './rules.ts';

/**
 * Every change to the key register, a key or an access is one event (the legal
 * record, on the dispatch log) and one audit row, in the caller's transaction.
 */
export async function journal(tx: Tx, actor: Actor, kind: string, subject: { type: string; id: string }, payload: Record<string, unknown>): Promise<DispatchEvent> {
  const event = await appendEvent(tx, { kind, subject, actor: { username: actor.username, unit: actor.unit ?? null }, payload });
  await recordAudit(tx, {
    actor, action: kind, subject, outcome: 'allowed',
    reason: typeof payload.clause === 'string' ? payload.clause : null, detail: payload,
  });
  return event;
}

/** Turn a refused decision into the problem the person sees: 409 or 422, always with the clause. */
export function enforce(decision: Decision): void {
  if (decision.allowed) return;
  if (decision.status === 422) throw new PolicyViolation(decision.code, decision.detail, decision.clause);
  throw new Problem(409, decision.code, 'Conflict', decision.detail, { clause: decision.clause });
}
