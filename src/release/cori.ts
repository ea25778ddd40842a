/**
 * CORI and records checks for criminal justice agencies (81A §K, §J.1.b.x(b)) and the
 * CORI dissemination log (803 CMR 7.11). The register of authorized agencies and employees
 * is kept by the records supervisor; a check is routed to the Records Office in business
 * hours and may be answered by dispatch after hours only for an authorized, identified
 * requester, entered in the log. The log is never edited, only annotated.
 */
import type { Static } from 'typebox';
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { enforce } from '../core/decision.ts';
import { Conflict, NotFound } from '../core/errors.ts';
import { auditThisRead } from '../core/audit/action.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { roleUsedFor } from '../core/permissions.ts';
import { pageFrom, type PageRequest } from '../core/paging.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import { CORI_PAGE } from './model.ts';
import { recordsOfficeMayAnswer, routeRecordsCheck } from './rules.ts';
import type * as S from './schemas.ts';
import * as store from './store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// --- the register (81A §K.1.b.i) ---

export async function coriRegister(ctx: AppContext) {
  const rows = await store.agencies(ctx.db);
  const employees = await store.employeesOf(ctx.db, rows.map((r) => r.id));
  return rows.map((a) => ({
    id: a.id, name: a.name, ori: a.ori, authorized: a.authorized, addedBy: a.added_by, addedAt: a.added_at.toISOString(),
    revokedBy: a.revoked_by, revokedAt: iso(a.revoked_at), revokeReason: a.revoke_reason,
    employees: employees.filter((e) => e.agency_id === a.id).map((e) => ({
      id: e.id, name: e.name, employeeId: e.employee_id, authorized: e.authorized, addedBy: e.added_by, addedAt: e.added_at.toISOString(),
      revokedBy: e.revoked_by, revokedAt: iso(e.revoked_at), revokeReason: e.revoke_reason,
    })),
  }));
}

async function registerAudit(tx: Tx, actor: Actor, action: string, subject: { type: string; id: string }, detail: Record<string, unknown>) {
  await recordAudit(tx, { actor, role: roleUsedFor(actor.roles, 'cori.register') ?? null, action, subject, outcome: 'allowed', detail });
}

export async function addAgency(ctx: AppContext, actor: Actor, body: Static<typeof S.AgencyBody>): Promise<string> {
  return inTransaction(ctx.db, async (tx) => {
    if (await store.agencyByName(tx, body.name)) throw new Conflict('cori.agency_exists', `${body.name} is already in the register.`);
    const { id } = await store.insertAgency(tx, { name: body.name.trim(), ori: body.ori ?? null, added_by: actor.username });
    await registerAudit(tx, actor, 'cori.agency.added', { type: 'cori_agency', id }, { name: body.name });
    return id;
  });
}

export async function addEmployee(ctx: AppContext, actor: Actor, agencyId: string, body: Static<typeof S.EmployeeBody>): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const agency = await store.agencyById(tx, agencyId);
    if (!agency) throw new NotFound('cori.agency_not_found', 'No agency in the register has that id.');
    if (!agency.authorized) throw new Conflict('cori.agency_revoked', `${agency.name} is no longer authorized; add it again before adding its employees.`);
    if (await store.employeeByName(tx, agencyId, body.name)) throw new Conflict('cori.employee_exists', `${body.name} is already registered for ${agency.name}.`);
    const { id } = await store.insertEmployee(tx, { agency_id: agencyId, name: body.name.trim(), employee_id: body.employeeId ?? null, added_by: actor.username });
    await registerAudit(tx, actor, 'cori.employee.added', { type: 'cori_employee', id }, { agency: agency.name, name: body.name });
  });
}

