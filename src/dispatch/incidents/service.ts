import type { AppContext } from '../../core/context.ts';
import { BadRequest, NotFound } from '../../core/errors.ts';
import type { Page, PageRequest } from '../../core/paging.ts';
import { codeTable } from '../../agency/service.ts';
import { recordAudit } from '../../core/audit/trail.ts';
import { auditThisRead } from '../../core/audit/action.ts';
import { inTransaction, type Db, type Tx } from '../../db/index.ts';
import { appendEvent, appendedAboutInserted, eventsFor, type DispatchEvent } from '../../core/events/log.ts';
import { permissionsOf, roleUsedFor } from '../../core/permissions.ts';
import { readerOf, visibleOnRecord } from '../../core/events/visibility.ts';
import { lockCall, type CallRow } from '../calls/store.ts';
import { linkCall } from '../calls/service.ts';
import { callMayJoinIncident } from '../calls/rules.ts';
import type { IncidentRecord, IncidentSummary, IncidentTypeEntry, NewIncident, TimelineEntry } from './model.ts';
import { addressKey, incidentPriority, sameAddress, maskShelterAddresses, requiredResponse, suggestIncidents, type LinkCandidate, type Suggestion } from './rules.ts';
import { readTimers } from '../alerts/store.ts';
import { callersOf, closedIncidentsWith, confidentialityOf, findIncident, incidentsOnStreet, insertNumberedIncidentCreated, type IncidentInsert, insertShelterAddress, listIncidents, lockIncident, shelterAddresses, unitsOf, type IncidentFilter } from './store.ts';
import type { Actor } from '../../core/actor.ts';
import { displayName, peopleByUsername } from '../../identity/people.ts';
import { agencyYear } from '../../core/clock.ts';
import { locator, nearbyMetres } from '../../geo/service.ts';
import { placeIncident } from './place.ts';
import type { Ali } from '../calls/model.ts';

async function incidentType(db: Db, code: string, field = 'type'): Promise<IncidentTypeEntry> {
  const entry = (await codeTable(db, 'incident_type')).find((c) => c.code === code);
  if (!entry) throw new BadRequest('incident.unknown_type', `"${code}" is not an incident type in the code table (GET /api/v1/incident-types).`, { field });
  return entry;
}

/** An incident checked against the code tables and placed, ready to be written in a transaction. */
export interface PreparedIncident {
  input: NewIncident;
  type: IncidentTypeEntry;
  locate: Awaited<ReturnType<typeof locator>>;
}

/**
 * Check what a new incident needs before any transaction: its location address and a
 * known type. `field` prefixes the field a refusal names (`incident.` when the incident is
 * part of a call's request).
 */
export async function prepareIncident(ctx: AppContext, input: NewIncident, field = ''): Promise<PreparedIncident> {
  if (!input.location.address.trim()) throw new BadRequest('incident.location_required', 'The incident needs a location address (81A §D.2.b, CALEA 81.2.3(e)).', { field: `${field}location.address` });
  const type = await incidentType(ctx.db, input.type, `${field}type`);
  return { input, type, locate: await locator(ctx) };
}

/**
 * Create an incident (81A §D.3): a gap-free yearly number, the record row, the
 * restricted shelter addresses, the call it came from, and `incident.created` on the
 * stream — all in one transaction, so a failure leaves nothing behind.
 */
export async function createIncident(ctx: AppContext, actor: Actor, input: NewIncident): Promise<IncidentRecord> {
  const prepared = await prepareIncident(ctx, input);
  return inTransaction(ctx.db, async (tx) => {
    const call = input.callId ? await lockCall(tx, input.callId) : undefined;
    if (input.callId && !call) throw new NotFound('call.not_found', `There is no call ${input.callId}.`);
    return (await writeIncident(tx, ctx, actor, prepared, call)).incident;
  });
}

/**
 * The incident written inside the caller's transaction, joined to `call` when there is one
 * (locked by the caller). Returns the record as written and the call as it now stands.
 */
