import type { Db, Tx } from '../db/index.ts';

/**
 * The CAD incidents behind a case or a person, for holds that reach recordings
 * through the records (81A §L litigation holds). No record contents leave here.
 */
export async function incidentsOfCase(q: Db | Tx, caseNumber: string): Promise<string[] | undefined> {
  const row = await q.selectFrom('record_case').select('incident_number').where('number', '=', caseNumber).executeTakeFirst();
  if (!row) return undefined;
  return row.incident_number ? [row.incident_number] : [];
}

/** Incidents of the cases whose reports name this person or an entry merged into them; undefined when there is no such person. */
export async function incidentsOfPerson(q: Db | Tx, personId: string): Promise<string[] | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(personId)) return undefined;
  const person = await q.selectFrom('person').select('id').where('id', '=', personId).executeTakeFirst();
  if (!person) return undefined;
  const merged = await q.selectFrom('person').select('id').where('merged_into', '=', personId).execute();
  const ids = [personId, ...merged.map((m) => m.id)];
  const rows = await q.selectFrom('report_party as rp').innerJoin('report as r', 'r.id', 'rp.report_id')
    .innerJoin('record_case as c', 'c.number', 'r.case_number')
    .select('c.incident_number').distinct()
    .where('rp.entity_type', '=', 'person').where('rp.entity_id', 'in', ids).where('c.incident_number', 'is not', null).execute();
  return rows.map((r) => r.incident_number!).sort();
}

/** The reports filed under a case (the audit browser finds the reads of a case's reports under the case). */
export async function reportIdsOfCase(db: Db | Tx, caseNumber: string): Promise<string[]> {
  const rows = await db.selectFrom('report').select('id').where('case_number', '=', caseNumber).orderBy('id').limit(500).execute();
  return rows.map((r) => r.id);
}

/**
 * A master name as other capabilities show it ("Quillfeather, Zorvan"), or null when there is no such person:
 * how the intelligence file names its subjects without reading the records tables itself.
 */
export { personLabel as masterNameLabel } from './people-store.ts';
