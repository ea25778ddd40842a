/** All SQL of motor-vehicle citations, crash reports and tows. */
import type { Db, Tx } from '../../db/index.ts';
import type { CrashUnit } from '../../db/tables/records.ts';

export async function citationByNumber(db: Db | Tx, number: string) {
  return db.selectFrom('citation').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function insertCitation(tx: Tx, row: {
  number: string; case_number: string; incident_number: string | null; violator_person_id: string | null; vehicle_id: string | null;
  plate: string | null; plate_state: string | null; location: string; violations: string[]; issued_at: Date; officer: string;
}): Promise<boolean> {
  const done = await tx.insertInto('citation').values({ ...row, violations: JSON.stringify(row.violations) })
    .onConflict((oc) => oc.column('number').doNothing()).returning('number').executeTakeFirst();
  return done !== undefined;
}

export async function setDisposition(tx: Tx, number: string, disposition: string): Promise<boolean> {
  return (await tx.updateTable('citation').set({ disposition }).where('number', '=', number).returning('number').executeTakeFirst()) !== undefined;
}

export async function insertCrash(tx: Tx, row: {
  case_number: string; incident_number: string | null; occurred_at: Date; location: string; road: string; light: string; weather: string; units: CrashUnit[]; created_by: string;
}): Promise<string> {
  const { id } = await tx.insertInto('crash_report').values({ ...row, units: JSON.stringify(row.units), diagram: null, diagram_sha256: null, diagram_type: null })
    .returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function crashById(db: Db | Tx, id: string) {
  return db.selectFrom('crash_report').select(['id', 'case_number', 'incident_number', 'occurred_at', 'location', 'road', 'light', 'weather', 'units', 'diagram_sha256', 'diagram_type', 'created_by', 'created_at'])
    .where('id', '=', id).executeTakeFirst();
}

export async function setDiagram(tx: Tx, id: string, bytes: Buffer, type: string, sha256: string): Promise<boolean> {
  return (await tx.updateTable('crash_report').set({ diagram: bytes, diagram_type: type, diagram_sha256: sha256 }).where('id', '=', id).returning('id').executeTakeFirst()) !== undefined;
}

export async function diagramOf(db: Db | Tx, id: string) {
  return db.selectFrom('crash_report').select(['diagram', 'diagram_type', 'diagram_sha256']).where('id', '=', id).executeTakeFirst();
}

export async function insertTow(tx: Tx, row: { case_number: string; vehicle_id: string; company: string; reason: string; storage_location: string; towed_at: Date; created_by: string }): Promise<string> {
  const { id } = await tx.insertInto('tow').values({ ...row, owner_notified_at: null, owner_notified_how: null, released_at: null, released_to: null }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function towForUpdate(tx: Tx, id: string) {
  return tx.selectFrom('tow').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function towById(db: Db | Tx, id: string) {
  return db.selectFrom('tow').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateTow(tx: Tx, id: string, set: { owner_notified_at?: Date; owner_notified_how?: string; released_at?: Date; released_to?: string }): Promise<void> {
  await tx.updateTable('tow').set(set).where('id', '=', id).execute();
}

export async function trafficOfCase(db: Db | Tx, caseNumber: string) {
  const [citations, crashes, tows] = await Promise.all([
    db.selectFrom('citation').select(['number', 'issued_at', 'disposition', 'plate']).where('case_number', '=', caseNumber).execute(),
    db.selectFrom('crash_report').select(['id', 'occurred_at', 'location']).where('case_number', '=', caseNumber).execute(),
    db.selectFrom('tow').select(['id', 'towed_at', 'company', 'released_at']).where('case_number', '=', caseNumber).execute(),
  ]);
  return { citations, crashes, tows };
}

export async function vehicleExists(db: Db | Tx, id: string): Promise<boolean> {
  return (await db.selectFrom('vehicle').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function vehicleLabel(db: Db | Tx, id: string): Promise<{ plate: string | null; state: string | null; label: string } | undefined> {
  const v = await db.selectFrom('vehicle').selectAll().where('id', '=', id).executeTakeFirst();
  return v && { plate: v.plate, state: v.state, label: [v.plate && `${v.plate} ${v.state ?? ''}`.trim(), v.year, v.color, v.make, v.model].filter(Boolean).join(' ') };
}
