import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../db/index.ts';
import { auditSubject } from '../audit/action.ts';
import type { DispatchEvent } from './event.ts';
import { noteActorName, noteEventsWritten } from './local.ts';
import type { Actor } from '../actor.ts';
import type { EventKind, TestEventKind } from './catalogue.ts';

export const EVENT_CHANNEL = 'precinct_event';
// Appends take turns so that sequence numbers become visible in order: a reader
// that has seen seq N has seen every event before N. Without it, a transaction
// holding seq 41 could commit after one holding 42 and a console would skip 41.
const EVENT_LOCK = 0x50524345; // "PRCE"

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

type EventRow = {
  seq: number; at: Date; kind: string; subject_type: string; subject_id: string;
  actor_user: string | null; actor_unit: string | null; confidential: boolean; payload: Record<string, unknown>;
};

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

/**
 * `appendEvent` for many events at once (a batch import tells many incidents): one lock, one insert, one notice,
 * sent as one statement (one round trip instead of three: this runs in every write). The lock is taken in a
 * materialized CTE every inserted row is joined to, so it is held before any row takes its seq.
 */
export async function appendEvents(tx: Tx, events: readonly NewEvent[]): Promise<DispatchEvent[]> {
  if (events.length === 0) return [];
  const values = sql.join(events.map((event, n) => sql`(${n}::int, ${event.kind}::text, ${event.subject.type}::text, ${event.subject.id}::text,
    ${event.actor.username}::text, ${event.actor.unit ?? null}::text, ${event.confidential ?? false}::boolean, ${JSON.stringify(event.payload ?? {})}::jsonb)`));
  const { rows } = await sql<EventRow>`with turn as materialized (select pg_advisory_xact_lock(${EVENT_LOCK}) as held),
    appended as (
      insert into event (kind, subject_type, subject_id, actor_user, actor_unit, confidential, payload)
      select v.kind, v.subject_type, v.subject_id, v.actor_user, v.actor_unit, v.confidential, v.payload
        from turn, (values ${values}) as v(n, kind, subject_type, subject_id, actor_user, actor_unit, confidential, payload)
        order by v.n
      returning *
    )
    select appended.*, (select pg_notify(${EVENT_CHANNEL}, max(seq)::text) from appended) as notified from appended`.execute(tx);
  rows.sort((a, b) => a.seq - b.seq);
  for (const event of events) auditSubject(tx, event.subject, event.kind);
  const appended = rows.map(toEvent);
  // rows come back in seq order, which is the order of `events` (inserted ordered by v.n)
  appended.forEach((e, i) => noteActorName(e, events[i]!.actor.displayName));
  noteEventsWritten(tx, appended);
  return appended;
}

/**
 * The seq of the last event about a subject, as a column of the caller's own statement (so
 * a row and the number of the last event it reflects are read together); null when none.
 * `subjectId`: the caller's column holding the subject's id, e.g. `sql.ref('a.call_sign')`.
 */
export function lastEventSeqOf(subjectType: string, subjectId: Expression<string>): RawBuilder<number | string | null> {
  return sql<number | string | null>`(select max(e.seq) from event e where e.subject_type = ${subjectType} and e.subject_id = ${subjectId})`;
}

/** Events after `after`, oldest first. */
export async function eventsAfter(db: Db, after: number, limit: number): Promise<DispatchEvent[]> {
  const rows = await db.selectFrom('event').selectAll().where('seq', '>', after).orderBy('seq').limit(limit).execute();
  return rows.map(toEvent);
}

/** The newest `limit` events, oldest first: where a console starts its stream and its feed. */
export async function recentEvents(db: Db, limit: number): Promise<DispatchEvent[]> {
  const rows = await db.selectFrom('event').selectAll().orderBy('seq', 'desc').limit(limit).execute();
  return rows.reverse().map(toEvent);
}

export async function eventsFor(db: Db | Tx, subjectType: string, subjectId: string): Promise<DispatchEvent[]> {
  const rows = await db
    .selectFrom('event')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('seq')
    .execute();
  return rows.map(toEvent);
}

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
