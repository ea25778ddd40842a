/**
 * Litigation holds (81A §L "provided no litigation is pending"): placed on an incident, a
 * case, a call, a person, a time range or a channel, with a reason and the matter; what
 * a hold covers is never purged; a release needs a second person.
 */
import type { AppContext } from '../core/context.ts';
import { agencyStamp } from '../core/clock.ts';
import { displayNames } from '../identity/people.ts';
import type { Actor } from '../core/actor.ts';
import { enforce } from '../core/decision.ts';
import { BadRequest, NotFound } from '../core/errors.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import { pageFrom, type PageRequest } from '../core/paging.ts';
import { callSummary } from '../dispatch/calls/lookup.ts';
import { incidentBrief } from '../dispatch/incidents/service.ts';
import { incidentsOfCase, incidentsOfPerson } from '../records/links.ts';
import type { HoldScope } from './model.ts';
import { mayRelease, mayRequestRelease } from './rules.ts';
import { systemActor } from './settings.ts';
import { activeHoldsOf, coveredCount, insertHold, listHolds, lockHold, updateHold, type HoldInsert, type HoldRow } from './store.ts';

export interface NewHold {
  scope: HoldScope;
  incident?: string | undefined;
  case?: string | undefined;
  callId?: string | undefined;
  personId?: string | undefined;
  channel?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  reason: string;
  matter?: { court?: string | undefined; docket?: string | undefined } | undefined;
}

const FIELD_OF: Record<HoldScope, keyof NewHold> = { incident: 'incident', case: 'case', call: 'callId', person: 'personId', channel: 'channel', time_range: 'from' };

function targetOf(h: HoldRow): string {
  switch (h.scope) {
    case 'incident': return `incident ${h.incident_number}`;
    case 'case': return `case ${h.case_number}`;
    case 'call': return `call ${h.call_id}`;
    case 'person': return `person ${h.person_id}`;
    case 'channel': return `channel ${h.channel}`;
    case 'time_range': return `${h.range_from?.toISOString()} to ${h.range_to?.toISOString()}`;
  }
}

/** A hold as the screen shows it: a time range on the agency's clock, people by name beside their logins. */
async function holdView(q: Db | Tx, h: HoldRow, timeZone: string) {
  const nameOf = await displayNames(q, [h.placed_by, h.release_requested_by, h.released_by]);
  const target = h.scope === 'time_range' && h.range_from && h.range_to ? `${agencyStamp(timeZone, h.range_from)} to ${agencyStamp(timeZone, h.range_to)}` : targetOf(h);
  return {
    id: h.id, scope: h.scope, target, incidents: h.incidents, reason: h.reason, court: h.court, docket: h.docket,
    placedBy: h.placed_by, placedByName: nameOf(h.placed_by), placedAt: h.placed_at.toISOString(),
    releaseRequestedBy: h.release_requested_by, releaseRequestedByName: h.release_requested_by && nameOf(h.release_requested_by), releaseRequestedAt: h.release_requested_at?.toISOString() ?? null, releaseReason: h.release_reason,
    releasedBy: h.released_by, releasedAt: h.released_at?.toISOString() ?? null,
    recordingsCovered: await coveredCount(q, h.id),
  };
}

/** The incidents a case or person hold reaches today (through the records). */
export async function incidentsForHold(q: Db | Tx, scope: HoldScope, target: { case?: string | null | undefined; personId?: string | null | undefined }): Promise<string[] | undefined> {
  if (scope === 'case') return incidentsOfCase(q, target.case!);
  if (scope === 'person') return incidentsOfPerson(q, target.personId!);
  return [];
}