export async function revokeRegistration(ctx: AppContext, actor: Actor, kind: 'agency' | 'employee', id: string, reason: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const row = kind === 'agency' ? await store.agencyById(tx, id) : await store.employeeById(tx, id);
    if (!row) throw new NotFound(`cori.${kind}_not_found`, `No ${kind} in the register has that id.`);
    if (!row.authorized) throw new Conflict('cori.already_revoked', `${row.name} is already revoked.`);
    if (kind === 'agency') await store.revokeAgency(tx, id, actor.username, reason);
    else await store.revokeEmployee(tx, id, actor.username, reason);
    await registerAudit(tx, actor, `cori.${kind}.revoked`, { type: `cori_${kind}`, id }, { name: row.name, reason });
  });
}

// --- records checks (81A §K) ---

type CheckRow = NonNullable<Awaited<ReturnType<typeof store.checkById>>>;

const MESSAGES = {
  records_office: 'Business hours: this records check goes to the Records Office (81A §K.1.a). Tell the requester Records will answer; the request is on the Records Office list.',
  answered_after_hours: 'After hours: the requester is authorized and identified; the answer is entered in the CORI log (81A §K.1.b).',
  answered_by_records: 'Answered by the Records Office; entered in the CORI log (803 CMR 7.11).',
} as const;

function checkView(row: CheckRow, disseminationId: string | null) {
  const message = row.status === 'open' ? MESSAGES.records_office : row.routing === 'answered_after_hours' ? MESSAGES.answered_after_hours : MESSAGES.answered_by_records;
  return {
    id: row.id, number: row.number, receivedAt: row.received_at.toISOString(), receivedBy: row.received_by, agency: row.agency_name, employee: row.employee_name,
    subject: { name: row.subject_name, dob: row.subject_dob }, purpose: row.purpose, routing: row.routing, status: row.status,
    identityMethod: row.identity_method, identityNote: row.identity_note, answeredBy: row.answered_by, answeredAt: iso(row.answered_at),
    clause: row.routing === 'records_office' && row.status === 'open' ? '81A §K.1.a' : row.routing === 'answered_after_hours' ? '81A §K.1.b' : '803 CMR 7.11',
    message, disseminationId,
  };
}

/** Who is asking, as the register knows them. */
async function requester(tx: Tx, agencyName: string, employeeName: string) {
  const agency = await store.agencyByName(tx, agencyName);
  const employee = agency ? await store.employeeByName(tx, agency.id, employeeName) : undefined;
  return { agency, employee };
}

/**
 * A criminal justice agency's records check taken by dispatch (81A §K.1). In business hours
 * it is routed to the Records Office; after hours it is answered and logged, or refused.
 */
export async function takeRecordsCheck(ctx: AppContext, actor: Actor, body: Static<typeof S.CheckBody>) {
  return inTransaction(ctx.db, async (tx) => {
    const { agency, employee } = await requester(tx, body.agency, body.employee);
    const routed = routeRecordsCheck({
      at: ctx.clock.now(), businessHours: ctx.config.agency.businessHours, timeZone: ctx.config.agency.timeZone,
      municipalDepartment: body.municipalDepartment ?? false, agency, employee, identity: body.identity, disseminated: body.disseminated,
    });
    enforce(routed);
    if (!routed.allowed) throw new Error('unreachable');
    const afterHours = routed.routing === 'answered_after_hours';
    const row = await store.insertCheck(tx, {
      received_by: actor.username, agency_name: agency?.name ?? body.agency.trim(), agency_id: agency?.id ?? null,
      employee_name: employee?.name ?? body.employee.trim(), employee_id: employee?.id ?? null,
      subject_name: body.subject.name.trim(), subject_dob: body.subject.dob ?? null, purpose: body.purpose,
      routing: routed.routing, status: afterHours ? 'answered' : 'open', identity_method: body.identity?.method ?? null, identity_note: body.identity?.note ?? null,
      answered_by: afterHours ? actor.username : null, answered_at: afterHours ? ctx.clock.now() : null,
    });
    let disseminationId: string | null = null;
    if (afterHours) {
      disseminationId = (await store.insertDissemination(tx, {
        disseminated_by: actor.username, subject_name: row.subject_name, subject_dob: row.subject_dob, recipient_name: row.employee_name, recipient_agency: row.agency_name,
        purpose: row.purpose, what: body.disseminated!.trim(), records_check_id: row.id, identity_method: row.identity_method,
      })).id;
    }
    await recordAudit(tx, {
      actor, role: roleUsedFor(actor.roles, 'cori.check') ?? null, action: afterHours ? 'cori.check.answered' : 'cori.check.routed_to_records',
      subject: { type: 'records_check', id: row.id }, outcome: 'allowed',
      detail: { clause: routed.clause, agency: row.agency_name, employee: row.employee_name, subject: row.subject_name, ...(disseminationId ? { dissemination: disseminationId } : {}) },
    });
    return checkView(row, disseminationId);
  });
}

