import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { Conflict, NotFound, PolicyViolation } from '../core/errors.ts';
import { readerOf } from '../core/events/visibility.ts';
import { accessKeyFor, accessReadRule, keyStillHeld, mayLogCustody, mayNameOfficer, mayReadAccess, reasonFitsIncident } from './custody.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import { enforce, journal } from './journal.ts';
import { deliverPending, deliveryView, queueDelivery } from './outbound.ts';
import { clearKeysOutAlert } from './closing.ts';
import { renderAccessForm, type AccessFormFields } from './form.ts';
import { apartmentsCovered, knoxAccessAllowed, mayAccessMasterKeys, mayAuthorize, nextStep, reasonOf } from './rules.ts';
import * as store from './store.ts';
import type { KnoxAccessTable, WarrantAuthorization } from '../db/tables/keys.ts';
import type { Selectable } from 'kysely';
import type { Actor } from '../core/actor.ts';

/** Taking master keys from a box: request → authorize → removed → returned (O-604 §II, §III.C–H). */
export interface AccessRequestInput {
  box: string;
  incident: string;
  reason: string;
  apartments: string[];
  occupant?: string | undefined;
  officer?: string | undefined;
  /** The access key the officer holds (O-604 §III.C); resolved when they hold exactly one. */
  accessKey?: string | undefined;
  warrantAuthorization?: WarrantAuthorization | undefined;
  oicNote?: string | undefined;
}

type AccessRow = Selectable<KnoxAccessTable>;

export async function requestAccess(ctx: AppContext, actor: Actor, input: AccessRequestInput) {
  const id = await inTransaction(ctx.db, async (tx) => {
    const box = await store.box(tx, input.box);
    if (!box || !box.active) throw new NotFound('knox.box_not_found', `There is no Knox Box ${input.box} in the register.`);
    const decision = knoxAccessAllowed({ reason: input.reason, boxKind: box.kind, warrantAuthorization: input.warrantAuthorization });
    enforce(decision);
    enforce(apartmentsCovered(box.units, input.apartments));
    const incident = await store.incidentExists(tx, input.incident);
    if (!incident) throw new PolicyViolation('knox.incident_not_found', `There is no CAD incident ${input.incident}: an access is tied to the call it serves.`, 'O-604 §III.H.2');
    if (incident.status === 'closed') throw new Conflict('knox.incident_closed', `Incident ${incident.number} is closed: no access to master keys starts on a closed call.`, { clause: 'O-604 §III.F' });
    enforce(reasonFitsIncident(readerOf(actor), input.reason, incident.type, input.oicNote));
    const officerName = input.officer ?? actor.username;
    const officer = await store.person(tx, officerName);
    if (!officer) throw new NotFound('knox.officer_not_found', `There is no active user ${officerName}.`);
    enforce(mayNameOfficer(readerOf(actor), officer.username));
    enforce(mayAccessMasterKeys(officer.roles));
    const held = accessKeyFor(officer.username, await store.heldKeys(tx, officer.username), input.accessKey?.trim() || undefined);
    enforce(held.decision);
    const key = held.key!;
    const warrant = input.reason === 'search_warrant' ? input.warrantAuthorization ?? null : null;
    const row = await tx.insertInto('knox_access').values({
      box_id: box.id, incident_number: incident.number, reason: input.reason, apartments: input.apartments.map((a) => a.trim()),
      occupant: input.occupant?.trim() || null, officer: officer.username, officer_unit: await store.callSignToday(tx, officer.username),
      warrant_authorized_by: JSON.stringify(warrant), requested_by: actor.username, authorized_by: null, authorized_at: null,
      removed_at: null, removed_logged_by: null, returned_at: null, returned_logged_by: null,
      access_key: key.key, key_assignment_id: key.assignmentId,
    }).returning('id').executeTakeFirstOrThrow();
    await journal(tx, actor, 'knox.access_requested', { type: 'incident', id: incident.number }, {
      clause: decision.clause, accessId: row.id, box: box.id, building: box.building, reason: input.reason,
      apartments: input.apartments, officer: officer.username, accessKey: key.key, warrantAuthorizedBy: warrant, ...(input.oicNote ? { oicNote: input.oicNote.trim() } : {}),
    });
    return row.id;
  });
  return accessDetail(ctx, id);
}

async function lockedAccess(tx: Tx, id: string): Promise<AccessRow> {
  const row = await store.accessForUpdate(tx, id);
  if (!row) throw new NotFound('knox.access_not_found', 'There is no such Knox access.');
  return row;
}

async function now(tx: Tx): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(tx);
  return rows[0]!.now;
}

