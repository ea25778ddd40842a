import { sql, type Kysely } from 'kysely';

/**
 * The call list read a page at a time by key (the performance issue, points 5 and 7): open
 * calls by priority then age, ended, closed (ended or given an outcome) and all calls newest
 * first, the id breaking ties. The open-calls index gains the id; the others are new.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`drop index if exists call_open`,
    sql`create index call_open on call (priority, received_at, id) where status <> 'ended'`,
    sql`create index call_newest on call (received_at desc, id desc)`,
    sql`create index call_ended_newest on call (received_at desc, id desc) where status = 'ended'`,
    sql`create index call_closed_newest on call (received_at desc, id desc) where status = 'ended' or outcome is not null`,
    // call_received_at (0013) is served by call_newest read backwards
    sql`drop index if exists call_received_at`,
  ]) await statement.execute(db);
}
