/**
 * Public records requests (S-110 §B.2; M.G.L. c.66 §10): the Records Bureau logs a request
 * and its ten-business-day deadline, gathers the records asked for, reviews the redactions the
 * system proposes (accepting, removing or adding each with a reason), and releases a redacted
 * PDF, or denies, with a response letter citing the exemptions. Each write and its audit row
 * commit in one transaction; the originals are only read.
 */
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { enforce } from '../core/decision.ts';
import { NotFound, Problem } from '../core/errors.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { auditThisRead } from '../core/audit/action.ts';
import { roleUsedFor } from '../core/permissions.ts';
import { inTransaction, type Db, type Tx } from '../db/index.ts';
import { pageFrom, type PageRequest } from '../core/paging.ts';
import { namer } from '../records/print.ts';
import { responseDeadline } from './deadline.ts';
import { today } from './daily-log.ts';
import { gather, type RecordKind } from './gather.ts';
import {
  daysLeft, EXEMPTIONS, newProposals, proposeRedactions, recordDigest, reasonGiven, receivedDateAllowed, redactRecord, releaseAllowed, reviewAllowed, type Exemption,
} from './redaction.ts';
import { releasePdf, responseLetter, type ReleasedRecord } from './request-pdf.ts';
import * as store from './request-store.ts';
import { REQUESTS_PAGE } from './model.ts';

type Via = 'in_person' | 'mail' | 'email' | 'phone' | 'web';
export interface NewRequest { requester: { name: string; contact: string }; receivedVia: Via; description: string; receivedOn: string }

export const requestLabel = (n: number) => `PRR-${String(n).padStart(5, '0')}`;
const role = (actor: Actor) => roleUsedFor(actor.roles, 'records.release') ?? null;
const subject = (id: string) => ({ type: 'records_request', id });

async function audit(tx: Tx, actor: Actor, action: string, id: string, detail: Record<string, unknown> = {}) {
  await recordAudit(tx, { actor, role: role(actor), action, subject: subject(id), outcome: 'allowed', detail });
}

/** A refusal naming the field it is about (problem+json `field`) and the clause. */
function refuseField(code: string, field: string, detail: string, clause: string): never {
  throw new Problem(422, code, 'Refused by policy', detail, { clause, field });
}

function calendar(ctx: AppContext) {
  return { businessDays: ctx.config.agency.businessHours.days };
}

type RequestRow = NonNullable<Awaited<ReturnType<typeof store.requestById>>>;

function view(ctx: AppContext, r: RequestRow, name: (u: string | null | undefined) => string) {
  const left = daysLeft(r.deadline, today(ctx), calendar(ctx));
  const open = r.status === 'open';
  return {
    id: r.id, number: r.number, label: requestLabel(r.number), requester: { name: r.requester_name, contact: r.requester_contact },
    receivedVia: r.received_via, description: r.description, receivedOn: r.received_on, deadline: r.deadline, status: r.status,
    daysLeft: open ? left.daysLeft : null, reminder: open ? left.reminder : null,
    loggedBy: r.logged_by, loggedByName: name(r.logged_by), loggedAt: r.logged_at.toISOString(),
    reviewedBy: r.reviewed_by, reviewedByName: r.reviewed_by ? name(r.reviewed_by) : null, reviewedAt: r.reviewed_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null, withdrawReason: r.withdraw_reason,
  };
}

/** Log a request as received; its deadline is the tenth business day after (M.G.L. c.66 §10(a)). */
export async function logRequest(ctx: AppContext, actor: Actor, input: NewRequest) {
  if (!input.requester.name.trim()) refuseField('request.requester_required', 'requester.name', 'Name the requester (requester.name); "anonymous" is acceptable if they would not give a name.', 'S-110 §B.2');
  if (!input.requester.contact.trim()) refuseField('request.contact_required', 'requester.contact', 'Say how to reach the requester (requester.contact): an address, e-mail or telephone.', 'M.G.L. c.66 §10(a)');
  if (!input.description.trim()) refuseField('request.description_required', 'description', 'Say which records are asked for (description).', 'M.G.L. c.66 §10(a)');
  enforce(receivedDateAllowed(input.receivedOn, today(ctx)));
  const { deadline } = responseDeadline(input.receivedOn, calendar(ctx));
  const row = await inTransaction(ctx.db, async (tx) => {
    const created = await store.insertRequest(tx, {
      requester_name: input.requester.name.trim(), requester_contact: input.requester.contact.trim(), received_via: input.receivedVia,
      description: input.description.trim(), received_on: input.receivedOn, deadline, logged_by: actor.username,
    });
    await audit(tx, actor, 'records_request.logged', created.id, { deadline });
    return created;
  });
  return view(ctx, row, await namer(ctx.db, [row.logged_by]));
}

