import { sql, type Kysely } from 'kysely';

/**
 * Employee attendance (S-110 §A.1.i): absences, court time and overtime per employee and day,
 * next to the duty roster. Append-only: a correction is a new row naming the one it corrects
 * (at most one correction per row, so a chain of corrections has one latest entry).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table attendance_entry (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      work_date date not null,
      shift text,
      kind text not null check (kind in ('absent','court','overtime','withdrawn')),
      reason text,
      starts_at timestamptz,
      ends_at timestamptz,
      minutes integer check (minutes is null or (minutes > 0 and minutes <= 1440)),
      court text,
      docket text,
      case_number text,
      note text,
      corrects uuid references attendance_entry (id),
      correction_reason text,
      recorded_by text not null,
      recorded_at timestamptz not null default now(),
      check (ends_at is null or starts_at is null or ends_at > starts_at),
      check ((corrects is null) = (correction_reason is null)),
      check (kind <> 'withdrawn' or corrects is not null),
      check (kind <> 'court' or (court is not null and minutes is not null)),
      check (kind <> 'overtime' or (reason is not null and minutes is not null)),
      check (kind <> 'absent' or reason is not null)
    )`,
    // one correction per entry: the latest of a chain is the only one that can be corrected
    sql`create unique index attendance_entry_corrected_once on attendance_entry (corrects) where corrects is not null`,
    sql`create index attendance_entry_date on attendance_entry (work_date, username)`,
    sql`create index attendance_entry_person on attendance_entry (username, work_date)`,
    sql`create trigger attendance_entry_append_only before update or delete on attendance_entry
      for each row execute function precinct_append_only()`,
  ]) await statement.execute(db);
}
