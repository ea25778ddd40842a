import { recordAudit } from '../core/audit/trail.ts';
import type { Tx } from '../db/index.ts';
import { permissionsOf, roleUsedFor, type Permission } from '../core/permissions.ts';
import type { Actor } from '../core/actor.ts';

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

