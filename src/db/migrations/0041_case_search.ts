import { sql, type Kysely } from 'kysely';

/**
 * Case and report search that does not grow with the file (issue 22's 100 ms at 500 000 cases):
 *
 * - `case_officer`: every case with each officer who opened it or wrote a report or supplement in
 *   it, and the case's occurrence time, kept by triggers in the transaction that opens the case or
 *   files the report (a case's occurrence and a report's author and case never change). Cases by
 *   officer are then one index range read newest first, for an officer with ten thousand cases as
 *   for one with none (before, a hashed sub-plan over the officer's reports filtered the whole
 *   case index for an officer with few).
 * - Addresses typed with their house number are found from their start (`12 elm` finds
 *   "12 Elm Street", not "112 Elm Street"): a text_pattern_ops index on the case's address and on
 *   a report's own location answers it; a street name alone still uses the trigram indexes.
 * - Cases and reports are paged by key, newest first (`next` → `after`), not by offset.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table case_officer (
      officer text not null,
      case_number text not null references record_case(number) on delete cascade,
      occurred_at timestamptz not null,
      primary key (officer, case_number)
    )`,
    sql`create index case_officer_newest on case_officer (officer, occurred_at desc, case_number desc)`,
    sql`create function precinct_case_officer() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'record_case' then
          insert into case_officer (officer, case_number, occurred_at) values (new.opened_by, new.number, new.occurred_at) on conflict do nothing;
        elsif new.case_number is not null then
          insert into case_officer (officer, case_number, occurred_at)
            select new.author, c.number, c.occurred_at from record_case c where c.number = new.case_number on conflict do nothing;
        end if;
        return null;
      end $$`,
    sql`create trigger record_case_officer after insert on record_case for each row execute function precinct_case_officer()`,
    sql`create trigger report_case_officer after insert on report for each row execute function precinct_case_officer()`,
    sql`insert into case_officer (officer, case_number, occurred_at)
      select opened_by, number, occurred_at from record_case
      union select r.author, c.number, c.occurred_at from report r join record_case c on c.number = r.case_number
      on conflict do nothing`,
    sql`create index record_case_address_start on record_case (address_norm text_pattern_ops)`,
    sql`create index report_location_start on report (lower(fields->>'location') text_pattern_ops)`,
    // reports newest first paged by key (occurred_at, id), both descending
    sql`drop index if exists report_occurred`,
    sql`create index report_newest on report (occurred_at desc, id desc) where parent_id is null`,
  ]) await statement.execute(db);
}
