import type { EventKind } from '../../core/events/catalogue.ts';
import { sql } from 'kysely';
import type { AppContext } from '../../core/context.ts';
import { BadRequest, Conflict, NotFound, PolicyViolation } from '../../core/errors.ts';
import { pageFrom, type Page, type PageRequest } from '../../core/paging.ts';
import { codeTable } from '../../agency/service.ts';
import { inTransaction, serverTime, type Tx } from '../../db/index.ts';
import { appendEvent, lastEventOf, type DispatchEvent } from '../../core/events/log.ts';
import { findIncident, keepCallerAli, lockIncident } from '../incidents/store.ts';
import { auditThisRead } from '../../core/audit/action.ts';
import { ALI_FIELDS, RINGING_LINES, type Ali, type AliField, type CallLine, type CallState, type CallView } from './model.ts';
import { aliCheck, aliForStream, callMayJoinIncident, maskAliForShelter, needsCallback, callPriority, incidentAcceptsCalls, mayPickUp, mayTransfer, orderQueue, questionsOf, unknownAnswers } from './rules.ts';
import { answeredCalls, CALL_PAGE, findCall, holdLimitSeconds, insertCall, listCalls, lockCall, screeningQueue, updateCall, waitingCalls, type CallFilter, type CallRow } from './store.ts';
import { callCodes, callView, type CallCodes } from './views.ts';
import type { Actor } from '../../core/actor.ts';
import { displayName, peopleByUsername } from '../../identity/people.ts';

export interface NewCall {
  line: CallLine;
  callerName?: string | undefined;
  callbackNumber?: string | undefined;
  ali?: Ali | undefined;
  transferredFrom?: string | undefined;
  category?: string | undefined;
}

/** Waiting and hold times are shown to the second on this server's clock; the hold limit is read only when a call is on hold. */
export async function render(ctx: AppContext, rows: CallRow[], codes?: CallCodes): Promise<CallView[]> {
  const held = rows.some((r) => r.status === 'on_hold');
  const [c, limit] = await Promise.all([codes ?? callCodes(ctx.db), held ? holdLimitSeconds(ctx.db) : 60]);
  const now = new Date();
  const people = await peopleByUsername(ctx.db, rows.flatMap((r) => r.call_takers));
  return rows.map((row) => ({ ...callView(row, c, now, limit), callTakerNames: row.call_takers.map((u) => displayName(people.get(u), u)) }));
}

function categoryOf(codes: CallCodes, code: string, field = 'category') {
  const entry = codes.categories.find((c) => c.code === code && c.active);
  if (!entry) throw new BadRequest('call.unknown_category', `"${code}" is not a call category (${codes.categories.map((c) => c.code).join(', ')}).`, { field });
  return entry;
}

function event(tx: Tx, actor: Actor, kind: EventKind, call: CallRow, payload: Record<string, unknown> = {}) {
  return appendEvent(tx, { kind, subject: { type: 'call', id: call.id }, actor, payload: { line: call.line, priority: call.priority, status: call.status, ...payload } });
}

/**
 * A call comes in (81A §C.1): the server stamps its time. Telephone lines ring and wait
 * in the queue; a walk-in, radio call, report or officer-initiated call is taken by
 * whoever records it, so it is answered at once.
 */
export async function receiveCall(ctx: AppContext, actor: Actor, input: NewCall): Promise<CallView> {
  const codes = await callCodes(ctx.db);
  checkNewCall(codes, input);
  const row = await inTransaction(ctx.db, (tx) => insertNewCall(tx, actor, codes, input, !RINGING_LINES.includes(input.line)));
  return (await render(ctx, [row], codes))[0]!;
}

/** A new call's line, category and transfer checked against the code tables; `field` prefixes the field a refusal names. */
export function checkNewCall(codes: CallCodes, input: NewCall, field = '') {
  const line = codes.lines.find((l) => l.code === input.line);
  if (!line) throw new BadRequest('call.unknown_line', `"${input.line}" is not a call line.`, { field: `${field}line` });
  const category = input.category ? categoryOf(codes, input.category, `${field}category`) : undefined;
  if (input.transferredFrom && input.line !== 'e911' && input.line !== 'emergency') {
    throw new BadRequest('call.transfer_line', 'Only E-911 and emergency-line calls arrive as transfers from another PSAP.', { field: `${field}transferredFrom` });
  }
  return { line, category };
}

