/** The SQL behind browsing the case file: cases and reports by number, dates, address, officer, type, status and person. */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import { paged, type PageOrder } from '../core/paging.ts';

/** Cases newest first; with an officer, the same order read from case_officer (the case's own occurrence and number). */
const CASE_ORDER: PageOrder = { columns: [['c.occurred_at', 'timestamptz'], ['c.number', 'text']], direction: 'desc' };
const OFFICER_CASE_ORDER: PageOrder = { columns: [['co.occurred_at', 'timestamptz'], ['co.case_number', 'text']], direction: 'desc' };
/** Reports newest first (index report_newest, migration 0041). */
const REPORT_ORDER: PageOrder = { columns: [['r.occurred_at', 'timestamptz'], ['r.id', 'uuid']], direction: 'desc' };
/** The same order (and the same keys) read from the sorted address candidates, so the planner reads the page in order and stops. */
const ADDRESS_REPORT_ORDER: PageOrder = { columns: [['a.occurred_at', 'timestamptz'], ['a.id', 'uuid']], direction: 'desc' };

export interface CaseFilter {
  number?: string | undefined; incident?: string | undefined; from?: Date | undefined; to?: Date | undefined;
  address?: string | undefined; officer?: string | undefined; type?: string | undefined; status?: string | undefined;
  personIds?: string[] | undefined; limit: number; after?: string | undefined;
}

const NO_ONE = '00000000-0000-0000-0000-000000000000';
/** Typed text with LIKE's wildcards and escape removed, so it matches only as written. */
const literal = (text: string) => text.replace(/[%_\\]/g, '');
const like = (text: string) => `%${literal(text.toLowerCase())}%`;
/**
 * An address typed with its house number is matched from its start (`12 elm` finds "12 Elm Street", not
 * "112 Elm Street"; a text_pattern_ops index answers it, migration 0041); a street or place name anywhere.
 */
const addressPattern = (text: string) => (/^\d/.test(text.trim()) ? `${literal(text.trim().toLowerCase())}%` : like(text));
/** A number's end as a prefix of the reversed number (`C26-00042` found by `0042`): an index on reverse(number) answers it (migration 0038). */
const endsWith = (text: string) => `${[...literal(text)].reverse().join('')}%`;

/** Cases newest first, a page after `after`; one more row than asked tells the caller there is a next page. */
export async function findCases(db: Db | Tx, f: CaseFilter, seesJuvenile: boolean) {
  let q = db.selectFrom('record_case as c').select(['c.number', 'c.type', 'c.status', 'c.location', 'c.occurred_at', 'c.incident_number', 'c.opened_by', 'c.opened_at']);
  if (f.number) q = q.where((eb) => eb.or([eb('c.number', '=', f.number!), eb(sql`reverse(c.number)`, 'like', endsWith(f.number!))]));
  if (f.incident) q = q.where('c.incident_number', '=', f.incident);
  if (f.address) q = q.where('c.address_norm', 'like', addressPattern(f.address));
  if (f.type) q = q.where('c.type', '=', f.type.toUpperCase());
  if (f.status) q = q.where('c.status', '=', f.status as 'open');
  if (f.personIds) {
    const ids = f.personIds;
    q = q.where((eb) => eb.exists(eb.selectFrom('report as r').innerJoin('report_party as p', 'p.report_id', 'r.id').select('r.id')
      .whereRef('r.case_number', '=', 'c.number').where('p.entity_type', '=', 'person').where('p.entity_id', 'in', ids.length > 0 ? ids : [NO_ONE])
      .where((w) => (seesJuvenile ? w.val(true) : w('r.juvenile', '=', false)))));
  }
  if (f.officer) {
    // The cases the officer opened or wrote in, newest first from case_officer's index (migration 0041);
    // its occurrence and number are the case's, so the order is the same as without an officer.
    let byOfficer = q.innerJoin('case_officer as co', 'co.case_number', 'c.number').where('co.officer', '=', f.officer);
    if (f.from) byOfficer = byOfficer.where('co.occurred_at', '>=', f.from);
    if (f.to) byOfficer = byOfficer.where('co.occurred_at', '<', f.to);
    return paged(byOfficer, OFFICER_CASE_ORDER, f, f.limit).execute();
  }
  if (f.from) q = q.where('c.occurred_at', '>=', f.from);
  if (f.to) q = q.where('c.occurred_at', '<', f.to);
  return paged(q, CASE_ORDER, f, f.limit).execute();
}