export async function placeHold(ctx: AppContext, actor: Actor, input: NewHold) {
  if (!input.reason.trim()) throw new BadRequest('hold.reason_required', 'A hold states its reason (the litigation or claim that is pending).');
  const field = FIELD_OF[input.scope];
  if (!input[field]) throw new BadRequest('hold.target_required', `A ${input.scope} hold names its ${field === 'from' ? 'from and to times' : field}.`);
  let from: Date | null = null;
  let to: Date | null = null;
  if (input.scope === 'time_range') {
    if (!input.to) throw new BadRequest('hold.target_required', 'A time_range hold names its from and to times.');
    from = new Date(input.from!);
    to = new Date(input.to);
    if (!(to.getTime() > from.getTime())) throw new BadRequest('hold.range', 'The end of the held time range must be after its start.');
  }
  return inTransaction(ctx.db, async (tx) => {
    if (input.scope === 'incident' && !(await incidentBrief(tx, input.incident!))) throw new NotFound('incident.not_found', `There is no incident ${input.incident}.`);
    if (input.scope === 'call' && !(await callSummary(tx, input.callId!))) throw new NotFound('call.not_found', `There is no call ${input.callId}.`);
    const incidents = await incidentsForHold(tx, input.scope, { case: input.case, personId: input.personId });
    if (!incidents) throw new NotFound(`${input.scope}.not_found`, `There is no ${input.scope} ${input.case ?? input.personId}.`);
    const row: HoldInsert = {
      scope: input.scope, incident_number: input.scope === 'incident' ? input.incident! : null, case_number: input.scope === 'case' ? input.case! : null,
      call_id: input.scope === 'call' ? input.callId! : null, person_id: input.scope === 'person' ? input.personId! : null,
      channel: input.scope === 'channel' ? input.channel! : null, range_from: from, range_to: to, incidents,
      reason: input.reason.trim(), court: input.matter?.court?.trim() || null, docket: input.matter?.docket?.trim() || null, placed_by: actor.username,
    };
    const hold = await insertHold(tx, row);
    await recordAudit(tx, { actor, action: 'recordings.hold_placed', subject: { type: 'recording_hold', id: hold.id }, outcome: 'allowed', reason: hold.reason, detail: { scope: hold.scope, target: targetOf(hold), court: hold.court, docket: hold.docket, clause: '81A §L' } });
    return holdView(tx, hold, ctx.config.agency.timeZone);
  });
}

export const HOLDS_PAGE = { default: 100, max: 500 } as const;

/** Litigation holds, newest first, a page at a time. */
export async function holds(ctx: AppContext, activeOnly: boolean, page: PageRequest) {
  const shown = pageFrom(await listHolds(ctx.db, activeOnly, page, HOLDS_PAGE.default), page, HOLDS_PAGE.default, ({ _page_key, ...hold }) => hold);
  return { ...shown, items: await Promise.all(shown.items.map((h) => holdView(ctx.db, h, ctx.config.agency.timeZone))) };
}

async function withHold<T>(ctx: AppContext, id: string, change: (tx: Tx, hold: HoldRow) => Promise<T>): Promise<T> {
  return inTransaction(ctx.db, async (tx) => {
    const hold = await lockHold(tx, id);
    if (!hold) throw new NotFound('hold.not_found', `There is no hold ${id}.`);
    return change(tx, hold);
  });
}

/** The first person asks for the release, with the reason (the litigation ended…). */
export function requestRelease(ctx: AppContext, actor: Actor, id: string, reason: string) {
  if (!reason.trim()) throw new BadRequest('hold.release_reason_required', 'Say why the hold may be released (the matter closed, the order lifted…).');
  return withHold(ctx, id, async (tx, hold) => {
    enforce(mayRequestRelease({ releaseRequestedBy: hold.release_requested_by, releasedAt: hold.released_at }));
    const updated = await updateHold(tx, hold.id, { release_requested_by: actor.username, release_requested_at: ctx.clock.now(), release_reason: reason.trim() });
    await recordAudit(tx, { actor, action: 'recordings.hold_release_requested', subject: { type: 'recording_hold', id: hold.id }, outcome: 'allowed', reason: reason.trim(), detail: { target: targetOf(hold) } });
    return holdView(tx, updated, ctx.config.agency.timeZone);
  });
}

/** A second person confirms the release; from then on what it held follows its retention again. */
export function releaseHold(ctx: AppContext, actor: Actor, id: string) {
  return withHold(ctx, id, async (tx, hold) => {
    enforce(mayRelease({ releaseRequestedBy: hold.release_requested_by, releasedAt: hold.released_at }, actor.username));
    const updated = await updateHold(tx, hold.id, { released_by: actor.username, released_at: ctx.clock.now() });
    await recordAudit(tx, { actor, action: 'recordings.hold_released', subject: { type: 'recording_hold', id: hold.id }, outcome: 'allowed', reason: hold.release_reason, detail: { target: targetOf(hold), requestedBy: hold.release_requested_by } });
    return holdView(tx, updated, ctx.config.agency.timeZone);
  });
}

/** Before a purge: case and person holds learn the incidents their records link today. */
export async function refreshHoldIncidents(ctx: AppContext): Promise<void> {
  const active = await activeHoldsOf(ctx.db, ['case', 'person']);
  for (const hold of active) {
    const incidents = await incidentsForHold(ctx.db, hold.scope, { case: hold.case_number, personId: hold.person_id });
    if (!incidents) continue;
    const merged = [...new Set([...hold.incidents, ...incidents])].sort();
    if (merged.length !== hold.incidents.length) {
      await inTransaction(ctx.db, async (tx) => {
        await updateHold(tx, hold.id, { incidents: merged });
        await recordAudit(tx, { actor: systemActor('recordings-retention'), action: 'recordings.hold_extended', subject: { type: 'recording_hold', id: hold.id }, outcome: 'allowed', detail: { incidents: merged, before: hold.incidents } });
      });
    }
  }
}
