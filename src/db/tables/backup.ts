import type { ColumnType, Generated } from 'kysely';
import type { Json } from './columns.ts';

/** One backup run (S-110 §E): the archive it wrote, or why it failed. */
export interface BackupArchiveTable {
  id: Generated<string>;
  name: string;
  started_at: Date;
  finished_at: Date | null;
  status: 'ok' | 'failed';
  error: string | null;
  size: number | null;
  sha256: string | null;
  duration_ms: number;
  database_kind: string;
  dump_format: string;
  counts: Json<Record<string, number>>;
  audit_positions: number | null;
  started_by: string;
  /** Each off-site copy: where, when, and whether it arrived. */
  offsite: ColumnType<{ where: string; at: string; ok: boolean; error?: string }[], string | undefined, string>;
  last_verified_at: Date | null;
  last_verify_ok: boolean | null;
  last_verify_detail: string | null;
  pruned_at: Date | null;
  pruned_by: string | null;
}

/** One restore drill: an archive restored into a scratch database and compared with its manifest. */
export interface BackupDrillTable {
  id: Generated<string>;
  archive_id: string | null;
  archive_name: string | null;
  at: Date;
  ok: boolean;
  detail: string;
  duration_ms: number;
  run_by: string;
}

export interface BackupTables {
  backup_archive: BackupArchiveTable;
  backup_drill: BackupDrillTable;
}
