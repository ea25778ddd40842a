/**
 * CJIS queries (81A §J): persons, warrants, vehicles by plate, VIN or owner, guns,
 * articles and Board of Probation history. Each query is checked (input, purpose,
 * requester, the operator's certification) before anything is sent; it is logged with
 * operator, terminal, purpose, the incident or case it serves and the requester (CJIS
 * AU-3) before it goes to the switch; its answer is kept with what each record means.
 */
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { enforce } from '../core/decision.ts';
import { Forbidden, NotFound, Problem } from '../core/errors.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { appendEvent, eventsFor } from '../core/events/log.ts';
import { permissionsOf, roleUsedFor } from '../core/permissions.ts';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import type { RequesterJson } from '../db/tables/cjis.ts';
import { incidentBrief } from '../dispatch/incidents/service.ts';
import { displayNames } from '../identity/people.ts';
import { agencyToday, requireCjis, requireCjisReader } from './access.ts';
import { encodeMessage, fieldsFrom, type NcicMessage } from './gateway/message.ts';
import type { SwitchReply } from './gateway/switch.ts';
import { cjisLink, isTraining } from './link.ts';
import { RECORD_NAMES, TRAINING_BANNER } from './model.ts';
import { buildQuery, readRecord, type QueryInput, type SwitchRecord } from './ncic.ts';
import { hitMeaning, purposeDecision, type Requester } from './rules.ts';
import type { HitView, QueryView } from './schemas.ts';
import { confirmationsOf, finishQuery, hitsOfQuery, insertHits, insertQuery, listQueries, locatesOf, queryRow, type QueryFilter } from './store.ts';

export interface QueryRequest extends QueryInput {
  purpose?: string | undefined;
  incident?: string | undefined;
  caseNumber?: string | undefined;
  requester?: Requester | undefined;
}

/** How the operator's position is named in the log: the unit they are on, and the address they are at. */
export function terminalOf(actor: Actor): string {
  return `${actor.unit ?? 'console'}@${actor.source ?? 'local'}`;
}

/** Send a message, turning the switch's refusal (RJ) into a problem the person can act on. */
export async function sendToSwitch(ctx: AppContext, message: Omit<NcicMessage, 'ori'>, options: { idempotent?: boolean } = {}): Promise<SwitchReply> {
  const link = await cjisLink(ctx);
  const reply = await link.switch.send(message, options);
  if (reply.message.mke === 'RJ') {
    const text = reply.message.fields.find(([c]) => c === 'TXT')?.[1] ?? 'refused';
    const field = reply.message.fields.find(([c]) => c === 'ERR')?.[1] ?? null;
    throw new Problem(409, 'cjis.switch_rejected', 'Refused by the switch', `${message.mke} refused by the switch: ${text}`, { switchField: field });
  }
  return reply;
}

const CRITERIA_ORDER = ['name', 'dob', 'sex', 'race', 'plate', 'state', 'vin', 'oln', 'soc', 'fbi', 'sid', 'serial', 'make', 'type'];

/** What was asked, in the order a dispatcher reads it (the database keeps JSON keys in its own order). */
function ordered(criteria: Record<string, string>): Record<string, string> {
  const rank = (k: string) => (CRITERIA_ORDER.includes(k) ? CRITERIA_ORDER.indexOf(k) : CRITERIA_ORDER.length);
  return Object.fromEntries(Object.entries(criteria).sort(([a], [b]) => rank(a) - rank(b)));
}

