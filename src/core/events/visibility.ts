import type { Db } from '../../db/index.ts';
import { permissionsOf, type Permission } from '../permissions.ts';
import type { DispatchEvent } from './log.ts';

/**
 * Who may read an event is decided by the rule of the record it is about, the same
 * rule that record's own routes apply, evaluated when the event is read (never when
 * it was written): an incident marked confidential today hides its events of last
 * week too (81A §E.2.c). Each capability declares one rule per kind of record it
 * owns with `defineRecordRule`; the event log, the recent events and the stream all
 * read through `showEvents`.
 */

/** The person reading: their login, roles and the permissions those roles carry. */
export interface Reader {
  username: string;
  roles: readonly string[];
  permissions: ReadonlySet<Permission>;
}

export function readerOf(actor: { username: string; roles: readonly string[] }): Reader {
  return { username: actor.username, roles: [...actor.roles], permissions: permissionsOf(actor.roles) };
}

export interface RuleContext {
  db: Db;
  timeZone: string;
}

/** The read rule of one kind of record. */
export interface RecordRule<F> {
  /** The record kind: an event's subject type, or the kind of a record an event names. */
  record: string;
  /** What the rule needs to know about these records, read once per batch for every reader. */
  facts(rc: RuleContext, ids: readonly string[]): Promise<Map<string, F>>;
  /** May this reader read the record? `undefined` facts: the record is unknown (a subject that no longer exists). */
  mayRead(reader: Reader, facts: F | undefined): boolean;
  /** The audit action of a read of this record when the policies protect it (a confidential incident), else undefined. */
  auditedRead?(facts: F | undefined): string | undefined;
  /**
   * The facts of records that the transaction which wrote these events settles by itself, with no
   * read: what the facts are at its commit (an incident it created, not confidential, and wrote
   * nothing else about). Records it cannot vouch for are left out, and are read.
   */
  factsAtCommit?(events: readonly DispatchEvent[]): Map<string, F>;
}

/** A record an event names: its subject, and the incident or other record its payload points at. */
export interface RecordRef {
  type: string;
  id: string;
}

const rules = new Map<string, RecordRule<unknown>>();

export function defineRecordRule<F>(rule: RecordRule<F>): RecordRule<F> {
  rules.set(rule.record, rule as unknown as RecordRule<unknown>);
  return rule;
}

/** The record kinds that have a read rule (for the test matrix and docs/access.md). */
export function ruledRecordKinds(): string[] {
  return [...rules.keys()].sort();
}

/** Payload fields that name another record, and the kind of record they name. */
const LINKS: readonly [field: string, type: string][] = [['incident', 'incident'], ['incidentNumber', 'incident'], ['accessId', 'knox_access']];

/**
 * Kinds of event that are themselves a record whatever their subject: a CJIS event
 * (`cjis.*`, a query, an entry, a hit, a message from the switch) is Criminal Justice
 * Information about the person who ran it (81A §J.1.b.x), named here by that person's
 * login, so its rule can read it with the event's subject (often an incident). An event
 * the switch writes for someone (the answer to their hit confirmation request) names
 * them in its payload's `for`.
 */
const KIND_RECORDS: readonly [prefix: string, type: string][] = [['cjis.', 'cjis_transaction']];

/** Every record an event is about: its subject, then each record its payload names. */
export function recordsOf(event: DispatchEvent): RecordRef[] {
  const refs: RecordRef[] = [{ type: event.subjectType, id: event.subjectId }];
  for (const [prefix, type] of KIND_RECORDS) if (event.kind.startsWith(prefix)) refs.push({ type, id: (typeof event.payload.for === 'string' ? event.payload.for : event.actor.user) ?? '' });
  for (const [field, type] of LINKS) {
    const value = event.payload[field];
    if (typeof value === 'string' && value && !(type === event.subjectType && value === event.subjectId)) refs.push({ type, id: value });
  }
  return refs;
}

/** Facts per record kind, then per id. */
export type Facts = Map<string, Map<string, unknown>>;

/** Read the facts every rule needs about the records these events name, once for all readers (`decided`: a record whose rule the caller already applied). */
export async function loadFacts(rc: RuleContext, events: readonly DispatchEvent[], decided?: RecordRef): Promise<Facts> {
  const wanted = new Map<string, Set<string>>();
  for (const e of events) {
    for (const ref of recordsOf(e)) {
      if (!rules.has(ref.type) || (decided && ref.type === decided.type && ref.id === decided.id)) continue;
      if (!wanted.has(ref.type)) wanted.set(ref.type, new Set());
      wanted.get(ref.type)!.add(ref.id);
    }
  }
  const facts: Facts = new Map();
  await Promise.all([...wanted].map(async ([type, ids]) => { facts.set(type, await rules.get(type)!.facts(rc, [...ids])); }));
  return facts;
}