/** The Records Office's list of checks (open ones first to answer). */
/** The Records Office's list of checks, newest first, a page at a time. */
export async function recordsChecks(ctx: AppContext, status: 'open' | 'answered' | undefined, page: PageRequest) {
  const rows = pageFrom(await store.checks(ctx.db, status, page, CORI_PAGE.default), page, CORI_PAGE.default, (r) => r);
  auditThisRead({ type: 'records_check', id: status ?? 'all' }, 'cori.checks.read');
  return { ...rows, items: await Promise.all(rows.items.map(async (r) => checkView(r, (await store.disseminationOfCheck(ctx.db, r.id))?.id ?? null))) };
}

/** The Records Office answers a routed check: only to a registered, authorized requester; the answer is logged (803 CMR 7.11). */
export async function answerRecordsCheck(ctx: AppContext, actor: Actor, id: string, body: Static<typeof S.AnswerBody>) {
  return inTransaction(ctx.db, async (tx) => {
    const check = await store.lockCheck(tx, id);
    if (!check) throw new NotFound('cori.check_not_found', 'No records check has that id.');
    if (check.status === 'answered') throw new Conflict('cori.check_answered', `Records check ${check.number} is already answered.`);
    const { agency, employee } = await requester(tx, check.agency_name, check.employee_name);
    enforce(recordsOfficeMayAnswer(agency, employee));
    const identity = body.identity ? { method: body.identity.method, note: body.identity.note ?? null } : undefined;
    const row = await store.markAnswered(tx, id, actor.username, identity);
    const d = await store.insertDissemination(tx, {
      disseminated_by: actor.username, subject_name: row.subject_name, subject_dob: row.subject_dob, recipient_name: row.employee_name, recipient_agency: row.agency_name,
      purpose: row.purpose, what: body.disseminated.trim(), records_check_id: row.id, identity_method: row.identity_method,
    });
    await recordAudit(tx, {
      actor, role: roleUsedFor(actor.roles, 'records.release') ?? null, action: 'cori.check.answered', subject: { type: 'records_check', id }, outcome: 'allowed',
      detail: { clause: '803 CMR 7.11', dissemination: d.id },
    });
    return checkView(row, d.id);
  });
}

// --- the dissemination log (803 CMR 7.11) ---

type DisseminationRow = NonNullable<Awaited<ReturnType<typeof store.dissemination>>>;
type NoteRow = Awaited<ReturnType<typeof store.notesOf>>[number];

function disseminationView(d: DisseminationRow, notes: NoteRow[]) {
  return {
    id: d.id, number: d.number, disseminatedAt: d.disseminated_at.toISOString(), disseminatedBy: d.disseminated_by,
    subject: { name: d.subject_name, dob: d.subject_dob }, recipientName: d.recipient_name, recipientAgency: d.recipient_agency,
    purpose: d.purpose, what: d.what, recordsCheckId: d.records_check_id, identityMethod: d.identity_method,
    notes: notes.filter((n) => n.dissemination_id === d.id).map((n) => ({ id: n.id, note: n.note, notedBy: n.noted_by, notedAt: n.noted_at.toISOString() })),
  };
}

