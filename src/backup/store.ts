/** All of the backups' SQL: the archive runs and the restore drills. */
import type { Db, Tx } from '../db/index.ts';

type Q = Db | Tx;

export interface NewArchiveRow {
  name: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: 'ok' | 'failed';
  error: string | null;
  size: number | null;
  sha256: string | null;
  durationMs: number;
  databaseKind: string;
  dumpFormat: string;
  counts: Record<string, number>;
  auditPositions: number | null;
  startedBy: string;
}

export async function insertArchive(tx: Tx, row: NewArchiveRow): Promise<string> {
  const { id } = await tx.insertInto('backup_archive').values({
    name: row.name, started_at: row.startedAt, finished_at: row.finishedAt, status: row.status, error: row.error, size: row.size,
    sha256: row.sha256, duration_ms: row.durationMs, database_kind: row.databaseKind, dump_format: row.dumpFormat,
    counts: JSON.stringify(row.counts), audit_positions: row.auditPositions, started_by: row.startedBy,
  }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function archives(q: Q) {
  return q.selectFrom('backup_archive').selectAll().orderBy('started_at', 'desc').execute();
}

export function archiveByName(q: Q, name: string) {
  return q.selectFrom('backup_archive').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function lastGoodArchive(q: Q) {
  return q.selectFrom('backup_archive').selectAll().where('status', '=', 'ok').where('pruned_at', 'is', null)
    .orderBy('started_at', 'desc').limit(1).executeTakeFirst();
}

export async function setOffsite(tx: Tx, id: string, offsite: { where: string; at: string; ok: boolean; error?: string }[]): Promise<void> {
  await tx.updateTable('backup_archive').set({ offsite: JSON.stringify(offsite) }).where('id', '=', id).execute();
}

export async function setVerified(tx: Tx, id: string, at: Date, ok: boolean, detail: string): Promise<void> {
  await tx.updateTable('backup_archive').set({ last_verified_at: at, last_verify_ok: ok, last_verify_detail: detail }).where('id', '=', id).execute();
}

export async function markPruned(tx: Tx, ids: string[], at: Date, by: string): Promise<void> {
  if (ids.length) await tx.updateTable('backup_archive').set({ pruned_at: at, pruned_by: by }).where('id', 'in', ids).execute();
}

export async function insertDrill(tx: Tx, row: { archiveId: string | null; archiveName: string | null; at: Date; ok: boolean; detail: string; durationMs: number; runBy: string }): Promise<string> {
  const { id } = await tx.insertInto('backup_drill').values({
    archive_id: row.archiveId, archive_name: row.archiveName, at: row.at, ok: row.ok, detail: row.detail, duration_ms: row.durationMs, run_by: row.runBy,
  }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function drills(q: Q, limit = 50) {
  return q.selectFrom('backup_drill').selectAll().orderBy('at', 'desc').limit(limit).execute();
}

export function lastDrill(q: Q) {
  return q.selectFrom('backup_drill').select('at').orderBy('at', 'desc').limit(1).executeTakeFirst();
}
