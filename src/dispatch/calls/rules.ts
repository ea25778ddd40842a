import { Conflict, PolicyViolation } from '../../core/errors.ts';
import type { AliCheck, CallQuestion, CallState } from './model.ts';

/**
 * Pure call-taking decisions of 81A §C. Each refusal names its clause; the service
 * throws them before writing anything.
 */

/** 81A §C.4.b, §C.5.a.ii: a call that came here as a transfer from another PSAP is not transferred again. */
export function mayTransfer(call: Pick<CallState, 'transferred_from' | 'line' | 'call_takers' | 'status'>): void {
  if (call.status === 'ended') throw new Conflict('call.ended', 'The call has ended; it cannot be transferred.');
  if (call.transferred_from) {
    throw new PolicyViolation('call.second_transfer',
      `This call was transferred here from ${call.transferred_from}; it may not be transferred again. Record the information and relay it to the agency that can best handle the caller's needs.`,
      '81A §C.4.b, §C.5.a.ii [81.2.12]');
  }
  // The remote agency's call taker would be one more person the caller has to speak to.
  if (call.line === 'e911' && callTakersSpokenTo(call) >= 2) {
    throw new PolicyViolation('call.two_call_takers',
      'This E-911 caller has already spoken with two call takers; a transfer would make a third. Record the information and relay it instead.',
      '81A §C.4.b [81.2.12]');
  }
}

/** How many call takers the caller has spoken to: the PSAP that transferred the call counts as one. */
export function callTakersSpokenTo(call: Pick<CallState, 'transferred_from' | 'call_takers'>): number {
  return (call.transferred_from ? 1 : 0) + new Set(call.call_takers).size;
}

/**
 * 81A §C.4.b: no E-911 caller is procedurally required to speak with more than two
 * call takers. A second dispatcher picking up a call that already had two is refused.
 */
export function mayPickUp(call: Pick<CallState, 'transferred_from' | 'line' | 'call_takers' | 'status'>, username: string): void {
  if (call.status === 'ended') throw new Conflict('call.ended', 'The call has ended.');
  if (call.status === 'active') {
    throw new Conflict('call.already_answered', call.call_takers.includes(username) ? 'You are already on this call.' : 'Another call taker is on this call.');
  }
  if (call.line === 'e911' && !call.call_takers.includes(username) && callTakersSpokenTo(call) >= 2) {
    throw new PolicyViolation('call.two_call_takers',
      'This E-911 caller has already spoken with two call takers; the call stays with the call taker who has it.',
      '81A §C.4.b [81.2.12]');
  }
}

/** 81A §C "Multiple Calls": a call can join one open incident; a closed call or incident cannot. */
export function callMayJoinIncident(call: Pick<CallState, 'outcome' | 'incident_number' | 'id'> & { screening?: unknown }): void {
  if (call.incident_number) throw new Conflict('call.already_linked', `Call ${call.id} already belongs to incident ${call.incident_number}.`);
  // 81A §D.4: a mailed or e-mailed report waits for the commanding officer's screening.
  if (call.outcome === 'screening' && (call.screening as { status?: string } | null)?.status === 'waiting') {
    throw new Conflict('screening.pending', `Report ${call.id} is waiting for the commanding officer's screening (81A §D.4).`);
  }
  if (call.outcome === 'no_response' || call.outcome === 'transferred') {
    throw new Conflict('call.closed', `Call ${call.id} was closed (${call.outcome}); it cannot join an incident.`);
  }
}

export function incidentAcceptsCalls(incident: { number: string; status: string }): void {
  if (incident.status === 'closed') {
    throw new Conflict('incident.closed', `Incident ${incident.number} is closed; start a new incident for this caller.`);
  }
}

/**
 * 81A §C.2.a, §C.3: the call's category, once the call-taker has determined it,
 * decides its priority; until then the line's (E-911 before business lines).
 */
export function callPriority(linePriority: number, categoryPriority: number | undefined): number {
  return categoryPriority ?? linePriority;
}

export type QueuedCall = Pick<CallState, 'status' | 'priority' | 'received_at' | 'held_at'>;

export interface QueuePosition {
  waitingSeconds: number;
  heldSeconds: number | null;
  overHoldLimit: boolean;
}

