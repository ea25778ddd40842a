/**
 * Emergency medical dispatch (81A §I): the agency's approved protocol cards (§I.1.b), each
 * employee's EMD certification (§I.1.a) with reminders before it expires, and the medical
 * call itself — the dispatcher's answers to a card's key questions and the pre-arrival
 * instructions given, each on the incident's timeline. Only an employee with a current
 * certification may mark an instruction given.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { agencyDate } from '../core/clock.ts';
import { BadRequest, Conflict, Forbidden, NotFound, PolicyViolation } from '../core/errors.ts';
import { recordAudit, recordAuditNow } from '../core/audit/trail.ts';
import { appendEvent } from '../core/events/log.ts';
import { defineSetting, readSetting, writeSetting } from '../core/settings.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import type { CardItem } from '../db/tables/emd.ts';
import { codeTable } from '../agency/service.ts';
import { getCall } from '../dispatch/calls/service.ts';
import { incidentRecord, lockedIncidentBrief } from '../dispatch/incidents/service.ts';
import type { IncidentRecord } from '../dispatch/incidents/model.ts';
import { raiseAlertIn } from '../dispatch/alerts/service.ts';
import { rosterEntries } from '../directory/roster.ts';
import { activePeopleWithRole, displayName, peopleByUsername, personByUsername } from '../identity/people.ts';
import { ROLE_PERMISSIONS, ROLES } from '../core/permissions.ts';
import {
  cardRow, cardRows, certificationRows, certificationsToRemind, certifiedOn, insertCard, insertCertification, insertReminder, lockCurrentCard, versionExists,
  type CardRow, type CertificationRow,
} from './store.ts';

export const CLAUSE_CERTIFIED = '81A §I.1.a';
export const CLAUSE_GUIDELINES = '81A §I.1.b';

/** A licensed EMD product the agency opens from the call (docs/emd.md): its name and launch URL template. */
export interface ProtocolProduct { name: string; launchUrl: string }
export const PROTOCOL_PRODUCT = defineSetting<ProtocolProduct | null>('emd.protocolProduct', null);
/** Days before a certification expires that its holder and the commanding officer are reminded. */
export const REMIND_DAYS = defineSetting('emd.certificationReminderDays', 30);
export const LAUNCH_PLACEHOLDERS = ['incident', 'address', 'callback', 'complaint'] as const;

const JOB_ACTOR = { username: 'precinct-emd', source: null, remote: false };

function today(ctx: AppContext): string {
  return agencyDate(ctx.config.agency.timeZone, ctx.clock.now());
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- protocol cards (81A §I.1.b)

export interface NewCard {
  complaintCode: string; complaint: string; version: string; approvedOn: string; approvedBy: string;
  keyQuestions: CardItem[]; instructions: CardItem[]; demo?: boolean | undefined;
}

function cardView(row: CardRow) {
  return {
    id: row.id, complaintCode: row.complaint_code, complaint: row.complaint, version: row.version, approvedOn: row.approved_on, approvedBy: row.approved_by,
    keyQuestions: row.key_questions, instructions: row.instructions, demo: row.demo, loadedBy: row.loaded_by, loadedAt: row.loaded_at.toISOString(),
    supersededAt: row.superseded_at?.toISOString() ?? null, supersededBy: row.superseded_by,
  };
}
export type CardView = ReturnType<typeof cardView>;

function checkItems(items: CardItem[], field: 'keyQuestions' | 'instructions'): void {
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (!item.text.trim()) throw new BadRequest('emd.card.empty_text', `${field}[${i}] has no words.`, { field: `${field}/${i}/text` });
    if (seen.has(item.code)) throw new BadRequest('emd.card.duplicate_code', `${field} names the code "${item.code}" twice; each ${field === 'instructions' ? 'instruction' : 'question'} needs its own code.`, { field: `${field}/${i}/code` });
    seen.add(item.code);
  }
}

