/**
 * The IT records' policy decisions (S-110 §C, §G, §I), pure: data in, a Decision out.
 */
import { allow, refuse, type Decision } from '../core/decision.ts';
import { CLAUSE, MINIMUM_PASSES, type ChangeKind, type ChangeStatus, type DestructionFacts, type MediumFacts, type SanitizeMethod } from './model.ts';

/** Only a request still waiting is decided; software is authorized only with its licence recorded (S-110 §C.1, §C.2). */
export function decisionAllowed(request: { status: ChangeStatus; kind: ChangeKind; licence: string | null }, authorize: boolean): Decision {
  if (request.status !== 'requested') {
    return refuse('it.change_already_decided', CLAUSE.changes, `This request was already ${request.status}; a new change is a new request.`, 409);
  }
  if (authorize && request.kind === 'software' && !request.licence?.trim()) {
    return refuse('it.licence_required', CLAUSE.licence, 'All programs introduced into the system shall be properly licensed: record the licence before the Chief authorizes the software.');
  }
  return allow(CLAUSE.changes);
}

/** No one adds or modifies software or hardware without the Chief's authorization (S-110 §C.1). */
export function completionAllowed(status: ChangeStatus): Decision {
  if (status !== 'authorized') {
    return refuse('it.change_not_authorized', CLAUSE.changes, `The change is ${status}, not authorized by the Chief: it may not be made.`, 409);
  }
  return allow(CLAUSE.changes);
}

/** Sanitization: overwrite at least three times, or degauss (S-110 §I.1); never a medium already on its way to destruction. */
export function sanitizationAllowed(medium: MediumFacts, method: SanitizeMethod | undefined, passes: number | undefined): Decision {
  if (medium.status === 'destroyed' || medium.status === 'locked_for_destruction') {
    return refuse('it.medium_gone', CLAUSE.sanitize, `Medium ${medium.serial} is ${medium.status.replaceAll('_', ' ')}; it cannot be sanitized for reuse.`, 409);
  }
  if (!method) return refuse('it.sanitize_method_required', CLAUSE.sanitize, 'Name the method: overwrite (at least three passes) or degauss.');
  if (method === 'overwrite' && (passes === undefined || !Number.isInteger(passes) || passes < MINIMUM_PASSES)) {
    return refuse('it.too_few_passes', CLAUSE.sanitize, `Overwriting sanitizes only when done at least ${MINIMUM_PASSES} times (passes: ${passes ?? 'none given'}).`);
  }
  return allow(CLAUSE.sanitize);
}

/** Media slated for destruction are placed in a secure case locked by IT before transport (S-110 §I.2.c). */
export function lockingAllowed(medium: MediumFacts): Decision {
  if (medium.status === 'destroyed') return refuse('it.medium_destroyed', CLAUSE.dispose, `Medium ${medium.serial} is already destroyed.`, 409);
  if (medium.status === 'locked_for_destruction') return refuse('it.medium_already_locked', CLAUSE.lockedCase, `Medium ${medium.serial} is already locked in a case for destruction.`, 409);
  return allow(CLAUSE.lockedCase);
}

const normalSerial = (s: string) => s.trim().toUpperCase().replace(/[\s-]/g, '');

/**
 * A medium is marked destroyed only when it went in a locked case, a certified vendor
 * destroyed it, a CJIS-certified member of IT witnessed it, and the vendor's certificate
 * names its serial number and the date (S-110 §I.2).
 */
export function destructionAllowed(medium: MediumFacts, facts: DestructionFacts): Decision {
  if (medium.status === 'destroyed') return refuse('it.medium_destroyed', CLAUSE.dispose, `Medium ${medium.serial} is already recorded destroyed.`, 409);
  if (!facts.lockedInCase) {
    return refuse('it.not_locked_in_case', CLAUSE.lockedCase, `Medium ${medium.serial} must be placed in a secure case locked by IT before it goes to destruction.`, 409);
  }
  if (!facts.vendor?.trim()) return refuse('it.vendor_required', CLAUSE.vendor, 'Name the certified third-party vendor that destroyed the medium.');
  if (!facts.witness) return refuse('it.witness_required', CLAUSE.witness, 'The destruction must be witnessed and attested by CJIS-certified IT personnel: name the witness.');
  if (!facts.witness.certified) {
    return refuse('it.witness_not_certified', CLAUSE.witness, `${facts.witness.username} holds no current CJIS certification in the CJIS training records; a certified member of IT must witness the destruction.`);
  }
  if (!facts.certificate?.fileSha256) {
    return refuse('it.certificate_required', CLAUSE.dispose, `Upload the vendor's certificate of destruction naming serial ${medium.serial}; a medium cannot be marked destroyed without it.`);
  }
  if (normalSerial(facts.certificate.serial) !== normalSerial(medium.serial)) {
    return refuse('it.certificate_wrong_serial', CLAUSE.dispose, `The certificate names serial ${facts.certificate.serial}, not ${medium.serial}: it is not this medium's certificate.`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(facts.certificate.date)) return refuse('it.certificate_date_required', CLAUSE.dispose, 'The certificate of destruction must carry its date (YYYY-MM-DD).');
  return allow(CLAUSE.dispose);
}

/** An unauthorized person in the server room is escorted at all times (S-110 §G.1): the escort is named, and leaving follows entering. */
export function visitAllowed(visit: { escort: string; enteredAt: Date; leftAt: Date | undefined }): Decision {
  if (!visit.escort.trim()) return refuse('it.escort_required', CLAUSE.room, 'Name the authorized person who escorts the visitor throughout.');
  if (visit.leftAt && visit.leftAt.getTime() < visit.enteredAt.getTime()) return refuse('it.left_before_entering', CLAUSE.room, 'The visitor cannot leave before entering.');
  return allow(CLAUSE.room);
}