/** Waiting time since the call came in, time on hold, and whether the hold ran over the limit (81A §C.3.b–d "Placing Calls on Hold"). */
export function queuePosition(call: QueuedCall, now: Date, holdLimitSeconds: number): QueuePosition {
  const waitingSeconds = Math.max(0, Math.floor((now.getTime() - call.received_at.getTime()) / 1000));
  const heldSeconds = call.status === 'on_hold' && call.held_at ? Math.max(0, Math.floor((now.getTime() - call.held_at.getTime()) / 1000)) : null;
  return { waitingSeconds, heldSeconds, overHoldLimit: heldSeconds !== null && heldSeconds > holdLimitSeconds };
}

/**
 * The pending queue: held calls over the hold limit first ("get back to the original
 * caller as soon as possible"), then by priority (1 first), then the oldest.
 */
export function orderQueue<T extends QueuedCall>(calls: T[], now: Date, holdLimitSeconds: number): (T & QueuePosition)[] {
  return calls
    .map((c) => ({ ...c, ...queuePosition(c, now, holdLimitSeconds) }))
    .sort((a, b) => Number(b.overHoldLimit) - Number(a.overHoldLimit) || a.priority - b.priority || a.received_at.getTime() - b.received_at.getTime());
}

/** 81A §C.2.b.iii: verify or correct an ALI field; the received value is never overwritten. */
export function aliCheck(received: unknown, action: 'verified' | 'corrected', corrected: unknown, by: string, at: Date): AliCheck {
  if (action === 'verified') return { status: 'verified', received, by, at: at.toISOString() };
  return { status: 'corrected', received, corrected, by, at: at.toISOString() };
}

/** The questions of a category from its code-table entry; answers to other questions are refused. */
export function questionsOf(attrs: Record<string, unknown> | undefined): CallQuestion[] {
  const list = attrs?.questions;
  if (!Array.isArray(list)) return [];
  return list.filter((q): q is CallQuestion => typeof q === 'object' && q !== null && typeof (q as CallQuestion).code === 'string')
    .map((q) => ({ code: q.code, text: String(q.text ?? q.code), clause: String(q.clause ?? '') }));
}

export function unknownAnswers(questions: CallQuestion[], answers: Record<string, unknown>): string[] {
  const known = new Set(questions.map((q) => q.code));
  return Object.keys(answers).filter((code) => !known.has(code));
}

/**
 * 81A §C.2.f: an E-911 hang-up is called back; a hang-up on a business line is not,
 * unless the dispatcher believes an emergency could exist.
 */
export function needsCallback(call: Pick<CallState, 'line' | 'outcome'>): boolean {
  return call.outcome === 'abandoned' && call.line === 'e911';
}

/** ALI fields that place the caller: kept off the event stream, and masked on a call from a shelter (81A §D.3.c). */
export const ALI_LOCATION_FIELDS = ['address', 'community', 'lat', 'lon', 'uncertaintyMetres', 'customerName'] as const;

/**
 * What the event stream carries of an ALI record: how to call back and what kind of
 * line, not where the caller is. Consoles read the location from the call record
 * (dispatch.calls), so a location later found to be a shelter can be withdrawn there.
 */
export function aliForStream(ali: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!ali) return null;
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ali)) if (!(ALI_LOCATION_FIELDS as readonly string[]).includes(key)) shown[key] = value;
  return { ...shown, hasLocation: ALI_LOCATION_FIELDS.some((f) => ali[f] !== undefined && ali[f] !== null) };
}

/**
 * 81A §D.3.c.iii: once a caller is known to be at a domestic-violence program, the
 * call's ALI shows the police department's address; the ALI location and its
 * corrections go to the restricted field. Returns the masked ALI, checks, and what was removed.
 */
export function maskAliForShelter(ali: Record<string, unknown> | null, checks: Record<string, unknown>, departmentAddress: string) {
  const removed: Record<string, unknown> = {};
  const masked: Record<string, unknown> = { ...(ali ?? {}) };
  const keptChecks: Record<string, unknown> = { ...checks };
  for (const field of ALI_LOCATION_FIELDS) {
    if (masked[field] !== undefined) removed[field] = masked[field];
    if (keptChecks[field] !== undefined) removed[`${field}Check`] = keptChecks[field];
    delete masked[field];
    delete keptChecks[field];
  }
  return { ali: { ...masked, address: departmentAddress, confidentialShelter: true }, checks: keptChecks, removed };
}
