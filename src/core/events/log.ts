import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../db/index.ts';
import { fixedStatement } from '../../db/fixed.ts';
import { auditSubject } from '../audit/action.ts';
import type { DispatchEvent } from './event.ts';
import { noteActorName, noteEventsWritten } from './local.ts';
import type { Actor } from '../actor.ts';
import type { EventKind, TestEventKind } from './catalogue.ts';

export const EVENT_CHANNEL = 'precinct_event';
/**
 * The log's order without a global lock (issue 16 point 6). An append takes its sequence
 * numbers from the table's sequence as it inserts, so on PostgreSQL a transaction holding
 * seq 41 can commit after one holding 42: for a moment the log shows 42 and a gap at 41.
 * Readers never step over such a gap (`readLog`): they deliver the unbroken run after their
 * position and wait for the gap to fill, unless it is known that it never will (its
 * transaction rolled back, or the server stopped after taking the number). Every appending
 * transaction holds a shared lock (`APPENDING`, which appends do not wait for among
 * themselves) from before it takes a number until it ends, so once every transaction that
 * held it just after a number was last seen handed out has ended, every number up to it is
 * committed or gone for good. A transaction that appends nothing never holds back the stream,
 * however long it runs.
 *
 * Events about one subject keep commit order: an append first takes a lock on each of its
 * subjects (not on the log), so two transactions telling of the same incident take their
 * numbers one after the other's commit. A record read with its last event N (a unit's
 * `lastSeq`, an incident's timeline) therefore reflects every event about it below N, which
 * is what the console's echo test relies on (web/src/client/echo.ts). Transactions about
 * different subjects no longer wait for each other's commit.
 */
const SUBJECT_LOCKS = 0x50524345; // "PRCE": the first key of the two-key advisory locks on subjects
/** The two-key advisory lock every appending transaction holds shared ("PRCA", 0): which transactions may still hold numbers. */
const APPENDING = 0x50524341;
const SEQUENCE = sql.raw('event_seq_seq');
const PAGE = 1000;

export type { DispatchEvent } from './event.ts';

export interface NewEvent {
  /** A kind of the catalogue (`catalogue.ts`); `test.…` only in tests of the log itself. */
  kind: EventKind | TestEventKind;
  subject: { type: string; id: string };
  actor: Pick<Actor, 'username' | 'displayName'> & { unit?: string | null | undefined };
  payload?: Record<string, unknown>;
  /** Withheld from those without `dispatch.confidential` (81A §E.2.c). */
  confidential?: boolean;
}

export type EventRow = {
  seq: number; at: Date; kind: string; subject_type: string; subject_id: string;
  actor_user: string | null; actor_unit: string | null; confidential: boolean; payload: Record<string, unknown>;
};

/**
 * The columns an event is read with, named rather than `*`: a statement prepared on PostgreSQL
 * (db/fixed.ts) whose answer gained a column would fail ("cached plan must not change result
 * type") on a server still running when another node's migration adds one to the table.
 */
const EVENT_ROW = ['seq', 'at', 'kind', 'subject_type', 'subject_id', 'actor_user', 'actor_unit', 'confidential', 'payload'] as const satisfies readonly (keyof EventRow)[];
const EVENT_COLUMNS = sql.raw(EVENT_ROW.join(', '));

function toEvent(row: EventRow): DispatchEvent {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    kind: row.kind,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    actor: { user: row.actor_user, unit: row.actor_unit },
    confidential: row.confidential,
    payload: row.payload,
  };
}

/**
 * Append an event to the log inside the caller's transaction; the caller updates its
 * projections in the same transaction. Connected consoles learn of it at commit.
 */
export async function appendEvent(tx: Tx, event: NewEvent): Promise<DispatchEvent> {
  return (await appendEvents(tx, [event]))[0]!;
}

/** One event's row of the append's values: its place among the events appended together, then the event. */
function valuesRow(n: number, kind: string, subjectType: string, subjectId: string, user: string, unit: string | null, confidential: boolean, payload: string): RawBuilder<unknown> {
  return sql`(${n}::int, ${kind}::text, ${subjectType}::text, ${subjectId}::text, ${user}::text, ${unit}::text, ${confidential}::boolean, ${payload}::jsonb)`;
}

/** The append's statement for these rows of values (`valuesRow`) and their subjects. */
function appendStatement(values: RawBuilder<unknown>, subjects: string[]): RawBuilder<EventRow> {
  return appending(undefined, sql`select distinct hashtext(s) as k from unnest(${subjects}::text[]) s`,
    sql`select * from (values ${values}) as v(n, kind, subject_type, subject_id, actor_user, actor_unit, confidential, payload)`);
}

