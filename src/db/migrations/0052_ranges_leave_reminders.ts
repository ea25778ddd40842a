import { sql, type Kysely } from 'kysely';

/**
 * Issue 23, part 2:
 * - street files (S-110 §A.1.v): a centerline segment's left and right from–to address ranges, as the
 *   town's centerline file gives them (null when the file has none);
 * - attendance (S-110 §A.1.i): leave balances (each employee's accrual per pay period or yearly grant
 *   of vacation, sick and personal leave, set by the commanding officer, kept as a history), an
 *   absence's recorded override when it takes a balance below zero, and a minimum staffing number
 *   per watch;
 * - call-downs (S-110 §A.1.h): an entry's "if no answer within N minutes, call the next".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`alter table geo_street add column l_from integer, add column l_to integer, add column r_from integer, add column r_to integer`,
    sql`create table attendance_leave_plan (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      leave_type text not null check (leave_type in ('vacation','sick','personal')),
      mode text not null check (mode in ('accrual','yearly','none')),
      hours numeric(7,2) not null check (hours >= 0 and hours <= 2000),
      period_days integer check (period_days is null or (period_days >= 7 and period_days <= 31)),
      starts_on date not null,
      opening_hours numeric(7,2) not null default 0 check (opening_hours >= 0 and opening_hours <= 5000),
      set_by text not null,
      set_at timestamptz not null default now(),
      check ((mode = 'accrual') = (period_days is not null))
    )`,
    sql`create index attendance_leave_plan_person on attendance_leave_plan (username, leave_type, set_at desc)`,
    sql`create trigger attendance_leave_plan_append_only before update or delete on attendance_leave_plan
      for each row execute function precinct_append_only()`,
    sql`alter table attendance_entry add column leave_override text`,
    sql`create table attendance_min_staffing (
      shift text primary key,
      minimum integer not null check (minimum >= 0 and minimum <= 500),
      set_by text not null,
      set_at timestamptz not null default now()
    )`,
    sql`alter table notification_list_entry add column call_next_after_minutes integer check (call_next_after_minutes is null or (call_next_after_minutes between 1 and 240))`,
    sql`alter table call_down_entry add column call_next_after_minutes integer`,
  ]) await statement.execute(db);
}
