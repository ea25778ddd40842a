import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.ts';
import { yearlyNumberInStatement, yearPrefix } from '../../db/numbers.ts';
import { fixedStatement } from '../../db/fixed.ts';
import { appendAboutInsertedStatement, type EventRow } from '../../core/events/log.ts';
import { paged, pageFrom, type Page, type PageOrder, type PageRequest } from '../../core/paging.ts';
import type { Complainant, IncidentLocation, IncidentSummary, IncidentUnitView, LinkedCaller, ReportingParty } from './model.ts';

export interface IncidentInsert {
  number: string;
  callId: string | null;
  type: string;
  priority: number;
  location: IncidentLocation;
  complainant: Complainant | null;
  narrative: string | null;
  reportingParty: ReportingParty | null;
  confidential?: boolean;
  createdBy: string;
  minUnits: number;
  supervisor: boolean;
}

/**
 * The incident row with the next incident number of `year` (`nextYearlyNumber`'s series, gap-free:
 * the counter's row stays locked until the transaction ends), in one statement: the number and
 * the row are one round trip to the database, not two.
 */
export async function insertNumberedIncident(tx: Tx, year: number, row: Omit<IncidentInsert, 'number'>): Promise<{ number: string; reportedAt: Date }> {
  const [inserted] = await numberedIncident(tx, ...numberedValues(year, row));
  return { number: inserted!.number, reportedAt: inserted!.reported_at };
}

/** The statement of insertNumberedIncident, on the path of every incident created: compiled once (db/fixed.ts). */
const numberedIncident = fixedStatement((_db, ...values: NumberedValues) => {
  const { taken, insert } = numberedInsert(...values);
  return sql<{ number: string; reported_at: Date }>`with ${taken} ${insert} returning number, reported_at`;
});

/**
 * `insertNumberedIncident` and the incident's `incident.created` event in one statement, the number and the
 * report time merged into the event's payload (`number`, `reportedAt` as JavaScript writes a time): the year's
 * counter row, locked from the number to the commit, is held one round trip less (`appendAboutInsertedStatement`).
 * `payload`: the rest of the event's payload, as JSON. Returns the event's row.
 */
export function insertNumberedIncidentCreated(tx: Tx, year: number, row: Omit<IncidentInsert, 'number'>, actor: { user: string; unit: string | null }, payload: string): Promise<EventRow[]> {
  return numberedIncidentCreated(tx, actor.user, actor.unit, payload, ...numberedValues(year, row));
}

const numberedIncidentCreated = fixedStatement((_db, user: string, unit: string | null, payload: string, ...values: NumberedValues) => {
  const { taken, insert } = numberedInsert(...values);
  return appendAboutInsertedStatement(sql`${taken},
    subject as (${insert}
      returning number as id, confidential,
        jsonb_build_object('number', number, 'reportedAt', to_char(reported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) as extra)`,
  'incident.created', 'incident', user, unit, payload);
});

/** A numbered incident's values, in the order its statements take them. */
type NumberedValues = [year: number, prefix: string, callId: string | null, type: string, priority: number, location: string, complainant: string,
  narrative: string | null, reportingParty: string, createdBy: string, minUnits: number, supervisor: boolean, confidential: boolean];

function numberedValues(year: number, row: Omit<IncidentInsert, 'number'>): NumberedValues {
  return [year, yearPrefix(year), row.callId, row.type, row.priority, JSON.stringify(row.location), JSON.stringify(row.complainant), row.narrative,
    JSON.stringify(row.reportingParty), row.createdBy, row.minUnits, row.supervisor, row.confidential ?? false];
}

/** The counter's update (`taken as (…)`, a common table expression) and the incident's insert with the number it gives, for a statement to add its `returning` to. */
function numberedInsert(...[year, prefix, callId, type, priority, location, complainant, narrative, reportingParty, createdBy, minUnits, supervisor, confidential]: NumberedValues) {
  const next = yearlyNumberInStatement('incident', year, 5, prefix);
  return {
    taken: next.taken,
    insert: sql`insert into incident (number, call_id, type, priority, location, complainant, narrative, reporting_party, disposition,
        closed_at, created_by, min_units, supervisor_required, confidential)
      values (${next.number}, ${callId}, ${type}, ${priority}, ${location}, ${complainant}, ${narrative}, ${reportingParty}, null, null,
        ${createdBy}, ${minUnits}, ${supervisor}, ${confidential})`,
  };
}

export async function insertShelterAddress(tx: Tx, number: string, field: 'location' | 'complainant', address: Record<string, unknown>, by: string): Promise<void> {
  await tx.insertInto('shelter_address').values({ incident_number: number, field, address: JSON.stringify(address), recorded_by: by }).execute();
}

/** A shelter's real address for this field, replacing the one kept before (a corrected location or complainant). */
export async function replaceShelterAddress(tx: Tx, number: string, field: 'location' | 'complainant', address: Record<string, unknown>, by: string): Promise<void> {
  await tx.insertInto('shelter_address').values({ incident_number: number, field, address: JSON.stringify(address), recorded_by: by })
    .onConflict((oc) => oc.columns(['incident_number', 'field']).doUpdateSet({ address: JSON.stringify(address), recorded_by: by })).execute();
}

export function shelterAddresses(db: Db | Tx, number: string) {
  return db.selectFrom('shelter_address').select(['field', 'address', 'recorded_at', 'recorded_by']).where('incident_number', '=', number).orderBy('field').execute();
}

export function findIncident(db: Db | Tx, number: string) {
  return db.selectFrom('incident').selectAll().where('number', '=', number).executeTakeFirst();
}

