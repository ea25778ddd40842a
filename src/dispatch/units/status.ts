import type { AppContext } from '../../core/context.ts';
import { BadRequest, Conflict, Forbidden, NotFound, PolicyViolation } from '../../core/errors.ts';
import { codeTable } from '../../agency/service.ts';
import { inTransaction, type Tx } from '../../db/index.ts';
import { appendEvent, eventsFor, type DispatchEvent } from '../../core/events/log.ts';
import { loadFacts, protectedReads } from '../../core/events/visibility.ts';
import { auditThisRead } from '../../core/audit/action.ts';
import { permissionsOf } from '../../core/permissions.ts';
import { TRANSPORT_REASONS, type UnitStatus, type UnitView } from './model.ts';
import { missingDetail, statusChangeRefusal } from './rules.ts';
import { boardRows, knownUnits, releaseUnit, sees } from './service.ts';
import { incidentRecord } from '../incidents/service.ts';
import type { IncidentRecord } from '../incidents/model.ts';
import { findUnit, lockUnits, ownUnits, projectIncidentStatus, toView } from './store.ts';
import type { Actor } from '../../core/actor.ts';
import { agencyDate } from '../../core/clock.ts';

export interface StatusInput {
  status: UnitStatus;
  reason?: string | undefined;
  detail?: Record<string, string> | undefined;
}

/**
 * Who may act for a unit: a dispatcher for any unit; a field officer for the unit
 * they ride in on today's roster (81A §B.4.c "promptly advising Dispatch of any
 * change in duty status"). Returns the unit to record as the actor's.
 */
export async function actingFor(ctx: AppContext, actor: Actor, callSign: string, checked = false): Promise<string | null> {
  if (!checked) await knownUnits(ctx, [callSign]);
  const held = permissionsOf(actor.roles);
  const own = held.has('dispatch.own_unit') ? await ownUnits(ctx.db, ctx.config.agency.timeZone, actor.username) : [];
  if (own.includes(callSign)) return callSign;
  if (held.has('dispatch.dispatch')) return actor.unit ?? null;
  throw new Forbidden('unit.not_own_unit', `you may change the status of your own unit only; ${callSign} is not yours on today’s roster`);
}

/**
 * The actor's own unit on this incident, for a field officer adding to it (a note from
 * the cruiser): the unit must be on the incident now. Refused otherwise.
 */
export async function ownUnitOnIncident(ctx: AppContext, actor: Actor, number: string): Promise<string> {
  const own = await ownUnits(ctx.db, ctx.config.agency.timeZone, actor.username);
  const row = own.length === 0 ? undefined : await ctx.db.selectFrom('incident_unit').select('call_sign')
    .where('incident_number', '=', number).where('cleared_at', 'is', null).where('call_sign', 'in', own).executeTakeFirst();
  if (!row) throw new Forbidden('incident.not_assigned', `only dispatch, or a unit assigned to ${number}, may add to it`);
  return row.call_sign;
}

export async function unitView(ctx: AppContext, actor: Actor, callSign: string): Promise<UnitView> {
  const row = await findUnit(ctx.db, agencyDate(ctx.config.agency.timeZone), callSign);
  if (!row) throw new NotFound('unit.not_found', `no unit has the call sign "${callSign}"`);
  if (sees(actor)) return toView(row, false);
  const own = await ownUnits(ctx.db, ctx.config.agency.timeZone, actor.username);
  return toView(row, !own.includes(callSign));
}

export function unitsBoard(ctx: AppContext, actor: Actor): Promise<UnitView[]> {
  return boardRows(ctx, actor);
}

/** A unit answered to a change that moved an incident's unit times: the unit and that incident, so the client reads neither again. */
export type UnitAnswer = UnitView & { incidentRecord: IncidentRecord | null };

/**
 * The unit as the change left it, with the incident it touched as GET /incidents/{number}
 * shows it to this reader (a confidential one withheld alike). The change's own audit row
 * already names that incident: its event was written in the change's transaction.
 */
async function withIncident(ctx: AppContext, actor: Actor, callSign: string, number: string | null): Promise<UnitAnswer> {
  const unit = await unitView(ctx, actor, callSign);
  if (!number || !permissionsOf(actor.roles).has('events.read')) return { ...unit, incidentRecord: null };
  return { ...unit, incidentRecord: await incidentRecord(ctx, number, actor) };
}

async function checkReason(ctx: AppContext, input: StatusInput): Promise<void> {
  if (input.status !== 'out_of_service') {
    if (input.reason) throw new BadRequest('unit.reason_not_expected', 'a reason is given only when a unit goes out of service (81A §E.5.a.vii)');
    return;
  }
  if (!input.reason) throw new BadRequest('unit.reason_required', 'say why the unit is going out of service (81A §E.5.a.vii)');
  const reasons = await codeTable(ctx.db, 'out_of_service_reason');
  if (!reasons.some((r) => r.code === input.reason)) {
    throw new BadRequest('unit.unknown_reason', `"${input.reason}" is not an out-of-service reason; one of ${reasons.map((r) => r.code).join(', ')}`);
  }
  const missing = missingDetail(input.reason, input.detail);
  if (missing) throw new BadRequest('unit.detail_required', missing);
}