export async function writeIncident(tx: Tx, ctx: AppContext, actor: Actor, prepared: PreparedIncident, call: CallRow | undefined): Promise<{ incident: IncidentRecord; call: CallRow | undefined }> {
  const { input, type, locate } = prepared;
  const response = requiredResponse(type);
  const priority = incidentPriority(type, input.priority);
  const masked = maskShelterAddresses(input.location, input.complainant, ctx.config.agency.address);
  if (call) callMayJoinIncident(call);
  const callId = call?.id ?? null;
  const atShelterAddress = masked.restricted.some((r) => r.field === 'location');
  const shown = { ...masked, location: placeIncident(masked.location, call?.ali as Ali | null | undefined, locate, atShelterAddress) };
  const fields: Omit<IncidentInsert, 'number'> = {
    callId, type: type.code, priority, location: shown.location, complainant: shown.complainant,
    narrative: input.narrative ?? null, reportingParty: input.reportingParty ?? null, createdBy: actor.username,
    minUnits: response.minUnits, supervisor: response.supervisor, confidential: input.confidential === true,
  };
  // the number, the row and the event in one statement; the statement adds the number and the report time to the payload
  const payload = {
    type: type.code, priority, location: shown.location, complainant: shown.complainant,
    requiredResponse: response, callId, reportingParty: input.reportingParty ?? null, narrative: input.narrative ?? null,
    ...(shown.restricted.length ? { shelterAddressRestricted: shown.restricted.map((r) => r.field) } : {}),
  };
  const [written] = await insertNumberedIncidentCreated(tx, agencyYear(ctx.config.agency.timeZone), fields, { user: actor.username, unit: actor.unit ?? null }, JSON.stringify(payload));
  const created = appendedAboutInserted(tx, { kind: 'incident.created', subjectType: 'incident', actor }, written);
  const number = created.subjectId;
  const reportedAt = new Date(created.payload.reportedAt as string);
  const row: IncidentInsert = { number, ...fields };
  for (const r of shown.restricted) await insertShelterAddress(tx, number, r.field, r.address, actor.username);
  const linked = call ? await linkCall(tx, actor, call, number, atShelterAddress ? ctx.config.agency.address : undefined) : undefined;
  const incident = newRecord(row, type.name, reportedAt, linked, created);
  await nameTimeline(tx, incident.timeline, actor);
  return { incident, call: linked?.call };
}

/**
 * Each entry's person behind the login ("Dana Kowalski #112"): screens and prints name people, not logins.
 * `author`: the request's own actor, whose name the session check already read.
 */
async function nameTimeline(q: Db | Tx, entries: TimelineEntry[], author?: Actor): Promise<TimelineEntry[]> {
  const known = (login: string) => author?.displayName !== undefined && login === author.username;
  const people = await peopleByUsername(q, entries.map((e) => (e.actor && !known(e.actor) ? e.actor : null)));
  for (const e of entries) {
    if (e.actor) e.actorName = known(e.actor) ? author!.displayName! : people.has(e.actor) ? displayName(people.get(e.actor), e.actor) : null;
  }
  return entries;
}

/** The record of an incident just created, from what was written: reading it back would only cost the call-taker time. */
function newRecord(row: IncidentInsert, typeName: string, reportedAt: Date, linked: Awaited<ReturnType<typeof linkCall>> | undefined, created: DispatchEvent): IncidentRecord {
  return {
    number: row.number, type: row.type, typeName, priority: row.priority, location: row.location, complainant: row.complainant,
    reportingParty: row.reportingParty, narrative: row.narrative, reportedAt: reportedAt.toISOString(), status: 'pending',
    disposition: null, closedAt: null, confidential: row.confidential ?? false, createdBy: row.createdBy,
    requiredResponse: { minUnits: row.minUnits, supervisor: row.supervisor }, callId: row.callId, mergedInto: null,
    callers: linked ? [{ callId: linked.call.id, line: linked.call.line, callerName: linked.call.caller_name, callbackNumber: linked.call.callback_number, receivedAt: linked.call.received_at.toISOString() }] : [],
    units: [], timeline: toTimeline(linked ? [created, linked.entry] : [created], true),
  };
}