/** Load a card; a new version of a complaint's card supersedes the current one, which is kept for the record. */
/** What a card must be beyond its schema; throws 400 naming the field. */
export function checkCard(ctx: AppContext, input: NewCard): void {
  if (!input.complaint.trim()) throw new BadRequest('emd.card.empty_complaint', 'The chief complaint needs a name.', { field: 'complaint' });
  if (!input.approvedBy.trim()) throw new BadRequest('emd.card.empty_approver', 'Name who approved the card (the medical director or the agency).', { field: 'approvedBy' });
  if (input.approvedOn > today(ctx)) throw new BadRequest('emd.card.future_approval', `approvedOn ${input.approvedOn} is in the future; a card is loaded once approved.`, { field: 'approvedOn' });
  checkItems(input.keyQuestions, 'keyQuestions');
  checkItems(input.instructions, 'instructions');
}

export async function loadCard(ctx: AppContext, actor: Pick<Actor, 'username' | 'source' | 'remote'>, input: NewCard): Promise<CardView> {
  checkCard(ctx, input);
  const id = randomUUID();
  await inTransaction(ctx.db, async (tx) => {
    const current = await lockCurrentCard(tx, input.complaintCode);
    if (await versionExists(tx, input.complaintCode, input.version)) {
      throw new Conflict('emd.card.version_exists', `Version ${input.version} of the ${input.complaintCode} card is already loaded; a new approval needs a new version.`, { field: 'version' });
    }
    await insertCard(tx, { ...input, id, demo: input.demo ?? false, loadedBy: actor.username }, current?.id);
    await recordAudit(tx, {
      actor: { username: actor.username, source: actor.source, remote: actor.remote }, action: 'emd.card.loaded', subject: { type: 'emd_card', id }, outcome: 'allowed',
      detail: { complaint: input.complaintCode, version: input.version, approvedOn: input.approvedOn, supersedes: current ? { id: current.id, version: current.version } : null },
    });
  });
  return cardView((await cardRow(ctx.db, id))!);
}

export async function cardList(ctx: AppContext, includeSuperseded: boolean): Promise<CardView[]> {
  return (await cardRows(ctx.db, includeSuperseded)).map(cardView);
}

// ---------------------------------------------------------------- certifications (81A §I.1.a)

function certificationState(row: Pick<CertificationRow, 'issued_on' | 'expires_on'>, on: string): 'current' | 'expired' | 'not_yet_valid' {
  if (row.issued_on > on) return 'not_yet_valid';
  return row.expires_on > on ? 'current' : 'expired';
}

async function certificationViews(ctx: AppContext, rows: CertificationRow[]) {
  const on = today(ctx);
  const people = await peopleByUsername(ctx.db, rows.flatMap((r) => [r.username, r.recorded_by]));
  return rows.map((r) => ({
    id: r.id, username: r.username, name: displayName(people.get(r.username), r.username), number: r.number, issuingBody: r.issuing_body,
    issuedOn: r.issued_on, expiresOn: r.expires_on, state: certificationState(r, on),
    recordedBy: displayName(people.get(r.recorded_by), r.recorded_by), recordedAt: r.recorded_at.toISOString(), remindedAt: r.reminded_at?.toISOString() ?? null,
  }));
}

export interface NewCertification { number: string; issuingBody: string; issuedOn: string; expiresOn: string }