/** A sentence for the incident timeline and the console: what was asked and what came back. */
function summaryOf(mke: string, criteria: Record<string, string>, hits: { type: string; source: string; ori: string; advice: string; isHit: boolean }[], training: boolean): string {
  const asked = `${mke} ${Object.values(ordered(criteria)).join(' ')}`;
  const real = hits.filter((h) => h.isHit);
  const others = hits.filter((h) => !h.isHit);
  const parts = real.length === 0 ? ['no hit'] : [`${real.length} hit${real.length === 1 ? '' : 's'}: ${real.map((h) => `${RECORD_NAMES[h.type as keyof typeof RECORD_NAMES] ?? h.type} (${h.source}, ${h.ori}) — ${h.advice.replace(/\.$/, '')}`).join('; ')}`];
  if (others.length) parts.push(`${others.length} other record${others.length === 1 ? '' : 's'} (${[...new Set(others.map((h) => RECORD_NAMES[h.type as keyof typeof RECORD_NAMES] ?? h.type))].join(', ')})`);
  return `${training ? 'TRAINING — ' : ''}${asked}: ${parts.join('; ')}`;
}

/**
 * Run a query: check it, log it, send it, keep the answer and — when it serves an
 * incident — put it on the incident's timeline.
 *
 * @example await runQuery(ctx, actor, { line: 'PLATE ABC123 MA', purpose: 'C', incident: '26-00042' })
 */
export async function runQuery(ctx: AppContext, actor: Actor, input: QueryRequest): Promise<QueryView> {
  const spec = buildQuery(input, agencyToday(ctx), ctx.config.agency.ori.slice(0, 2));
  enforce(purposeDecision(input.purpose, input.requester));
  await requireCjis(ctx, actor, spec.kind === 'bop' ? 'bop' : 'query');
  const incident = input.incident ? await incidentBrief(ctx.db, input.incident) : undefined;
  if (input.incident && !incident) throw new Problem(422, 'cjis.unknown_incident', 'Unknown incident', `There is no incident ${input.incident} to attach the query to.`, { field: 'incident' });
  const requester: RequesterJson | null = input.requester ? { name: input.requester.name, agency: input.requester.agency, kind: input.requester.kind } : null;
  const message = {
    mke: spec.mke, records: [],
    fields: [...spec.fields, ...fieldsFrom({ PUR: input.purpose, OPR: actor.username, OCA: input.incident ?? input.caseNumber, ATN: requester ? `${requester.name}, ${requester.agency}` : undefined })],
  };
  const training = isTraining(ctx);
  const terminal = terminalOf(actor);
  const queryId = await inTransaction(ctx.db, async (tx) => {
    const id = await insertQuery(tx, {
      operator: actor.username, terminal, kind: spec.kind, mke: spec.mke, criteria: spec.criteria, purpose: input.purpose!, incident: input.incident ?? null,
      caseNumber: input.caseNumber ?? null, requester, message: encodeMessage({ ...message, ori: ctx.config.agency.ori }), training, at: ctx.clock.now(),
    });
    // CJIS AU-3: operator, terminal, purpose, what was asked and for whom, in the audit trail too.
    await recordAudit(tx, {
      actor, role: roleUsedFor(actor.roles, 'cjis.query') ?? null, action: 'cjis.query', subject: { type: 'cjis_query', id }, outcome: 'allowed',
      detail: { mke: spec.mke, criteria: spec.criteria, purpose: input.purpose, incident: input.incident ?? null, caseNumber: input.caseNumber ?? null, requester, terminal },
    });
    return id;
  });
  let reply: SwitchReply;
  let records: SwitchRecord[];
  try {
    reply = await sendToSwitch(ctx, message, { idempotent: true });
    records = reply.message.records.map(readRecord);
  } catch (error) {
    const code = error instanceof Problem ? error.code : 'cjis.bad_answer';
    await inTransaction(ctx.db, (tx) => finishQuery(tx, queryId, { status: 'failed', error: code }));
    if (error instanceof Problem) throw error;
    throw new Problem(502, 'cjis.bad_answer', 'Unreadable answer', 'The switch answered with a record that cannot be read; the query was logged as failed.');
  }
  const { row, hits } = await inTransaction(ctx.db, async (tx) => {
    const meanings = records.map((r) => hitMeaning({ type: r.type, source: r.source, ori: r.ori, descriptors: r.descriptors }, spec.descriptors, ctx.config.agency.ori));
    const inserted = await insertHits(tx, records.map((record, i) => ({
      queryId, position: i, nic: record.nic, type: record.type, source: record.source, ori: record.ori, agency: record.agency, descriptors: record.descriptors, meaning: meanings[i]!, training: record.training || training,
    })));
    const finished = await finishQuery(tx, queryId, { status: 'answered', roundTripMs: reply.roundTripMs, hitCount: meanings.filter((m) => m.isHit).length });
    if (incident) {
      // Board of Probation history (CORI) never goes on the timeline: only that a query was run.
      const shown = spec.kind === 'bop' ? [] : records.map((r, i) => ({ type: r.type, source: r.source, ori: r.ori, advice: meanings[i]!.advice, isHit: meanings[i]!.isHit }));
      const text = spec.kind === 'bop' ? `${training ? 'TRAINING — ' : ''}Board of Probation query run (results not shown here, 81A §J.4)` : summaryOf(spec.mke, spec.criteria, shown, training);
      await appendEvent(tx, {
        kind: 'cjis.query', subject: { type: 'incident', id: incident.number }, actor, confidential: incident.confidential,
        payload: { text, query: queryId, mke: spec.mke, hits: shown.filter((h) => h.isHit).length, probableCause: meanings.some((m) => m.probableCause), training },
      });
    }
    return { row: finished, hits: inserted };
  });
  // A new query has no confirmations or modifications yet; only this agency's earlier Locates on the same records matter.
  const locates = await locatesOf(ctx.db, hits.map((h) => h.nic).filter((n): n is string => !!n));
  const nameOf = await displayNames(ctx.db, [row.operator, ...locates.map((l) => l.placed_by)]);
  return assembleView(row, hits, [], locates, new Map(), ctx.clock.now(), ctx.config.agency.ori, nameOf);
}

