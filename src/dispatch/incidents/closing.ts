import type { Tx } from '../../db/index.ts';
import type { Actor } from '../../core/actor.ts';

/** The reason a supervisor gives for closing an incident that a check would refuse to close. */
export interface CloseOverride {
  reason: string;
}

/** The incident being closed, locked by the caller's transaction. */
export interface ClosingIncident {
  number: string;
  confidential: boolean;
}

/**
 * Something another capability must settle before an incident closes (O-604 §III.F:
 * its master keys are back in the Knox Box). A check runs inside the close's
 * transaction, after the incident is locked: it throws the problem the dispatcher
 * sees to refuse, or, given an override it accepts, writes what the override needs
 * (its audit row, an alert) through `tx`.
 */
export type CloseCheck = (tx: Tx, actor: Actor, incident: ClosingIncident, override: CloseOverride | undefined) => Promise<void>;

const checks: CloseCheck[] = [];

/**
 * Register a check. Dispatch does not import the capabilities that keep such facts
 * (they import dispatch); the composition root registers them (src/app/close-checks.ts).
 */
export function defineCloseCheck(check: CloseCheck): void {
  if (!checks.includes(check)) checks.push(check);
}

export async function runCloseChecks(tx: Tx, actor: Actor, incident: ClosingIncident, override: CloseOverride | undefined): Promise<void> {
  for (const check of checks) await check(tx, actor, incident, override);
}