/** One status change, attributed and time-stamped, with the incident's unit times following it. */
export async function changeStatus(ctx: AppContext, actor: Actor, callSign: string, input: StatusInput): Promise<UnitAnswer> {
  const actorUnit = await actingFor(ctx, actor, callSign, true);
  await checkReason(ctx, input);
  const touched = await inTransaction(ctx.db, async (tx) => {
    const before = await tx.selectFrom('unit_status').select(['status', 'incident_number', 'reason', 'detail', 'since']).where('call_sign', '=', callSign).forUpdate().executeTakeFirst();
    if (!before) throw new NotFound('unit.not_found', `no unit has the call sign "${callSign}"`);
    const current = before;
    const from = current.status as UnitStatus;
    const refusal = statusChangeRefusal(from, input.status, current.incident_number !== null);
    if (refusal) throw new PolicyViolation(refusal.code, refusal.detail, refusal.clause, 409);
    const now = new Date();
    const incident = current.incident_number;
    await applyStatus(tx, callSign, incident, input, now);
    const confidential = incident ? (await tx.selectFrom('incident').select('confidential').where('number', '=', incident).executeTakeFirstOrThrow()).confidential : false;
    const ended = from === 'out_of_service' && before.reason && (input.status !== 'out_of_service' || before.reason !== input.reason)
      ? { reason: before.reason, detail: before.detail, since: before.since.toISOString(), transport: TRANSPORT_REASONS.has(before.reason) } : undefined;
    const ev = { actor: { username: actor.username, unit: actorUnit }, confidential };
    await appendEvent(tx, { ...ev, kind: 'unit.status_changed', subject: { type: 'unit', id: callSign }, payload: {
      status: input.status, previous: from, reason: input.reason ?? null, detail: input.detail ?? null, incident, ...(ended ? { ended } : {}),
    } });
    if (incident) {
      const status = await projectIncidentStatus(tx, incident);
      await appendEvent(tx, { ...ev, kind: 'incident.unit_status', subject: { type: 'incident', id: incident }, payload: { unit: callSign, status: input.status, incidentStatus: status } });
    }
    return incident;
  });
  return withIncident(ctx, actor, callSign, touched);
}

async function applyStatus(tx: Tx, callSign: string, incident: string | null, input: StatusInput, now: Date): Promise<void> {
  const onIncident = (column: 'en_route_at' | 'arrived_at') => tx.updateTable('incident_unit').set({ [column]: now })
    .where('incident_number', '=', incident!).where('call_sign', '=', callSign).where('cleared_at', 'is', null).where(column, 'is', null).execute();
  if (input.status === 'available' && incident) return releaseUnit(tx, callSign, incident, now);
  if (input.status === 'en_route') await onIncident('en_route_at');
  if (input.status === 'arrived') await onIncident('arrived_at');
  await tx.updateTable('unit_status').set({
    status: input.status, since: now, reason: input.reason ?? null, detail: input.detail ? JSON.stringify(input.detail) : null,
    ...(input.status === 'available' ? { unanswered_calls: 0, first_unanswered_at: null } : {}),
  }).where('call_sign', '=', callSign).execute();
}

/**
 * A field unit backing up another tells dispatch (81A §E.6.d): it joins the incident as
 * a backup, on scene at once, so the record shows its presence at the location.
 */
export async function reportBackup(ctx: AppContext, actor: Actor, callSign: string, number: string): Promise<UnitAnswer> {
  const actorUnit = await actingFor(ctx, actor, callSign);
  await inTransaction(ctx.db, async (tx) => {
    const incident = await tx.selectFrom('incident').select(['status', 'confidential']).where('number', '=', number).forUpdate().executeTakeFirst();
    if (!incident) throw new NotFound('incident.not_found', `there is no incident ${number}`);
    if (incident.status === 'closed') throw new Conflict('incident.closed', `incident ${number} is closed`);
    const current = (await lockUnits(tx, [callSign])).get(callSign)!;
    if (current.status !== 'available') throw new Conflict('unit.unavailable', `${callSign} is ${current.status.replace(/_/g, ' ')}; clear it first`);
    const now = new Date();
    await tx.insertInto('incident_unit').values({ incident_number: number, call_sign: callSign, role: 'backup', dispatched_at: now, arrived_at: now }).execute();
    await tx.updateTable('unit_status').set({ status: 'arrived', incident_number: number, since: now, reason: null, detail: null }).where('call_sign', '=', callSign).execute();
    const ev = { actor: { username: actor.username, unit: actorUnit }, confidential: incident.confidential };
    await appendEvent(tx, { ...ev, kind: 'unit.status_changed', subject: { type: 'unit', id: callSign }, payload: { status: 'arrived', previous: 'available', incident: number, backup: true } });
    const status = await projectIncidentStatus(tx, number);
    await appendEvent(tx, { ...ev, kind: 'incident.backup_on_scene', subject: { type: 'incident', id: number }, payload: { unit: callSign, status } });
  });
  return withIncident(ctx, actor, callSign, number);
}

