/** Small reads of the master name index other parts of records print: a person's name as "LAST, First". */
import type { Db, Tx } from '../db/index.ts';

export async function personLabel(db: Db | Tx, personId: string): Promise<string | null> {
  const row = await db.selectFrom('person_name').select(['first_name', 'middle_name', 'last_name']).where('person_id', '=', personId).where('kind', '=', 'primary').executeTakeFirst();
  return row ? `${row.last_name}, ${row.first_name}${row.middle_name ? ` ${row.middle_name}` : ''}` : null;
}

export async function personDob(db: Db | Tx, personId: string): Promise<{ dob: string | null; mergedInto: string | null } | undefined> {
  const row = await db.selectFrom('person').select(['dob', 'merged_into']).where('id', '=', personId).executeTakeFirst();
  return row && { dob: row.dob, mergedInto: row.merged_into };
}