/** A CORI dissemination made other than through a records check (a walk-in, a letter): logged (803 CMR 7.11). */
export async function logDissemination(ctx: AppContext, actor: Actor, body: Static<typeof S.DisseminationBody>) {
  return inTransaction(ctx.db, async (tx) => {
    const d = await store.insertDissemination(tx, {
      disseminated_by: actor.username, subject_name: body.subject.name.trim(), subject_dob: body.subject.dob ?? null, recipient_name: body.recipientName.trim(),
      recipient_agency: body.recipientAgency.trim(), purpose: body.purpose, what: body.what, records_check_id: null, identity_method: null,
    });
    await recordAudit(tx, {
      actor, role: roleUsedFor(actor.roles, 'records.release') ?? null, action: 'cori.disseminated', subject: { type: 'cori_dissemination', id: d.id }, outcome: 'allowed',
      detail: { clause: '803 CMR 7.11', recipientAgency: d.recipient_agency },
    });
    return disseminationView(d, []);
  });
}

/** Dates are agency dates; `to` is inclusive. */
function span(ctx: AppContext, from?: string, to?: string) {
  // An agency date begins at its local midnight; a generous UTC window is narrowed by the agency date itself.
  const start = from ? new Date(`${from}T00:00:00Z`) : undefined;
  const end = to ? new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000) : undefined;
  return { start: start && new Date(start.getTime() - 14 * 3_600_000), end: end && new Date(end.getTime() + 14 * 3_600_000), zone: ctx.config.agency.timeZone };
}

/** The log, searched by subject, recipient and agency dates; the read is audited. */
export async function searchDisseminations(ctx: AppContext, query: Static<typeof S.DisseminationQuery>) {
  const rows = await store.disseminations(ctx.db, logFilter(ctx, query));
  const notes = await store.notesOf(ctx.db, rows.map((r) => r.id));
  auditThisRead({ type: 'cori_log', id: JSON.stringify(query) }, 'cori.log.read');
  return rows.map((r) => disseminationView(r, notes));
}

/** The log searched as above, a page at a time, oldest first. */
export async function disseminationPage(ctx: AppContext, query: Static<typeof S.DisseminationQuery>, page: PageRequest) {
  const shown = pageFrom(await store.disseminationPage(ctx.db, logFilter(ctx, query), page, CORI_PAGE.default), page, CORI_PAGE.default, (r) => r);
  const notes = await store.notesOf(ctx.db, shown.items.map((r) => r.id));
  auditThisRead({ type: 'cori_log', id: JSON.stringify(query) }, 'cori.log.read');
  return { ...shown, items: shown.items.map((r) => disseminationView(r, notes)) };
}

function logFilter(ctx: AppContext, query: Static<typeof S.DisseminationQuery>): store.DisseminationFilter {
  const { start, end, zone } = span(ctx, query.from, query.to);
  return { subject: query.subject, recipient: query.recipient, from: start, to: end, days: { zone, from: query.from, to: query.to } };
}

/** An annotation: the entry itself is never edited (803 CMR 7.11). */
export async function annotateDissemination(ctx: AppContext, actor: Actor, id: string, note: string) {
  return inTransaction(ctx.db, async (tx) => {
    const d = await store.dissemination(tx, id);
    if (!d) throw new NotFound('cori.dissemination_not_found', 'No entry of the CORI log has that id.');
    await store.insertNote(tx, { dissemination_id: id, note, noted_by: actor.username });
    await recordAudit(tx, {
      actor, role: roleUsedFor(actor.roles, 'records.release') ?? null, action: 'cori.log.annotated', subject: { type: 'cori_dissemination', id }, outcome: 'allowed', detail: {},
    });
    return disseminationView(d, await store.notesOf(tx, [id]));
  });
}