/** A supervisor or administrator records someone else's certification (never their own). */
export async function recordCertification(ctx: AppContext, actor: Actor, username: string, input: NewCertification) {
  if (username === actor.username) throw new Forbidden('emd.certification.self', 'Another supervisor or administrator records your own EMD certification.');
  if (!await personByUsername(ctx.db, username)) throw new NotFound('emd.person_not_found', `There is no employee with the login ${username}.`);
  if (!input.number.trim()) throw new BadRequest('emd.certification.empty_number', 'The certification number is needed.', { field: 'number' });
  if (!input.issuingBody.trim()) throw new BadRequest('emd.certification.empty_issuer', 'Name the body that issued the certification.', { field: 'issuingBody' });
  if (input.issuedOn > today(ctx)) throw new BadRequest('emd.certification.future_issue', `issuedOn ${input.issuedOn} is in the future.`, { field: 'issuedOn' });
  if (input.expiresOn <= input.issuedOn) throw new BadRequest('emd.certification.expiry_before_issue', 'expiresOn must be after issuedOn.', { field: 'expiresOn' });
  await inTransaction(ctx.db, async (tx) => {
    const { id } = await insertCertification(tx, { username, ...input, recordedBy: actor.username });
    await recordAudit(tx, {
      actor, action: 'emd.certification.recorded', subject: { type: 'user', id: username }, outcome: 'allowed',
      detail: { certification: id, number: input.number, issuingBody: input.issuingBody, issuedOn: input.issuedOn, expiresOn: input.expiresOn },
    });
  });
  return certificationViews(ctx, await certificationRows(ctx.db, [username]));
}

export async function certificationList(ctx: AppContext, username?: string) {
  return certificationViews(ctx, await certificationRows(ctx.db, username === undefined ? undefined : [username]));
}

/** The people who take calls (a role with dispatch.calls), by name: those whose certification matters. */
export async function callTakers(ctx: AppContext) {
  const roles = ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('dispatch.calls'));
  return (await activePeopleWithRole(ctx.db, roles)).map((p) => ({ username: p.username, name: displayName(p, p.username) }));
}

/** Remind each holder (and the commanding officer) of a certification about to expire, once (the console's alerts). */
export async function sendEmdReminders(ctx: AppContext): Promise<number> {
  const on = today(ctx);
  const days = await readSetting(ctx.db, REMIND_DAYS);
  const due = await certificationsToRemind(ctx.db, addDays(on, days));
  const people = await peopleByUsername(ctx.db, due.map((c) => c.username));
  let sent = 0;
  for (const c of due) {
    await inTransaction(ctx.db, async (tx) => {
      if (!await insertReminder(tx, { certificationId: c.id, username: c.username, expiresOn: c.expires_on })) return;
      const expired = c.expires_on <= on;
      await raiseAlertIn(tx, JOB_ACTOR, {
        kind: 'emd_certification_expiring', audience: [c.username, 'commanding_officer'], dedupeKey: `emd-certification:${c.id}`,
        title: `${displayName(people.get(c.username), c.username)}: EMD certification ${expired ? 'expired' : 'expires'} on ${c.expires_on} — recertify (${CLAUSE_CERTIFIED})`,
        detail: { username: c.username, expiresOn: c.expires_on, clause: CLAUSE_CERTIFIED },
      });
      await recordAudit(tx, { actor: JOB_ACTOR, action: 'emd.certification.reminder', subject: { type: 'user', id: c.username }, outcome: 'allowed', detail: { expiresOn: c.expires_on } });
      sent += 1;
    });
  }
  return sent;
}

// ---------------------------------------------------------------- the licensed product's launch URL

/** The template with each placeholder replaced by its value, URL-encoded. */
export function launchUrl(template: string, values: Partial<Record<typeof LAUNCH_PLACEHOLDERS[number], string | null | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name as typeof LAUNCH_PLACEHOLDERS[number]] ?? ''));
}

