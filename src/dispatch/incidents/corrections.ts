import type { AppContext } from '../../core/context.ts';
import type { Actor } from '../../core/actor.ts';
import { BadRequest, NotFound } from '../../core/errors.ts';
import { enforce } from '../../core/decision.ts';
import { appendEvent } from '../../core/events/log.ts';
import { codeTable } from '../../agency/service.ts';
import { inTransaction, type Tx } from '../../db/index.ts';
import { locator } from '../../geo/service.ts';
import { readTimers } from '../alerts/store.ts';
import { runCloseChecks } from './closing.ts';
import { changedFields, mayMerge, mayReopen, statusAfterMerge } from './correction-rules.ts';
import type { Complainant, IncidentLocation, IncidentRecord } from './model.ts';
import type { Ali } from '../calls/model.ts';
import { placeIncident } from './place.ts';
import { replaceShelterAddress } from './store.ts';
import { lockIncident } from '../units/store.ts';
import { incidentPriority, maskShelterAddresses, requiredResponse } from './rules.ts';
import { incidentRecord } from './service.ts';

/** The disposition a duplicate closes with; `mergedInto` names the incident it repeated. */
export const DUPLICATE_DISPOSITION = 'DUPLICATE';

export interface Correction {
  reason: string;
  type?: string | undefined;
  priority?: number | undefined;
  location?: (IncidentLocation & { confidentialShelter?: boolean | undefined }) | undefined;
  complainant?: (Complainant & { confidentialShelter?: boolean | undefined }) | undefined;
}

async function lockedOrNotFound(tx: Tx, number: string) {
  const row = await lockIncident(tx, number);
  if (!row) throw new NotFound('incident.not_found', `There is no incident ${number}.`);
  return row;
}

function reasonOf(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw new BadRequest('incident.reason_required', 'reason is required: say why the record changes (81A §D.3).', { field: 'reason' });
  return trimmed;
}

/**
 * Correct an incident's type, priority, location or complainant (81A §D.3): the row takes
 * the new values and one `incident.corrected` entry keeps each old and new value, the
 * reason and who changed it. A new type brings its required response (units, supervisor:
 * 81A §E.3–4), which the recommendation and dispatch check from then on, and its priority
 * unless one is given.
 */
export async function correctIncident(ctx: AppContext, actor: Actor, number: string, input: Correction): Promise<IncidentRecord> {
  const reason = reasonOf(input.reason);
  const type = input.type === undefined ? undefined : (await codeTable(ctx.db, 'incident_type')).find((c) => c.code === input.type);
  if (input.type !== undefined && !type) throw new BadRequest('incident.unknown_type', `"${input.type}" is not an incident type in the code table (GET /api/v1/incident-types).`, { field: 'type' });
  const locate = input.location ? await locator(ctx) : undefined;
  await inTransaction(ctx.db, async (tx) => {
    const row = await lockedOrNotFound(tx, number);
    if (row.merged_into) throw new BadRequest('incident.merged', `This incident was merged into ${row.merged_into}; correct that one.`, { field: 'number' });
    const masked = maskShelterAddresses(input.location ?? row.location, input.complainant ?? undefined, ctx.config.agency.address);
    const after: Parameters<typeof changedFields>[1] = {
      type: type?.code,
      priority: input.priority ?? (type && type.code !== row.type ? incidentPriority(type) : undefined),
      location: input.location && locate ? placeIncident(masked.location, (row.location as { ali?: Ali }).ali ?? null, locate, Boolean(input.location.confidentialShelter)) : undefined,
      complainant: input.complainant ? masked.complainant : undefined,
    };
    const changes = changedFields({ type: row.type, priority: row.priority, location: row.location, complainant: row.complainant }, after);
    if (changes.length === 0) throw new BadRequest('incident.correction_unchanged', 'Nothing differs from the record: give at least one of type, priority, location or complainant with a new value.', { field: 'body' });
    const response = type ? requiredResponse(type) : { minUnits: row.min_units, supervisor: row.supervisor_required };
    const set: Record<string, unknown> = { min_units: response.minUnits, supervisor_required: response.supervisor };
    for (const c of changes) set[c.field] = c.field === 'location' || c.field === 'complainant' ? JSON.stringify(c.to) : c.to;
    await tx.updateTable('incident').set(set).where('number', '=', number).execute();
    for (const r of masked.restricted) {
      if (changes.some((c) => c.field === r.field)) await replaceShelterAddress(tx, number, r.field, r.address, actor.username);
    }
    const responseChanged = response.minUnits !== row.min_units || response.supervisor !== row.supervisor_required;
    await appendEvent(tx, {
      kind: 'incident.corrected', subject: { type: 'incident', id: number }, actor, confidential: row.confidential,
      payload: {
        reason, changes: changes.map((c) => ({ ...c })),
        ...(responseChanged ? { requiredResponse: { from: { minUnits: row.min_units, supervisor: row.supervisor_required }, to: response } } : {}),
      },
    });
  });
  return incidentRecord(ctx, number, actor);
}

