/**
 * The CJIS Representative's desk (81A §J.1–§J.2, §J.4): each user's certification and
 * where they stand, certificates, reminders before expiry, the Users Agreement and its
 * deadlines, the monthly validation of the agency's entries, the Chief's BOP list and
 * the CJIS audits filed with Records.
 */
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { Conflict, NotFound, Problem } from '../core/errors.ts';
import { auditSubject } from '../core/audit/action.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { appendEvent } from '../core/events/log.ts';
import { ROLE_NAMES, ROLE_PERMISSIONS, ROLES, type Role } from '../core/permissions.ts';
import { defineSetting, readSetting } from '../core/settings.ts';
import { inTransaction, type Db } from '../db/index.ts';
import { pageFrom, type PageRequest } from '../core/paging.ts';
import { activePeopleWithRole, displayName, displayNames, personByUsername, type Person } from '../identity/people.ts';
import { agencyToday, isCommunications } from './access.ts';
import { storeDocument } from './documents.ts';
import {
  addBopListItem, agreementRows, auditFilings, bopList, certificationRow, certificationsOf, certificationsToRemind, cjisUsers, insertAgreement, insertAuditFiling,
  insertCertification, insertOfficial, insertReminder, officialRows, recordValidation, reminders, removeBopListItem, saveValidationList, setEmployedSince,
  validationList, validationMonths, validations,
} from './desk-store.ts';
import { isoDate } from './gateway/message.ts';
import { isTraining } from './link.ts';
import { BOP_LIST_KINDS, LEVELS, OFFICIAL_ROLES, RECORD_NAMES, type BopListKind, type Level, type OfficialRole, type ValidationOutcome } from './model.ts';
import { readRecord } from './ncic.ts';
import { bopListPdf, certificatePdf } from './pdf.ts';
import { sendToSwitch } from './queries.ts';
import { addDays, addMonths, agreementsDue, certificationExpires, certificationState, mayQueryBop, mayUseCjis } from './rules.ts';
import type { CjisUserView } from './schemas.ts';
import type { ValidationItemJson } from '../db/tables/cjis.ts';
import { documentsMeta, listEntries } from './store.ts';

/** How many days before a certification expires its holder and the CJIS Representative are reminded. */
export const REMIND_DAYS = defineSetting('cjis.certificationReminderDays', 60);

/** Roles whose holders are CJIS users. */
const CJIS_ROLES = ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('cjis.query'));

async function userViews(ctx: AppContext, people: Person[]): Promise<CjisUserView[]> {
  const usernames = people.map((p) => p.username);
  const [users, certifications, sent, remindDays] = await Promise.all([cjisUsers(ctx.db, usernames), certificationsOf(ctx.db, usernames), reminders(ctx.db), readSetting(ctx.db, REMIND_DAYS)]);
  const today = agencyToday(ctx);
  return people.map((p) => {
    const user = users.find((u) => u.username === p.username);
    const cert = certifications.find((c) => c.username === p.username);
    const facts = { communications: isCommunications(p), employedSince: user?.employed_since ?? null, certification: cert ? { level: cert.level, certifiedOn: cert.certified_on } : null };
    const { state, until } = certificationState(facts, today, remindDays);
    const query = mayUseCjis(user || cert ? facts : null, 'query', today);
    const full = mayUseCjis(user || cert ? facts : null, 'full', today);
    const refusal = !query.allowed ? query : !full.allowed ? full : null;
    return {
      username: p.username, name: displayName(p, p.username), roles: p.roles, unit: p.unit, communications: facts.communications,
      employedSince: facts.employedSince, level: cert?.level ?? null, certifiedOn: cert?.certified_on ?? null, expiresOn: cert ? certificationExpires(cert.certified_on) : null,
      certificationId: cert?.id ?? null, certificateDocumentId: cert?.document_id ?? null, state, until,
      reminderSentAt: cert ? sent.find((s) => s.certification_id === cert.id)?.sent_at.toISOString() ?? null : null,
      queryAllowed: query.allowed, fullAllowed: full.allowed,
      refusal: refusal && !refusal.allowed ? { code: refusal.code, clause: refusal.clause, detail: refusal.detail } : null,
    };
  });
}