/**
 * The facts of each of these events (one transaction's, about to commit) that its own writes settle
 * (`RecordRule.factsAtCommit`): an event is in the answer only when every ruled record it names is
 * settled so. They are the facts as of the commit, as the embedded database's read just before the
 * commit gives them; a read after it would give them a moment later.
 */
export function factsKnownAtCommit(events: readonly DispatchEvent[]): Map<DispatchEvent, Facts> {
  const settled = new Map<string, Map<string, unknown>>();
  for (const [type, rule] of rules) if (rule.factsAtCommit) settled.set(type, rule.factsAtCommit(events));
  const known = new Map<DispatchEvent, Facts>();
  for (const e of events) {
    const facts: Facts = new Map();
    const all = recordsOf(e).every((ref) => {
      if (!rules.has(ref.type)) return true;
      const fact = settled.get(ref.type)?.get(ref.id);
      if (fact === undefined) return false;
      if (!facts.has(ref.type)) facts.set(ref.type, new Map());
      facts.get(ref.type)!.set(ref.id, fact);
      return true;
    });
    if (all) known.set(e, facts);
  }
  return known;
}

/**
 * May the reader see this event? Every record it names that has a rule must be readable
 * by the reader. An event about no ruled record is open to every holder of events.read,
 * unless it was written confidential (an emergency message, a residential number), which
 * only holders of `dispatch.confidential` read. `decided`: a record whose own route has
 * already applied its rule (an incident record's timeline shows the incident as its rule
 * allows), so only the other records an event names decide.
 */
export function maySeeEvent(reader: Reader, event: DispatchEvent, facts: Facts, decided?: RecordRef): boolean {
  let ruled = false;
  for (const ref of recordsOf(event)) {
    const rule = rules.get(ref.type);
    if (!rule) continue;
    ruled = true;
    if (decided && ref.type === decided.type && ref.id === decided.id) continue;
    if (!rule.mayRead(reader, facts.get(ref.type)?.get(ref.id))) return false;
  }
  return ruled || !event.confidential || reader.permissions.has('dispatch.confidential');
}

/**
 * A withheld event keeps its sequence number and time, so a console never takes a hidden
 * event for a lost one and resumes without a gap, and says nothing else.
 */
export function withheld(event: DispatchEvent): DispatchEvent {
  return { seq: event.seq, at: event.at, kind: 'withheld', subjectType: 'withheld', subjectId: '', actor: { user: null, unit: null }, confidential: true, payload: {} };
}

/**
 * The events of one record, read through that record's own route (an incident's timeline):
 * whether the reader may see each one by the rules of every *other* record it names (a CJIS
 * transaction, a Knox access, a report), as the event log decides it.
 */
export async function visibleOnRecord(rc: RuleContext, reader: Reader, record: RecordRef, events: readonly DispatchEvent[]): Promise<boolean[]> {
  const facts = await loadFacts(rc, events, record);
  return events.map((e) => maySeeEvent(reader, e, facts, record));
}

/** The events as this reader may see them: each one itself or its withheld stub, in order. */
export async function showEvents(rc: RuleContext, reader: Reader, events: readonly DispatchEvent[], facts?: Facts): Promise<DispatchEvent[]> {
  const known = facts ?? await loadFacts(rc, events);
  return events.map((e) => (maySeeEvent(reader, e, known) ? e : withheld(e)));
}

/**
 * The protected records these shown events let their reader read (CJIS AU-3): every record
 * a shown (not withheld) event names whose rule audits its reads, once each, with the action.
 */
export function protectedReads(shown: readonly DispatchEvent[], facts: Facts): { subject: RecordRef; action: string }[] {
  const found = new Map<string, { subject: RecordRef; action: string }>();
  for (const e of shown) {
    if (e.kind === 'withheld') continue;
    for (const ref of recordsOf(e)) {
      const action = rules.get(ref.type)?.auditedRead?.(facts.get(ref.type)?.get(ref.id));
      if (action && !found.has(`${ref.type}:${ref.id}`)) found.set(`${ref.type}:${ref.id}`, { subject: ref, action });
    }
  }
  return [...found.values()];
}