/** Reopen a closed incident within the agency's window (a dispatch timer, `reopenHours`): pending again, units to be sent anew. */
export async function reopenIncident(ctx: AppContext, actor: Actor, number: string, reasonGiven: string): Promise<IncidentRecord> {
  const reason = reasonOf(reasonGiven);
  await inTransaction(ctx.db, async (tx) => {
    const row = await lockedOrNotFound(tx, number);
    const timers = await readTimers(tx);
    enforce(mayReopen({ status: row.status, closedAt: row.closed_at, mergedInto: row.merged_into }, new Date(), timers.reopenHours));
    await tx.updateTable('incident').set({ status: 'pending', disposition: null, closed_at: null }).where('number', '=', number).execute();
    await appendEvent(tx, {
      kind: 'incident.reopened', subject: { type: 'incident', id: number }, actor, confidential: row.confidential,
      payload: { reason, disposition: row.disposition, closedAt: row.closed_at?.toISOString() ?? null },
    });
  });
  return incidentRecord(ctx, number, actor);
}

/**
 * Merge a duplicate into the incident it repeats (81A §C "Multiple Calls"): its callers and
 * the units still on it move over, it closes as a duplicate naming the other, and each
 * timeline says so. Nothing of the duplicate's own history is moved or rewritten. The
 * duplicate closes, so the checks every close runs (master keys back, O-604 §III.F) run.
 */
export async function mergeIncident(ctx: AppContext, actor: Actor, number: string, into: string, reasonGiven: string): Promise<IncidentRecord> {
  const reason = reasonOf(reasonGiven);
  await inTransaction(ctx.db, async (tx) => {
    // two dispatchers merging the same pair either way round lock in the same order
    const [first, second] = [number, into].sort();
    const rows = new Map([[first!, await lockIncident(tx, first!)], [second!, await lockIncident(tx, second!)]]);
    const duplicate = rows.get(number);
    const survivor = rows.get(into);
    if (!duplicate) throw new NotFound('incident.not_found', `There is no incident ${number}.`);
    if (!survivor) throw new NotFound('incident.not_found', `There is no incident ${into} to merge into (field into).`);
    const side = (r: typeof duplicate) => ({ number: r.number, status: r.status, confidential: r.confidential, mergedInto: r.merged_into });
    enforce(mayMerge(side(duplicate), side(survivor)));
    await runCloseChecks(tx, actor, { number, confidential: duplicate.confidential }, undefined);
    const calls = await tx.updateTable('call').set({ incident_number: into }).where('incident_number', '=', number).returning('id').execute();
    const active = await tx.selectFrom('incident_unit').select(['call_sign', 'role', 'arrived_at']).where('incident_number', '=', number).where('cleared_at', 'is', null).execute();
    const hasPrimary = await tx.selectFrom('incident_unit').select('call_sign').where('incident_number', '=', into).where('cleared_at', 'is', null).where('role', '=', 'primary').executeTakeFirst();
    await tx.updateTable('incident_unit').set({ incident_number: into, ...(hasPrimary ? { role: 'backup' as const } : {}) })
      .where('incident_number', '=', number).where('cleared_at', 'is', null).execute();
    await tx.updateTable('unit_status').set({ incident_number: into }).where('incident_number', '=', number).execute();
    const status = statusAfterMerge(survivor.status, active.map((u) => ({ arrived: u.arrived_at !== null })));
    if (status !== survivor.status) await tx.updateTable('incident').set({ status: status as 'dispatched' | 'on_scene' }).where('number', '=', into).execute();
    await tx.updateTable('incident').set({ status: 'closed', disposition: DUPLICATE_DISPOSITION, closed_at: new Date(), merged_into: into }).where('number', '=', number).execute();
    const moved = { calls: calls.map((c) => c.id), units: active.map((u) => u.call_sign) };
    await appendEvent(tx, { kind: 'incident.merged', subject: { type: 'incident', id: number }, actor, confidential: duplicate.confidential, payload: { into, reason, ...moved } });
    await appendEvent(tx, { kind: 'incident.duplicate_merged', subject: { type: 'incident', id: into }, actor, confidential: survivor.confidential, payload: { from: number, reason, ...moved } });
  });
  return incidentRecord(ctx, into, actor);
}