/** Every CJIS user (holders of roles that query CJIS) and where each stands today. */
export async function cjisUserList(ctx: AppContext): Promise<CjisUserView[]> {
  return userViews(ctx, await activePeopleWithRole(ctx.db, CJIS_ROLES));
}

/** The signed-in person's own standing: shown on their CJIS screen, with the reminder when one was sent. */
export async function myCjisStatus(ctx: AppContext, actor: Actor): Promise<CjisUserView> {
  const person = await personByUsername(ctx.db, actor.username);
  if (!person) throw new NotFound('user.not_found', `No login ${actor.username}.`);
  return (await userViews(ctx, [person]))[0]!;
}

async function cjisPerson(db: Db, username: string): Promise<Person> {
  const person = await personByUsername(db, username);
  if (!person) throw new NotFound('user.not_found', `There is no login ${username}.`);
  return person;
}

/** Record when a user was employed: training is due within six months of it (81A §J.1.b.i). */
export async function setEmployment(ctx: AppContext, actor: Actor, username: string, employedSince: string | null): Promise<CjisUserView> {
  const person = await cjisPerson(ctx.db, username);
  if (employedSince && employedSince > agencyToday(ctx)) throw new Problem(422, 'cjis.future_date', 'Impossible date', 'The employment date is in the future.', { field: 'employedSince' });
  await inTransaction(ctx.db, async (tx) => {
    await setEmployedSince(tx, username, employedSince, actor.username);
    auditSubject(tx, { type: 'user', id: username }, 'cjis.user.employment');
  });
  return (await userViews(ctx, [person]))[0]!;
}

/**
 * Record a certification (81A §J.1.b.i–ii): its level and date, and the certificate —
 * the uploaded one, or one generated now.
 */
export async function recordCertification(ctx: AppContext, actor: Actor, username: string, input: { level: Level; certifiedOn: string; documentId?: string | undefined }): Promise<CjisUserView> {
  const person = await cjisPerson(ctx.db, username);
  const today = agencyToday(ctx);
  if (input.certifiedOn > today) throw new Problem(422, 'cjis.future_date', 'Impossible date', 'A certification cannot be dated in the future.', { field: 'certifiedOn' });
  if (input.documentId) {
    const [doc] = await documentsMeta(ctx.db, { ids: [input.documentId] });
    if (!doc || doc.kind !== 'certificate') throw new Problem(422, 'cjis.document_not_found', 'Unknown document', 'documentId must name an uploaded document of kind certificate.', { field: 'documentId' });
  }
  const level = LEVELS.find((l) => l.code === input.level)!;
  const pdf = input.documentId ? null : await certificatePdf(ctx.config.agency, {
    name: displayName(person, username), username, level: level.name, certifiedOn: input.certifiedOn, expiresOn: certificationExpires(input.certifiedOn), recordedBy: actor.username,
  }, isTraining(ctx));
  await inTransaction(ctx.db, async (tx) => {
    const documentId = input.documentId ?? await storeDocument(tx, actor, 'certificate', `cjis-certificate-${username}-${input.certifiedOn}.pdf`, 'application/pdf', pdf!);
    const id = await insertCertification(tx, { username, level: input.level, certifiedOn: input.certifiedOn, documentId, by: actor.username });
    await appendEvent(tx, { kind: 'cjis.certification.recorded', subject: { type: 'user', id: username }, actor, payload: { certification: id, level: input.level, certifiedOn: input.certifiedOn } });
  });
  return (await userViews(ctx, [person]))[0]!;
}

/** The certificate of one certification. */
export async function certificationDocument(ctx: AppContext, id: string): Promise<string> {
  const row = await certificationRow(ctx.db, id);
  if (!row?.document_id) throw new NotFound('cjis.certificate_not_found', `No certificate is kept for certification ${id}.`);
  return row.document_id;
}

const JOB_ACTOR = { username: 'precinct-cjis', source: null, remote: false };

