/** All SQL of NIBRS: the offense mapping, incidents' NIBRS data, submissions and their files. */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/index.ts';
import type { EditError } from './model.ts';

const SUBMISSION_LOCK = 0x5052434e; // "PRCN": one NIBRS submission built at a time on every node sharing the database

/** Take the submission lock for the transaction: two clerks building at once cannot send an incident or a zero report twice. */
export async function lockSubmissions(tx: Tx): Promise<void> {
  await sql`select pg_advisory_xact_lock(${SUBMISSION_LOCK})`.execute(tx);
}

export async function offenseMapRows(db: Db | Tx) {
  return db.selectFrom('nibrs_offense_map').select(['agency_code', 'nibrs_code', 'description', 'updated_by', 'updated_at']).orderBy('agency_code').execute();
}

export async function offenseMapping(db: Db | Tx): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('nibrs_offense_map').select(['agency_code', 'nibrs_code']).execute()).map((r) => [r.agency_code, r.nibrs_code]));
}

export async function upsertMapping(tx: Tx, row: { agency_code: string; nibrs_code: string; description: string; updated_by: string }): Promise<void> {
  await tx.insertInto('nibrs_offense_map').values(row)
    .onConflict((oc) => oc.column('agency_code').doUpdateSet({ nibrs_code: row.nibrs_code, description: row.description, updated_by: row.updated_by, updated_at: sql<Date>`now()` }))
    .execute();
}

export async function removeMapping(tx: Tx, agencyCode: string): Promise<boolean> {
  return (await tx.deleteFrom('nibrs_offense_map').where('agency_code', '=', agencyCode).executeTakeFirst()).numDeletedRows > 0n;
}

