import type { AppContext } from '../../core/context.ts';
import { BadRequest, Conflict, Forbidden, NotFound, Problem } from '../../core/errors.ts';
import { codeTable } from '../../agency/service.ts';
import { recordAudit } from '../../core/audit/trail.ts';
import { inTransaction, type Db, type Tx } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import { permissionsOf } from '../../core/permissions.ts';
import { incidentRecord } from '../incidents/service.ts';
import { runCloseChecks, type CloseOverride } from '../incidents/closing.ts';
import type { IncidentRecord } from '../incidents/model.ts';
import { serviceFor, type UnitView } from './model.ts';
import { responseShortfall, type ResponderUnit } from './rules.ts';
import { activeAssignments, agencyUnit, agencyUnits, listUnits, lockIncident, lockUnits, ownUnits, projectIncidentStatus, toView } from './store.ts';
import type { Actor } from '../../core/actor.ts';
import { agencyDate } from '../../core/clock.ts';

export interface DispatchInput {
  units: string[];
  override?: { reason: string } | undefined;
}

export const sees = (actor: Actor) => permissionsOf(actor.roles).has('dispatch.confidential');

/**
 * The status board as GET /units shows it to this reader, or only these units' rows: a
 * unit on a confidential incident keeps its status, but only a reader who may see the
 * incident, or the unit's own officers, see which incident it is on (81A §E.2.c).
 */
export async function boardRows(ctx: AppContext, actor: Actor, only?: readonly string[]): Promise<UnitView[]> {
  const rows = await listUnits(ctx.db, agencyDate(ctx.config.agency.timeZone), only && [...new Set(only)]);
  const own = sees(actor) ? [] : await ownUnits(ctx.db, ctx.config.agency.timeZone, actor.username);
  return rows.map((r) => toView(r, !sees(actor) && !own.includes(r.call_sign)));
}

/** An incident answered to an action that moved units: the record and those units' board rows, so the client needs no GET /units. */
export type IncidentAnswer = IncidentRecord & { board: UnitView[] };

/** The answer to an action on an incident: its record and the board rows of these units, for a reader of the board (events.read). */
export async function withBoard(ctx: AppContext, actor: Actor, record: IncidentRecord, callSigns: readonly string[]): Promise<IncidentAnswer> {
  const reads = permissionsOf(actor.roles).has('events.read');
  return { ...record, board: reads && callSigns.length > 0 ? await boardRows(ctx, actor, callSigns) : [] };
}

/** Load an incident for update, refusing one that does not exist or is closed. */
async function openIncidentForUpdate(tx: Tx, number: string) {
  const incident = await lockIncident(tx, number);
  if (!incident) throw new NotFound('incident.not_found', `there is no incident ${number}`);
  if (incident.status === 'closed') throw new Conflict('incident.closed', `incident ${number} is closed`);
  return incident;
}

/** Refuse unknown call signs before anything is written. */
export async function knownUnits(ctx: AppContext, callSigns: readonly string[]): Promise<void> {
  const rows = await ctx.db.selectFrom('unit_status as s').innerJoin('agency_unit as a', 'a.call_sign', 's.call_sign')
    .select(['s.call_sign', 'a.retired_at']).where('s.call_sign', 'in', [...callSigns]).execute();
  const unknown = callSigns.filter((c) => !rows.some((r) => r.call_sign === c));
  if (unknown.length) throw new NotFound('unit.not_found', `no unit has the call sign ${unknown.map((u) => `"${u}"`).join(', ')}`);
  const retired = rows.find((r) => r.retired_at);
  if (retired) throw new Conflict('unit.retired', `unit ${retired.call_sign} is retired`);
}

/**
 * Dispatch units to an incident (81A §E.2). Units are locked in call-sign order and
 * must be available (409 unit.unavailable): of two dispatchers sending the same unit
 * at once, one wins and the other is refused cleanly. The responding set must meet
 * §E.3/§E.4 unless a commanding officer overrides with a reason (§E.1.b.ii).
 */
