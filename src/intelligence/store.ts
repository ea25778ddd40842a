/** All SQL of criminal intelligence records: these tables are read nowhere else (test/architecture.test.ts). */
import type { Db, Tx } from '../db/index.ts';
import { paged, type PageRequest } from '../core/paging.ts';

export type RecordRow = NonNullable<Awaited<ReturnType<typeof recordById>>>;

export async function insertRecord(tx: Tx, row: {
  number: string; title: string; activity: string; predicate: string; information: string; source: string | null; opened_by: string; review_due: string;
}, subjects: readonly string[]): Promise<string> {
  const { id } = await tx.insertInto('intel_record').values(row).returning('id').executeTakeFirstOrThrow();
  for (const person of new Set(subjects)) await tx.insertInto('intel_subject').values({ record_id: id, person_id: person }).execute();
  return id;
}

export async function recordById(db: Db | Tx, id: string) {
  return db.selectFrom('intel_record').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function subjectsOf(db: Db | Tx, id: string): Promise<string[]> {
  return (await db.selectFrom('intel_subject').select('person_id').where('record_id', '=', id).execute()).map((r) => r.person_id);
}

export async function disseminationsOf(db: Db | Tx, id: string) {
  return db.selectFrom('intel_dissemination').selectAll().where('record_id', '=', id).orderBy('disseminated_at').orderBy('id').execute();
}

export async function reviewsOf(db: Db | Tx, id: string) {
  return db.selectFrom('intel_review').selectAll().where('record_id', '=', id).orderBy('reviewed_at').orderBy('id').execute();
}

export async function insertDissemination(tx: Tx, row: {
  record_id: string; recipient_agency: string; recipient_person: string; need_to_know: boolean; right_to_know: boolean; reason: string; disseminated_by: string;
}): Promise<string> {
  return (await tx.insertInto('intel_dissemination').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Validated: the review is recorded and the record is kept five more years. */
export async function validate(tx: Tx, id: string, by: string, note: string, nextDue: string): Promise<void> {
  await tx.updateTable('intel_record').set({ reviewed_at: new Date(), reviewed_by: by, review_due: nextDue }).where('id', '=', id).execute();
  await tx.insertInto('intel_review').values({ record_id: id, decision: 'validated', note, reviewed_by: by, next_due: nextDue }).execute();
}

/** Purged: the content, the subjects and the reasons given for disseminations are gone; the number, dates, people who acted and recipients stay as a tombstone. */
export async function purge(tx: Tx, id: string, by: string, reason: string): Promise<void> {
  await tx.deleteFrom('intel_subject').where('record_id', '=', id).execute();
  await tx.updateTable('intel_dissemination').set({ reason: null }).where('record_id', '=', id).execute();
  await tx.updateTable('intel_record').set({ title: null, activity: null, predicate: null, information: null, source: null, purged_at: new Date(), purged_by: by, purge_reason: reason }).where('id', '=', id).execute();
  await tx.insertInto('intel_review').values({ record_id: id, decision: 'purged', note: reason, reviewed_by: by, next_due: null }).execute();
}

const REGISTER = { columns: [['opened_at', 'timestamptz'], ['id', 'uuid']], direction: 'desc' } as const;
const DUE = { columns: [['review_due', 'date'], ['id', 'uuid']], direction: 'asc' } as const;

/** The register, newest first; or the records due for review on `dueBy`, the longest due first (23.20(h)). */
export async function records(db: Db | Tx, page: PageRequest, defaultLimit: number, dueBy?: string) {
  const base = db.selectFrom('intel_record').selectAll();
  return dueBy
    ? paged(base.where('purged_at', 'is', null).where('review_due', '<=', dueBy), DUE, page, defaultLimit).execute()
    : paged(base, REGISTER, page, defaultLimit).execute();
}
