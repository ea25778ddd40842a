/**
 * Reports (S-110 §A.1.l, .b, .k): incident reports, arrest bookings, field interviews
 * and supplements. An officer writes and submits; a supervisor other than the author
 * approves or returns with comments; an approved report is locked and later changes
 * are supplements, each with its own author and time.
 */
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { BadRequest, Conflict, NotFound, PolicyViolation, Problem } from '../core/errors.ts';
import { inTransaction, serverTime, type Tx } from '../db/index.ts';
import { auditSubject } from '../core/audit/action.ts';
import { appendEvent } from '../core/events/log.ts';
import { may } from './access.ts';
import { openCaseIn } from './cases.ts';
import { BUSINESS_ROLES, linkPerson, PERSON_ROLES, VEHICLE_ROLES, workflow, type ReportAction } from './rules.ts';
import type { ReportKind, ReportStatus } from '../db/tables/records.ts';
import type { Actor } from '../core/actor.ts';
import { agencyDate } from '../core/clock.ts';
import { checkProsecutionFields } from './report-codes.ts';

export interface PartyInput { type: 'person' | 'vehicle' | 'business'; id: string; role: string }
export interface NewReport {
  kind: Exclude<ReportKind, 'supplement'>;
  caseNumber?: string | undefined;
  occurredAt?: string | undefined;
  fields?: Record<string, unknown> | undefined;
  narrative?: string | undefined;
  parties?: PartyInput[] | undefined;
}

const ROLES = { person: PERSON_ROLES, vehicle: VEHICLE_ROLES, business: BUSINESS_ROLES } as const;
const TABLES = { person: 'person', vehicle: 'vehicle', business: 'business' } as const;