export async function dispatchUnits(ctx: AppContext, actor: Actor, number: string, input: DispatchInput): Promise<IncidentRecord> {
  const callSigns = [...new Set(input.units)];
  if (callSigns.length !== input.units.length) throw new BadRequest('dispatch.duplicate_unit', 'a unit is named twice');
  if (input.override && !permissionsOf(actor.roles).has('dispatch.override')) {
    throw new Forbidden('response.override_forbidden', 'only a commanding officer may vary the response to a call (81A §E.1.b.ii)');
  }
  await knownUnits(ctx, callSigns);
  const today = agencyDate(ctx.config.agency.timeZone);
  const types = await codeTable(ctx.db, 'incident_type');
  await inTransaction(ctx.db, async (tx) => {
    const incident = await openIncidentForUpdate(tx, number);
    const locked = await lockUnits(tx, callSigns);
    const busy = callSigns.filter((c) => locked.get(c)?.status !== 'available');
    if (busy.length) {
      throw new Conflict('unit.unavailable', `${busy.join(', ')} ${busy.length > 1 ? 'are' : 'is'} not available`, {
        units: busy.map((c) => ({ callSign: c, status: locked.get(c)?.status, incident: locked.get(c)?.incident_number })),
      });
    }
    const active = await activeAssignments(tx, number);
    const responders = await respondersFor(tx, today, [...active.map((a) => a.call_sign), ...callSigns]);
    const service = serviceFor(incident.type, types.find((c) => c.code === incident.type)?.attrs ?? {});
    const shortfall = responseShortfall({ minUnits: incident.min_units, supervisor: incident.supervisor_required }, responders, service);
    if (shortfall && !input.override) throw new Problem(409, shortfall.code, 'Required response not met', shortfall.detail, { clause: shortfall.clause });
    const ev = { actor: { username: actor.username, unit: actor.unit ?? null }, confidential: incident.confidential };
    if (shortfall && input.override) {
      await appendEvent(tx, { ...ev, kind: 'incident.response_overridden', subject: { type: 'incident', id: number }, payload: { shortfall: shortfall.code, clause: shortfall.clause, detail: shortfall.detail, reason: input.override.reason, units: callSigns } });
      await recordAudit(tx, { actor, role: 'commanding_officer', action: 'dispatch.override', subject: { type: 'incident', id: number }, outcome: 'allowed', reason: input.override.reason, detail: { shortfall: shortfall.code, units: callSigns } });
    }
    const now = new Date();
    const hasPrimary = active.some((a) => a.role === 'primary');
    for (const [i, callSign] of callSigns.entries()) {
      const role = !hasPrimary && i === 0 ? 'primary' : 'backup';
      await tx.updateTable('unit_status').set({ status: 'dispatched', incident_number: number, reason: null, detail: null, since: now })
        .where('call_sign', '=', callSign).where('status', '=', 'available').execute();
      await tx.insertInto('incident_unit').values({ incident_number: number, call_sign: callSign, role, dispatched_at: now }).execute();
      await appendEvent(tx, { ...ev, kind: 'unit.status_changed', subject: { type: 'unit', id: callSign }, payload: { status: 'dispatched', previous: 'available', incident: number, role } });
    }
    const status = await projectIncidentStatus(tx, number);
    await appendEvent(tx, { ...ev, kind: 'incident.units_dispatched', subject: { type: 'incident', id: number }, payload: { units: callSigns, status, overridden: Boolean(shortfall) } });
  });
  return incidentRecord(ctx, number, actor);
}

/** What the required-response rules need to know of each unit. */
async function respondersFor(tx: Tx, today: string, callSigns: readonly string[]): Promise<ResponderUnit[]> {
  const units = await listUnits(tx, today, callSigns);
  return units.map((u) => ({ callSign: u.call_sign, service: u.service, officers: u.personnel.length, supervisor: u.supervisor }));
}

/**
 * Take one unit off an incident: the unit goes available (81A §E.2.f) and the
 * incident's unit times and status follow. Shared by status changes, clearing and closing.
 */
export async function releaseUnit(tx: Tx, callSign: string, number: string, now: Date): Promise<void> {
  await tx.updateTable('incident_unit').set({ cleared_at: now })
    .where('incident_number', '=', number).where('call_sign', '=', callSign).where('cleared_at', 'is', null).execute();
  await tx.updateTable('unit_status').set({ status: 'available', incident_number: null, reason: null, detail: null, since: now })
    .where('call_sign', '=', callSign).execute();
}

