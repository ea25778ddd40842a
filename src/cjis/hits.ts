import type { EventKind } from '../core/events/catalogue.ts';
/**
 * Acting on a hit (81A §J.1.b.x(c), §J.3, §J.5.e): hit confirmation requests (YQ) with
 * their countdown and second request, Warrant Locates on each warrant for the subject,
 * and the WMS Caution and Remarks. Each step goes on the incident's timeline.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { enforce } from '../core/decision.ts';
import { NotFound } from '../core/errors.ts';
import { auditSubject } from '../core/audit/action.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { appendEvent } from '../core/events/log.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import { incidentBrief } from '../dispatch/incidents/service.ts';
import { agencyToday, requireCjis } from './access.ts';
import { fieldsFrom, ncicDate } from './gateway/message.ts';
import { RECORD_NAMES, type ConfirmationPriority, type RecordType, type Source } from './model.ts';
import { queryView, sendToSwitch } from './queries.ts';
import { confirmationDue, mayModifyWms, mayPlaceLocate, mayRequestConfirmation, type RecordFacts } from './rules.ts';
import type { QueryView } from './schemas.ts';
import { confirmationsOf, hitRow, insertConfirmation, insertLocate, locatesOf, markOverdue, newlyOverdue, openConfirmations } from './store.ts';

async function loadHit(ctx: AppContext, id: string) {
  const hit = await hitRow(ctx.db, id);
  if (!hit) throw new NotFound('cjis.hit_not_found', `There is no hit ${id}.`);
  const facts: RecordFacts = { type: hit.record_type as RecordType, source: hit.source as Source, ori: hit.entering_ori, descriptors: hit.descriptors };
  return { hit, facts };
}

/** Put a step on the incident's timeline when the query served one; otherwise name the hit for the audit row. */
async function note(tx: Tx, actor: Actor | { username: string }, incidentNumber: string | null, hitId: string, kind: EventKind, payload: Record<string, unknown>): Promise<void> {
  const incident = incidentNumber ? await incidentBrief(tx, incidentNumber) : undefined;
  if (incident) {
    await appendEvent(tx, { kind, subject: { type: 'incident', id: incident.number }, actor, confidential: incident.confidential, payload: { ...payload, hit: hitId } });
  } else {
    auditSubject(tx, { type: 'cjis_hit', id: hitId }, kind);
  }
}

/** "16:02:08" in the agency's time zone, for the timeline's sentences. */
const localTime = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);

const recordName = (type: string) => RECORD_NAMES[type as keyof typeof RECORD_NAMES] ?? type;

/**
 * Ask the entering agency to confirm a hit (YQ): urgent (answer within 10 minutes) or
 * routine (within an hour). A second request is allowed once the first is overdue.
 */
export async function requestConfirmation(ctx: AppContext, actor: Actor, hitId: string, priority: ConfirmationPriority): Promise<QueryView> {
  await requireCjis(ctx, actor, 'full');
  const { hit } = await loadHit(ctx, hitId);
  const earlier = await confirmationsOf(ctx.db, [hitId]);
  const now = ctx.clock.now();
  enforce(mayRequestConfirmation(hit.meaning, earlier.map((c) => ({ requestNumber: c.request_number, dueAt: c.due_at, answeredAt: c.answered_at })), now));
  const id = randomUUID();
  const number = earlier.length + 1;
  const dueAt = confirmationDue(priority, now);
  await sendToSwitch(ctx, {
    mke: 'YQ', records: [],
    fields: fieldsFrom({ NIC: hit.nic, DST: hit.entering_ori, PRI: priority === 'urgent' ? 'U' : 'R', RNO: number, REF: id, OPR: actor.username, OCA: hit.incident_number }),
  });
  await inTransaction(ctx.db, async (tx) => {
    await insertConfirmation(tx, { id, hitId, number, priority, by: actor.username, at: now, dueAt });
    const what = `${recordName(hit.record_type)} ${hit.nic ?? ''} (${hit.entering_ori})`;
    await note(tx, actor, hit.incident_number, hitId, 'cjis.confirmation.requested', {
      text: `${hit.training ? 'TRAINING — ' : ''}Hit confirmation request ${number} (YQ, ${priority}) sent for ${what}; answer due by ${localTime(dueAt, ctx.config.agency.timeZone)}`,
      nic: hit.nic, priority, request: number, dueAt: dueAt.toISOString(),
    });
  });
  return queryView(ctx.db, hit.query_id, ctx.clock.now(), ctx.config.agency.ori);
}

