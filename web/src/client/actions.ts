import { api } from '../shared/api.ts';
import { endpoints } from './endpoints.ts';
import type { Incident, Unit } from './types.ts';
import { problemCode, problemText } from '../shared/problem.ts';

/** The codes of API.md for a required response that is not met (81A §E.3, §E.4). */
export const OVERRIDABLE = ['response.too_few_units', 'response.supervisor_required'];

export function dispatchUnits(number: string, units: string[], overrideReason?: string): Promise<Incident> {
  return api<Incident>(endpoints.dispatch(number), {
    method: 'POST',
    body: overrideReason ? { units, override: { reason: overrideReason } } : { units },
  });
}

export function setUnitStatus(callSign: string, status: string, reason?: string): Promise<Unit> {
  return api<Unit>(endpoints.unitStatus(callSign), { method: 'POST', body: reason ? { status, reason } : { status } });
}

export function standby(callSign: string, reason: string): Promise<unknown> {
  return api(endpoints.standby(callSign), { method: 'POST', body: { reason } });
}

export function addNote(number: string, text: string): Promise<Incident> {
  return api(endpoints.notes(number), { method: 'POST', body: { text } });
}

/** 81A §E.2.c: details withheld from the open stream and from field units not assigned. */
export function markConfidential(number: string, reason: string): Promise<Incident> {
  return api(endpoints.confidential(number), { method: 'POST', body: { reason } });
}

/** Master keys taken on the incident are not back (O-604 §III.F): the OIC may close it anyway, with a reason. */
export const KEYS_OUT = 'knox.master_keys_out';

export function closeIncident(number: string, disposition: string, overrideReason?: string): Promise<Incident> {
  return api<Incident>(endpoints.close(number), { method: 'POST', body: overrideReason ? { disposition, override: { reason: overrideReason } } : { disposition } });
}

/** 81A §E.6.a: a radio call the unit did not answer; after two the server says what to do next. */
export function unanswered(callSign: string): Promise<{ unansweredCalls: number; prompt: { message: string | null; clause: string | null } }> {
  return api(endpoints.unanswered(callSign), { method: 'POST', body: {} });
}

export function contactMade(callSign: string): Promise<unknown> {
  return api(endpoints.contact(callSign), { method: 'POST', body: {} });
}

/** An emergency alert is acknowledged only with a note of what was done (81A §E.6.e). */
export function acknowledgeAlert(id: string, note?: string): Promise<unknown> {
  return api(endpoints.acknowledge(id), { method: 'POST', body: note ? { note } : {} });
}

/** The units proposed for an incident (81A §E.2.b), and whether its required response is already met. */
export async function recommendation(number: string): Promise<{ units: string[]; met: boolean; reasons: Record<string, string[]> }> {
  const answer = await api<unknown>(endpoints.recommendation(number));
  const shaped = answer as { proposed?: unknown[]; units?: unknown[]; met?: boolean; onIncident?: unknown[]; ranked?: { callSign: string; reasons: string[] }[] };
  const list = Array.isArray(answer) ? answer : shaped.proposed ?? shaped.units ?? [];
  const units = list.map((u) => (typeof u === 'string' ? u : String((u as { callSign?: string }).callSign ?? ''))).filter(Boolean);
  // 81A §E.2.b: why each unit is recommended ("same sector", "1.2 km, ~3 min")
  const reasons = Object.fromEntries((shaped.ranked ?? []).map((r) => [r.callSign, r.reasons]));
  return { units, met: Boolean(shaped.met) && (shaped.onIncident?.length ?? 0) > 0, reasons };
}

/** Refusals in words with their clause, the code apart: the one helper every screen uses. */
export { problemCode, problemText };

/** Officer-initiated work (81A §E.5.a.vi): the incident and the unit on scene at it, in one request. */
export function initiate(callSign: string, work: { type: string; address: string; plate?: string; state?: string }): Promise<Incident> {
  return api<Incident>(endpoints.initiate(callSign), { method: 'POST', body: work });
}

/** 81A §E.6.d: an officer backing up another unit tells dispatch, and is recorded on scene at the incident. */
export function backUp(callSign: string, incident: string): Promise<Unit> {
  return api<Unit>(endpoints.backup(callSign), { method: 'POST', body: { incident } });
}

/** A field unit takes a pending incident for itself. */
export function selfAssign(callSign: string, incident: string): Promise<Incident> {
  return api<Incident>(endpoints.selfAssign(callSign), { method: 'POST', body: { incident } });
}

/** A new incident from the command line: type and address only; the rest is added on the incident. */
export function openIncident(type: string, address: string): Promise<Incident> {
  return api<Incident>(endpoints.incidents, { method: 'POST', body: { type, location: { address } } });
}
