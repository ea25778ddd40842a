import { sql, type Kysely } from 'kysely';

/**
 * Name search at 1 000 000 names (issue 16 point 5, p95 under 50 ms on PostgreSQL).
 *
 * The trigram branch of the name search read its candidates from a trigram index over every name:
 * a common or short surname matched thousands of rows (10 000 for "heriandez" at a million names),
 * each a heap row visited to recheck the similarity and filter on the given name. The surnames
 * spelled alike are now looked up in a table of the distinct surnames (465 000 at a million names
 * in the bench, each row a few bytes), and the names carrying them read by equality from a b-tree
 * that also holds the given name's reading and the row's id, so the given-name filter runs on the
 * index alone. The rows found are the same; the trigram index over every name is no longer used.
 *
 * A trigger adds each new surname; a surname no name carries any more stays in the table (it finds
 * no name, and costs a few bytes).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table person_last_name (last_norm text primary key)`,
    sql`insert into person_last_name (last_norm) select distinct last_norm from person_name`,
    sql`create index person_last_name_trgm on person_last_name using gin (last_norm gin_trgm_ops) with (fastupdate = off)`,
    sql`create index person_name_last_norm on person_name (last_norm) include (first_soundex, first_norm, id)`,
    sql`drop index if exists person_name_last_trgm`,
    sql`create function person_last_name_add() returns trigger language plpgsql as $$
      begin
        insert into person_last_name (last_norm) values (new.last_norm) on conflict do nothing;
        return null;
      end $$`,
    sql`create trigger person_last_name_add after insert or update of last_name on person_name
      for each row execute function person_last_name_add()`,
  ]) await statement.execute(db);
}