/** Last known location, typed by a dispatcher or sent by a position feed (81A §B.4.d). */
export async function setLocation(ctx: AppContext, actor: Actor, callSign: string, location: { address?: string | undefined; lat?: number | undefined; lon?: number | undefined }): Promise<UnitView> {
  const actorUnit = await actingFor(ctx, actor, callSign);
  if (!location.address && (location.lat === undefined || location.lon === undefined)) {
    throw new BadRequest('unit.location_required', 'give an address, or both lat and lon');
  }
  await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('unit_status').set({ location: JSON.stringify(location), location_at: new Date() }).where('call_sign', '=', callSign).execute();
    await appendEvent(tx, { kind: 'unit.location', subject: { type: 'unit', id: callSign }, actor: { username: actor.username, unit: actorUnit }, payload: { location } });
  });
  return unitView(ctx, actor, callSign);
}

/** The personnel aboard for the shift. */
export async function setPersonnel(ctx: AppContext, actor: Actor, callSign: string, personnel: string[]): Promise<UnitView> {
  await knownUnits(ctx, [callSign]);
  await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('unit_status').set({ personnel }).where('call_sign', '=', callSign).execute();
    await appendEvent(tx, { kind: 'unit.personnel', subject: { type: 'unit', id: callSign }, actor: { username: actor.username }, payload: { personnel } });
  });
  return unitView(ctx, actor, callSign);
}

/** Every change to a unit, oldest first: the legal record from the event log. */
export async function unitHistory(ctx: AppContext, actor: Actor, callSign: string): Promise<DispatchEvent[]> {
  await knownUnits(ctx, [callSign]);
  const events = await eventsFor(ctx.db, 'unit', callSign);
  const shown = sees(actor) ? events : events.map((e) => (e.confidential ? { ...e, payload: { status: e.payload.status, previous: e.payload.previous } } : e));
  // A status change naming a confidential incident, shown whole, is a read of that incident (CJIS AU-3).
  for (const read of protectedReads(shown, await loadFacts({ db: ctx.db, timeZone: ctx.config.agency.timeZone }, shown))) {
    auditThisRead(read.subject, read.action);
  }
  return shown;
}

/**
 * The incident a unit is on, for the officers in it: a field unit sees its own
 * assignment even when the incident is confidential (81A §E.2.c), where the open
 * stream and the other units see nothing of it.
 */
export async function assignment(ctx: AppContext, actor: Actor, callSign: string) {
  await actingFor(ctx, actor, callSign);
  const unit = await ctx.db.selectFrom('unit_status').select('incident_number').where('call_sign', '=', callSign).executeTakeFirstOrThrow();
  if (!unit.incident_number) return { callSign, incident: null };
  const i = await ctx.db.selectFrom('incident').selectAll().where('number', '=', unit.incident_number).executeTakeFirstOrThrow();
  // The field view of a confidential incident is a read of it, audited like any other (81A §E.2.c; CJIS AU-3).
  if (i.confidential) auditThisRead({ type: 'incident', id: i.number }, 'incident.read_confidential');
  const units = await ctx.db.selectFrom('incident_unit').select(['call_sign', 'role', 'dispatched_at', 'arrived_at'])
    .where('incident_number', '=', i.number).where('cleared_at', 'is', null).orderBy('dispatched_at').execute();
  return {
    callSign,
    incident: {
      number: i.number, type: i.type, priority: i.priority, location: i.location, narrative: i.narrative, status: i.status, confidential: i.confidential,
      reportedAt: i.reported_at.toISOString(),
      units: units.map((u) => ({ callSign: u.call_sign, role: u.role, dispatchedAt: u.dispatched_at.toISOString(), arrivedAt: u.arrived_at?.toISOString() ?? null })),
    },
  };
}

/**
 * Put a unit on the board: e.g. an officer on a paid detail, whose call sign is the
 * badge or portable number (81A §E.5.c.iii). Units are never deleted.
 */
export async function addUnit(ctx: AppContext, actor: Actor, input: { callSign: string; kind: string; service: 'police' | 'fire' | 'ems'; area?: string | undefined; description?: string | undefined; personnel?: string[] | undefined }): Promise<UnitView> {
  await inTransaction(ctx.db, async (tx) => {
    const inserted = await tx.insertInto('agency_unit').values({ call_sign: input.callSign, kind: input.kind, service: input.service, area: input.area ?? null, description: input.description ?? null })
      .onConflict((oc) => oc.column('call_sign').doNothing()).returning('call_sign').executeTakeFirst();
    if (!inserted) throw new Conflict('unit.exists', `a unit already has the call sign "${input.callSign}"`);
    await tx.insertInto('unit_status').values({ call_sign: input.callSign, status: 'available', incident_number: null, reason: null, since: new Date(), location: JSON.stringify(null), detail: null, personnel: input.personnel ?? [], standby_since: null, standby_reason: null, first_unanswered_at: null, location_at: null }).execute();
    await appendEvent(tx, { kind: 'unit.added', subject: { type: 'unit', id: input.callSign }, actor, payload: { ...input } });
  });
  return unitView(ctx, actor, input.callSign);
}