/** Requests by status, soonest deadline first, a page at a time, each with its days left. */
export async function listRequests(ctx: AppContext, q: { status?: store.RequestStatus | undefined } & PageRequest) {
  const rows = await store.requestsPage(ctx.db, q.status, q, REQUESTS_PAGE.default);
  const name = await namer(ctx.db, rows.flatMap((r) => [r.logged_by, r.reviewed_by]));
  return pageFrom(rows, q, REQUESTS_PAGE.default, (r) => view(ctx, r, name));
}

/** The reminders of the open requests: how many are overdue and how many are due within two business days. */
export async function requestReminders(ctx: AppContext) {
  const reminders = { overdue: 0, dueSoon: 0 };
  for (const r of await store.openDeadlines(ctx.db)) {
    const { reminder } = daysLeft(r.deadline, today(ctx), calendar(ctx));
    if (reminder === 'overdue') reminders.overdue += 1; else if (reminder === 'due_soon') reminders.dueSoon += 1;
  }
  return reminders;
}

async function found(ctx: AppContext, tx: Tx | undefined, id: string) {
  const r = tx ? await store.lockRequest(tx, id) : await store.requestById(ctx.db, id);
  if (!r) throw new NotFound('request.not_found', `There is no public records request ${id}.`);
  return r;
}

function redactionView(r: Awaited<ReturnType<typeof store.redactionsOf>>[number], name: (u: string | null | undefined) => string) {
  const exemption = r.exemption as Exemption;
  return {
    id: r.id, itemId: r.item_id, scope: r.scope, what: r.what, terms: r.terms, exemption, clause: EXEMPTIONS[exemption]?.clause ?? r.exemption,
    origin: r.origin, decision: r.decision, reason: r.reason, decidedBy: r.decided_by, decidedByName: r.decided_by ? name(r.decided_by) : null, decidedAt: r.decided_at?.toISOString() ?? null,
  };
}

/** One request with its records, redactions and releases (the redactions name what they hide: an audited read). */
export async function requestDetail(ctx: AppContext, id: string) {
  const r = await found(ctx, undefined, id);
  auditThisRead(subject(id), 'records_request.read');
  const [items, redactions, releases] = await Promise.all([store.itemsOf(ctx.db, id), store.redactionsOf(ctx.db, id), store.releasesOf(ctx.db, id)]);
  const name = await namer(ctx.db, [r.logged_by, r.reviewed_by, ...items.map((i) => i.added_by), ...redactions.map((x) => x.decided_by), ...releases.map((x) => x.released_by)]);
  return {
    ...view(ctx, r, name),
    items: items.map((i) => ({ id: i.id, kind: i.kind, ref: i.ref, title: i.title, addedBy: i.added_by, addedByName: name(i.added_by), addedAt: i.added_at.toISOString() })),
    redactions: redactions.map((x) => redactionView(x, name)),
    releases: releases.map((x) => ({
      id: x.id, outcome: x.outcome, releasedBy: x.released_by, releasedByName: name(x.released_by), releasedAt: x.released_at.toISOString(), recipient: x.recipient,
      exemptions: x.exemptions, redactionCount: x.redactions.length, hasRelease: x.has_release, hasLetter: x.has_letter,
    })),
  };
}

/**
 * Gather a record into an open request, read as the clerk may read it; the system's proposals
 * come with it. A record gathered before is gathered again only when it has changed since (its
 * new text's proposals are added, the review reopens); unchanged, it is refused as already there.
 */
