import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the audit browser (docs/access.md, "The audit browser"): the trail is read newest first, a page at a
 * time, filtered by who acted, which record, which action or a refusal, so each filter reads its own index in the
 * browser's order (at desc, id desc) on a trail of millions of rows. A record named among a read's `detail.also`
 * (a listing that showed it) is found through the GIN index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create index audit_newest on audit (at desc, id desc)`,
    sql`create index audit_user_newest on audit (username, at desc, id desc)`,
    sql`create index audit_subject_newest on audit (subject_type, subject_id, at desc, id desc)`,
    sql`create index audit_action_newest on audit (action, at desc, id desc)`,
    sql`create index audit_refused_newest on audit (outcome, at desc, id desc) where outcome <> 'allowed'`,
    sql`create index audit_also on audit using gin ((detail -> 'also'))`,
  ]) await statement.execute(db);
}