function confirmationState(c: { answered_at: Date | null; due_at: Date }, now: Date): 'waiting' | 'overdue' | 'answered' {
  if (c.answered_at) return 'answered';
  return now >= c.due_at ? 'overdue' : 'waiting';
}

type QueryRow = NonNullable<Awaited<ReturnType<typeof queryRow>>>;
type HitRow = Awaited<ReturnType<typeof hitsOfQuery>>[number];
type ModificationEvent = { kind: string; at: string; actor: { user: string | null }; payload: Record<string, unknown> };

function assembleView(row: QueryRow, hits: HitRow[], confirmations: Awaited<ReturnType<typeof confirmationsOf>>, locates: Awaited<ReturnType<typeof locatesOf>>, modifications: Map<string, ModificationEvent[]>, now: Date, ourOri: string, nameOf: (username: string) => string): QueryView {
  const views: HitView[] = hits.map((h) => {
    const locate = locates.find((l) => l.nic === h.nic);
    const own = h.entering_ori === ourOri;
    return {
      id: h.id, position: h.position, nic: h.nic, type: h.record_type, typeName: RECORD_NAMES[h.record_type as keyof typeof RECORD_NAMES] ?? h.record_type,
      source: h.source, ori: h.entering_ori, agency: h.entering_agency, training: h.training, descriptors: h.descriptors, ...h.meaning,
      confirmations: confirmations.filter((c) => c.hit_id === h.id).map((c) => ({
        id: c.id, number: c.request_number, priority: c.priority, requestedBy: c.requested_by, requestedByName: nameOf(c.requested_by), requestedAt: c.requested_at.toISOString(), dueAt: c.due_at.toISOString(),
        answeredAt: c.answered_at?.toISOString() ?? null, answer: c.answer, answeredBy: c.answered_by, remarks: c.remarks, state: confirmationState(c, now),
      })),
      locate: locate ? { placedBy: locate.placed_by, placedByName: nameOf(locate.placed_by), placedAt: locate.placed_at.toISOString() } : null,
      locateNeeded: h.record_type === 'warrant' && !own && !locate,
      modifications: (modifications.get(h.id) ?? []).filter((e) => e.kind === 'cjis.wms.modified').map((e) => ({
        at: e.at, by: e.actor.user, byName: e.actor.user && nameOf(e.actor.user), ...(typeof e.payload.caution === 'string' ? { caution: e.payload.caution } : {}), ...(typeof e.payload.remarks === 'string' ? { remarks: e.payload.remarks } : {}),
      })),
    };
  });
  return {
    id: row.id, at: row.at.toISOString(), training: row.training, banner: row.training ? TRAINING_BANNER : null, kind: row.kind, mke: row.mke,
    criteria: ordered(row.criteria), purpose: row.purpose, incident: row.incident_number, caseNumber: row.case_number, requester: row.requester,
    operator: row.operator, operatorName: nameOf(row.operator), terminal: row.terminal, status: row.status, error: row.error, roundTripMs: row.round_trip_ms,
    summary: summaryOf(row.mke, row.criteria, views.map((v) => ({ type: v.type, source: v.source, ori: v.ori, advice: v.advice, isHit: v.isHit })), row.training),
    hits: views, warrantsWithoutLocate: views.filter((v) => v.locateNeeded).map((v) => v.id),
  };
}