export async function gatherRecord(ctx: AppContext, actor: Actor, id: string, input: { kind: RecordKind; ref: string }) {
  const record = await gather(ctx, actor, input.kind, input.ref);
  const digest = recordDigest(record);
  const proposals = proposeRedactions(record);
  await inTransaction(ctx.db, async (tx) => {
    const r = await found(ctx, tx, id);
    if (r.status !== 'open') throw new Problem(409, 'request.closed', 'Conflict', `The request is ${r.status}.`, { clause: 'S-110 §B.2' });
    const before = (await store.itemsOf(tx, id)).find((i) => i.kind === input.kind && i.ref === input.ref);
    if (before?.digest === digest) throw new Problem(409, 'request.record_already_gathered', 'Conflict', `${record.title} is already in this request, unchanged.`);
    const item = before ?? await store.insertItem(tx, { request_id: id, kind: input.kind, ref: input.ref, title: record.title, digest, added_by: actor.username });
    if (!item) throw new Problem(409, 'request.record_already_gathered', 'Conflict', `${record.title} is already in this request.`);
    if (before) await store.regathered(tx, before.id, record.title, digest);
    const existing = (await store.redactionsOf(tx, id)).filter((x) => x.item_id === item.id);
    const fresh = newProposals(proposals, existing);
    await store.insertRedactions(tx, fresh.map((p) => ({
      request_id: id, item_id: item.id, scope: p.scope, what: p.what, terms: p.terms, exemption: p.exemption, origin: 'proposed', decision: 'proposed', reason: null, decided_by: null, decided_at: null,
    })));
    await store.markReviewed(tx, id, null);
    await audit(tx, actor, before ? 'records_request.record_regathered' : 'records_request.record_gathered', id, { kind: input.kind, ref: input.ref, proposed: fresh.length });
  });
  return requestDetail(ctx, id);
}

/** A record of the request as gathered and as it would be released now (accepted redactions applied). */
export async function previewRecord(ctx: AppContext, actor: Actor, id: string, itemId: string) {
  const items = await store.itemsOf(ctx.db, id);
  const item = items.find((i) => i.id === itemId);
  if (!item) throw new NotFound('request.record_not_found', `The request holds no record ${itemId}.`);
  auditThisRead(subject(id), 'records_request.record_read');
  const record = await gather(ctx, actor, item.kind, item.ref);
  const accepted = (await store.redactionsOf(ctx.db, id)).filter((x) => x.item_id === itemId && x.decision === 'accepted')
    .map((x) => ({ scope: x.scope, terms: x.terms, exemption: x.exemption as Exemption }));
  const released = redactRecord(record, accepted);
  return { itemId, title: record.title, original: record.sections, released: released.sections, withheld: released.withheld, notIncluded: record.notIncluded };
}

/** The clerk adds a redaction, with its exemption and reason; a reason is required (S-110 §B.2). */
export async function addRedaction(ctx: AppContext, actor: Actor, id: string, input: { itemId: string; scope: 'text' | 'item'; text?: string | undefined; exemption: Exemption; reason?: string | undefined }) {
  if (!reasonGiven(input.reason).allowed) refuseField('request.redaction_reason_required', 'reason', 'A redaction needs a reason (reason).', 'S-110 §B.2');
  if (input.scope === 'text' && !input.text?.trim()) refuseField('request.redaction_text_required', 'text', 'Say which text to redact (text).', 'S-110 §B.2');
  await inTransaction(ctx.db, async (tx) => {
    const r = await found(ctx, tx, id);
    if (r.status !== 'open') throw new Problem(409, 'request.closed', 'Conflict', `The request is ${r.status}.`, { clause: 'S-110 §B.2' });
    if (!(await store.itemsOf(tx, id)).some((i) => i.id === input.itemId)) refuseField('request.record_not_found', 'itemId', 'The request holds no such record (itemId).', 'S-110 §B.2');
    const [added] = await store.insertRedactions(tx, [{
      request_id: id, item_id: input.itemId, scope: input.scope, what: input.scope === 'item' ? 'whole record' : 'text chosen by the clerk',
      terms: input.scope === 'item' ? [] : [input.text!.trim()], exemption: input.exemption, origin: 'clerk', decision: 'accepted',
      reason: input.reason!.trim(), decided_by: actor.username, decided_at: new Date(),
    }]);
    await store.markReviewed(tx, id, null);
    await audit(tx, actor, 'records_request.redaction_added', id, { redaction: added!.id, exemption: input.exemption });
  });
  return requestDetail(ctx, id);
}