/**
 * Every append's statement: after the caller's common table expressions (`ctes`, if any), a materialized CTE
 * every inserted row is joined to runs first. It takes `APPENDING` shared (`settle` relies on every holder of a
 * number holding it) and the subjects' locks (`lockKeys`: a select of their keys `k`) in one order, before any row
 * takes its seq. Then the events (`rows`: a select of n, kind, subject_type, subject_id, actor_user, actor_unit,
 * confidential, payload), inserted in the order of n, and one notice.
 */
function appending(ctes: RawBuilder<unknown> | undefined, lockKeys: RawBuilder<unknown>, rows: RawBuilder<unknown>): RawBuilder<EventRow> {
  return sql<EventRow>`with ${ctes ? sql`${ctes}, ` : sql``}turn as materialized (
      select pg_advisory_xact_lock_shared(${APPENDING}, 0) as appending,
        (select count(pg_advisory_xact_lock(${SUBJECT_LOCKS}, k)) from (${lockKeys} order by 1) l) as held
    ),
    appended as (
      insert into event (kind, subject_type, subject_id, actor_user, actor_unit, confidential, payload)
      select r.kind, r.subject_type, r.subject_id, r.actor_user, r.actor_unit, r.confidential, r.payload
        from turn, (${rows}) as r
        order by r.n
      returning ${EVENT_COLUMNS}
    )
    select ${EVENT_COLUMNS}, (select pg_notify(${EVENT_CHANNEL}, max(seq)::text) from appended) as notified from appended`;
}

/** The append of one event, which nearly every write makes: compiled once, and prepared on PostgreSQL (db/fixed.ts). */
const appendOne = fixedStatement((_db, kind: string, subjectType: string, subjectId: string, user: string, unit: string | null, confidential: boolean, payload: string, subjects: string[]) =>
  appendStatement(valuesRow(0, kind, subjectType, subjectId, user, unit, confidential, payload), subjects));

/**
 * `appendEvent` for many events at once (a batch import tells many incidents): one insert, one notice, sent as
 * one statement (one round trip: this runs in every write), its locks taken first (`appending`).
 */
export async function appendEvents(tx: Tx, events: readonly NewEvent[]): Promise<DispatchEvent[]> {
  if (events.length === 0) return [];
  const subjects = [...new Set(events.map((e) => `${e.subject.type}:${e.subject.id}`))];
  const values = events.map((e) => [e.kind, e.subject.type, e.subject.id, e.actor.username, e.actor.unit ?? null, e.confidential ?? false, JSON.stringify(e.payload ?? {})] as const);
  const rows = values.length === 1
    ? await appendOne(tx, ...values[0]!, subjects)
    : (await appendStatement(sql.join(values.map((row, n) => valuesRow(n, ...row))), subjects).execute(tx)).rows;
  return appended(tx, events, rows);
}

/** What every append does once its rows are written: the action's audit subjects, the actors' names, the events for this process's stream at commit. */
function appended(tx: Tx, events: readonly NewEvent[], rows: EventRow[]): DispatchEvent[] {
  rows.sort((a, b) => a.seq - b.seq);
  for (const event of events) auditSubject(tx, event.subject, event.kind);
  const written = rows.map(toEvent);
  // rows come back in seq order, which is the order of `events` (inserted ordered by v.n)
  written.forEach((e, i) => noteActorName(e, events[i]!.actor.displayName));
  noteEventsWritten(tx, written);
  return written;
}

/**
 * The statement inserting a record and appending the one event telling of it, for a record numbered under a
 * lock held until commit (an incident's gap-free number): appended by the insert's own statement, the event
 * does not first wait for the number to come back to the server, so the lock is held one round trip less (at
 * capacity most creating transactions were waiting on it; bench/README.md, "Issue 16 on a warm server").
 * `inserted`: the statement's first common table expressions, ending with one named `subject` whose one row
 * gives the record's `id`, whether it is `confidential`, and as `extra` (jsonb) what the event's payload takes
 * from the insert; `payload` is the rest of it. Appended as every append is (`appending`).
 */