/** Remind holders of certifications that expire within the reminder window, once per certification. */
export async function sendCertificationReminders(ctx: AppContext): Promise<number> {
  const today = agencyToday(ctx);
  const remindDays = await readSetting(ctx.db, REMIND_DAYS);
  const due = await certificationsToRemind(ctx.db, addDays(addMonths(today, -24), remindDays));
  let sent = 0;
  for (const c of due) {
    const expiresOn = certificationExpires(c.certified_on);
    await inTransaction(ctx.db, async (tx) => {
      if (!(await insertReminder(tx, { certificationId: c.id, username: c.username, expiresOn }))) return;
      const expired = expiresOn <= today;
      await appendEvent(tx, {
        kind: 'cjis.certification.expiring', subject: { type: 'user', id: c.username }, actor: JOB_ACTOR,
        payload: { text: `${c.username}'s CJIS certification ${expired ? 'expired' : 'expires'} on ${expiresOn}: recertify (81A §J.1.b.i)`, expiresOn, certification: c.id },
      });
      await recordAudit(tx, { actor: JOB_ACTOR, action: 'cjis.certification.reminder', subject: { type: 'user', id: c.username }, outcome: 'allowed', detail: { expiresOn } });
      sent += 1;
    });
  }
  return sent;
}

export async function reminderList(ctx: AppContext) {
  return (await reminders(ctx.db)).map((r) => ({ certificationId: r.certification_id, username: r.username, expiresOn: r.expires_on, sentAt: r.sent_at.toISOString() }));
}

// ---------------------------------------------------------------- the Users Agreement

export async function agreementsView(ctx: AppContext) {
  const [agreements, officials] = await Promise.all([agreementRows(ctx.db), officialRows(ctx.db)]);
  return {
    agreements: agreements.map((a) => ({ id: a.id, signedOn: a.signed_on, filedWithRecordsOn: a.filed_records_on, filedWithChsbOn: a.filed_chsb_on, documentId: a.document_id, recordedBy: a.recorded_by })),
    officials: officials.map((o) => ({ id: o.id, role: o.role, roleName: OFFICIAL_ROLES[o.role], name: o.name, username: o.username, assignedOn: o.assigned_on })),
    due: agreementsDue(agreements.map((a) => ({ signedOn: a.signed_on })), officials.map((o) => ({ role: o.role, name: o.name, assignedOn: o.assigned_on })), agencyToday(ctx)),
  };
}

/** A signed Users Agreement, filed with the Department Records Section and with the CHSB (81A §J.1.b.vii). */
export async function recordAgreement(ctx: AppContext, actor: Actor, input: { signedOn: string; filedWithRecordsOn?: string | undefined; filedWithChsbOn?: string | undefined; documentId?: string | undefined }) {
  if (input.signedOn > agencyToday(ctx)) throw new Problem(422, 'cjis.future_date', 'Impossible date', 'The agreement cannot be signed in the future.', { field: 'signedOn' });
  await inTransaction(ctx.db, async (tx) => {
    const id = await insertAgreement(tx, { signedOn: input.signedOn, filedRecordsOn: input.filedWithRecordsOn ?? null, filedChsbOn: input.filedWithChsbOn ?? null, documentId: input.documentId ?? null, by: actor.username });
    auditSubject(tx, { type: 'cjis_agreement', id }, 'cjis.agreement.recorded');
  });
  return agreementsView(ctx);
}

/** A new CJIS Representative, backup Representative or Chief: a new Users Agreement is due within ten days (81A §J.1.b.viii(b)). */
export async function recordOfficial(ctx: AppContext, actor: Actor, input: { role: OfficialRole; name: string; username?: string | undefined; assignedOn: string }) {
  await inTransaction(ctx.db, async (tx) => {
    const id = await insertOfficial(tx, { role: input.role, name: input.name, username: input.username ?? null, assignedOn: input.assignedOn, by: actor.username });
    auditSubject(tx, { type: 'cjis_official', id }, 'cjis.official.assigned');
  });
  return agreementsView(ctx);
}

// ---------------------------------------------------------------- monthly validation (81A §J.1.b.iii)

