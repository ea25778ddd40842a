/** The IT records as the API shows them. */
import type { Db } from '../db/index.ts';
import { displayNames } from '../identity/people.ts';
import type { mediaRegister } from './service.ts';
import type * as store from './store.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;
type NameOf = (username: string) => string;
const nameOr = (nameOf: NameOf, login: string | null) => (login === null ? null : nameOf(login));

type ChangeRow = Awaited<ReturnType<typeof store.changeRequests>>[number];
/** Change requests with each login's person named (the Chief who decided, IT who did it), as the screen and the register show them. */
export async function changeViews(db: Db, rows: readonly ChangeRow[]) {
  const nameOf = await displayNames(db, rows.flatMap((r) => [r.decided_by, r.completed_by]));
  return rows.map((r) => changeView(r, nameOf));
}
export const namedChange = async (db: Db, row: ChangeRow) => (await changeViews(db, [row]))[0]!;

function changeView(r: ChangeRow, nameOf: NameOf) {
  return {
    id: r.id, number: r.number, kind: r.kind, action: r.action, requestedBy: r.requested_by, helpdeskTicket: r.helpdesk_ticket, what: r.what, why: r.why,
    computer: r.computer, licence: r.licence, status: r.status, decidedBy: r.decided_by, decidedByName: nameOr(nameOf, r.decided_by), decidedAt: iso(r.decided_at), decisionNote: r.decision_note,
    completedBy: r.completed_by, completedByName: nameOr(nameOf, r.completed_by), completedAt: iso(r.completed_at), recordedBy: r.recorded_by, recordedAt: r.recorded_at.toISOString(),
  };
}

type MediumRow = Awaited<ReturnType<typeof mediaRegister>>[number];
/** Media with each login's person named (who registered, locked and witnessed), as the screen and the register show them. */
export async function mediumViews(db: Db, rows: readonly MediumRow[]) {
  const nameOf = await displayNames(db, rows.flatMap((m) => [m.registered_by, m.destruction?.locked_by, m.destruction?.witnessed_by]));
  return rows.map((m) => mediumView(m, nameOf));
}

function mediumView(m: MediumRow, nameOf: NameOf) {
  const d = m.destruction;
  return {
    id: m.id, serial: m.serial, mediaType: m.media_type, description: m.description, holdsCjis: m.holds_cjis, location: m.location, status: m.status,
    registeredBy: m.registered_by, registeredByName: nameOf(m.registered_by), registeredAt: m.registered_at.toISOString(),
    sanitizations: m.sanitizations.map((s) => ({ method: s.method, passes: s.passes, performedBy: s.performed_by, performedOn: s.performed_on, note: s.note, recordedBy: s.recorded_by })),
    destruction: d ? {
      caseLabel: d.case_label, lockedBy: d.locked_by, lockedByName: nameOf(d.locked_by), lockedAt: d.locked_at.toISOString(), transportedBy: d.transported_by, transportedOn: d.transported_on, vendor: d.vendor,
      witnessedBy: d.witnessed_by, witnessedByName: nameOr(nameOf, d.witnessed_by), destroyedOn: d.destroyed_on, certificateNumber: d.certificate_number, certificateSerial: d.certificate_serial,
      certificateDate: d.certificate_date, certificateSha256: d.certificate_sha256, certificateName: d.certificate_name,
    } : null,
  };
}

type AccessRow = Awaited<ReturnType<typeof store.roomAccess>>[number];
export const accessView = (a: AccessRow) => ({ id: a.id, at: a.at.toISOString(), badge: a.badge, person: a.person, door: a.door, result: a.result, importName: a.import_name });

type VisitRow = Awaited<ReturnType<typeof store.visitors>>[number];
export const visitView = (v: VisitRow) => ({
  id: v.id, visitor: v.visitor, organization: v.organization, purpose: v.purpose, escort: v.escort, enteredAt: v.entered_at.toISOString(), leftAt: iso(v.left_at), recordedBy: v.recorded_by,
});