/** The OIC or patrol supervisor authorizes, before any key leaves the box (§III.C). */
export async function authorizeAccess(ctx: AppContext, actor: Actor, id: string) {
  enforce(mayAuthorize(actor.roles));
  await inTransaction(ctx.db, async (tx) => {
    const access = await lockedAccess(tx, id);
    enforce(nextStep(access.status, 'authorize'));
    const at = await now(tx);
    await tx.updateTable('knox_access').set({ status: 'authorized', authorized_by: actor.username, authorized_at: at }).where('id', '=', id).execute();
    await journal(tx, actor, 'knox.access_authorized', { type: 'incident', id: access.incident_number }, { clause: 'O-604 §III.C', accessId: id, box: access.box_id, officer: access.officer });
  });
  return accessDetail(ctx, id);
}

/** The dispatcher logs the removal when the officer calls it in; the server stamps the time (§III.D–E). */
export async function recordRemoved(ctx: AppContext, actor: Actor, id: string) {
  await inTransaction(ctx.db, async (tx) => {
    // O-604 §III.F: the incident's lock first, the one its close takes, then the access (the
    // close's order too): a removal and a close logged at the same instant never pass each
    // other. Whichever is second sees the first: the removal a closed incident, the close keys out.
    const incidentNumber = (await store.access(tx, id))?.incident_number;
    if (!incidentNumber) throw new NotFound('knox.access_not_found', 'There is no such Knox access.');
    const incident = await store.lockIncident(tx, incidentNumber);
    const access = await lockedAccess(tx, id);
    enforce(mayLogCustody(readerOf(actor), access, 'removed'));
    enforce(nextStep(access.status, 'removed'));
    if (incident?.status === 'closed') throw new Conflict('knox.incident_closed', `Incident ${incident.number} is closed: no master keys are taken from a box for a closed call.`, { clause: 'O-604 §III.F' });
    enforce(keyStillHeld(access.officer, await store.heldKeys(tx, access.officer), access.access_key));
    const at = await now(tx);
    await tx.updateTable('knox_access').set({ status: 'removed', removed_at: at, removed_logged_by: actor.username }).where('id', '=', id).execute();
    await journal(tx, actor, 'knox.master_keys_removed', { type: 'incident', id: access.incident_number }, {
      clause: 'O-604 §III.E', accessId: id, box: access.box_id, apartments: access.apartments, officer: access.officer, removedAt: at.toISOString(),
    });
  });
  return accessDetail(ctx, id);
}

/**
 * The return is logged (§III.F–G); the reporting form is completed, filed with the
 * Records Bureau and queued to the owning authority in the same transaction (§III.H),
 * then sent at once.
 */
export async function recordReturned(ctx: AppContext, actor: Actor, id: string) {
  await inTransaction(ctx.db, async (tx) => {
    const access = await lockedAccess(tx, id);
    enforce(mayLogCustody(readerOf(actor), access, 'returned'));
    enforce(nextStep(access.status, 'returned'));
    const at = await now(tx);
    await tx.updateTable('knox_access').set({ status: 'returned', returned_at: at, returned_logged_by: actor.username }).where('id', '=', id).execute();
    await journal(tx, actor, 'knox.master_keys_returned', { type: 'incident', id: access.incident_number }, {
      clause: 'O-604 §III.G', accessId: id, box: access.box_id, officer: access.officer, returnedAt: at.toISOString(),
    });
    await clearKeysOutAlert(tx, actor, id);
    await fileReport(ctx, tx, actor, { ...access, status: 'returned', returned_at: at, returned_logged_by: actor.username });
  });
  void deliverPending(ctx).catch(() => undefined); // failures stay pending; the worker retries
  return accessDetail(ctx, id);
}

async function fileReport(ctx: AppContext, tx: Tx, actor: Actor, access: AccessRow) {
  const box = (await store.box(tx, access.box_id))!;
  const { fields, header } = await formContent(ctx, tx, access, false);
  const pdf = await renderAccessForm(fields, header);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const doc = await tx.insertInto('knox_document').values({
    access_id: access.id, kind: 'knox_access_report', fields: JSON.stringify(fields), pdf, sha256, filed_by: actor.username,
  }).returning('id').executeTakeFirstOrThrow();
  await queueDelivery(tx, {
    purpose: 'access_report', recipient: box.report_to, recipientName: box.authority, documentId: doc.id, accessId: access.id,
    subject: `Knox Box Access Reporting Form ${fields.recordNumber} — ${box.building}`,
    body: `${ctx.config.agency.name}\nKnox Box Access Reporting Form (AOM O-604 §III.H) attached.\n\n${Object.values(fields).join('\n')}`,
  });
  await journal(tx, actor, 'knox.report_filed', { type: 'knox_access', id: access.id }, { clause: 'O-604 §III.H', documentId: doc.id, sha256, sentTo: box.report_to });
}