/** Place a Warrant Locate (LW) — or a vehicle Locate (LV) — on a record another agency entered (81A §J.3.a.iv). */
export async function placeLocate(ctx: AppContext, actor: Actor, hitId: string, incidentNumber?: string): Promise<QueryView> {
  await requireCjis(ctx, actor, 'full');
  const { hit, facts } = await loadHit(ctx, hitId);
  const existing = hit.nic ? await locatesOf(ctx.db, [hit.nic]) : [];
  enforce(mayPlaceLocate(facts, ctx.config.agency.ori, existing.length > 0));
  const incident = incidentNumber ?? hit.incident_number;
  await sendToSwitch(ctx, {
    mke: hit.record_type === 'warrant' ? 'LW' : 'LV', records: [],
    fields: fieldsFrom({ NIC: hit.nic, DLO: ncicDate(agencyToday(ctx)), OCA: incident, OPR: actor.username }),
  });
  await inTransaction(ctx.db, async (tx) => {
    await insertLocate(tx, { hitId, nic: hit.nic!, by: actor.username, incident: incident ?? null });
    await note(tx, actor, incident, hitId, 'cjis.locate.placed', {
      text: `${hit.training ? 'TRAINING — ' : ''}${hit.record_type === 'warrant' ? 'Warrant Locate' : 'Locate'} placed on ${recordName(hit.record_type)} ${hit.nic} (${hit.source}, entered by ${hit.entering_ori})`,
      nic: hit.nic,
    });
  });
  return queryView(ctx.db, hit.query_id, ctx.clock.now(), ctx.config.agency.ori);
}

/** Change the Caution or Remarks of a WMS warrant (81A §J.3.a.ii); nothing else of it may be changed. */
export async function modifyWms(ctx: AppContext, actor: Actor, hitId: string, change: { caution?: string | undefined; remarks?: string | undefined }): Promise<QueryView> {
  await requireCjis(ctx, actor, 'full');
  const { hit, facts } = await loadHit(ctx, hitId);
  enforce(mayModifyWms(facts, change));
  await sendToSwitch(ctx, { mke: 'MW', records: [], fields: fieldsFrom({ NIC: hit.nic, CMC: change.caution, MIS: change.remarks, OPR: actor.username }) });
  await inTransaction(ctx.db, async (tx) => {
    await appendEvent(tx, { kind: 'cjis.wms.modified', subject: { type: 'cjis_hit', id: hitId }, actor, payload: { nic: hit.nic, ...change } });
  });
  return queryView(ctx.db, hit.query_id, ctx.clock.now(), ctx.config.agency.ori);
}

const JOB_ACTOR = { username: 'precinct-cjis', source: null, remote: false };

/** Mark confirmation requests whose answer time passed unanswered, on the incident's timeline: the dispatcher sends the next request. */
export async function noteOverdueConfirmations(ctx: AppContext): Promise<number> {
  return inTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    const overdue = await newlyOverdue(tx, now);
    for (const c of overdue) {
      await markOverdue(tx, c.id, now);
      await note(tx, JOB_ACTOR, c.incident_number, c.hit_id, 'cjis.confirmation.overdue', {
        text: `No answer from ${c.entering_ori} to hit confirmation request ${c.request_number} (${c.priority}) for ${c.nic ?? 'the record'} by ${localTime(c.due_at, ctx.config.agency.timeZone)}: send request ${c.request_number + 1}`,
        // the dispatcher who asked sends the next request: the note is for them (81A §J.1.b.x(c))
        nic: c.nic, request: c.request_number, for: c.requested_by,
      });
      await recordAudit(tx, { actor: JOB_ACTOR, action: 'cjis.confirmation.overdue', subject: { type: 'cjis_confirmation', id: c.id }, outcome: 'allowed', detail: { nic: c.nic, request: c.request_number } });
    }
    return overdue.length;
  });
}

/** Hits waiting for the entering agency's answer: the countdown the console shows, and the ones overdue. */
export async function openConfirmationList(ctx: AppContext) {
  const now = ctx.clock.now();
  return (await openConfirmations(ctx.db)).map((c) => ({
    id: c.id, hitId: c.hit_id, queryId: c.query_id, number: c.request_number, priority: c.priority, nic: c.nic, recordType: c.record_type,
    ori: c.entering_ori, agency: c.entering_agency, incident: c.incident_number, requestedAt: c.requested_at.toISOString(), dueAt: c.due_at.toISOString(),
    state: now >= c.due_at ? 'overdue' as const : 'waiting' as const, msLeft: Math.max(0, c.due_at.getTime() - now.getTime()),
  }));
}
