/** Cases (S-110 §B): unique, sequential, gap-free numbers per year; a CAD incident becomes a case in one action. */
import type { AppContext } from '../core/context.ts';
import { Conflict, NotFound, Problem } from '../core/errors.ts';
import { inTransaction, serverTime, type Tx } from '../db/index.ts';
import { nextYearlyNumber } from '../db/numbers.ts';
import { appendEvent, eventsFor } from '../core/events/log.ts';
import { may } from './access.ts';
import type { Actor } from '../core/actor.ts';
import { agencyYear } from '../core/clock.ts';
import { incidentForCase } from '../dispatch/incidents/service.ts';
import { readSetting } from '../core/settings.ts';
import { CASE_PREFIX, caseNumberOf } from './case-numbers.ts';

export interface NewCase { type: string; location: string; occurredAt?: string | undefined }

/** Open a case inside the caller's transaction; the number comes from the 'case' series of the agency year. */
export async function openCaseIn(tx: Tx, ctx: AppContext, actor: Actor, input: { type: string; location: Record<string, unknown> & { address: string }; occurredAt: Date; incidentNumber?: string; carried?: Record<string, unknown> }): Promise<string> {
  const now = await serverTime(tx);
  if (input.occurredAt.getTime() > now.getTime() + 60_000) throw new Problem(422, 'case.future', 'Impossible date', 'the event cannot be in the future');
  const year = agencyYear(ctx.config.agency.timeZone, now);
  const number = caseNumberOf(await readSetting(tx, CASE_PREFIX), await nextYearlyNumber(tx, 'case', year));
  await tx.insertInto('record_case').values({
    number, year, type: input.type, location: JSON.stringify(input.location), occurred_at: input.occurredAt,
    incident_number: input.incidentNumber ?? null, carried: JSON.stringify(input.carried ?? {}), opened_by: actor.username,
  }).execute();
  await appendEvent(tx, { kind: 'records.case.opened', subject: { type: 'case', id: number }, actor, payload: { incident: input.incidentNumber ?? null } });
  return number;
}

export async function openCase(ctx: AppContext, actor: Actor, input: NewCase): Promise<{ number: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : await serverTime(tx);
    return { number: await openCaseIn(tx, ctx, actor, { type: input.type, location: { address: input.location }, occurredAt }) };
  });
}

/**
 * One action turns a CAD incident into a case, carrying its 81.2.3 fields (time of
 * the call, complainant, type, location, units with dispatch/arrival/clear times,
 * disposition) and a reference to its timeline in the event log. An incident opens one case.
 */
export async function openCaseFromIncident(ctx: AppContext, actor: Actor, incidentNumber: string): Promise<{ number: string; existing: boolean }> {
  return inTransaction(ctx.db, async (tx) => {
    const existing = await tx.selectFrom('record_case').select('number').where('incident_number', '=', incidentNumber).executeTakeFirst();
    if (existing) {
      await visibleIncident(tx, actor, incidentNumber);
      throw new Conflict('case.exists', `incident ${incidentNumber} is already case ${existing.number}`, { caseNumber: existing.number });
    }
    return { number: await openCaseFromIncidentIn(tx, ctx, actor, incidentNumber), existing: false };
  });
}

async function visibleIncident(tx: Tx, actor: Actor, incidentNumber: string) {
  const found = await incidentForCase(tx, incidentNumber);
  if (!found) throw new NotFound('incident.not_found', `no incident ${incidentNumber}`);
  if (found.incident.confidential && !may(actor, 'dispatch.confidential') && !may(actor, 'records.release')) {
    throw new NotFound('incident.not_found', `no incident ${incidentNumber}`);
  }
  return found;
}

/** The case of a CAD incident inside the caller's transaction: the one it already became, or a new one. */
export async function caseOfIncidentIn(tx: Tx, ctx: AppContext, actor: Actor, incidentNumber: string): Promise<string> {
  const existing = await tx.selectFrom('record_case').select('number').where('incident_number', '=', incidentNumber).executeTakeFirst();
  if (existing) { await visibleIncident(tx, actor, incidentNumber); return existing.number; }
  return openCaseFromIncidentIn(tx, ctx, actor, incidentNumber);
}

async function openCaseFromIncidentIn(tx: Tx, ctx: AppContext, actor: Actor, incidentNumber: string): Promise<string> {
  const { incident, units } = await visibleIncident(tx, actor, incidentNumber);
  const timeline = await eventsFor(tx, 'incident', incidentNumber);
  const carried = {
    incidentNumber, type: incident.type, priority: incident.priority, reportedAt: incident.reported_at.toISOString(),
    location: incident.location, complainant: incident.complainant, narrative: incident.narrative, disposition: incident.disposition,
    closedAt: incident.closed_at?.toISOString() ?? null,
    units: units.map((u) => ({ callSign: u.call_sign, role: u.role, dispatchedAt: u.dispatched_at.toISOString(), enRouteAt: u.en_route_at?.toISOString() ?? null, arrivedAt: u.arrived_at?.toISOString() ?? null, clearedAt: u.cleared_at?.toISOString() ?? null })),
    timeline: { subject: { type: 'incident', id: incidentNumber }, events: timeline.length, firstSeq: timeline[0]?.seq ?? null, lastSeq: timeline.at(-1)?.seq ?? null },
  };
  return openCaseIn(tx, ctx, actor, { type: incident.type, location: incident.location, occurredAt: incident.reported_at, incidentNumber, carried });
}

export async function setCaseStatus(ctx: AppContext, actor: Actor, number: string, status: 'open' | 'closed' | 'inactive'): Promise<{ status: 'open' | 'closed' | 'inactive' }> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await tx.updateTable('record_case').set({ status }).where('number', '=', number).returning('status').executeTakeFirst();
    if (!row) throw new NotFound('case.not_found', `no case ${number}`);
    await appendEvent(tx, { kind: 'records.case.status', subject: { type: 'case', id: number }, actor, payload: { status } });
    return { status };
  });
}