/**
 * Timeline entries as the event log holds them; `withholdAll` empties every payload (a
 * confidential incident). An entry the reader may not see by the rule of another record it
 * names (`visible` false: a CJIS query run by someone else, 81A §J.1.b.x) is the log's
 * withheld stub: its sequence number and time, kind `withheld`, nothing else.
 */
function toTimeline(events: DispatchEvent[], seesConfidential: boolean, withholdAll = false, visible?: readonly boolean[]): TimelineEntry[] {
  const corrections = new Map<number, number[]>();
  for (const e of events) {
    const target = e.payload.corrects;
    if (typeof target === 'number') corrections.set(target, [...(corrections.get(target) ?? []), e.seq]);
  }
  return events.map((e, i) => {
    if (visible && !visible[i]) return { seq: e.seq, at: e.at, kind: 'withheld', actor: null, unit: null, payload: {} };
    const hidden = withholdAll || (e.confidential && !seesConfidential);
    const entry: TimelineEntry = { seq: e.seq, at: e.at, kind: e.kind, actor: e.actor.user, unit: e.actor.unit, payload: hidden ? {} : e.payload };
    const by = corrections.get(e.seq);
    if (by) entry.correctedBy = by;
    return entry;
  });
}

/**
 * The whole record of CALEA 81.2.3 a–j: number, times, complainant, type, location, units, disposition, timeline.
 * A confidential incident (81A §E.2.c) read without dispatch.confidential keeps its
 * number, times, status and units but loses its location, people and event contents,
 * as the stream and the dispatch side show it.
 */
export async function incidentRecord(ctx: AppContext, number: string, reader: Actor): Promise<IncidentRecord> {
  const db = ctx.db;
  const row = await findIncident(db, number);
  if (!row) throw new NotFound('incident.not_found', `There is no incident ${number}.`);
  const seesConfidential = permissionsOf(reader.roles).has('dispatch.confidential');
  const withhold = row.confidential && !seesConfidential;
  const [types, units, callers, events] = await Promise.all([
    codeTable(db, 'incident_type', true), unitsOf(db, number), withhold ? [] : callersOf(db, number), eventsFor(db, 'incident', number),
  ]);
  const visible = await visibleOnRecord({ db, timeZone: ctx.config.agency.timeZone }, readerOf(reader), { type: 'incident', id: number }, events);
  return {
    number: row.number, type: row.type, typeName: types.find((t) => t.code === row.type)?.name ?? null, priority: row.priority,
    location: withhold ? null : row.location, complainant: withhold ? null : row.complainant as IncidentRecord['complainant'],
    reportingParty: withhold ? null : row.reporting_party, narrative: withhold ? null : row.narrative,
    reportedAt: row.reported_at.toISOString(), status: row.status, disposition: row.disposition,
    closedAt: row.closed_at?.toISOString() ?? null, confidential: row.confidential, createdBy: row.created_by,
    requiredResponse: { minUnits: row.min_units, supervisor: row.supervisor_required }, callId: withhold ? null : row.call_id, mergedInto: row.merged_into,
    callers, units, timeline: await nameTimeline(db, toTimeline(events, seesConfidential, withhold, visible)),
  };
}

/** A listing that shows a confidential incident is a read of it (81A §E.2.c; CJIS AU-3): the request's audit row names each shown. */
function auditConfidentialShown(shown: readonly { number: string }[], confidential: ReadonlySet<string>): void {
  for (const i of shown) if (confidential.has(i.number)) auditThisRead({ type: 'incident', id: i.number }, 'incident.read_confidential');
}