/**
 * The call row and its `call.received` event, inside the caller's transaction. `answered`:
 * the person recording it has the caller (a walk-in, or a call typed at the console).
 */
export async function insertNewCall(tx: Tx, actor: Actor, codes: CallCodes, input: NewCall, answered: boolean): Promise<CallRow> {
  const { line, category } = checkNewCall(codes, input);
  const call = await insertCall(tx, {
    line: input.line, status: answered ? 'active' : 'ringing',
    priority: callPriority(Number(line.attrs.priority ?? 3), category ? Number(category.attrs.priority ?? 3) : undefined),
    category: category?.code ?? null, callerName: input.callerName ?? null, callbackNumber: input.callbackNumber ?? input.ali?.callbackNumber ?? null,
    ali: input.ali ?? null, transferredFrom: input.transferredFrom ?? null, callTakers: answered ? [actor.username] : [], createdBy: actor.username,
  });
  await event(tx, actor, 'call.received', call, {
    receivedAt: call.received_at.toISOString(), callerName: call.caller_name, callbackNumber: call.callback_number,
    ali: aliForStream(call.ali), transferredFrom: call.transferred_from, category: call.category,
  });
  return call;
}

/** Change one call in one transaction, its row locked; `change` validates first, then writes. */
async function withCall(ctx: AppContext, id: string, change: (tx: Tx, call: CallRow) => Promise<CallRow>): Promise<CallView> {
  const [row, lastSeq] = await inTransaction(ctx.db, async (tx) => {
    const call = await lockCall(tx, id);
    if (!call) throw new NotFound('call.not_found', `There is no call ${id}.`);
    const changed = await change(tx, call);
    // the call is locked: no other event about it lands between this change and this number
    return [changed, await lastEventOf(tx, 'call', id)] as const;
  });
  return { ...(await render(ctx, [row]))[0]!, lastSeq };
}

/** Answer a ringing call, or pick a held one back up. 81A §C.4.b limits an E-911 caller to two call takers. */
export function answerCall(ctx: AppContext, actor: Actor, id: string): Promise<CallView> {
  return withCall(ctx, id, async (tx, call) => {
    mayPickUp(call, actor.username);
    const takers = call.call_takers.includes(actor.username) ? call.call_takers : [...call.call_takers, actor.username];
    const wasHeld = call.status === 'on_hold';
    const updated = await updateCall(tx, call.id, {
      status: 'active', call_takers: takers, hold_reason: null, held_at: null,
      ...(call.answered_at ? {} : { answered_at: sql<Date>`now()` }),
    });
    await event(tx, actor, wasHeld ? 'call.resumed' : 'call.answered', updated, { answeredAt: updated.answered_at?.toISOString(), callTakers: takers });
    return updated;
  });
}

