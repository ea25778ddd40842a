import { PolicyViolation, Problem } from './errors.ts';

/**
 * A policy decision, the one shape every pure rule returns: allowed (naming the clause
 * that allows it), or refused with a stable code, the clause and a sentence for the person.
 *
 * @example
 * const decision = knoxAccessAllowed({ reason: 'resident_lockout', boxKind: 'housing_authority' });
 * enforce(decision); // throws 422 knox.forbidden_use, clause O-604 §II.C
 */
export type Decision =
  | { allowed: true; clause: string }
  | { allowed: false; code: string; clause: string; detail: string; status: 403 | 409 | 422; field?: string };

export const allow = (clause: string): Decision => ({ allowed: true, clause });

export const refuse = (code: string, clause: string, detail: string, status: 403 | 409 | 422 = 422, field?: string): Decision =>
  ({ allowed: false, code, clause, detail, status, ...(field ? { field } : {}) });

/** Turn a refused decision into the problem the person sees (403, 409 or 422), always with the clause. */
export function enforce(decision: Decision): void {
  if (decision.allowed) return;
  if (decision.status === 422) throw new PolicyViolation(decision.code, decision.detail, decision.clause, 422, decision.field);
  const title = decision.status === 403 ? 'Forbidden' : 'Conflict';
  throw new Problem(decision.status, decision.code, title, decision.detail, { clause: decision.clause, ...(decision.field ? { field: decision.field } : {}) });
}