export function appendAboutInsertedStatement(inserted: RawBuilder<unknown>, kind: EventKind, subjectType: string, user: string, unit: string | null, payload: string): RawBuilder<EventRow> {
  return appending(inserted, sql`select hashtext(${subjectType}::text || ':' || s.id) as k from subject s`,
    sql`select 0 as n, ${kind}::text as kind, ${subjectType}::text as subject_type, s.id as subject_id, ${user}::text as actor_user,
      ${unit}::text as actor_unit, s.confidential, ${payload}::jsonb || s.extra as payload from subject s`);
}

/**
 * What `appendEvent` does after its insert, for the row a statement of `appendAboutInsertedStatement` returned
 * (the caller runs it, usually as a fixed statement): the event, its subject's id and payload as written.
 */
export function appendedAboutInserted(tx: Tx, event: Pick<NewEvent, 'kind' | 'actor'> & { subjectType: string }, row: EventRow | undefined): DispatchEvent {
  if (!row) throw new Error(`${event.kind}: the statement inserted no record`);
  return appended(tx, [{ kind: event.kind, actor: event.actor, subject: { type: event.subjectType, id: row.subject_id } }], [row])[0]!;
}

/**
 * The seq of the last event about a subject, as a column of the caller's own statement (so
 * a row and the number of the last event it reflects are read together); null when none.
 * `subjectId`: the caller's column holding the subject's id, e.g. `sql.ref('a.call_sign')`.
 */
export function lastEventSeqOf(subjectType: string, subjectId: Expression<string>): RawBuilder<number | string | null> {
  return sql<number | string | null>`(select max(e.seq) from event e where e.subject_type = ${subjectType} and e.subject_id = ${subjectId})`;
}

/**
 * What a reader of the log knows of where it is complete: every seq up to `through` is
 * committed and read, or will never be; and, when a gap held it back, the newest number
 * handed out then with the transactions that were appending then (`settle`).
 */
export interface LogCursor {
  through: number;
  horizon: { seq: number; appending: string[] } | null;
}

export interface LogPage extends LogCursor {
  /** The events after `after`, oldest first, unbroken: none is missing between them. */
  events: DispatchEvent[];
  /** An event was left because a gap before it may still fill: read again soon. */
  waiting: boolean;
}

/** The log's read by position, which every server's stream runs as events commit: compiled once, and prepared on PostgreSQL. */
const logAfter = fixedStatement((db, after: number, limit: number) => db.selectFrom('event').select(EVENT_ROW).where('seq', '>', after).orderBy('seq').limit(limit));

/** Events after `after` (at most `limit`), oldest first, and the longest run of them no gap that may still fill interrupts. */
async function unbrokenAfter(db: Db, after: number, limit: number, settled: number) {
  const rows = await logAfter(db, after, limit);
  const events: DispatchEvent[] = [];
  let last = after;
  for (const row of rows) {
    if (row.seq !== last + 1 && row.seq - 1 > settled) break; // a gap that may still fill
    events.push(toEvent(row));
    last = row.seq;
  }
  return { events, last, waiting: events.length < rows.length, whole: events.length === rows.length && rows.length < limit };
}

/**
 * The events after `after` (at most `limit`), oldest first, that no later commit can come
 * before (see the note on `SUBJECT_LOCKS`), and how far the log is now known complete. One
 * statement when the events follow each other (or their gaps lie at or below `known.through`);
 * when a gap holds them back, `settle` learns whether it can still fill, and the events are
 * read again after that. `known` carries what the caller learnt at its last read.
 */
export async function readLog(db: Db, after: number, limit: number, known: LogCursor = { through: 0, horizon: null }): Promise<LogPage> {
  let page = await unbrokenAfter(db, after, limit, known.through);
  let cursor = known;
  if (page.waiting) {
    const { settled, horizon } = await settle(db, known);
    cursor = { through: Math.max(known.through, settled), horizon };
    // read again: a commit that ended between the first read and `settle` is visible only now
    if (settled > known.through) page = await unbrokenAfter(db, after, limit, settled);
  }
  return { events: page.events, through: page.whole ? Math.max(page.last, cursor.through) : page.last, horizon: cursor.horizon, waiting: page.waiting };
}

/** The newest sequence number handed out (to a commit or not), 0 when none. */
async function handedOut(db: Db): Promise<number> {
  const { rows: [row] } = await sql<{ seq: string }>`select case when is_called then last_value else 0 end as seq from ${SEQUENCE}`.execute(db);
  return Number(row!.seq);
}

/**
 * The transactions appending events now (they hold `APPENDING`), by their virtual transaction ids. Read
 * from the lock table, not from a snapshot: a snapshot's bounds leave out a transaction whose id is above
 * the newest one to have ended, however long it has been running.
 */
