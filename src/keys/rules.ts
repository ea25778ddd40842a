import { AUTHORIZER_ROLES, KEY_HOLDER_ROLES, KEY_HOLDER_UNIT_KINDS, KNOX_REASONS, WARRANT_AUTHORIZERS, type KnoxReason } from './model.ts';
import { allow, refuse, type Decision } from '../core/decision.ts';
import type { AccessStatus, BoxKind, KeyStatus, KnoxContact, WarrantAuthorization } from '../db/tables/keys.ts';

const ok = allow;

export type { Decision } from '../core/decision.ts';

export function reasonOf(code: string): KnoxReason | undefined {
  return KNOX_REASONS.find((r) => r.code === code);
}

export interface AccessRequest {
  reason: string;
  boxKind: BoxKind;
  warrantAuthorization?: WarrantAuthorization | null | undefined;
}

/**
 * May master keys be taken from this box for this reason? (O-604 §II)
 * @example knoxAccessAllowed({ reason: 'resident_lockout', boxKind: 'housing_authority' }) // refused, §II.C
 */
export function knoxAccessAllowed(request: AccessRequest): Decision {
  const reason = reasonOf(request.reason);
  if (!reason) return refuse('knox.unknown_reason', 'O-604 §II.A', `"${request.reason}" is not one of the reasons of §II.A–C.`);
  const school = request.boxKind === 'school';
  if (reason.code === 'search_warrant') return searchWarrant(request, school);
  if (!reason.allowed) return refuse('knox.forbidden_use', reason.clause, `${reason.clause} forbids it: ${reason.quote}`);
  if (reason.scope === 'school' && !school) {
    return refuse('knox.reason_not_for_box', reason.clause, `${reason.clause} is for school buildings; this box is at a residence.`);
  }
  if (reason.scope === 'residence' && school) {
    return refuse('knox.reason_not_for_box', reason.clause, `${reason.clause} is for residences; for a school use §II.A.5 or §II.A.2.`);
  }
  return ok(reason.clause);
}

function searchWarrant(request: AccessRequest, school: boolean): Decision {
  const clause = 'O-604 §II.B';
  if (school) return refuse('knox.forbidden_use', clause, `${clause}: master keys are not used to execute a search warrant; the exception is for Housing Authority residences only.`);
  const given = request.warrantAuthorization;
  if (!given || !given.name.trim()) {
    return refuse('knox.forbidden_use', clause, `${clause}: a search warrant may be executed with the master keys only with the expressed authorization of the Housing Authority’s Executive Director, Administrator, or designee — record who gave it.`);
  }
  if (!(WARRANT_AUTHORIZERS as readonly string[]).includes(given.title)) {
    return refuse('knox.forbidden_use', clause, `${clause}: the authorization must come from the Executive Director, Administrator, or designee, not "${given.title}".`);
  }
  return ok(clause);
}

/** The apartments or units entered must be ones this box's master keys open (O-604 §I.B, §III.H.4). */
export function apartmentsCovered(boxUnits: readonly string[], apartments: readonly string[]): Decision {
  const clause = 'O-604 §III.H.4';
  if (apartments.length === 0) return refuse('knox.apartments_required', clause, 'Name the apartment(s) or unit(s) to be entered: the reporting form records them.');
  const normal = (s: string) => s.trim().toUpperCase();
  const known = new Set(boxUnits.map(normal));
  const unknown = apartments.filter((a) => known.size > 0 && !known.has(normal(a)));
  if (unknown.length > 0) return refuse('knox.unit_not_in_box', clause, `This box's master keys do not open ${unknown.join(', ')}.`);
  return ok(clause);
}

/** Only the OIC or a patrol supervisor authorizes taking master keys (O-604 §III.C). */
export function mayAuthorize(roles: readonly string[]): Decision {
  if (roles.some((r) => (AUTHORIZER_ROLES as readonly string[]).includes(r))) return ok('O-604 §III.C');
  return refuse('knox.not_a_supervisor', 'O-604 §III.C', 'Only the Officer-in-Charge or a patrol supervisor may authorize access to master keys.');
}

/**
 * Only the OIC (or the patrol supervisor, who authorizes access as the OIC does, §III.C)
 * closes an incident while master keys taken on it are out (O-604 §III.B: the OIC is
 * responsible for the return of the keys; §III.F).
 */
export function mayOverrideKeysOut(roles: readonly string[]): Decision {
  if (roles.some((r) => (AUTHORIZER_ROLES as readonly string[]).includes(r))) return ok('O-604 §III.F');
  return refuse('knox.override_not_oic', 'O-604 §III.F', 'Only the Officer-in-Charge may close an incident while master keys taken on it are still out of the Knox Box.', 403);
}

/** The accessing officer is a sworn officer: patrol officer, patrol supervisor or OIC (O-604 §III.C "an officer"). */
export function mayAccessMasterKeys(roles: readonly string[]): Decision {
  if (roles.some((r) => (KEY_HOLDER_ROLES as readonly string[]).includes(r))) return ok('O-604 §III.C');
  return refuse('knox.not_an_officer', 'O-604 §III.C', 'The accessing officer must be a police officer (patrol officer, patrol supervisor or OIC).');
}