export async function openIncidents(ctx: AppContext, reader: Actor, filter: IncidentFilter, page: PageRequest): Promise<Page<IncidentSummary>> {
  const listed = await listIncidents(ctx.db, filter, page, permissionsOf(reader.roles).has('dispatch.confidential'));
  auditConfidentialShown(listed.items, new Set(listed.items.filter((r) => r.confidential).map((r) => r.number)));
  return { items: listed.items.map(({ confidential: _, ...summary }) => summary), next: listed.next };
}

/**
 * An address's history at call time (officer safety): the incidents at the same address
 * in the agency's window (a dispatch timer, `historyDays`), newest first, with their type,
 * date and disposition. A confidential one is listed only to those who may read it, and
 * that read is audited like any listing of it (81A §E.2.c).
 */
export async function addressHistory(ctx: AppContext, reader: Actor, address: string, limit = 20) {
  const wanted = addressKey(address);
  if (!wanted.street) return [];
  const { historyDays } = await readTimers(ctx.db);
  const since = new Date(ctx.clock.now().getTime() - historyDays * 86_400_000);
  const rows = (await incidentsOnStreet(ctx.db, wanted.street, since, permissionsOf(reader.roles).has('dispatch.confidential'), 2000))
    .filter((r) => sameAddress(r.location.address, address))
    .slice(0, limit);
  auditConfidentialShown(rows, new Set(rows.filter((r) => r.confidential).map((r) => r.number)));
  const types = await codeTable(ctx.db, 'incident_type', true);
  return rows.map((r) => ({
    number: r.number, type: r.type, typeName: types.find((t) => t.code === r.type)?.name ?? null, priority: r.priority,
    reportedAt: r.reported_at.toISOString(), status: r.status, disposition: r.disposition, address: r.location.address, mergedInto: r.merged_into,
  }));
}

/** Closed incidents of these types with this disposition since a time, newest first: the alarm register's false-alarm count (S-110 §A.1.a). */
export function closedIncidentsAs(db: Db, types: readonly string[], disposition: string, since: Date) {
  return closedIncidentsWith(db, types, disposition, since);
}

/**
 * Open incidents a new call may be about. A typed location without coordinates gets its
 * point from the town's files (an address point, or where an intersection's centerlines
 * meet), so a caller near an incident is offered it within the agency's nearby distance.
 */
export async function suggestionsFor(ctx: AppContext, reader: Actor, candidate: LinkCandidate): Promise<Suggestion[]> {
  const [page, nearby, locate] = await Promise.all([
    listIncidents(ctx.db, 'open', { limit: 500 }, permissionsOf(reader.roles).has('dispatch.confidential')), nearbyMetres(ctx.db), locator(ctx),
  ]);
  const rows = page.items;
  let placed = candidate;
  if ((candidate.lat === undefined || candidate.lon === undefined) && candidate.address) {
    const found = locate.verify(candidate.address);
    if (found.verified && found.lat !== null && found.lon !== null) placed = { ...candidate, lat: found.lat, lon: found.lon };
  }
  const suggestions = suggestIncidents(placed, rows.map(({ confidential: _, ...summary }) => summary), nearby);
  auditConfidentialShown(suggestions, new Set(rows.filter((r) => r.confidential).map((r) => r.number)));
  return suggestions;
}

/**
 * A journal note (81A §D.3). Notes may be added at any time, also after closing;
 * nothing is edited: a correction is a new note naming the entry it corrects.
 */
export async function addNote(ctx: AppContext, actor: Actor, number: string, note: { text: string; corrects?: number | undefined }): Promise<IncidentRecord> {
  if (!note.text.trim()) throw new BadRequest('note.empty', 'A journal note needs text.');
  await inTransaction(ctx.db, async (tx) => {
    const incident = await lockIncident(tx, number);
    if (!incident) throw new NotFound('incident.not_found', `There is no incident ${number}.`);
    if (note.corrects !== undefined) {
      const entries = await eventsFor(tx, 'incident', number);
      if (!entries.some((e) => e.seq === note.corrects)) {
        throw new BadRequest('note.unknown_entry', `Entry ${note.corrects} is not in the timeline of incident ${number}.`);
      }
    }
    await appendEvent(tx, {
      kind: note.corrects === undefined ? 'incident.note' : 'incident.correction', subject: { type: 'incident', id: number }, actor,
      confidential: incident.confidential,
      payload: { text: note.text, ...(note.corrects === undefined ? {} : { corrects: note.corrects }) },
    });
  });
  return incidentRecord(ctx, number, actor);
}