/** Master names by id, each resolved to the survivor of a merge. */
export async function masterNames(db: Db | Tx, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { dob: string | null; sex: string | null; race: string | null }>();
  const rows = await db.selectFrom('person').leftJoin('person as master', 'master.id', 'person.merged_into')
    .select(['person.id', 'person.dob', 'person.sex', 'person.race', 'master.dob as master_dob', 'master.sex as master_sex', 'master.race as master_race', 'person.merged_into'])
    .where('person.id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.merged_into ? { dob: r.master_dob, sex: r.master_sex, race: r.master_race } : { dob: r.dob, sex: r.sex, race: r.race }]));
}

/** The case an incident's NIBRS data belongs to: its time and kind. */
export async function caseForNibrs(db: Db | Tx, caseNumber: string) {
  return db.selectFrom('record_case').select(['number', 'occurred_at', 'type']).where('number', '=', caseNumber).executeTakeFirst();
}

export async function nibrsRow(db: Db | Tx, caseNumber: string) {
  return db.selectFrom('nibrs_incident').selectAll().where('case_number', '=', caseNumber).executeTakeFirst();
}

export async function nibrsRowForUpdate(tx: Tx, caseNumber: string) {
  return tx.selectFrom('nibrs_incident').selectAll().where('case_number', '=', caseNumber).forUpdate().executeTakeFirst();
}

export async function insertNibrs(tx: Tx, row: { case_number: string; data: unknown; errors: EditError[]; updated_by: string }) {
  return tx.insertInto('nibrs_incident').values({ case_number: row.case_number, data: JSON.stringify(row.data), errors: JSON.stringify(row.errors), updated_by: row.updated_by })
    .returning('version').executeTakeFirstOrThrow();
}

export async function updateNibrs(tx: Tx, caseNumber: string, row: { data: unknown; errors: EditError[]; updated_by: string }) {
  return tx.updateTable('nibrs_incident').set({
    data: JSON.stringify(row.data), errors: JSON.stringify(row.errors), updated_by: row.updated_by, updated_at: sql<Date>`now()`, version: sql<number>`version + 1`,
    deleted_at: null, deleted_by: null, delete_reason: null,
    // Once its delete was sent the FBI no longer holds the incident: entered again, it goes as new (I), not as a replacement.
    submitted_version: sql<number | null>`case when delete_submitted_at is null then submitted_version end`, delete_submitted_at: null,
  }).where('case_number', '=', caseNumber).returning('version').executeTakeFirstOrThrow();
}

export async function setErrors(tx: Tx, caseNumber: string, errors: EditError[]): Promise<void> {
  await tx.updateTable('nibrs_incident').set({ errors: JSON.stringify(errors) }).where('case_number', '=', caseNumber).execute();
}

export async function markDeleted(tx: Tx, caseNumber: string, by: string, reason: string): Promise<void> {
  await tx.updateTable('nibrs_incident').set({ deleted_at: sql<Date>`now()`, deleted_by: by, delete_reason: reason, errors: JSON.stringify([]) }).where('case_number', '=', caseNumber).execute();
}

/** [start, end) of the incidents' time, or none: every incident. */
export type Between = readonly [Date, Date] | undefined;

/** Incidents with failed edits, not deleted: the records clerk's inbox, oldest incident first (only those that happened `between`, when given). */
export async function heldRows(db: Db | Tx, between?: Between) {
  let query = db.selectFrom('nibrs_incident').innerJoin('record_case', 'record_case.number', 'nibrs_incident.case_number')
    .select(['nibrs_incident.case_number', 'record_case.occurred_at', 'record_case.type', 'nibrs_incident.errors', 'nibrs_incident.updated_at', 'nibrs_incident.updated_by'])
    .where('nibrs_incident.deleted_at', 'is', null).where(sql<boolean>`jsonb_array_length(nibrs_incident.errors) > 0`);
  if (between) query = query.where('record_case.occurred_at', '>=', between[0]).where('record_case.occurred_at', '<', between[1]);
  return query.orderBy('record_case.occurred_at').execute();
}

/** How many incidents (that happened `between`, when given) are ready, held back, submitted as they are, or withdrawn. */
export async function statusCounts(db: Db | Tx, between?: Between) {
  const held = sql<boolean>`nibrs_incident.deleted_at is null and jsonb_array_length(nibrs_incident.errors) > 0`;
  const sent = sql<boolean>`nibrs_incident.submitted_version = nibrs_incident.version`;
  let query = db.selectFrom('nibrs_incident').innerJoin('record_case', 'record_case.number', 'nibrs_incident.case_number').select([
    sql<string>`count(*) filter (where nibrs_incident.deleted_at is null and not (${held}) and not coalesce(${sent}, false))`.as('ready'),
    sql<string>`count(*) filter (where ${held})`.as('held'),
    sql<string>`count(*) filter (where nibrs_incident.deleted_at is null and not (${held}) and coalesce(${sent}, false))`.as('submitted'),
    sql<string>`count(*) filter (where nibrs_incident.deleted_at is not null)`.as('deleted'),
  ]);
  if (between) query = query.where('record_case.occurred_at', '>=', between[0]).where('record_case.occurred_at', '<', between[1]);
  const row = await query.executeTakeFirstOrThrow();
  return { ready: Number(row.ready), held: Number(row.held), submitted: Number(row.submitted), deleted: Number(row.deleted) };
}

/**
 * What the month's submission may carry: incidents up to the month's end that were never
 * submitted or changed since (locked, so two clerks cannot submit one twice), and deletions
 * of incidents submitted before.
 */
export async function candidates(tx: Tx, monthEnd: Date) {
  return tx.selectFrom('nibrs_incident').innerJoin('record_case', 'record_case.number', 'nibrs_incident.case_number')
    .select(['nibrs_incident.case_number', 'nibrs_incident.data', 'nibrs_incident.version', 'nibrs_incident.submitted_version', 'nibrs_incident.deleted_at', 'record_case.occurred_at'])
    .where('record_case.occurred_at', '<', monthEnd)
    .where((eb) => eb.or([
      eb.and([eb('nibrs_incident.deleted_at', 'is', null), eb.or([eb('nibrs_incident.submitted_version', 'is', null), eb('nibrs_incident.submitted_version', '<', eb.ref('nibrs_incident.version'))])]),
      eb.and([eb('nibrs_incident.deleted_at', 'is not', null), eb('nibrs_incident.submitted_version', 'is not', null), eb('nibrs_incident.delete_submitted_at', 'is', null)]),
    ]))
    .orderBy('record_case.occurred_at').orderBy('nibrs_incident.case_number')
    .forUpdate('nibrs_incident')
    .execute();
}

/** Incidents not yet sent as they are now (never submitted or changed since), not withdrawn: those whose edits a mapping change can alter. */
export async function pendingRows(tx: Tx) {
  return tx.selectFrom('nibrs_incident').innerJoin('record_case', 'record_case.number', 'nibrs_incident.case_number')
    .select(['nibrs_incident.case_number', 'nibrs_incident.data', 'record_case.occurred_at'])
    .where('nibrs_incident.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('nibrs_incident.submitted_version', 'is', null), eb('nibrs_incident.submitted_version', '<', eb.ref('nibrs_incident.version'))]))
    .execute();
}

/** Whether any incident (held or not) happened in [start, end): then the month is not a zero month. */
export async function anyIncidentBetween(tx: Tx, start: Date, end: Date): Promise<boolean> {
  const row = await tx.selectFrom('nibrs_incident').innerJoin('record_case', 'record_case.number', 'nibrs_incident.case_number').select('nibrs_incident.case_number')
    .where('nibrs_incident.deleted_at', 'is', null).where('record_case.occurred_at', '>=', start).where('record_case.occurred_at', '<', end).executeTakeFirst();
  return row !== undefined;
}

/** Whether a submission was made for the month already (then it is no longer a zero month). */
export async function monthSubmitted(tx: Tx, month: string): Promise<boolean> {
  return (await tx.selectFrom('nibrs_submission').select('id').where('month', '=', month).executeTakeFirst()) !== undefined;
}

export async function markSubmitted(tx: Tx, caseNumber: string, version: number): Promise<void> {
  await tx.updateTable('nibrs_incident').set({ submitted_version: version, submitted_at: sql<Date>`now()`, errors: JSON.stringify([]) }).where('case_number', '=', caseNumber).execute();
}

export async function markDeleteSubmitted(tx: Tx, caseNumber: string): Promise<void> {
  await tx.updateTable('nibrs_incident').set({ delete_submitted_at: sql<Date>`now()` }).where('case_number', '=', caseNumber).execute();
}

/** The Group B arrest reports sent for a case (adds and deletes), in the order sent. */
export async function groupBSent(tx: Tx, caseNumber: string) {
  return tx.selectFrom('nibrs_submission_file').innerJoin('nibrs_submission', 'nibrs_submission.id', 'nibrs_submission_file.submission_id')
    .select(['nibrs_submission_file.action', 'nibrs_submission_file.xml'])
    .where('nibrs_submission_file.case_number', '=', caseNumber).where('nibrs_submission_file.category', '=', 'GROUP B ARREST REPORT')
    .orderBy('nibrs_submission.created_at').orderBy('nibrs_submission_file.seq').execute();
}

export async function insertSubmission(tx: Tx, row: { id: string; month: string; created_by: string; incidents: number; replacements: number; deletes: number; arrests: number; zero_report: boolean; held: number }) {
  return tx.insertInto('nibrs_submission').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function insertFile(tx: Tx, row: { submission_id: string; seq: number; case_number: string | null; category: string; action: string; xml: string; sha256: string }): Promise<void> {
  await tx.insertInto('nibrs_submission_file').values(row).execute();
}

export async function submissionRows(db: Db | Tx) {
  return db.selectFrom('nibrs_submission').selectAll().orderBy('created_at', 'desc').limit(500).execute();
}

export async function submissionById(db: Db | Tx, id: string) {
  return db.selectFrom('nibrs_submission').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function filesOf(db: Db | Tx, id: string) {
  return db.selectFrom('nibrs_submission_file').select(['seq', 'case_number', 'category', 'action', 'sha256']).where('submission_id', '=', id).orderBy('seq').execute();
}

export async function fileOf(db: Db | Tx, id: string, seq: number) {
  return db.selectFrom('nibrs_submission_file').select(['xml', 'sha256', 'case_number', 'action']).where('submission_id', '=', id).where('seq', '=', seq).executeTakeFirst();
}
