import { sql, type Kysely } from 'kysely';

/** Indexes serving the order of the citation, crash, tow and order lists (newest first), overall and by case, plate or person. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create index citation_newest on citation (issued_at desc, number desc)`,
    sql`create index citation_case_newest on citation (case_number, issued_at desc, number desc)`,
    sql`create index citation_plate_newest on citation ((upper(regexp_replace(coalesce(plate, ''), '[^A-Za-z0-9]', '', 'g'))), issued_at desc, number desc)`,
    sql`create index citation_violator_newest on citation (violator_person_id, issued_at desc, number desc)`,
    sql`create index crash_report_newest on crash_report (occurred_at desc, id desc)`,
    sql`create index crash_report_case_newest on crash_report (case_number, occurred_at desc, id desc)`,
    sql`create index tow_newest on tow (towed_at desc, id desc)`,
    sql`create index tow_case_newest on tow (case_number, towed_at desc, id desc)`,
    sql`create index tow_vehicle_newest on tow (vehicle_id, towed_at desc, id desc)`,
    sql`create index protective_order_newest on protective_order (issued_on desc, id desc)`,
  ]) await statement.execute(db);
}
