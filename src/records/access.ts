import type { Actor } from '../audit/service.ts';
import { recordAudit } from '../audit/service.ts';
import type { Tx } from '../db/index.ts';
import { permissionsOf, roleUsedFor, type Permission } from '../identity/permissions.ts';

/** True when the actor's roles carry the permission. */
export function may(actor: Actor, permission: Permission): boolean {
  return permissionsOf(actor.roles).has(permission);
}

/** Every read of a juvenile record leaves an audit row (S-110 §B.1). */
export async function auditJuvenileRead(tx: Tx, actor: Actor, subject: { type: string; id: string }, detail: Record<string, unknown> = {}): Promise<void> {
  await recordAudit(tx, {
    actor,
    role: roleUsedFor(actor.roles, 'records.juvenile') ?? roleUsedFor(actor.roles, 'records.read') ?? null,
    action: 'records.juvenile.read',
    subject,
    outcome: 'allowed',
    reason: 'juvenile record read (S-110 §B.1)',
    detail,
  });
}

/** The agency-local calendar date of a moment ('YYYY-MM-DD'). */
export function agencyDate(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