function local(at: Date | null, timeZone: string, part: 'date' | 'time'): string {
  if (!at) return '';
  const options: Intl.DateTimeFormatOptions = part === 'date'
    ? { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }
    : { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat('en-US', options).format(at);
}

/** The nine values of §III.H from the access record, in the agency's local time. */
async function formContent(ctx: AppContext, db: Tx | AppContext['db'], access: AccessRow, draft: boolean): Promise<{ fields: AccessFormFields; header: Parameters<typeof renderAccessForm>[1] }> {
  const box = (await store.box(db, access.box_id))!;
  const names = await store.people(db, [access.officer, access.authorized_by]);
  const tz = ctx.config.agency.timeZone;
  const fields: AccessFormFields = {
    date: local(access.removed_at ?? access.requested_at, tz, 'date'),
    recordNumber: access.incident_number,
    buildingLocation: `${box.building}, ${box.address}`,
    apartments: access.apartments.join(', '),
    occupant: access.occupant ?? 'Unknown',
    officer: store.displayName(names.get(access.officer), access.officer),
    authorizingSupervisor: access.authorized_by ? store.displayName(names.get(access.authorized_by), access.authorized_by) : '',
    timeRemoved: local(access.removed_at, tz, 'time'),
    timeReturned: local(access.returned_at, tz, 'time'),
  };
  const reason = reasonOf(access.reason);
  const warrant = access.warrant_authorized_by;
  const header = {
    agency: ctx.config.agency.name, authority: box.authority, reportTo: box.report_to, draft, accessKey: access.access_key,
    reason: `${reason?.label ?? access.reason} (${reason?.clause ?? ''})${warrant ? `; authorized by ${warrant.name}, ${warrant.title}` : ''}`,
    filedAt: `${local(new Date(), tz, 'date')} ${local(new Date(), tz, 'time')}`,
  };
  return { fields, header };
}

/** The filed original once the keys are back; before that, a draft marked as such. */
export async function accessReportPdf(ctx: AppContext, id: string): Promise<Uint8Array> {
  const doc = await store.documentFor(ctx.db, id);
  if (doc) return doc.pdf;
  const access = await store.access(ctx.db, id);
  if (!access) throw new NotFound('knox.access_not_found', 'There is no such Knox access.');
  const { fields, header } = await formContent(ctx, ctx.db, access, true);
  return renderAccessForm(fields, header);
}

/** An access as its reader may see it: one the access rule does not admit them to is not there (O-604 §III.H). */
export async function readableAccess(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const facts = await accessReadRule.facts({ db: ctx.db, timeZone: ctx.config.agency.timeZone }, [id]);
  if (!mayReadAccess(readerOf(actor), facts.get(id))) throw new NotFound('knox.access_not_found', 'There is no such Knox access.');
}

/** Only the accesses this reader may read, in the given order. */
export async function readableAccesses<T extends { id: string }>(ctx: AppContext, actor: Actor, rows: T[]): Promise<T[]> {
  const facts = await accessReadRule.facts({ db: ctx.db, timeZone: ctx.config.agency.timeZone }, rows.map((r) => r.id));
  const reader = readerOf(actor);
  return rows.filter((r) => mayReadAccess(reader, facts.get(r.id)));
}

export async function accessDetail(ctx: AppContext, id: string) {
  const row = await store.access(ctx.db, id);
  if (!row) throw new NotFound('knox.access_not_found', 'There is no such Knox access.');
  return (await accessViews(ctx, [row]))[0]!;
}

export async function accessViews(ctx: AppContext, rows: AccessRow[]) {
  const names = await store.people(ctx.db, rows.flatMap((r) => [r.officer, r.authorized_by]));
  const boxes = new Map((await store.boxes(ctx.db)).map((b) => [b.id, b]));
  const out = [];
  for (const r of rows) {
    const reason = reasonOf(r.reason);
    const doc = r.status === 'returned' ? await store.documentFor(ctx.db, r.id) : undefined;
    const box = boxes.get(r.box_id);
    out.push({
      id: r.id, status: r.status, incident: r.incident_number,
      box: { id: r.box_id, building: box?.building ?? r.box_id, address: box?.address ?? '' },
      reason: { code: r.reason, label: reason?.label ?? r.reason, clause: reason?.clause ?? null },
      apartments: r.apartments, occupant: r.occupant,
      officer: r.officer, officerName: store.displayName(names.get(r.officer), r.officer), officerUnit: r.officer_unit, accessKey: r.access_key,
      warrantAuthorizedBy: r.warrant_authorized_by,
      requestedBy: r.requested_by, requestedAt: r.requested_at.toISOString(),
      authorizedBy: r.authorized_by, authorizedByName: r.authorized_by ? store.displayName(names.get(r.authorized_by), r.authorized_by) : null,
      authorizedAt: r.authorized_at?.toISOString() ?? null,
      removedAt: r.removed_at?.toISOString() ?? null, removedLoggedBy: r.removed_logged_by,
      returnedAt: r.returned_at?.toISOString() ?? null, returnedLoggedBy: r.returned_logged_by,
      report: doc ? { filedAt: doc.filed_at.toISOString(), filedBy: doc.filed_by, sha256: doc.sha256, url: `/api/v1/knox/accesses/${r.id}/report.pdf` } : null,
      deliveries: r.status === 'returned' ? (await store.deliveriesFor(ctx.db, r.id)).map(deliveryView) : [],
    });
  }
  return out;
}
