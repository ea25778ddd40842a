/**
 * The chain of custody of master keys (O-604 §III): who names the accessing officer,
 * who logs the removal and the return, and who reads an access and its reporting
 * form. Pure rules, and the read rule the event log applies to Knox accesses.
 */
import { allow, refuse, type Decision } from '../core/decision.ts';
import type { Reader, RecordRule } from '../core/events/visibility.ts';
import { incidentReadRule, mayReadIncident, type IncidentFacts } from '../dispatch/incidents/access.ts';

/** The people an access names: the parties to it. */
export interface AccessParties {
  officer: string;
  requestedBy: string;
  authorizedBy: string | null;
  removedLoggedBy: string | null;
  returnedLoggedBy: string | null;
}

export interface AccessFacts extends AccessParties {
  incident: IncidentFacts | undefined;
}

/** Incident types where an emergency entry is not what the call is about (O-604 §II.A, §II.C: not a lockout, not an investigation). */
export const NOT_AN_EMERGENCY_ENTRY = ['LOCKOUT', 'PARKING', 'ANIMAL', 'LARCENY', 'VANDALISM', 'MV_STOP', 'MVA', 'WARRANT', 'RAID'] as const;

/**
 * Does the declared reason fit the incident (O-604 §II.A–C)? A welfare check on a
 * lockout call is the lockout of §II.C under another name: it needs the OIC's own note.
 */
export function reasonFitsIncident(reader: Reader, reason: string, incidentType: string, oicNote: string | undefined): Decision {
  const fits = reason === 'search_warrant' ? ['WARRANT', 'RAID'].includes(incidentType) : !(NOT_AN_EMERGENCY_ENTRY as readonly string[]).includes(incidentType);
  if (fits) return allow('O-604 §II.A');
  if (oicNote?.trim() && reader.permissions.has('knox.authorize')) return allow('O-604 §II.A');
  return refuse('knox.reason_not_for_incident', 'O-604 §II.C', `The declared reason "${reason}" does not fit a ${incidentType} incident; the OIC must request it with a note saying why.`);
}

const dispatches = (reader: Reader) => reader.permissions.has('dispatch.dispatch');
const authorizes = (reader: Reader) => reader.permissions.has('knox.authorize');

/**
 * The accessing officer is the caller, or is named by the dispatcher or the OIC who
 * takes the request over the radio (O-604 §III.C–D); a patrol officer cannot file an
 * access in another officer's name.
 */
export function mayNameOfficer(reader: Reader, officer: string): Decision {
  if (officer === reader.username || dispatches(reader) || authorizes(reader)) return allow('O-604 §III.C');
  return refuse('knox.not_your_access', 'O-604 §III.C', 'You may request access only as the accessing officer yourself; the dispatcher or the OIC may name another officer.', 403);
}

/**
 * The removal and the return are logged by the accessing officer, the dispatcher who is
 * notified (O-604 §III.D–E, §III.G), or the OIC; no uninvolved officer.
 */
export function mayLogCustody(reader: Reader, access: Pick<AccessParties, 'officer'>, step: 'removed' | 'returned'): Decision {
  const clause = step === 'removed' ? 'O-604 §III.D' : 'O-604 §III.G';
  if (access.officer === reader.username || dispatches(reader) || authorizes(reader)) return allow(clause);
  return refuse('knox.not_your_access', clause, `Only the accessing officer, the dispatcher or the OIC logs the ${step === 'removed' ? 'removal' : 'return'} of master keys.`, 403);
}

function isParty(reader: Reader, a: AccessParties): boolean {
  return [a.officer, a.requestedBy, a.authorizedBy, a.removedLoggedBy, a.returnedLoggedBy].includes(reader.username);
}

/**
 * Who reads an access and its reporting form (O-604 §III.H): its parties, the OIC and
 * patrol supervisors, the Dispatch Center that completes the form, the Supply Supervisor
 * who keeps the register, the Records Bureau that retains the original, and the
 * auditor. An access on a confidential incident follows the incident's rule too.
 */
export function mayReadAccess(reader: Reader, facts: AccessFacts | undefined): boolean {
  if (!facts || !mayReadIncident(reader, facts.incident)) return false;
  if (isParty(reader, facts)) return true;
  const p = reader.permissions;
  return authorizes(reader) || dispatches(reader) || p.has('knox.register') || p.has('records.release') || p.has('audit.read');
}

export const accessReadRule: RecordRule<AccessFacts> = {
  record: 'knox_access',
  async facts(rc, ids) {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const wanted = ids.filter((id) => uuid.test(id));
    const rows = wanted.length === 0 ? [] : await rc.db.selectFrom('knox_access')
      .select(['id', 'incident_number', 'officer', 'requested_by', 'authorized_by', 'removed_logged_by', 'returned_logged_by']).where('id', 'in', wanted).execute();
    const incidents = await incidentReadRule.facts(rc, [...new Set(rows.map((r) => r.incident_number))]);
    return new Map(rows.map((r) => [r.id, {
      officer: r.officer, requestedBy: r.requested_by, authorizedBy: r.authorized_by, removedLoggedBy: r.removed_logged_by,
      returnedLoggedBy: r.returned_logged_by, incident: incidents.get(r.incident_number),
    }]));
  },
  mayRead: mayReadAccess,
};

/** A Knox access key out with an officer for the shift (O-604 §III.B). */
export interface HeldKey { key: string; assignmentId: string }

/**
 * The access key an access uses (O-604 §III.B–C): the officer must hold one for the
 * shift, since only an assigned key opens the box. A key named on the request must be
 * one the officer holds; with none named, the officer's one key is used, and an officer
 * holding several must say which.
 */
export function accessKeyFor(officer: string, held: readonly HeldKey[], named: string | undefined): { decision: Decision; key?: HeldKey } {
  if (held.length === 0) {
    return { decision: refuse('knox.no_access_key', 'O-604 §III.C', `${officer} holds no Knox Box access key this shift: the OIC assigns one (O-604 §III.B) before an access is requested.`, 409) };
  }
  if (named !== undefined) {
    const key = held.find((h) => h.key === named);
    if (key) return { decision: allow('O-604 §III.C'), key };
    return { decision: refuse('knox.key_not_held', 'O-604 §III.C', `${officer} does not hold access key ${named}; they hold ${held.map((h) => h.key).join(', ')}.`, 409) };
  }
  if (held.length === 1) return { decision: allow('O-604 §III.C'), key: held[0]! };
  return { decision: refuse('knox.access_key_required', 'O-604 §III.C', `${officer} holds access keys ${held.map((h) => h.key).join(', ')}: name the one used for this access (accessKey).`, 422) };
}

/**
 * The removal re-checks the key (O-604 §III.C: only an assigned access key opens the box):
 * the officer must still hold the access key recorded on the access when the master keys
 * are taken. An OIC who took it back in the meantime stops the removal. An access recorded
 * before keys were tied to accesses names none, and has nothing to re-check.
 */
export function keyStillHeld(officer: string, held: readonly HeldKey[], recorded: string | null): Decision {
  if (recorded === null || held.some((h) => h.key === recorded)) return allow('O-604 §III.C');
  return refuse('knox.key_not_held', 'O-604 §III.C', `${officer} no longer holds access key ${recorded}, the key this access was requested with: the master keys are not taken from the box without it. The OIC hands the key back (O-604 §III.B), or a new access names the key ${officer} holds now.`, 409);
}