/** 81A §C "Placing Calls on Hold" (a): the caller is told why; the reason is recorded and the hold timed. */
export function holdCall(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<CallView> {
  if (!reason.trim()) throw new BadRequest('call.hold_reason_required', 'Say why the caller is put on hold (81A §C.3.a "Placing Calls on Hold").');
  return withCall(ctx, id, async (tx, call) => {
    if (call.status !== 'active') throw new Conflict('call.not_active', `Only a call being handled can be put on hold; this one is ${call.status}.`);
    const updated = await updateCall(tx, call.id, { status: 'on_hold', hold_reason: reason, held_at: sql<Date>`now()` });
    await event(tx, actor, 'call.held', updated, { reason, heldAt: updated.held_at?.toISOString() });
    return updated;
  });
}

export interface CallDetails {
  category?: string | undefined;
  answers?: Record<string, string | boolean | number> | undefined;
  callerName?: string | undefined;
  callbackNumber?: string | undefined;
}

/** The category the call-taker determined (81A §C.3), answers to its questions, and who is calling. */
export async function recordDetails(ctx: AppContext, actor: Actor, id: string, details: CallDetails): Promise<CallView> {
  const codes = await callCodes(ctx.db);
  if (details.category) categoryOf(codes, details.category);
  return withCall(ctx, id, (tx, call) => applyDetails(tx, actor, codes, call, details));
}

/**
 * The call's details written inside the caller's transaction (the call locked). `field`
 * prefixes the field a refusal names when the details are part of a larger request.
 */
export async function applyDetails(tx: Tx, actor: Actor, codes: CallCodes, call: CallRow, details: CallDetails, field = ''): Promise<CallRow> {
  if (details.category) categoryOf(codes, details.category, `${field}category`);
  const categoryCode = details.category ?? call.category;
  const category = categoryCode ? codes.categories.find((c) => c.code === categoryCode) : undefined;
  if (details.answers && Object.keys(details.answers).length) {
    if (!category) throw new BadRequest('call.category_required', 'Set the call category before answering its questions.', { field: `${field}category` });
    const unknown = unknownAnswers(questionsOf(category.attrs), details.answers);
    if (unknown.length) throw new BadRequest('call.unknown_question', `Category ${category.code} has no question ${unknown.join(', ')}.`, { field: `${field}answers.${unknown[0]}` });
  }
  const line = codes.lines.find((l) => l.code === call.line);
  // Answers given under an earlier category stay on the call (and in the log); the screen shows the current category's.
  const answers = { ...call.answers, ...(details.answers ?? {}) };
  const updated = await updateCall(tx, call.id, {
    category: category?.code ?? null, answers: JSON.stringify(answers),
    priority: callPriority(Number(line?.attrs.priority ?? call.priority), category ? Number(category.attrs.priority ?? 3) : undefined),
    caller_name: details.callerName ?? call.caller_name, callback_number: details.callbackNumber ?? call.callback_number,
  });
  await event(tx, actor, 'call.details', updated, { category: updated.category, answers: details.answers ?? {}, callerName: updated.caller_name, callbackNumber: updated.callback_number });
  return updated;
}

export interface AliCheckInput {
  field: AliField;
  action: 'verified' | 'corrected';
  value?: string | number | undefined;
}

function aliCheckInputValid(check: AliCheckInput, field: string): void {
  if (!ALI_FIELDS.includes(check.field)) throw new BadRequest('ali.unknown_field', `ALI has no field ${check.field}.`, { field: `${field}field` });
  if (check.action === 'corrected' && (check.value === undefined || check.value === '')) {
    throw new BadRequest('ali.correction_required', 'A correction needs the corrected value.', { field: `${field}value` });
  }
}

/** 81A §C.2.b.iii: verify the ALI with the caller, or correct it; both values are kept. */
export function checkAli(ctx: AppContext, actor: Actor, id: string, field: AliField, action: 'verified' | 'corrected', value?: string | number): Promise<CallView> {
  aliCheckInputValid({ field, action, value }, '');
  return withCall(ctx, id, (tx, call) => applyAliCheck(tx, actor, call, { field, action, value }));
}

/** One ALI check written inside the caller's transaction (the call locked); `field` as for applyDetails. */
export async function applyAliCheck(tx: Tx, actor: Actor, call: CallRow, check: AliCheckInput, field = ''): Promise<CallRow> {
  aliCheckInputValid(check, field);
  if (!call.ali) throw new Conflict('ali.none', 'This call carried no ALI.', { field: `${field}field` });
  const result = aliCheck((call.ali as Record<string, unknown>)[check.field] ?? null, check.action, check.value, actor.username, await serverTime(tx));
  const updated = await updateCall(tx, call.id, { ali_checks: JSON.stringify({ ...call.ali_checks, [check.field]: result }) });
  // The stream hears that a field was checked; the values stay in the call record (see aliForStream).
  await event(tx, actor, 'call.ali_checked', updated, { field: check.field, status: result.status, by: result.by, at: result.at });
  return updated;
}

export interface Transfer { to: string; callerAdvised: boolean }

/** 81A §C.4, §C.5: transfer a call out, once, telling the caller where. */
export function transferCall(ctx: AppContext, actor: Actor, id: string, transfer: Transfer): Promise<CallView> {
  return withCall(ctx, id, async (tx, call) => {
    mayTransfer(call);
    if (!transfer.callerAdvised) {
      throw new PolicyViolation('call.caller_not_advised', 'Tell the caller that they are being transferred and where to before transferring (81A §C.4.c).', '81A §C.4.c [81.2.12]');
    }
    const to = { to: transfer.to, callerAdvised: true, by: actor.username, at: (await serverTime(tx)).toISOString() };
    const updated = await updateCall(tx, call.id, { status: 'ended', outcome: 'transferred', transferred_to: JSON.stringify(to), ended_at: sql<Date>`now()` });
    await event(tx, actor, 'call.transferred', updated, to);
    return updated;
  });
}

/** 81A §C.5.a.ii: a call that may not be transferred again: record the information and relay it. */
export function relayCall(ctx: AppContext, actor: Actor, id: string, relay: { agency: string; information: string }): Promise<CallView> {
  return withCall(ctx, id, async (tx, call) => {
    await event(tx, actor, 'call.relayed', call, relay);
    return call;
  });
}

/** 81A §D.1: a call needing no police response (directions, hours, referrals) is closed with its type and kept. */
export async function closeWithoutResponse(ctx: AppContext, actor: Actor, id: string, type: string, note?: string): Promise<CallView> {
  const entry = (await codeTable(ctx.db, 'call_no_response')).find((c) => c.code === type);
  if (!entry) throw new BadRequest('call.unknown_no_response_type', `"${type}" is not a no-response type (code table call_no_response).`);
  return withCall(ctx, id, async (tx, call) => {
    if (call.incident_number) throw new Conflict('call.has_incident', `Call ${call.id} belongs to incident ${call.incident_number}; it needs a response.`);
    if (call.outcome === 'transferred' || call.outcome === 'no_response') throw new Conflict('call.closed', `Call ${call.id} is already closed (${call.outcome}).`);
    const updated = await updateCall(tx, call.id, {
      status: 'ended', outcome: 'no_response', no_response_type: entry.code, hold_reason: null, held_at: null,
      ...(call.ended_at ? {} : { ended_at: sql<Date>`now()` }),
    });
    await event(tx, actor, 'call.closed', updated, { outcome: 'no_response', type: entry.code, typeName: entry.name, note: note ?? null });
    return updated;
  });
}

/** The caller hangs up, or the call-taker finishes: the server stamps the end time. The call's outcome is unchanged. */
export function endCall(ctx: AppContext, actor: Actor, id: string): Promise<CallView> {
  return withCall(ctx, id, async (tx, call) => {
    if (call.status === 'ended') throw new Conflict('call.ended', 'The call has already ended.');
    const abandoned = call.status === 'ringing' && !call.outcome;
    const updated = await updateCall(tx, call.id, { status: 'ended', ended_at: sql<Date>`now()`, hold_reason: null, held_at: null, ...(abandoned ? { outcome: 'abandoned' } : {}) });
    await event(tx, actor, 'call.ended', updated, { endedAt: updated.ended_at?.toISOString(), outcome: updated.outcome, callbackRequired: needsCallback(updated as CallState) });
    return updated;
  });
}

/**
 * Join a call to an incident inside the caller's transaction; both streams hear of it.
 * The call-taker's part is then done: the call has its outcome and leaves the waiting list
 * and the unfinished calls. A call still ringing or on hold is answered by the person who
 * took it into the incident (81A §C.1, §D.3); the line itself stays open until the caller
 * hangs up (`endCall`), so the recording and the call detail record keep the real end.
 * For an incident at a shelter (`shelterAddress` = the department's address) the call's
 * ALI location is masked and kept in the restricted field (81A §D.3.c). Returns the call
 * and the incident's new timeline entry.
 */
export async function linkCall(tx: Tx, actor: Actor, call: CallRow, incidentNumber: string, shelterAddress?: string): Promise<{ call: CallRow; entry: DispatchEvent }> {
  let changes = {};
  if (shelterAddress && call.ali) {
    const masked = maskAliForShelter(call.ali, call.ali_checks, shelterAddress);
    changes = { ali: JSON.stringify(masked.ali), ali_checks: JSON.stringify(masked.checks) };
    await keepCallerAli(tx, incidentNumber, call.id, masked.removed, actor.username);
  }
  const waiting = call.status === 'ringing' || call.status === 'on_hold';
  const updated = await updateCall(tx, call.id, {
    incident_number: incidentNumber, outcome: 'incident', ...changes,
    ...(waiting ? { status: 'active', hold_reason: null, held_at: null } : {}),
    ...(waiting && !call.call_takers.includes(actor.username) ? { call_takers: [...call.call_takers, actor.username] } : {}),
    ...(call.answered_at || !waiting ? {} : { answered_at: sql<Date>`now()` }),
  });
  await event(tx, actor, 'call.linked', updated, { incident: incidentNumber, ...(shelterAddress && call.ali ? { aliMasked: true } : {}) });
  const entry = await appendEvent(tx, {
    kind: 'incident.caller_linked', subject: { type: 'incident', id: incidentNumber }, actor,
    payload: { callId: call.id, line: call.line, callerName: updated.caller_name, callbackNumber: updated.callback_number, receivedAt: call.received_at.toISOString() },
  });
  return { call: updated, entry };
}

/** 81A §C "Multiple Calls" (d): another caller about an incident already being handled. */
export function linkToIncident(ctx: AppContext, actor: Actor, id: string, incidentNumber: string): Promise<CallView> {
  return withCall(ctx, id, (tx, call) => linkLocked(tx, ctx, actor, call, incidentNumber));
}

/** The call (locked) joins an open incident inside the caller's transaction. */
export async function linkLocked(tx: Tx, ctx: AppContext, actor: Actor, call: CallRow, incidentNumber: string): Promise<CallRow> {
  callMayJoinIncident(call);
  const incident = await lockIncident(tx, incidentNumber);
  if (!incident) throw new NotFound('incident.not_found', `There is no incident ${incidentNumber}.`);
  incidentAcceptsCalls(incident);
  const atShelter = incident.location.confidentialShelter === true;
  return (await linkCall(tx, actor, call, incidentNumber, atShelter ? ctx.config.agency.address : undefined)).call;
}

export async function getCall(ctx: AppContext, id: string): Promise<CallView> {
  const row = await findCall(ctx.db, id);
  if (!row) throw new NotFound('call.not_found', `There is no call ${id}.`);
  // A call made part of a confidential incident carries its caller and location: reading it
  // is a read of that incident, audited as one (81A §E.2.c; CJIS AU-3).
  if (row.incident_number && (await findIncident(ctx.db, row.incident_number))?.confidential) {
    auditThisRead({ type: 'incident', id: row.incident_number }, 'incident.read_confidential');
  }
  return (await render(ctx, [row]))[0]!;
}

/** 81A §C.2.a, §C.3: calls waiting for a call-taker, held calls over the limit first, then by priority and age. */
export async function pendingQueue(ctx: AppContext, withAnswered = false): Promise<CallView[]> {
  const [rows, limit, answered] = await Promise.all([waitingCalls(ctx.db), holdLimitSeconds(ctx.db), withAnswered ? answeredCalls(ctx.db) : []]);
  const now = new Date();
  const ordered = orderQueue(rows, now, limit);
  return render(ctx, [...ordered, ...answered]);
}

export async function callList(ctx: AppContext, filter: CallFilter, page: PageRequest): Promise<Page<CallView>> {
  const rows = await listCalls(ctx.db, filter, page);
  const shown = pageFrom(rows, page, CALL_PAGE, (r) => r);
  return { items: await render(ctx, shown.items), next: shown.next };
}

export async function screeningCalls(ctx: AppContext): Promise<CallView[]> {
  return render(ctx, await screeningQueue(ctx.db));
}