/** Check every party before anything is written; returns the rows to insert (merged persons resolve to their master). */
async function resolveParties(tx: Tx, parties: PartyInput[], eventDate: string) {
  const rows: { entity_type: PartyInput['type']; entity_id: string; role: string; juvenile: boolean }[] = [];
  for (const party of parties) {
    if (!(ROLES[party.type] as readonly string[]).includes(party.role)) {
      throw new BadRequest('report.bad_role', `"${party.role}" is not a ${party.type} role; use one of ${ROLES[party.type].join(', ')}`);
    }
    if (party.type !== 'person') {
      const found = await tx.selectFrom(TABLES[party.type]).select('id').where('id', '=', party.id).executeTakeFirst();
      if (!found) throw new Problem(422, 'report.unknown_link', 'Unknown link', `there is no ${party.type} ${party.id} in the master index`);
      rows.push({ entity_type: party.type, entity_id: party.id, role: party.role, juvenile: false });
      continue;
    }
    const person = await tx.selectFrom('person').select(['id', 'merged_into', 'dob']).where('id', '=', party.id).executeTakeFirst();
    if (!person) throw new Problem(422, 'report.unknown_link', 'Unknown link', `there is no master name ${party.id}`);
    const master = person.merged_into
      ? (await tx.selectFrom('person').select(['id', 'merged_into', 'dob']).where('id', '=', person.merged_into).executeTakeFirstOrThrow())
      : person;
    const decision = linkPerson(master.dob, eventDate, party.role);
    if (!decision.ok) throw new Problem(422, 'report.impossible_date', 'Impossible date', `master name ${master.id} was ${decision.reason}`);
    rows.push({ entity_type: 'person', entity_id: master.id, role: party.role, juvenile: decision.juvenile });
  }
  const seen = new Set<string>();
  return rows.filter((r) => { const k = `${r.entity_type}/${r.entity_id}/${r.role}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

async function writeParties(tx: Tx, reportId: string, rows: Awaited<ReturnType<typeof resolveParties>>): Promise<void> {
  await tx.deleteFrom('report_party').where('report_id', '=', reportId).execute();
  for (const row of rows) await tx.insertInto('report_party').values({ report_id: reportId, ...row }).execute();
}

export async function createReport(ctx: AppContext, actor: Actor, input: NewReport): Promise<{ id: string; caseNumber: string | null; juvenile: boolean }> {
  return inTransaction(ctx.db, async (tx) => {
    const now = await serverTime(tx);
    let occurredAt = input.occurredAt ? new Date(input.occurredAt) : undefined;
    if (occurredAt && occurredAt.getTime() > now.getTime() + 60_000) throw new Problem(422, 'report.future', 'Impossible date', 'the event cannot be in the future');
    let caseNumber = input.caseNumber ?? null;
    if (caseNumber) {
      const found = await tx.selectFrom('record_case').select(['number', 'occurred_at']).where('number', '=', caseNumber).executeTakeFirst();
      if (!found) throw new PolicyViolation('report.unknown_case', `there is no case ${caseNumber}; choose an existing case to file the report under`, 'S-110 §B');
      occurredAt ??= found.occurred_at;
    }
    occurredAt ??= now;
    const eventDate = agencyDate(ctx.config.agency.timeZone, occurredAt);
    const parties = await resolveParties(tx, input.parties ?? [], eventDate);
    const fields = { ...(input.fields ?? {}) };
    await checkProsecutionFields(tx, fields, now);
    if (input.kind === 'arrest') fields.bookedAt = now.toISOString(); // booking time: the server's clock
    if (!caseNumber && input.kind !== 'field_interview') {
      const address = typeof fields.location === 'string' && fields.location ? fields.location : 'not yet given';
      const type = typeof fields.offense === 'string' && fields.offense ? fields.offense : input.kind === 'arrest' ? 'ARREST' : 'INCIDENT';
      caseNumber = await openCaseIn(tx, ctx, actor, { type, location: { address }, occurredAt });
    }
    const juvenile = parties.some((p) => p.juvenile);
    const report = await tx.insertInto('report').values({
      kind: input.kind, case_number: caseNumber, parent_id: null, author: actor.username, occurred_at: occurredAt, event_date: eventDate,
      fields: JSON.stringify(fields), narrative: input.narrative ?? '', juvenile, return_comments: null, submitted_at: null, approved_by: null, approved_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    await writeParties(tx, report.id, parties);
    await appendEvent(tx, { kind: 'records.report.created', subject: { type: 'report', id: report.id }, actor, payload: { kind: input.kind, caseNumber } });
    return { id: report.id, caseNumber, juvenile };
  });
}

/** A supplement to an approved report: its own author and time, the parent's case and juvenile mark. */
export async function createSupplement(ctx: AppContext, actor: Actor, parentId: string, narrative: string): Promise<{ id: string }> {
  return inTransaction(ctx.db, async (tx) => {
    const parent = await tx.selectFrom('report').selectAll().where('id', '=', parentId).executeTakeFirst();
    if (!parent) throw new NotFound('report.not_found', `no report ${parentId}`);
    if (parent.juvenile && !may(actor, 'records.juvenile') && parent.author !== actor.username) throw new NotFound('report.not_found', `no report ${parentId}`);
    if (parent.status !== 'approved') throw new Conflict('report.not_approved', 'the report is not approved yet; change the report itself');
    const row = await tx.insertInto('report').values({
      kind: 'supplement', case_number: parent.case_number, parent_id: parent.parent_id ?? parent.id, author: actor.username,
      occurred_at: parent.occurred_at, event_date: parent.event_date, fields: JSON.stringify({}), narrative, juvenile: parent.juvenile,
      return_comments: null, submitted_at: null, approved_by: null, approved_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    await appendEvent(tx, { kind: 'records.report.supplemented', subject: { type: 'report', id: parent.id }, actor, payload: { supplement: row.id } });
    return { id: row.id };
  });
}

async function lockReport(tx: Tx, actor: Actor, id: string, action: ReportAction) {
  const report = await tx.selectFrom('report').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  const hidden = report?.juvenile && !may(actor, 'records.juvenile') && report.author !== actor.username && !may(actor, 'records.approve');
  if (!report || hidden) throw new NotFound('report.not_found', `no report ${id}`);
  const decision = workflow(report.status, action, actor.username, report.author);
  if (!decision.ok) {
    const status = decision.code === 'report.own_report' || decision.code === 'report.not_author' ? 403 : 409;
    throw new Problem(status, decision.code, status === 403 ? 'Forbidden' : 'Conflict', decision.reason);
  }
  return { report, next: decision.next };
}

export interface DraftChange { version: number; fields?: Record<string, unknown> | undefined; narrative?: string | undefined; parties?: PartyInput[] | undefined }

/** Autosave of a draft or returned report. `version` must be the one the writer last saw. */
export async function saveDraft(ctx: AppContext, actor: Actor, id: string, change: DraftChange): Promise<{ version: number; juvenile: boolean }> {
  return inTransaction(ctx.db, async (tx) => {
    const { report } = await lockReport(tx, actor, id, 'edit');
    if (report.version !== change.version) throw new Conflict('report.stale', `the report was saved elsewhere (version ${report.version}); reload it`, { version: report.version });
    if (change.fields) await checkProsecutionFields(tx, change.fields, await serverTime(tx));
    let juvenile = report.juvenile;
    if (change.parties) {
      const rows = await resolveParties(tx, change.parties, report.event_date);
      await writeParties(tx, id, rows);
      juvenile ||= rows.some((r) => r.juvenile); // once juvenile, always juvenile (S-110 §B.1)
    }
    const fields = change.fields ? { ...change.fields, ...(report.fields.bookedAt ? { bookedAt: report.fields.bookedAt } : {}) } : report.fields;
    const updated = await tx.updateTable('report').set({
      fields: JSON.stringify(fields), narrative: change.narrative ?? report.narrative, juvenile, version: sql<number>`version + 1`, updated_at: sql<Date>`now()`,
    }).where('id', '=', id).returning(['version', 'juvenile']).executeTakeFirstOrThrow();
    auditSubject(tx, { type: 'report', id }, 'records.report.saved');
    return updated;
  });
}

function missingForSubmit(kind: ReportKind, fields: Record<string, unknown>, narrative: string, roles: string[]): string | undefined {
  const has = (k: string) => typeof fields[k] === 'string' && (fields[k] as string).trim() !== '';
  if (kind === 'supplement') return narrative.trim() ? undefined : 'a narrative';
  const offenses = Array.isArray(fields.offenses) && fields.offenses.length > 0;
  if (kind === 'incident') return !has('offense') && !offenses ? 'an offense (from the offense code table) or the incident type' : !has('location') ? 'the location' : !narrative.trim() ? 'a narrative' : undefined;
  if (kind === 'arrest') {
    if (!roles.includes('arrestee')) return 'the arrestee';
    return Array.isArray(fields.charges) && fields.charges.length > 0 ? undefined : 'at least one charge';
  }
  if (!roles.includes('subject')) return 'the person interviewed (role subject)';
  return !has('place') ? 'the place' : !has('reason') ? 'the reason for the interview' : undefined;
}

const DECIDED = { submit: 'records.report.submitted', approve: 'records.report.approved', return: 'records.report.returned' } as const;

/** Submit, approve or return (with comments). Two supervisors at once: the row lock lets one win. */
export async function decide(ctx: AppContext, actor: Actor, id: string, action: 'submit' | 'approve' | 'return', comments?: string): Promise<{ status: ReportStatus }> {
  return inTransaction(ctx.db, async (tx) => {
    const { report, next } = await lockReport(tx, actor, id, action);
    if (action === 'submit') {
      const roles = (await tx.selectFrom('report_party').select('role').where('report_id', '=', id).execute()).map((r) => r.role);
      const missing = missingForSubmit(report.kind, report.fields, report.narrative, roles);
      if (missing) throw new Problem(422, 'report.incomplete', 'Report incomplete', `the report needs ${missing} before it is submitted`);
    }
    if (action === 'return' && !comments?.trim()) throw new BadRequest('report.comments_required', 'say what the author must change');
    await tx.updateTable('report').set({
      status: next,
      ...(action === 'submit' ? { submitted_at: sql<Date>`now()`, return_comments: null } : {}),
      ...(action === 'approve' ? { approved_by: actor.username, approved_at: sql<Date>`now()` } : {}),
      ...(action === 'return' ? { return_comments: comments!.trim() } : {}),
      version: sql<number>`version + 1`, updated_at: sql<Date>`now()`,
    }).where('id', '=', id).execute();
    await appendEvent(tx, { kind: DECIDED[action], subject: { type: 'report', id }, actor, payload: { status: next } });
    return { status: next };
  });
}