export async function setProtocolProduct(ctx: AppContext, actor: Actor, product: ProtocolProduct | null): Promise<ProtocolProduct | null> {
  if (product) {
    if (!product.name.trim()) throw new BadRequest('emd.product.empty_name', 'Name the product (it is shown as "Open in <name>").', { field: 'name' });
    const unknown = [...product.launchUrl.matchAll(/\{(\w*)\}/g)].map((m) => m[1]!).find((n) => !(LAUNCH_PLACEHOLDERS as readonly string[]).includes(n));
    if (unknown !== undefined) throw new BadRequest('emd.product.unknown_placeholder', `launchUrl names {${unknown}}; the placeholders are ${LAUNCH_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`, { field: 'launchUrl' });
    let url: URL | undefined;
    try { url = new URL(launchUrl(product.launchUrl, { incident: '26-00001', address: '1 Main St', callback: '5550100', complaint: 'Chest pain' })); } catch { url = undefined; }
    if (!url || !['https:', 'http:'].includes(url.protocol)) throw new BadRequest('emd.product.bad_url', 'launchUrl must be an http or https URL.', { field: 'launchUrl' });
  }
  await inTransaction(ctx.db, async (tx) => {
    await writeSetting(tx, PROTOCOL_PRODUCT, product);
    await recordAudit(tx, { actor, action: 'emd.product.set', subject: { type: 'setting', id: PROTOCOL_PRODUCT.key }, outcome: 'allowed', detail: product ? { ...product } : { cleared: true } });
  });
  return product;
}

export function protocolProduct(ctx: AppContext): Promise<ProtocolProduct | null> {
  return readSetting(ctx.db, PROTOCOL_PRODUCT);
}

// ---------------------------------------------------------------- the medical call

/** Why an incident is a medical call: its type is marked medical, or a call on it was taken in the medical (EMD) category. */
async function medicalBecause(ctx: AppContext, record: Pick<IncidentRecord, 'type' | 'callId' | 'callers'>): Promise<'incident_type' | 'call_category' | null> {
  const type = (await codeTable(ctx.db, 'incident_type', true)).find((t) => t.code === record.type);
  if (type?.attrs.medical === true) return 'incident_type';
  const callIds = [...new Set([record.callId, ...(record.callers ?? []).map((c) => c.callId)].filter((id): id is string => Boolean(id)))].slice(0, 10);
  for (const id of callIds) {
    const call = await getCall(ctx, id).catch(() => undefined);
    if (call?.category === 'medical') return 'call_category';
  }
  return null;
}

const EMD_KINDS = ['incident.emd_answer', 'incident.emd_instruction'];

/** The card panel of a medical call: the cards, what was recorded with its time, who may give instructions. */
export async function incidentEmd(ctx: AppContext, actor: Actor, number: string, complaint?: string) {
  const record = await incidentRecord(ctx, number, actor);
  const on = today(ctx);
  const [because, cards, product, mine, roster] = await Promise.all([
    medicalBecause(ctx, record), cardList(ctx, false), protocolProduct(ctx), certificationRows(ctx.db, [actor.username]),
    rosterEntries(ctx.db, [on]),
  ]);
  const current = mine.filter((c) => certificationState(c, on) === 'current')[0];
  const onDuty = [...new Set(roster.map((r) => r.username).filter((u): u is string => Boolean(u) && u !== actor.username))];
  const certified = await certifiedOn(ctx.db, onDuty, on);
  const people = await peopleByUsername(ctx.db, [...certified]);
  const card = cards.find((c) => c.complaintCode === complaint);
  return {
    number, medical: because !== null, medicalBecause: because, cards,
    certified: Boolean(current), certification: current ? { number: current.number, issuingBody: current.issuing_body, expiresOn: current.expires_on } : null,
    certifiedOnDuty: [...certified].map((u) => displayName(people.get(u), u)).sort(),
    recorded: (record.timeline ?? []).filter((e) => EMD_KINDS.includes(e.kind)).map((e) => ({
      seq: e.seq, at: e.at, kind: e.kind === 'incident.emd_answer' ? 'answer' as const : 'instruction' as const,
      cardId: String(e.payload.card ?? ''), version: String(e.payload.version ?? ''), code: String(e.payload.item ?? ''),
      answer: typeof e.payload.answer === 'string' ? e.payload.answer : null, by: e.actorName ?? e.actor,
    })),
    launch: product ? {
      productName: product.name,
      url: launchUrl(product.launchUrl, { incident: number, address: record.location?.address, callback: record.callers?.[0]?.callbackNumber ?? record.complainant?.phone, complaint: card?.complaint }),
    } : null,
    confidential: record.confidential,
  };
}