async function appendingTransactions(db: Db): Promise<string[]> {
  const { rows } = await sql<{ vxid: string }>`select virtualtransaction as vxid from pg_locks
    where locktype = 'advisory' and classid = ${APPENDING}::oid and objid = 0 and objsubid = 2 and granted
      and database = (select oid from pg_database where datname = current_database())`.execute(db);
  return rows.map((r) => r.vxid);
}

/**
 * How far the numbers handed out are settled: each is committed or never will be. Every append holds
 * `APPENDING` before it takes a number, so when the transactions holding it just after the
 * newest number was read (`horizon`) have all ended, every number up to it is settled, and a read
 * of the log after that sees all of those that committed. Two statements to take a horizon, one
 * to check an earlier one.
 */
async function settle(db: Db, known: LogCursor): Promise<{ settled: number; horizon: LogCursor['horizon'] }> {
  if (known.horizon) {
    const now = new Set(await appendingTransactions(db));
    if (known.horizon.appending.some((vxid) => now.has(vxid))) return { settled: known.through, horizon: known.horizon };
    return { settled: Math.max(known.through, known.horizon.seq), horizon: null };
  }
  const seq = await handedOut(db);
  if (seq <= known.through) return { settled: known.through, horizon: null };
  const appending = await appendingTransactions(db);
  return appending.length === 0 ? { settled: seq, horizon: null } : { settled: known.through, horizon: { seq, appending } };
}

/** Events after `after`, oldest first, as far as the log is complete (`readLog`). */
export async function eventsAfter(db: Db, after: number, limit: number, known?: LogCursor): Promise<DispatchEvent[]> {
  return (await readLog(db, after, limit, known)).events;
}

/**
 * The sequence number up to which the log is complete now: waits (a few milliseconds) for the
 * transactions that hold lower numbers to end. Where a reader that has read nothing starts.
 */
export async function completeThrough(db: Db): Promise<number> {
  let cursor: LogCursor = { through: 0, horizon: null };
  for (let wait = 1; ; wait = Math.min(wait * 2, 100)) {
    const { settled, horizon } = await settle(db, cursor);
    if (!horizon) return settled;
    cursor = { through: settled, horizon };
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * The newest `limit` events, oldest first, as far as the log is complete (none after a number
 * still committing): where a console starts its stream and its feed. `known`: the hub's cursor.
 */
export async function recentEvents(db: Db, limit: number, known: LogCursor): Promise<DispatchEvent[]> {
  let cursor = known;
  for (;;) {
    const page = await readLog(db, cursor.through, PAGE, cursor);
    cursor = page;
    if (page.waiting || page.events.length < PAGE) break;
  }
  const rows = await db.selectFrom('event').selectAll().where('seq', '<=', cursor.through).orderBy('seq', 'desc').limit(limit).execute();
  return rows.reverse().map(toEvent);
}

export async function eventsFor(db: Db | Tx, subjectType: string, subjectId: string): Promise<DispatchEvent[]> {
  return (await subjectEvents(db, subjectType, subjectId)).map(toEvent);
}

/** A subject's events (an incident's timeline, read after every change to it): compiled once, and prepared on PostgreSQL. */
const subjectEvents = fixedStatement((db, subjectType: string, subjectId: string) => db.selectFrom('event').select(EVENT_ROW)
  .where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).orderBy('seq'));

/** The sequence number of the last event about one subject (0 when none). */
export async function lastEventOf(db: Db | Tx, subjectType: string, subjectId: string): Promise<number> {
  const row = await db.selectFrom('event').select((eb) => eb.fn.max('seq').as('seq'))
    .where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

export async function lastSeq(db: Db): Promise<number> {
  const row = await db.selectFrom('event').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Events of these kinds on one agency-local calendar day ('YYYY-MM-DD' read in `timeZone`), oldest first. */
export async function eventsOnDay(db: Db, kinds: readonly string[], date: string, timeZone: string): Promise<DispatchEvent[]> {
  const start = sql<Date>`(${date}::date)::timestamp at time zone ${timeZone}`;
  const end = sql<Date>`(${date}::date + 1)::timestamp at time zone ${timeZone}`;
  const rows = await db.selectFrom('event').selectAll().where('kind', 'in', [...kinds]).where('at', '>=', start).where('at', '<', end).orderBy('seq').execute();
  return rows.map(toEvent);
}
