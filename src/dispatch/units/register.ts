import type { AppContext } from '../../core/context.ts';
import type { Actor } from '../../core/actor.ts';
import { Conflict, NotFound } from '../../core/errors.ts';
import { appendEvent } from '../../core/events/log.ts';
import { recordAudit } from '../../core/audit/trail.ts';
import { inTransaction, type Db, type Tx } from '../../db/index.ts';
import { roleUsedFor } from '../../core/permissions.ts';

/** A unit of the register as the administration screen shows it, retired ones included. */
export interface RegisterUnit {
  callSign: string;
  kind: string;
  service: 'police' | 'fire' | 'ems';
  area: string | null;
  description: string | null;
  supervisor: boolean;
  retiredAt: string | null;
  retiredReason: string | null;
}

export interface RegisterChange {
  kind?: string | undefined;
  service?: 'police' | 'fire' | 'ems' | undefined;
  area?: string | null | undefined;
  description?: string | null | undefined;
  supervisor?: boolean | undefined;
}

function view(row: { call_sign: string; kind: string; service: 'police' | 'fire' | 'ems'; area: string | null; description: string | null; supervisor: boolean; retired_at: Date | null; retired_reason: string | null }): RegisterUnit {
  return {
    callSign: row.call_sign, kind: row.kind, service: row.service, area: row.area, description: row.description, supervisor: row.supervisor,
    retiredAt: row.retired_at ? new Date(row.retired_at).toISOString() : null, retiredReason: row.retired_reason,
  };
}

/** Every unit of the register (81A §E.5.c), retired ones last. */
export async function registerUnits(db: Db): Promise<RegisterUnit[]> {
  const rows = await db.selectFrom('agency_unit').selectAll().orderBy(({ eb }) => eb('retired_at', 'is not', null)).orderBy('service').orderBy('call_sign').execute();
  return rows.map(view);
}

async function lockRegisterRow(tx: Tx, callSign: string) {
  const row = await tx.selectFrom('agency_unit').selectAll().where('call_sign', '=', callSign).forUpdate().executeTakeFirst();
  if (!row) throw new NotFound('unit.not_found', `no unit has the call sign "${callSign}"`);
  return row;
}

/** Change a unit's service, sector (area), kind, description or supervisor mark; audited with before and after. */
export async function changeRegisterUnit(ctx: AppContext, actor: Actor, callSign: string, change: RegisterChange): Promise<RegisterUnit> {
  return inTransaction(ctx.db, async (tx) => {
    const before = await lockRegisterRow(tx, callSign);
    if (before.retired_at) throw new Conflict('unit.retired', `unit ${callSign} is retired: its record is kept as it was`);
    const row = await tx.updateTable('agency_unit').set({
      ...(change.kind !== undefined ? { kind: change.kind } : {}),
      ...(change.service !== undefined ? { service: change.service } : {}),
      ...(change.area !== undefined ? { area: change.area } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.supervisor !== undefined ? { supervisor: change.supervisor } : {}),
    }).where('call_sign', '=', callSign).returningAll().executeTakeFirstOrThrow();
    const after = view(row);
    await appendEvent(tx, { kind: 'unit.changed', subject: { type: 'unit', id: callSign }, actor, payload: { ...after } });
    await recordAudit(tx, { actor, role: roleUsedFor(actor.roles, 'codes.edit') ?? null, action: 'unit.changed', subject: { type: 'unit', id: callSign }, outcome: 'allowed', detail: { before: view(before), after } });
    return after;
  });
}

/**
 * Retire a unit: it leaves the board and can no longer be dispatched or change status, and its
 * record stays (old incidents name its call sign). Only a unit on no incident can be retired.
 */
export async function retireUnit(ctx: AppContext, actor: Actor, callSign: string, reason: string): Promise<RegisterUnit> {
  return inTransaction(ctx.db, async (tx) => {
    const before = await lockRegisterRow(tx, callSign);
    if (before.retired_at) throw new Conflict('unit.retired', `unit ${callSign} is already retired`);
    const status = await tx.selectFrom('unit_status').select(['status', 'incident_number']).where('call_sign', '=', callSign).forUpdate().executeTakeFirst();
    if (status?.incident_number) throw new Conflict('unit.busy', `unit ${callSign} is on incident ${status.incident_number}: clear it before retiring the unit`);
    const now = new Date();
    // out of service with no incident: a dispatch that was already under way is refused (unit.unavailable)
    await tx.updateTable('unit_status').set({ status: 'out_of_service', reason: null, detail: JSON.stringify({ retired: reason }), since: now }).where('call_sign', '=', callSign).execute();
    const row = await tx.updateTable('agency_unit').set({ retired_at: now, retired_reason: reason }).where('call_sign', '=', callSign).returningAll().executeTakeFirstOrThrow();
    const after = view(row);
    await appendEvent(tx, { kind: 'unit.retired', subject: { type: 'unit', id: callSign }, actor, payload: { reason } });
    await recordAudit(tx, { actor, role: roleUsedFor(actor.roles, 'codes.edit') ?? null, action: 'unit.retired', subject: { type: 'unit', id: callSign }, outcome: 'allowed', reason, detail: { before: view(before) } });
    return after;
  });
}
