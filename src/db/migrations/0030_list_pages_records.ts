import { sql, type Kysely } from 'kysely';

/** Indexes for the order of each list of the records, release, CJIS and recordings screens, read a page at a time, and of the incident list. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    // records checks, newest first: all, or of one status
    sql`create index records_check_newest on records_check (received_at desc, id desc)`,
    sql`create index records_check_status_newest on records_check (status, received_at desc, id desc)`,
    // the CORI log, oldest first
    sql`create index cori_dissemination_log_order on cori_dissemination (disseminated_at, number)`,
    // CJIS audits, newest audit first
    sql`create index cjis_audit_filing_newest on cjis_audit_filing (audit_date desc, id desc)`,
    // litigation holds, newest first: all, and the active ones
    sql`create index recording_hold_newest on recording_hold (placed_at desc, id desc)`,
    sql`create index recording_hold_active_newest on recording_hold (placed_at desc, id desc) where released_at is null`,
    // the approval queue, oldest submission first
    sql`create index report_queue_order on report (submitted_at, id) where status = 'submitted'`,
    // a case's or a person's orders, newest first
    sql`create index protective_order_case_newest on protective_order (case_number, issued_on desc, id desc)`,
    sql`create index protective_order_respondent_newest on protective_order (respondent_id, issued_on desc, id desc)`,
    sql`create index protective_order_protected_newest on protective_order (protected_id, issued_on desc, id desc)`,
    // Knox access history, newest first: all, of a box, of an officer
    sql`create index knox_access_newest on knox_access (requested_at desc, id desc)`,
    sql`create index knox_access_box_newest on knox_access (box_id, requested_at desc, id desc)`,
    sql`create index knox_access_officer_newest on knox_access (officer, requested_at desc, id desc)`,
    // the incident list: open ones by priority then age, closed or all newest first
    sql`create index incident_open_order on incident (priority, reported_at, number) where status <> 'closed'`,
    sql`create index incident_closed_newest on incident (reported_at desc, number desc) where status = 'closed'`,
    sql`create index incident_newest on incident (reported_at desc, number desc)`,
  ]) await statement.execute(db);
}
