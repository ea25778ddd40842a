/** Backups of S-110 §E: what an archive holds and how its runs are recorded. */
import type { DumpFormat } from '../db/dump.ts';
import { Problem } from '../core/errors.ts';

export const ARCHIVE_FORMAT = 'precinct-backup/1';

/** Archives are named by their creation time: `precinct-20261201T172200Z.age`. */
export const ARCHIVE_SUFFIX = '.age';

export interface ArchiveEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  createdAt: string;
  agency: { name: string; ori: string };
  version: string;
  database: { kind: 'pglite' | 'postgresql'; dump: DumpFormat; counts: Record<string, number> };
  /** The audit chain's length and head when the dump was taken (src/core/audit/chain.ts). */
  audit: { positions: number; head: string };
  entries: ArchiveEntry[];
}

export type BackupErrorCode = 'wrong_key' | 'damaged' | 'not_configured' | 'not_empty' | 'failed' | 'not_found';

const STATUS: Record<BackupErrorCode, number> = { wrong_key: 422, damaged: 422, not_configured: 409, not_empty: 409, failed: 503, not_found: 404 };

/** A backup that cannot be made, read or restored (code `backup.<reason>`); the message is one line for the operator. */
export class BackupError extends Problem {
  constructor(reason: BackupErrorCode, message: string) {
    super(STATUS[reason], `backup.${reason}`, reason === 'failed' ? 'Backup failed' : 'Backup refused', message, { clause: 'S-110 §E' });
  }
}

/** The clauses behind the backups and the IT records. */
export const CLAUSE = {
  encrypted: 'S-110 §E',
  retention: 'S-110 §E.1',
  policy: 'S-110 §E.2',
} as const;

/** An archive as the rules see it. */
export interface ArchiveFacts {
  id: string;
  createdAt: Date;
  /** True when the backup finished and was written whole. */
  good: boolean;
  prunedAt: Date | null;
}
