/**
 * Who reads which record, by id, in search and on the event log alike (S-110 §B.1,
 * S-110 §D): one rule per kind of record. Records are read only by holders of
 * `records.read`. A juvenile record is read with `records.juvenile`, by its author,
 * and by an approver only while it waits in the approval queue; a person known only
 * from juvenile records, and a case whose every report is juvenile, likewise.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import { readerOf, type Reader, type RecordRule } from '../core/events/visibility.ts';
import type { Actor } from '../core/actor.ts';

export interface ReportFacts { juvenile: boolean; author: string; status: string }
/** A person or case: juvenile when every report it is linked to is juvenile; `authors` wrote those reports. */
export interface JuvenileFacts { juvenileOnly: boolean; authors: string[] }

const reads = (reader: Reader) => reader.permissions.has('records.read');
const readsJuvenile = (reader: Reader) => reader.permissions.has('records.juvenile');

/** The juvenile part of the report rule: who may read a juvenile report (S-110 §B.1). */
export function juvenileReportReadable(reader: Reader, r: ReportFacts): boolean {
  if (!r.juvenile || readsJuvenile(reader) || r.author === reader.username) return true;
  return reader.permissions.has('records.approve') && r.status === 'submitted';
}

export function mayReadReport(reader: Reader, r: ReportFacts | undefined): boolean {
  return r !== undefined && reads(reader) && juvenileReportReadable(reader, r);
}

/** The juvenile part of the person and case rule: hidden, as search hides it, when known only from juvenile records. */
export function juvenileLinkedReadable(reader: Reader, f: JuvenileFacts): boolean {
  return !f.juvenileOnly || readsJuvenile(reader) || f.authors.includes(reader.username);
}

export function mayReadJuvenileLinked(reader: Reader, f: JuvenileFacts | undefined): boolean {
  return f !== undefined && reads(reader) && juvenileLinkedReadable(reader, f);
}

export const mayReadIndexEntry = (reader: Reader, known: boolean | undefined): boolean => Boolean(known) && reads(reader);

/** The same rules for a route's caller, whose route already required `records.read`. */
export const actorReadsReport = (actor: Actor, r: ReportFacts) => juvenileReportReadable(readerOf(actor), r);
export const actorReadsJuvenileLinked = (actor: Actor, f: JuvenileFacts | undefined) => f !== undefined && juvenileLinkedReadable(readerOf(actor), f);

type Q = Db | Tx;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuids = (ids: readonly string[]) => ids.filter((id) => UUID.test(id));

export async function reportFacts(q: Q, given: readonly string[]): Promise<Map<string, ReportFacts>> {
  const ids = uuids(given);
  if (ids.length === 0) return new Map();
  const rows = await q.selectFrom('report').select(['id', 'juvenile', 'author', 'status']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, { juvenile: r.juvenile, author: r.author, status: r.status }]));
}

function juvenileFacts(rows: { key: string; juvenile: boolean; author: string }[], known: readonly string[]): Map<string, JuvenileFacts> {
  const facts = new Map<string, JuvenileFacts>(known.map((k) => [k, { juvenileOnly: false, authors: [] }]));
  const adult = new Set(rows.filter((r) => !r.juvenile).map((r) => r.key));
  for (const r of rows) {
    if (!r.juvenile || adult.has(r.key)) continue;
    const f = facts.get(r.key)!;
    f.juvenileOnly = true;
    f.authors.push(r.author);
  }
  return facts;
}

/** Persons (with the entries merged into them), and whether they are known only from juvenile records. */
export async function personFacts(q: Q, given: readonly string[]): Promise<Map<string, JuvenileFacts>> {
  const ids = uuids(given);
  if (ids.length === 0) return new Map();
  const people = await q.selectFrom('person').select('id').where('id', 'in', [...ids]).execute();
  const rows = await q.selectFrom('report_party as rp').innerJoin('report as r', 'r.id', 'rp.report_id').innerJoin('person as p', 'p.id', 'rp.entity_id')
    .select([sql<string>`coalesce(p.merged_into, p.id)`.as('key'), 'r.juvenile', 'r.author'])
    .where('rp.entity_type', '=', 'person')
    .where((eb) => eb.or([eb('p.id', 'in', [...ids]), eb('p.merged_into', 'in', [...ids])]))
    .execute();
  const direct = await q.selectFrom('report_party as rp').innerJoin('report as r', 'r.id', 'rp.report_id')
    .select(['rp.entity_id as key', 'r.juvenile', 'r.author']).where('rp.entity_type', '=', 'person').where('rp.entity_id', 'in', [...ids]).execute();
  return juvenileFacts([...rows, ...direct], people.map((p) => p.id));
}

export async function caseFacts(q: Q, numbers: readonly string[]): Promise<Map<string, JuvenileFacts>> {
  if (numbers.length === 0) return new Map();
  const cases = await q.selectFrom('record_case').select('number').where('number', 'in', [...numbers]).execute();
  const rows = await q.selectFrom('report').select(['case_number as key', 'juvenile', 'author']).where('case_number', 'in', [...numbers]).execute();
  return juvenileFacts(rows.map((r) => ({ key: r.key!, juvenile: r.juvenile, author: r.author })), cases.map((c) => c.number));
}

async function known(q: Q, table: 'vehicle' | 'business', given: readonly string[]): Promise<Map<string, boolean>> {
  const ids = uuids(given);
  if (ids.length === 0) return new Map();
  const rows = await q.selectFrom(table).select('id').where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, true]));
}

export const reportReadRule: RecordRule<ReportFacts> = { record: 'report', facts: ({ db }, ids) => reportFacts(db, ids), mayRead: mayReadReport };
export const personReadRule: RecordRule<JuvenileFacts> = { record: 'person', facts: ({ db }, ids) => personFacts(db, ids), mayRead: mayReadJuvenileLinked };
export const caseReadRule: RecordRule<JuvenileFacts> = { record: 'case', facts: ({ db }, ids) => caseFacts(db, ids), mayRead: mayReadJuvenileLinked };
export const vehicleReadRule: RecordRule<boolean> = { record: 'vehicle', facts: ({ db }, ids) => known(db, 'vehicle', ids), mayRead: mayReadIndexEntry };
export const businessReadRule: RecordRule<boolean> = { record: 'business', facts: ({ db }, ids) => known(db, 'business', ids), mayRead: mayReadIndexEntry };

/**
 * Records whose own routes all require `records.read` and that carry no juvenile marking
 * of their own — orders, property and its audits, citations, crashes, tows — are read by
 * records roles only, on their routes and on the event log (issue 13: records events
 * only to records roles). Any id passes to the rule: the event names a record that was
 * written, and the permission alone decides.
 */
const recordsRoleRule = (record: string): RecordRule<boolean> => ({
  record, facts: async (_rc, ids) => new Map(ids.map((id) => [id, true])), mayRead: mayReadIndexEntry,
});
export const recordsRoleRules: RecordRule<boolean>[] = ['order', 'property', 'property_audit', 'citation', 'crash', 'tow'].map(recordsRoleRule);