/**
 * 81A §D.3.c: the real address of a shelter, for those holding dispatch.confidential.
 * Every read leaves an audit row in the same transaction, whether or not there is one.
 */
export async function readShelterAddresses(ctx: AppContext, actor: Actor, number: string) {
  return inTransaction(ctx.db, async (tx) => {
    const incident = await findIncident(tx, number);
    if (!incident) throw new NotFound('incident.not_found', `There is no incident ${number}.`);
    const rows = await shelterAddresses(tx, number);
    await recordAudit(tx, {
      actor, role: roleUsedFor(actor.roles, 'dispatch.confidential') ?? null, action: 'shelter_address.read', subject: { type: 'incident', id: number }, outcome: 'allowed',
      detail: { fields: rows.map((r) => r.field) },
    });
    return rows.map((r) => ({ field: r.field, ...r.address, recordedAt: r.recorded_at.toISOString(), recordedBy: r.recorded_by }));
  });
}

/** What other capabilities need to name an incident (Knox accesses, cases): its number, type, location, status and whether it is confidential. */
export async function incidentBrief(q: Db | Tx, number: string) {
  const row = await findIncident(q, number);
  if (!row) return undefined;
  return { number: row.number, type: row.type, priority: row.priority, location: row.location, status: row.status, confidential: row.confidential, reportedAt: row.reported_at };
}

/** Which of these incidents are confidential (those that exist): for a capability telling many incidents at once. */
export function incidentsConfidentiality(q: Db | Tx, numbers: readonly string[]): Promise<Map<string, boolean>> {
  return confidentialityOf(q, numbers);
}

/**
 * An incident locked until the caller's transaction ends: the lock its close takes
 * (O-604 §III.F). A capability whose step must not happen on a closed incident (the
 * removal of master keys from a Knox Box) takes it first, so that step and a close never
 * pass each other: whichever comes second sees what the first one did.
 */
export async function lockedIncidentBrief(tx: Tx, number: string) {
  const row = await lockIncident(tx, number);
  if (!row) return undefined;
  return { number: row.number, type: row.type, status: row.status, confidential: row.confidential };
}

/**
 * An incident's CALEA 81.2.3 record as a case carries it over (S-110 §B): locked until the
 * caller's transaction ends, with its units' dispatch, en-route, arrival and clear times.
 */
/**
 * What a record started from this incident on the records side is filled with (S-110 §A.1.e, p, w): its
 * type, reported time, location, whether it is confidential, and a traffic stop's vehicle as the incident
 * was created with it (81A §E.5.a.vi). Nothing of the timeline leaves this function but that vehicle.
 */
export async function incidentFacts(db: Db, number: string) {
  const incident = await db.selectFrom('incident').select(['number', 'type', 'reported_at', 'location', 'confidential']).where('number', '=', number).executeTakeFirst();
  if (!incident) return undefined;
  const created = (await eventsFor(db, 'incident', number)).find((e) => e.kind === 'incident.created');
  const vehicle = (created?.payload as { vehicle?: { plate?: unknown; state?: unknown } | null } | undefined)?.vehicle;
  return {
    ...incident,
    plate: typeof vehicle?.plate === 'string' ? vehicle.plate : null, plateState: typeof vehicle?.state === 'string' ? vehicle.state : null,
  };
}

export async function incidentForCase(tx: Tx, number: string) {
  const incident = await tx.selectFrom('incident').selectAll().where('number', '=', number).forUpdate().executeTakeFirst();
  if (!incident) return undefined;
  const units = await tx.selectFrom('incident_unit').selectAll().where('incident_number', '=', number).orderBy('dispatched_at').execute();
  return { incident, units };
}
