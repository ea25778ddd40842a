import { sql, type Kysely } from 'kysely';

/**
 * The keyed audit chain (DESIGN "Record model" 3; CJIS AU-9, AU-10). Audit rows are
 * written without a lock in the transaction of the change they record and queued in
 * `audit_pending`; after commit one chainer at a time links them, in commit order,
 * into `audit_link` with an HMAC whose key lives outside the database. The MAC covers
 * the row's canonical text as the database itself renders it, so nothing a client
 * sends can make the chain disagree with what is stored. The sha256 columns of the
 * first chain are dropped: existing rows are queued and linked into the keyed chain
 * at the next start. TRUNCATE is refused on the legal record as UPDATE and DELETE are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`alter table audit drop column prev_hash, drop column hash`,
    sql`alter table audit alter column at set default clock_timestamp()`,
    sql`create table audit_pending (audit_id bigint primary key)`,
    sql`create table audit_link (
      position bigint primary key,
      audit_id bigint not null unique,
      mac text not null,
      linked_at timestamptz not null default clock_timestamp()
    )`,
    sql`insert into audit_pending (audit_id) select id from audit`,
    sql`create trigger audit_link_append_only before update or delete on audit_link
      for each row execute function precinct_append_only()`,
    sql`create function precinct_no_truncate() returns trigger language plpgsql as $$
      begin
        raise exception 'table % may not be truncated', tg_table_name using errcode = 'P0001';
      end $$`,
    sql`create trigger event_no_truncate before truncate on event for each statement execute function precinct_no_truncate()`,
    sql`create trigger audit_no_truncate before truncate on audit for each statement execute function precinct_no_truncate()`,
    sql`create trigger audit_link_no_truncate before truncate on audit_link for each statement execute function precinct_no_truncate()`,
  ]) {
    await statement.execute(db);
  }
}
