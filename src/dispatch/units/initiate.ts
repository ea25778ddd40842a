import type { AppContext } from '../../core/context.ts';
import { BadRequest, Conflict } from '../../core/errors.ts';
import { codeTable } from '../../agency/service.ts';
import { inTransaction } from '../../db/index.ts';
import { appendEvents } from '../../core/events/log.ts';
import { agencyYear } from '../../core/clock.ts';
import type { Actor } from '../../core/actor.ts';
import { insertNumberedIncident } from '../incidents/store.ts';
import { incidentRecord } from '../incidents/service.ts';
import type { IncidentRecord } from '../incidents/model.ts';
import { missingDetail } from './rules.ts';
import { lockUnits, projectIncidentStatus } from './store.ts';

export const TRAFFIC_STOP = 'MV_STOP';

export interface InitiatedWork {
  type: string;
  address: string;
  plate?: string | undefined;
  state?: string | undefined;
  narrative?: string | undefined;
}

/** The type's code-table entry and required response, or 400 naming the field. */
async function typeOf(ctx: AppContext, code: string) {
  const entry = (await codeTable(ctx.db, 'incident_type')).find((c) => c.code === code);
  if (!entry) throw new BadRequest('incident.unknown_type', `type: "${code}" is not an incident type in the code table (GET /api/v1/incident-types).`);
  const minUnits = Number(entry.attrs.minUnits ?? 1);
  return { code: entry.code, priority: Number(entry.attrs.priority ?? 3), minUnits: Number.isInteger(minUnits) && minUnits > 0 ? minUnits : 1, supervisor: Boolean(entry.attrs.supervisor) };
}

/**
 * Officer-initiated work in one transaction (81A §E.5.a.vi for a traffic stop): the
 * incident, with the plate and state of a stopped vehicle, and the unit on scene at it
 * as the primary unit. The unit must be available; nothing is written otherwise.
 */
export async function initiateIncident(ctx: AppContext, actor: Actor, callSign: string, input: InitiatedWork): Promise<IncidentRecord> {
  if (!input.address.trim()) throw new BadRequest('incident.location_required', 'address: officer-initiated work needs a location (81A §D.2.b).');
  const vehicle = input.plate ? { plate: input.plate.toUpperCase(), ...(input.state ? { state: input.state.toUpperCase() } : {}) } : null;
  if (input.type === TRAFFIC_STOP) {
    const missing = missingDetail('MV_STOP', { plate: input.plate ?? '', location: input.address });
    if (missing) throw new BadRequest('unit.detail_required', missing.replace('detail.', ''));
  }
  const type = await typeOf(ctx, input.type);
  const tz = ctx.config.agency.timeZone;
  const number = await inTransaction(ctx.db, async (tx) => {
    const locked = await lockUnits(tx, [callSign]);
    const unit = locked.get(callSign);
    if (unit?.status !== 'available') {
      throw new Conflict('unit.unavailable', `${callSign} is ${unit?.status.replace(/_/g, ' ') ?? 'unknown'}${unit?.incident_number ? ` on ${unit.incident_number}` : ''}: clear it first`);
    }
    const narrative = input.narrative ?? (vehicle ? `Traffic stop by ${callSign}: ${vehicle.plate}${vehicle.state ? ` (${vehicle.state})` : ''}` : `Officer-initiated by ${callSign}`);
    const location = { address: input.address.trim() };
    // the number and the row in one statement, as for an incident a dispatcher creates
    const { number, reportedAt } = await insertNumberedIncident(tx, agencyYear(tz), {
      callId: null, type: type.code, priority: type.priority, location, complainant: null, narrative, reportingParty: null,
      createdBy: actor.username, minUnits: type.minUnits, supervisor: type.supervisor,
    });
    const now = new Date();
    const detail = vehicle ? JSON.stringify({ ...vehicle, location: location.address }) : null;
    await tx.updateTable('unit_status').set({ status: 'arrived', incident_number: number, reason: null, detail, since: now }).where('call_sign', '=', callSign).execute();
    await tx.insertInto('incident_unit').values({ incident_number: number, call_sign: callSign, role: 'primary', dispatched_at: now, arrived_at: now }).execute();
    // both events in one statement, the incident's first
    const ev = { actor: { username: actor.username, unit: callSign } };
    await appendEvents(tx, [
      { ...ev, kind: 'incident.created', subject: { type: 'incident', id: number }, payload: {
        number, type: type.code, priority: type.priority, location, complainant: null, reportedAt: reportedAt.toISOString(), narrative,
        requiredResponse: { minUnits: type.minUnits, supervisor: type.supervisor }, callId: null, source: 'officer_initiated', initiatedBy: callSign, vehicle,
      } },
      { ...ev, kind: 'unit.status_changed', subject: { type: 'unit', id: callSign }, payload: { status: 'arrived', previous: 'available', incident: number, role: 'primary', initiated: true, ...(vehicle ?? {}) } },
    ]);
    await projectIncidentStatus(tx, number);
    return number;
  });
  return incidentRecord(ctx, number, actor);
}
