/**
 * Where this server writes its archives and for whom it encrypts them, from the
 * environment (docs/backups.md):
 *
 * - `PRECINCT_BACKUP_DIR` — the on-premises folder (default `<data>/backups`);
 * - `PRECINCT_BACKUP_RECIPIENTS` — the agency's age recipients (`age1…`, comma-separated);
 *   the server needs only these public keys to write an archive;
 * - `PRECINCT_BACKUP_IDENTITY_FILE` — the age identity that opens the archives, needed only
 *   to verify, restore and drill; refused when it sits in a folder that holds archives;
 * - `PRECINCT_BACKUP_OFFSITE_DIR` — a second folder for the off-site copy (a mounted share);
 * - `PRECINCT_BACKUP_S3_BUCKET` with `…_S3_ENDPOINT`, `…_S3_REGION`, `…_S3_PREFIX` — an
 *   S3-compatible bucket for the off-site copy (credentials from the AWS SDK's usual chain).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppContext } from '../core/context.ts';
import { enforce } from '../core/decision.ts';
import { identitiesIn } from './archive.ts';
import { BackupError } from './model.ts';
import { keyApartFromArchives } from './rules.ts';

export interface S3Destination {
  bucket: string;
  prefix?: string | undefined;
  endpoint?: string | undefined;
  region?: string | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}

export interface BackupSetup {
  folder: string;
  recipients: string[];
  identityFile: string | undefined;
  offsiteFolder: string | undefined;
  s3: S3Destination | undefined;
}

export function setupFromEnv(env: NodeJS.ProcessEnv, dataDir: string): BackupSetup {
  return {
    folder: resolve(env.PRECINCT_BACKUP_DIR || join(dataDir, 'backups')),
    recipients: (env.PRECINCT_BACKUP_RECIPIENTS ?? '').split(',').map((r) => r.trim()).filter(Boolean),
    identityFile: env.PRECINCT_BACKUP_IDENTITY_FILE ? resolve(env.PRECINCT_BACKUP_IDENTITY_FILE) : undefined,
    offsiteFolder: env.PRECINCT_BACKUP_OFFSITE_DIR ? resolve(env.PRECINCT_BACKUP_OFFSITE_DIR) : undefined,
    s3: env.PRECINCT_BACKUP_S3_BUCKET
      ? { bucket: env.PRECINCT_BACKUP_S3_BUCKET, prefix: env.PRECINCT_BACKUP_S3_PREFIX, endpoint: env.PRECINCT_BACKUP_S3_ENDPOINT, region: env.PRECINCT_BACKUP_S3_REGION }
      : undefined,
  };
}

const setups = new WeakMap<AppContext, BackupSetup>();

/** This server's backup setup, read from the environment on first use. */
export function backupSetup(ctx: AppContext): BackupSetup {
  let setup = setups.get(ctx);
  if (!setup) {
    setup = setupFromEnv(process.env, ctx.config.dataDir);
    setups.set(ctx, setup);
  }
  return setup;
}

/** Use this setup for this server (a test handing in its folders and keys). */
export function useBackupSetup(ctx: AppContext, setup: BackupSetup): void {
  setups.set(ctx, setup);
}

export function requireRecipients(setup: BackupSetup): string[] {
  if (setup.recipients.length === 0) {
    throw new BackupError('not_configured', 'no backup recipient is configured: set PRECINCT_BACKUP_RECIPIENTS to the agency’s age public key (precinct backup keygen makes a pair); archives are never written unencrypted');
  }
  return setup.recipients;
}

/** The identities that open the archives, from the identity file kept apart from them. */
export function readIdentities(setup: Pick<BackupSetup, 'identityFile' | 'folder' | 'offsiteFolder'>): string[] {
  if (!setup.identityFile) throw new BackupError('not_configured', 'no backup identity is given: set PRECINCT_BACKUP_IDENTITY_FILE (or pass --identity) to the file holding AGE-SECRET-KEY-1…');
  enforce(keyApartFromArchives(setup.identityFile, [setup.folder, ...(setup.offsiteFolder ? [setup.offsiteFolder] : [])]));
  if (!existsSync(setup.identityFile)) throw new BackupError('not_configured', `the backup identity file ${setup.identityFile} does not exist`);
  const identities = identitiesIn(readFileSync(setup.identityFile, 'utf8'));
  if (identities.length === 0) throw new BackupError('not_configured', `${setup.identityFile} holds no AGE-SECRET-KEY-1… line`);
  return identities;
}