/** Which of these incidents are confidential: number → confidential, for those that exist (one query). */
export async function confidentialityOf(db: Db | Tx, numbers: readonly string[]): Promise<Map<string, boolean>> {
  if (numbers.length === 0) return new Map();
  const rows = await db.selectFrom('incident').select(['number', 'confidential']).where('number', 'in', [...numbers]).execute();
  return new Map(rows.map((r) => [r.number, r.confidential]));
}

/** The incident row, locked until the transaction ends (two dispatchers at once take turns). */
export function lockIncident(tx: Tx, number: string) {
  return tx.selectFrom('incident').select(['number', 'status', 'type', 'confidential', 'location']).where('number', '=', number).forUpdate().executeTakeFirst();
}

/** The ALI location of a caller at a shelter, kept with the restricted location (81A §D.3.c). */
export async function keepCallerAli(tx: Tx, number: string, callId: string, ali: Record<string, unknown>, by: string): Promise<void> {
  const entry = JSON.stringify([{ callId, ...ali }]);
  await tx.insertInto('shelter_address')
    .values({ incident_number: number, field: 'location', address: JSON.stringify({ callerAli: [{ callId, ...ali }] }), recorded_by: by })
    .onConflict((oc) => oc.columns(['incident_number', 'field']).doUpdateSet({
      address: sql<string>`jsonb_set(shelter_address.address, '{callerAli}', coalesce(shelter_address.address->'callerAli', '[]'::jsonb) || ${entry}::jsonb)`,
    }))
    .execute();
}

export async function unitsOf(db: Db | Tx, number: string): Promise<IncidentUnitView[]> {
  const rows = await db.selectFrom('incident_unit').selectAll().where('incident_number', '=', number).orderBy('dispatched_at').orderBy('call_sign').execute();
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return rows.map((r) => ({
    callSign: r.call_sign, role: r.role, dispatchedAt: r.dispatched_at.toISOString(),
    enRouteAt: iso(r.en_route_at), arrivedAt: iso(r.arrived_at), clearedAt: iso(r.cleared_at),
  }));
}

export async function callersOf(db: Db | Tx, number: string): Promise<LinkedCaller[]> {
  const rows = await db.selectFrom('call').select(['id', 'line', 'caller_name', 'callback_number', 'received_at'])
    .where('incident_number', '=', number).orderBy('received_at').execute();
  return rows.map((r) => ({ callId: r.id, line: r.line, callerName: r.caller_name, callbackNumber: r.callback_number, receivedAt: r.received_at.toISOString() }));
}

export type IncidentFilter = 'open' | 'closed' | 'all';

/** Open, closed or all incidents; each says whether it is confidential (for the read's audit row), which the answer does not carry. */
/** The incident list's orders: open ones by priority then age, closed or all newest first; the number breaks ties (indexes: migration 0030). */
const INCIDENT_ORDER: Record<'open' | 'newest', PageOrder> = {
  open: { columns: [['priority', 'integer'], ['reported_at', 'timestamptz'], ['number', 'text']], direction: 'asc' },
  newest: { columns: [['reported_at', 'timestamptz'], ['number', 'text']], direction: 'desc' },
};

/** A page of the incident list; a confidential incident is left out in the query for a reader who may not see it, so it never counts into a page. */
export async function listIncidents(db: Db | Tx, filter: IncidentFilter, page: PageRequest, includeConfidential: boolean): Promise<Page<IncidentSummary & { confidential: boolean }>> {
  let query = db.selectFrom('incident').select(['number', 'type', 'priority', 'location', 'status', 'reported_at', 'confidential']);
  if (filter === 'open') query = query.where('status', '<>', 'closed');
  if (filter === 'closed') query = query.where('status', '=', 'closed');
  if (!includeConfidential) query = query.where('confidential', '=', false);
  const rows = await paged(query, INCIDENT_ORDER[filter === 'open' ? 'open' : 'newest'], page, INCIDENT_PAGE).execute();
  return pageFrom(rows, page, INCIDENT_PAGE, (r) => ({ number: r.number, type: r.type, priority: r.priority, location: r.location, status: r.status, reportedAt: r.reported_at.toISOString(), confidential: r.confidential }));
}

export const INCIDENT_PAGE = 200;

/**
 * Incidents reported since `since` whose address mentions this street, newest first: the
 * candidates for an address's history (the caller compares whole addresses). A street
 * with years of calls is bounded by `limit`.
 */
/**
 * Closed incidents of these types with this disposition reported since a time, newest first:
 * the alarm register counts false alarms from them (S-110 §A.1.a).
 */
export function closedIncidentsWith(db: Db | Tx, types: readonly string[], disposition: string, since: Date) {
  if (types.length === 0) return Promise.resolve([]);
  return db.selectFrom('incident').select(['number', 'type', 'location', 'reported_at', 'confidential'])
    .where('status', '=', 'closed').where('disposition', '=', disposition).where('type', 'in', types).where('reported_at', '>=', since)
    .orderBy('reported_at', 'desc').execute();
}

export function incidentsOnStreet(db: Db | Tx, street: string, since: Date, includeConfidential: boolean, limit: number) {
  let query = db.selectFrom('incident').select(['number', 'type', 'priority', 'location', 'status', 'disposition', 'reported_at', 'confidential', 'merged_into'])
    .where('reported_at', '>=', since).where(sql<string>`lower(location->>'address')`, 'like', `%${street.split(' ')[0]!.replace(/[%_\\]/g, '')}%`);
  if (!includeConfidential) query = query.where('confidential', '=', false);
  return query.orderBy('reported_at', 'desc').limit(limit).execute();
}