/** The juvenile reports of these cases that name one of these persons, other than the reader's own. */
export async function juvenileReportsNaming(db: Db | Tx, cases: string[], personIds: string[], reader: string): Promise<string[]> {
  if (cases.length === 0 || personIds.length === 0) return [];
  const rows = await db.selectFrom('report as r').innerJoin('report_party as p', 'p.report_id', 'r.id').select('r.id').distinct()
    .where('r.case_number', 'in', cases).where('r.juvenile', '=', true).where('r.author', '<>', reader)
    .where('p.entity_type', '=', 'person').where('p.entity_id', 'in', personIds).orderBy('r.id').execute();
  return rows.map((r) => r.id);
}

export interface ReportFilter extends Omit<CaseFilter, 'incident' | 'type'> { caseNumber?: string | undefined; kind?: string | undefined }

/** Reports (not supplements) newest first; juvenile ones only for those who may see them, their own always. */
export async function findReports(db: Db | Tx, f: ReportFilter, reader: { username: string; seesJuvenile: boolean }) {
  let q = db.selectFrom('report as r').leftJoin('record_case as c', 'c.number', 'r.case_number')
    .select(['r.id', 'r.kind', 'r.case_number', 'r.status', 'r.author', 'r.occurred_at', 'r.event_date', 'r.juvenile', 'r.fields', 'c.location'])
    .where('r.parent_id', 'is', null);
  if (!reader.seesJuvenile) q = q.where((eb) => eb.or([eb('r.juvenile', '=', false), eb('r.author', '=', reader.username)]));
  if (f.caseNumber) q = q.where('r.case_number', '=', f.caseNumber);
  if (f.number) q = q.where(sql`reverse(r.case_number)`, 'like', endsWith(f.number));
  if (f.from) q = q.where('r.occurred_at', '>=', f.from);
  if (f.to) q = q.where('r.occurred_at', '<', f.to);
  if (f.officer) q = q.where('r.author', '=', f.officer);
  if (f.kind) q = q.where('r.kind', '=', f.kind as 'incident');
  if (f.status) q = q.where('r.status', '=', f.status as 'draft');
  let order = REPORT_ORDER;
  if (f.address) {
    // Two indexed lookups (the case's address, the report's own location) joined by a union: an OR across the join would read every report.
    // Both are index-only (migrations 0050, 0056): the case numbers from the address index, their reports' ids and times from
    // report_case_time, the reports whose own location matches from report_location_norm_time. The candidates come sorted newest
    // first and the page is read in that order, so only the reports and cases shown (not all of an address's hundreds) are read.
    const text = addressPattern(f.address);
    const candidates = db.selectFrom(
      db.selectFrom('report as ra').innerJoin('record_case as ca', 'ca.number', 'ra.case_number').select(['ra.id', 'ra.occurred_at']).where('ca.address_norm', 'like', text)
        .union(db.selectFrom('report as rb').select(['rb.id', 'rb.occurred_at']).where(sql`rb.location_norm`, 'like', text)).as('u'),
    ).select(['u.id', 'u.occurred_at']).orderBy('u.occurred_at', 'desc').orderBy('u.id', 'desc');
    q = q.innerJoin(candidates.as('a'), 'a.id', 'r.id');
    order = ADDRESS_REPORT_ORDER;
  }
  if (f.personIds) {
    const ids = f.personIds.length > 0 ? f.personIds : [NO_ONE];
    q = q.where((eb) => eb.exists(eb.selectFrom('report_party as p').select('p.report_id').whereRef('p.report_id', '=', 'r.id').where('p.entity_type', '=', 'person').where('p.entity_id', 'in', ids)));
  }
  return paged(q, order, f, f.limit).execute();
}

/** A master name and the entries merged into it: a search by person finds both. */
export async function personAndMerged(db: Db | Tx, personId: string): Promise<string[]> {
  const rows = await db.selectFrom('person').select('id').where((eb) => eb.or([eb('id', '=', personId), eb('merged_into', '=', personId)])).execute();
  return rows.map((r) => r.id);
}

/** The case a CAD incident became, if any: the link back from the incident. */
export async function caseOfIncident(db: Db | Tx, incidentNumber: string): Promise<string | null> {
  const row = await db.selectFrom('record_case').select('number').where('incident_number', '=', incidentNumber).executeTakeFirst();
  return row?.number ?? null;
}

export async function caseExists(db: Db | Tx, number: string): Promise<boolean> {
  return (await db.selectFrom('record_case').select('number').where('number', '=', number).executeTakeFirst()) !== undefined;
}