/** Clear one unit from an incident (409 when the unit is not on it). */
export async function clearUnit(ctx: AppContext, actor: Actor, number: string, callSign: string): Promise<IncidentRecord> {
  await knownUnits(ctx, [callSign]);
  await inTransaction(ctx.db, async (tx) => {
    const incident = await openIncidentForUpdate(tx, number);
    const locked = await lockUnits(tx, [callSign]);
    if (locked.get(callSign)?.incident_number !== number) {
      throw new Conflict('unit.not_on_incident', `${callSign} is not assigned to incident ${number}`);
    }
    const previous = locked.get(callSign)!.status;
    await releaseUnit(tx, callSign, number, new Date());
    const ev = { actor: { username: actor.username, unit: actor.unit ?? null }, confidential: incident.confidential };
    await appendEvent(tx, { ...ev, kind: 'unit.status_changed', subject: { type: 'unit', id: callSign }, payload: { status: 'available', previous, incident: number, cleared: true } });
    const status = await projectIncidentStatus(tx, number);
    await appendEvent(tx, { ...ev, kind: 'incident.unit_cleared', subject: { type: 'incident', id: number }, payload: { unit: callSign, status } });
  });
  return incidentRecord(ctx, number, actor);
}

/**
 * Close an incident with a disposition; every unit still on it goes available. The checks
 * other capabilities registered run first (O-604 §III.F: not while its master keys are
 * out); `override` is the supervisor's reason for closing one anyway.
 */
export async function closeIncident(ctx: AppContext, actor: Actor, number: string, disposition: string, override?: CloseOverride): Promise<IncidentRecord> {
  const known = (await codeTable(ctx.db, 'disposition')).some((c) => c.code === disposition);
  if (!known) throw new BadRequest('incident.unknown_disposition', `"${disposition}" is not a disposition in the code table`);
  if (override && !override.reason.trim()) throw new BadRequest('incident.override_reason_required', 'override.reason is required: say why the incident is closed anyway.', { field: 'override.reason' });
  await inTransaction(ctx.db, async (tx) => {
    const incident = await openIncidentForUpdate(tx, number);
    await runCloseChecks(tx, actor, { number, confidential: incident.confidential }, override && { reason: override.reason.trim() });
    const active = await activeAssignments(tx, number);
    const locked = await lockUnits(tx, active.map((a) => a.call_sign));
    const now = new Date();
    const ev = { actor: { username: actor.username, unit: actor.unit ?? null }, confidential: incident.confidential };
    for (const a of active) {
      if (locked.get(a.call_sign)?.incident_number !== number) {
        await tx.updateTable('incident_unit').set({ cleared_at: now }).where('incident_number', '=', number).where('call_sign', '=', a.call_sign).where('cleared_at', 'is', null).execute();
        continue;
      }
      await releaseUnit(tx, a.call_sign, number, now);
      await appendEvent(tx, { ...ev, kind: 'unit.status_changed', subject: { type: 'unit', id: a.call_sign }, payload: { status: 'available', previous: locked.get(a.call_sign)!.status, incident: number, cleared: true } });
    }
    await tx.updateTable('incident').set({ status: 'closed', disposition, closed_at: now }).where('number', '=', number).execute();
    await appendEvent(tx, { ...ev, kind: 'incident.closed', subject: { type: 'incident', id: number }, payload: { disposition, clearedUnits: active.map((a) => a.call_sign) } });
  });
  return incidentRecord(ctx, number, actor);
}

/** Mark an incident confidential (81A §E.2.c): its details leave the open stream from now on. */
export async function markConfidential(ctx: AppContext, actor: Actor, number: string, reason: string): Promise<IncidentRecord> {
  await inTransaction(ctx.db, async (tx) => {
    await openIncidentForUpdate(tx, number);
    await tx.updateTable('incident').set({ confidential: true }).where('number', '=', number).execute();
    await appendEvent(tx, { kind: 'incident.marked_confidential', subject: { type: 'incident', id: number }, actor: { username: actor.username }, confidential: true, payload: { reason } });
  });
  return incidentRecord(ctx, number, actor);
}

/** The unit register's entry for a call sign (kind, service, area), for other capabilities. */
export function unitByCallSign(q: Db | Tx, callSign: string) {
  return agencyUnit(q, callSign);
}

/** The unit register (GET /agency/units). */
export function unitRegister(q: Db | Tx) {
  return agencyUnits(q);
}
