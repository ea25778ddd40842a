import { sql, type Kysely } from 'kysely';

/**
 * 81A §C.2.f: the call back of an abandoned E-911 call, worked as a list: each attempt (when,
 * who, what came of it) and how the call back ended (the caller reached, or closed with a reason).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table call_callback (
      call_id uuid primary key references call(id),
      status text not null default 'open' check (status in ('open', 'reached', 'closed')),
      attempts jsonb not null default '[]',
      closed_reason text,
      closed_by text,
      closed_at timestamptz
    )`,
    // the call-back list: abandoned E-911 calls, newest first
    sql`create index call_abandoned_e911 on call (received_at desc, id desc) where outcome = 'abandoned' and line = 'e911'`,
  ]) await statement.execute(db);
}