export async function validationView(ctx: AppContext, month: string) {
  const list = await validationList(ctx.db, month);
  const done = await validations(ctx.db, month);
  const items = list?.entries ?? [];
  const ours = await listEntries(ctx.db, { status: 'all', nics: items.map((i) => i.nic) });
  const nameOf = await displayNames(ctx.db, done.map((d) => d.validated_by));
  return {
    month, requestedAt: list?.requested_at.toISOString() ?? null, requestedBy: list?.requested_by ?? null, training: isTraining(ctx),
    complete: !!list && items.every((i) => done.some((d) => d.nic === i.nic)),
    items: items.map((i) => {
      const v = done.find((d) => d.nic === i.nic);
      return { ...i, entryId: ours.find((e) => e.nic === i.nic)?.id ?? null, outcome: v?.outcome ?? null, note: v?.note ?? null, validatedBy: v?.validated_by ?? null, validatedByName: v ? nameOf(v.validated_by) : null, validatedAt: v?.validated_at.toISOString() ?? null };
    }),
  };
}

export async function validationMonthList(ctx: AppContext) {
  return (await validationMonths(ctx.db)).map((m) => ({ month: m.month, requestedAt: m.requested_at.toISOString(), requestedBy: m.requested_by }));
}

/** Ask the switch for the month's validation list: every active record this agency entered. */
export async function requestValidationList(ctx: AppContext, actor: Actor, month: string) {
  const reply = await sendToSwitch(ctx, { mke: 'VQ', records: [], fields: [['MON', month.replace('-', '')], ['OPR', actor.username]] }, { idempotent: true });
  const items: ValidationItemJson[] = reply.message.records.map(readRecord).map((r) => ({
    nic: r.nic ?? '', type: r.type, mke: r.type, enteredOn: isoDate(r.descriptors.DOE ?? ''),
    summary: `${RECORD_NAMES[r.type]}: ${[r.descriptors.NAM, r.descriptors.DOB && `DOB ${r.descriptors.DOB}`, r.descriptors.LIC && `${r.descriptors.LIC} ${r.descriptors.LIS ?? ''}`, r.descriptors.VIN, r.descriptors.OFF].filter(Boolean).join(' · ')}`,
  })).filter((i) => i.nic);
  const ours = await listEntries(ctx.db, { status: 'all', nics: items.map((i) => i.nic) });
  for (const item of items) {
    const entry = ours.find((e) => e.nic === item.nic);
    if (entry) { item.mke = entry.mke; item.enteredOn = entry.entered_at.toISOString().slice(0, 10); }
  }
  await inTransaction(ctx.db, async (tx) => {
    await saveValidationList(tx, month, items, actor.username);
    auditSubject(tx, { type: 'cjis_validation', id: month }, 'cjis.validation.list_received');
  });
  return validationView(ctx, month);
}

/** Record who validated an entry on the month's list, and how (81A §J.1.b.iii). */
export async function validateEntry(ctx: AppContext, actor: Actor, month: string, nic: string, outcome: ValidationOutcome, note: string | undefined) {
  const list = await validationList(ctx.db, month);
  if (!list) throw new NotFound('cjis.validation_not_found', `No validation list for ${month} yet: request it first.`);
  if (!list.entries.some((e) => e.nic === nic)) throw new NotFound('cjis.validation_not_listed', `${nic} is not on the validation list of ${month}.`);
  if (outcome === 'removed') {
    const [entry] = await listEntries(ctx.db, { status: 'all', nics: [nic] });
    if (entry?.status === 'active') throw new Conflict('cjis.entry_still_active', `Entry ${nic} is still active: clear or cancel it before recording it as removed.`);
  }
  await inTransaction(ctx.db, async (tx) => {
    await recordValidation(tx, { month, nic, outcome, note: note ?? null, by: actor.username });
    auditSubject(tx, { type: 'cjis_validation', id: `${month}/${nic}` }, 'cjis.validation.recorded');
  });
  return validationView(ctx, month);
}

// ---------------------------------------------------------------- the Chief's BOP list (81A §J.4)

/** The list as screens show it: a position by its role's name, a login by its person, and who added each line by name. */
export async function bopListView(ctx: AppContext) {
  const items = await bopList(ctx.db);
  const nameOf = await displayNames(ctx.db, items.flatMap((i) => [i.added_by, i.kind === 'name' ? i.value : null]));
  const shown = (i: (typeof items)[number]) => (i.kind === 'name' ? nameOf(i.value) : i.kind === 'position' ? ROLE_NAMES[i.value as Role] ?? i.value : i.value);
  return items.map((i) => ({
    id: i.id, kind: i.kind, kindName: BOP_LIST_KINDS[i.kind], value: i.value, valueName: shown(i), addedBy: i.added_by, addedByName: nameOf(i.added_by), addedAt: i.added_at.toISOString(),
  }));
}