/** The clerk accepts a proposed redaction (its exemption is its reason) or removes it, saying why it may be released. */
export async function decideRedaction(ctx: AppContext, actor: Actor, id: string, redactionId: string, input: { decision: 'accept' | 'remove'; reason?: string | undefined }) {
  if (input.decision === 'remove' && !reasonGiven(input.reason).allowed) {
    refuseField('request.redaction_reason_required', 'reason', 'Say why this text may be released after all (reason).', 'S-110 §B.2');
  }
  await inTransaction(ctx.db, async (tx) => {
    const r = await found(ctx, tx, id);
    if (r.status !== 'open') throw new Problem(409, 'request.closed', 'Conflict', `The request is ${r.status}.`, { clause: 'S-110 §B.2' });
    if (!(await store.redactionsOf(tx, id)).some((x) => x.id === redactionId)) throw new NotFound('request.redaction_not_found', `The request has no redaction ${redactionId}.`);
    await store.decideRedaction(tx, redactionId, input.decision === 'accept' ? 'accepted' : 'removed', input.reason?.trim() || null, actor.username);
    await store.markReviewed(tx, id, null);
    await audit(tx, actor, input.decision === 'accept' ? 'records_request.redaction_accepted' : 'records_request.redaction_removed', id, { redaction: redactionId });
  });
  return requestDetail(ctx, id);
}

async function reviewState(q: Tx | Db, id: string) {
  const [items, redactions] = await Promise.all([store.itemsOf(q, id), store.redactionsOf(q, id)]);
  return { items, redactions, undecided: redactions.filter((x) => x.decision === 'proposed').length };
}

/** The clerk completes the review once every proposal is decided (S-110 §B.2). */
export async function completeReview(ctx: AppContext, actor: Actor, id: string) {
  await inTransaction(ctx.db, async (tx) => {
    const r = await found(ctx, tx, id);
    const state = await reviewState(tx, id);
    enforce(reviewAllowed({ status: r.status, items: state.items.length, undecided: state.undecided }));
    await store.markReviewed(tx, id, actor.username);
    await audit(tx, actor, 'records_request.reviewed', id, { records: state.items.length, redactions: state.redactions.filter((x) => x.decision === 'accepted').length });
  });
  return requestDetail(ctx, id);
}

export interface ReleaseInput { recipient?: string | undefined; deny?: { exemptions: Exemption[]; explanation?: string | undefined } | undefined }

/**
 * Release the reviewed records as a redacted PDF, or deny the request; a partial release or a
 * denial comes with a response letter citing the exemptions. Who, what, to whom, when and which
 * redactions are kept with the PDFs, in one transaction with the audit row.
 */