/** A query with its records, what each means, the confirmations asked and the locates placed. */
export async function queryView(q: Db | Tx, id: string, now: Date, ourOri: string): Promise<QueryView> {
  const row = await queryRow(q, id);
  if (!row) throw new NotFound('cjis.query_not_found', `There is no query ${id}.`);
  const hits = await hitsOfQuery(q, id);
  const [confirmations, locates] = await Promise.all([confirmationsOf(q, hits.map((h) => h.id)), locatesOf(q, hits.map((h) => h.nic).filter((n): n is string => !!n))]);
  const modifications = new Map<string, ModificationEvent[]>();
  for (const h of hits.filter((h) => h.source === 'WMS')) modifications.set(h.id, await eventsFor(q, 'cjis_hit', h.id));
  const nameOf = await displayNames(q, [row.operator, ...confirmations.map((c) => c.requested_by), ...locates.map((l) => l.placed_by), ...[...modifications.values()].flat().map((e) => e.actor.user)]);
  return assembleView(row, hits, confirmations, locates, modifications, now, ourOri, nameOf);
}

/**
 * One query as its reader may see it. Board of Probation answers (CORI, 81A §J.4) are
 * for the operator who ran them, the CJIS Representative and the auditor only.
 */
export async function readQuery(ctx: AppContext, actor: Actor, id: string): Promise<QueryView> {
  await requireCjisReader(ctx, actor);
  const view = await queryView(ctx.db, id, ctx.clock.now(), ctx.config.agency.ori);
  const held = permissionsOf(actor.roles);
  if (view.kind === 'bop' && view.operator !== actor.username && !held.has('cjis.manage') && !held.has('audit.read')) {
    throw new Forbidden('cjis.bop_not_yours', 'Board of Probation answers are shown only to the operator who ran them (81A §J.4.a).');
  }
  return view;
}

/** The query log for the CJIS Representative and the auditor (CJIS AU-3, AU-11), newest first. */
export async function queryLog(ctx: AppContext, filter: QueryFilter) {
  const rows = await listQueries(ctx.db, filter);
  const nameOf = await displayNames(ctx.db, rows.map((r) => r.operator));
  return rows.map((r) => ({
    id: r.id, at: r.at.toISOString(), operator: r.operator, operatorName: nameOf(r.operator), terminal: r.terminal, kind: r.kind, mke: r.mke, criteria: ordered(r.criteria), purpose: r.purpose,
    incident: r.incident_number, caseNumber: r.case_number, requester: r.requester, status: r.status, hitCount: r.hit_count, training: r.training,
  }));
}