async function cardOnCall(tx: Tx, number: string, cardId: string, item: string, field: 'question' | 'instruction') {
  const incident = await lockedIncidentBrief(tx, number);
  if (!incident) throw new NotFound('incident.not_found', `There is no incident ${number}.`);
  const card = await cardRow(tx, cardId);
  if (!card) throw new NotFound('emd.card.not_found', `There is no protocol card ${cardId}.`);
  const items = field === 'question' ? card.key_questions : card.instructions;
  const found = items.find((i) => i.code === item);
  if (!found) throw new BadRequest(`emd.unknown_${field}`, `The ${card.complaint} card (version ${card.version}) has no ${field} "${item}".`, { field });
  return { incident, card, found };
}

async function requireMedical(ctx: AppContext, actor: Actor, number: string): Promise<void> {
  const record = await incidentRecord(ctx, number, actor);
  if (!await medicalBecause(ctx, record)) {
    throw new PolicyViolation('emd.not_medical', `Incident ${number} is not a medical call: its type is not marked medical and no call on it was taken as Medical (EMD).`, CLAUSE_GUIDELINES, 409);
  }
}

/** The dispatcher's answer to a key question, on the timeline with its time. */
export async function recordAnswer(ctx: AppContext, actor: Actor, number: string, input: { cardId: string; question: string; answer: string }): Promise<IncidentRecord> {
  if (!input.answer.trim()) throw new BadRequest('emd.empty_answer', 'Record the caller’s answer.', { field: 'answer' });
  await requireMedical(ctx, actor, number);
  await inTransaction(ctx.db, async (tx) => {
    const { incident, card, found } = await cardOnCall(tx, number, input.cardId, input.question, 'question');
    await appendEvent(tx, {
      kind: 'incident.emd_answer', subject: { type: 'incident', id: number }, actor, confidential: incident.confidential,
      payload: { text: `EMD ${card.complaint} (version ${card.version}): ${found.text} — ${input.answer.trim()}`, card: card.id, version: card.version, complaint: card.complaint_code, item: found.code, answer: input.answer.trim() },
    });
    await recordAudit(tx, { actor, action: 'incident.emd_answer', subject: { type: 'incident', id: number }, outcome: 'allowed', detail: { card: card.id, question: found.code } });
  });
  return incidentRecord(ctx, number, actor);
}

/** A pre-arrival instruction given: only by an employee with a current EMD certification (81A §I.1.a). */
export async function markInstructionGiven(ctx: AppContext, actor: Actor, number: string, input: { cardId: string; instruction: string }): Promise<IncidentRecord> {
  await requireMedical(ctx, actor, number);
  if (!(await certifiedOn(ctx.db, [actor.username], today(ctx))).has(actor.username)) {
    // the refusal is on the audit trail; nothing else is written
    await recordAuditNow(ctx.db, { actor, action: 'emd.instruction.refused', subject: { type: 'incident', id: number }, outcome: 'denied', reason: 'emd.not_certified', detail: { clause: CLAUSE_CERTIFIED } });
    throw new PolicyViolation('emd.not_certified', 'Only an employee with a current Emergency Medical Dispatch certification may give first-aid instructions; transfer the caller to a certified colleague.', CLAUSE_CERTIFIED, 403);
  }
  await inTransaction(ctx.db, async (tx) => {
    const { incident, card, found } = await cardOnCall(tx, number, input.cardId, input.instruction, 'instruction');
    await appendEvent(tx, {
      kind: 'incident.emd_instruction', subject: { type: 'incident', id: number }, actor, confidential: incident.confidential,
      payload: { text: `EMD ${card.complaint} (version ${card.version}): instruction given — ${found.text}`, card: card.id, version: card.version, complaint: card.complaint_code, item: found.code, given: true },
    });
    await recordAudit(tx, { actor, action: 'incident.emd_instruction', subject: { type: 'incident', id: number }, outcome: 'allowed', detail: { card: card.id, instruction: found.code } });
  });
  return incidentRecord(ctx, number, actor);
}