/** What may be recorded next on an access, given where it stands (O-604 §III.C–G). */
export function nextStep(status: AccessStatus, step: 'authorize' | 'removed' | 'returned'): Decision {
  if (step === 'authorize') {
    if (status === 'requested') return ok('O-604 §III.C');
    return refuse('knox.already_authorized', 'O-604 §III.C', `This access is already ${status}; it was authorized before.`, 409);
  }
  if (step === 'removed') {
    if (status === 'authorized') return ok('O-604 §III.D');
    if (status === 'requested') return refuse('knox.not_authorized', 'O-604 §III.C', 'Master keys may not be removed before the OIC or patrol supervisor authorizes the access.', 409);
    return refuse('knox.already_removed', 'O-604 §III.D', `The removal was already recorded (the access is ${status}).`, 409);
  }
  if (status === 'removed') return ok('O-604 §III.G');
  if (status === 'returned') return refuse('knox.already_returned', 'O-604 §III.G', 'The return was already recorded.', 409);
  return refuse('knox.not_removed', 'O-604 §III.F', 'No removal of the master keys is recorded for this access, so there is nothing to return.', 409);
}

/** May this key go out to an officer for the shift? (O-604 §III.B) */
export function mayAssignKey(status: KeyStatus): Decision {
  if (status === 'cabinet') return ok('O-604 §III.B');
  const why: Record<Exclude<KeyStatus, 'cabinet'>, string> = {
    assigned: 'This key is already out with an officer; it must be returned first.',
    lost: 'This key is reported lost.',
    retired: 'This key is retired from the register.',
  };
  return refuse(status === 'assigned' ? 'knox.key_out' : `knox.key_${status}`, 'O-604 §III.B', why[status], 409);
}

export function mayReturnKey(status: KeyStatus): Decision {
  if (status === 'assigned') return ok('O-604 §III.B');
  return refuse('knox.key_not_assigned', 'O-604 §III.B', `This key was never assigned out (it is ${status === 'cabinet' ? 'in the key cabinet' : status}); there is nothing to return.`, 409);
}

/** Only cruiser and bicycle patrol officers carry a key (O-604 §III.B). */
export function mayHoldKey(roles: readonly string[], unitKind: string | null): Decision {
  const clause = 'O-604 §III.B';
  if (!roles.some((r) => (KEY_HOLDER_ROLES as readonly string[]).includes(r))) {
    return refuse('knox.not_patrol_officer', clause, 'Knox keys are assigned to cruiser and bicycle patrol officers only.');
  }
  if (unitKind !== null && !(KEY_HOLDER_UNIT_KINDS as readonly string[]).includes(unitKind)) {
    return refuse('knox.not_patrol_unit', clause, `Knox keys go to cruiser and bicycle patrol officers, not a ${unitKind.replace('_', ' ')} unit.`);
  }
  return ok(clause);
}

/** A key returned after its shift ended went off duty with the officer (O-604 §III.B). */
export function wentOffDuty(dueBackAt: Date, returnedAt: Date): boolean {
  return returnedAt.getTime() > dueBackAt.getTime();
}

export interface Recipient { role: string; name: string; contact: string | null }

/**
 * Whom the OIC notifies of a lost access key or missing master keys (O-604 §III.I):
 * housing → the Executive Director, Administrator or designee; school → the Director
 * of Maintenance or designee; and always the Supply Supervisor.
 */
export function whomToNotify(boxKind: BoxKind | null, contacts: readonly KnoxContact[], supplySupervisors: readonly Recipient[]): Recipient[] {
  const wanted = boxKind === 'school' ? /maintenance|designee/i : /executive director|administrator|designee/i;
  const authority = contacts.filter((c) => wanted.test(c.role)).map((c) => ({ role: c.role, name: c.name, contact: c.email ?? null }));
  const supply = supplySupervisors.length > 0 ? supplySupervisors : [{ role: 'Supply Supervisor', name: 'Supply Supervisor (no one holds the role)', contact: null }];
  return [...authority, ...supply];
}

/** When to try a failed delivery again: 30 s, 1, 2, 4… minutes, at most every 30 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 30 * 60);
}

/** Offset of a time zone from UTC at an instant, in milliseconds (e.g. −4 h for New York in summer). */
function zoneOffset(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(at / 1000) * 1000;
}

/** The instant a wall-clock time on a calendar date has in the agency's time zone. */
export function agencyInstant(date: string, hours: number, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hours, minutes);
  let at = wall - zoneOffset(wall, timeZone);
  at = wall - zoneOffset(at, timeZone); // once more, for a shift ending across a daylight-saving change
  return new Date(at);
}

const SHIFT_HOURS = /([01]?\d|2[0-3])[:.h]?([0-5]\d)\s*(?:[-\u2013\u2014]|to)\s*([01]?\d|2[0-4])[:.h]?([0-5]\d)/i; // dashes as escapes: see bin/server-bundle.js

/**
 * When a rostered shift ends (O-604 §III.B: the key comes back before the officer goes
 * off duty). The roster gives the shift as text such as "Day (07:00–15:00)"; the end is
 * read in the agency's time zone on the roster date, or the next day for a shift that
 * runs past midnight ("Night (23:00–07:00)"). Null when the text names no hours ("24 h").
 */
export function rosterShiftEnd(shift: string, shiftDate: string, timeZone: string): Date | null {
  const match = SHIFT_HOURS.exec(shift);
  if (!match) return null;
  const [startH, startM, endH, endM] = match.slice(1, 5).map(Number) as [number, number, number, number];
  const overnight = endH * 60 + endM <= startH * 60 + startM;
  const [y, m, d] = shiftDate.split('-').map(Number) as [number, number, number];
  const endDate = overnight || endH === 24 ? new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10) : shiftDate;
  return agencyInstant(endDate, endH === 24 ? 0 : endH, endM, timeZone);
}
