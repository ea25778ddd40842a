import { sql, type Kysely } from 'kysely';

/**
 * Lists answer a page at a time in a stable order (src/core/paging.ts): each order has an
 * index that serves it, so reading a page costs the same however long the list grows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    // the administrator's user list: by last name, first name, login
    sql`create index app_user_by_name on app_user (last_name, first_name, username)`,
    // open sessions, newest first: everyone's, and one login's
    sql`create index session_open_newest on session (created_at desc, id desc) where ended_at is null`,
    sql`create index session_open_of_user on session (username, created_at desc, id desc) where ended_at is null`,
  ]) await statement.execute(db);
}