export async function addToBopList(ctx: AppContext, actor: Actor, kind: BopListKind, value: string) {
  if (kind === 'position' && !(ROLES as readonly string[]).includes(value)) {
    throw new Problem(422, 'cjis.unknown_position', 'Unknown position', `"${value}" is not a position (role) of this system: ${ROLES.join(', ')}.`, { field: 'value', clause: '81A §J.4.c' });
  }
  if (kind === 'name' && !(await personByUsername(ctx.db, value))) throw new Problem(422, 'user.not_found', 'Unknown login', `There is no login ${value}.`, { field: 'value', clause: '81A §J.4.c' });
  await inTransaction(ctx.db, async (tx) => {
    const id = await addBopListItem(tx, { kind, value: value.trim(), by: actor.username });
    auditSubject(tx, { type: 'cjis_bop_list', id }, 'cjis.bop_list.added');
  });
  return bopListView(ctx);
}

export async function removeFromBopList(ctx: AppContext, actor: Actor, id: string) {
  await inTransaction(ctx.db, async (tx) => {
    if (!(await removeBopListItem(tx, id, actor.username, ctx.clock.now()))) throw new NotFound('cjis.bop_item_not_found', `No entry ${id} on the list.`);
    auditSubject(tx, { type: 'cjis_bop_list', id }, 'cjis.bop_list.removed');
  });
  return bopListView(ctx);
}

/** The list printed for inspection, with the employees it authorizes today. */
export async function bopListPrintout(ctx: AppContext, actor: Actor): Promise<Buffer> {
  const lines = await bopListView(ctx);
  const everyone = await activePeopleWithRole(ctx.db, [...ROLES]);
  const people = everyone.flatMap((p) => {
    const decision = mayQueryBop({ username: p.username, roles: p.roles, unit: p.unit }, lines.map((l) => ({ kind: l.kind, value: l.value })));
    if (!decision.allowed) return [];
    const how = lines.filter((l) => (l.kind === 'name' && l.value === p.username) || (l.kind === 'position' && p.roles.includes(l.value)) || (l.kind === 'title' && l.value.toLowerCase() === p.unit?.toLowerCase())).map((l) => `${l.kindName.toLowerCase()} ${l.valueName}`);
    return [{ name: displayName(p, p.username), how: `by ${how.join(', ')}` }];
  });
  // on paper, people by name and badge, never by login
  const named = lines.map((l) => ({ ...l, value: l.valueName, addedBy: l.addedByName }));
  return bopListPdf(ctx.config.agency, named, people, displayName(await personByUsername(ctx.db, actor.username), actor.username), ctx.clock.now());
}

// ---------------------------------------------------------------- CJIS audits filed with Records (81A §J.1.b.ix)

export const AUDITS_PAGE = { default: 50, max: 200 } as const;

export async function auditFilingList(ctx: AppContext, page: PageRequest) {
  return pageFrom(await auditFilings(ctx.db, page, AUDITS_PAGE.default), page, AUDITS_PAGE.default, (a) => ({ id: a.id, auditDate: a.audit_date, auditor: a.auditor, result: a.result, filedWithRecordsOn: a.filed_records_on, documentId: a.document_id, recordedBy: a.recorded_by }));
}

export async function fileAudit(ctx: AppContext, actor: Actor, input: { auditDate: string; auditor: string; result: string; filedWithRecordsOn: string; documentId?: string | undefined }) {
  await inTransaction(ctx.db, async (tx) => {
    const id = await insertAuditFiling(tx, { auditDate: input.auditDate, auditor: input.auditor, result: input.result, filedRecordsOn: input.filedWithRecordsOn, documentId: input.documentId ?? null, by: actor.username });
    auditSubject(tx, { type: 'cjis_audit', id }, 'cjis.audit.filed');
  });
  return (await auditFilingList(ctx, {})).items;
}