export async function releaseRequest(ctx: AppContext, actor: Actor, id: string, input: ReleaseInput) {
  if (input.deny && input.deny.exemptions.length === 0) refuseField('request.exemption_required', 'deny.exemptions', 'A denial cites at least one exemption (deny.exemptions).', 'M.G.L. c.66 §10(b)(iv)');
  const denied = Boolean(input.deny);
  const check = (r: RequestRow, state: Awaited<ReturnType<typeof reviewState>>) => {
    if (!(denied && state.items.length === 0)) enforce(releaseAllowed({ status: r.status, reviewed: r.reviewed_by !== null, items: state.items.length, undecided: state.undecided }));
  };
  // The records are read (through their own access rules) and drawn before the transaction; it then
  // checks nothing was gathered, redacted or decided meanwhile, so what is stored is what was reviewed.
  const before = await found(ctx, undefined, id);
  const reviewed = await reviewState(ctx.db, id);
  check(before, reviewed);
  const accepted = reviewed.redactions.filter((x) => x.decision === 'accepted');
  const at = new Date();
  const label = requestLabel(before.number);
  const recipient = input.recipient?.trim() || `${before.requester_name} (${before.requester_contact})`;
  const result = denied ? 'denied' as const : accepted.length ? 'partially_released' as const : 'released' as const;
  let released: Uint8Array | null = null;
  if (!denied) {
    const records: ReleasedRecord[] = [];
    for (const item of reviewed.items) {
      const record = await gather(ctx, actor, item.kind, item.ref);
      // S-110 §B.2: what is released is what was reviewed; a record changed since is gathered and reviewed again.
      if (recordDigest(record) !== item.digest) {
        throw new Problem(409, 'request.record_changed', 'Conflict', `${record.title} has changed since it was gathered: gather it again and review its new text.`, { clause: 'S-110 §B.2', record: item.id });
      }
      const mine = accepted.filter((x) => x.item_id === item.id).map((x) => ({ scope: x.scope, terms: x.terms, exemption: x.exemption as Exemption }));
      records.push({ ...redactRecord(record, mine), notIncluded: record.notIncluded });
    }
    released = await releasePdf(ctx.config.agency, { label, releasedAt: at, requester: recipient, records });
  }
  const exemptions = [...new Set([...(input.deny?.exemptions ?? []), ...accepted.map((x) => x.exemption as Exemption)])];
  const letter = result === 'released' ? null : await responseLetter(ctx.config.agency, {
    label, at, requester: { name: before.requester_name, contact: before.requester_contact }, receivedOn: before.received_on, description: before.description,
    outcome: result, exemptions, explanation: input.deny?.explanation?.trim() || null, releasedBy: (await namer(ctx.db, [actor.username]))(actor.username),
  });
  const fingerprint = (s: Awaited<ReturnType<typeof reviewState>>) => JSON.stringify([s.items.map((i) => i.id), s.redactions.map((x) => [x.id, x.decision])]);
  const releaseId = await inTransaction(ctx.db, async (tx) => {
    const r = await found(ctx, tx, id);
    const state = await reviewState(tx, id);
    check(r, state);
    if (fingerprint(state) !== fingerprint(reviewed)) throw new Problem(409, 'request.changed', 'Conflict', 'The request changed while it was being released; review it again.', { clause: 'S-110 §B.2' });
    const row = await store.insertRelease(tx, {
      request_id: id, outcome: result, released_by: actor.username, recipient,
      items: state.items.map((i) => ({ kind: i.kind, ref: i.ref, title: i.title })),
      redactions: accepted.map((x) => ({ id: x.id, item: x.item_id, scope: x.scope, what: x.what, exemption: x.exemption, origin: x.origin, reason: x.reason, decidedBy: x.decided_by })),
      exemptions, release_pdf: released ? Buffer.from(released) : null, letter_pdf: letter ? Buffer.from(letter) : null,
    });
    await store.closeRequest(tx, id, result, actor.username);
    await audit(tx, actor, `records_request.${result}`, id, { release: row.id, recipient, records: state.items.length, redactions: accepted.length, exemptions });
    return row.id;
  });
  return { releaseId, request: await requestDetail(ctx, id) };
}

/** The requester withdrew the request. */
export async function withdrawRequest(ctx: AppContext, actor: Actor, id: string, reason: string) {
  await inTransaction(ctx.db, async (tx) => {
    const r = await found(ctx, tx, id);
    if (r.status !== 'open') throw new Problem(409, 'request.closed', 'Conflict', `The request is ${r.status}.`, { clause: 'S-110 §B.2' });
    await store.closeRequest(tx, id, 'withdrawn', actor.username, reason.trim());
    await audit(tx, actor, 'records_request.withdrawn', id, {});
  });
  return requestDetail(ctx, id);
}

/** A release's PDF (the redacted records, or the response letter), as it was sent. */
export async function releaseDocument(ctx: AppContext, releaseId: string, which: 'records' | 'letter'): Promise<Buffer> {
  const row = await store.releaseDocument(ctx.db, releaseId);
  const bytes = which === 'records' ? row?.release_pdf : row?.letter_pdf;
  if (!row || !bytes) throw new NotFound('release.document_not_found', `Release ${releaseId} has no ${which === 'records' ? 'released records' : 'response letter'}.`);
  auditThisRead(subject(row.request_id), `records_request.${which}_pdf_read`);
  return bytes;
}
