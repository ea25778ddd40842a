import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { AppContext } from '../../src/core/context.ts';
import { useBackupSetup, type BackupSetup } from '../../src/backup/setup.ts';

/** A fresh age key pair: the identity in its own folder (apart from the archives), and its recipient. */
export async function backupKeys(): Promise<{ identityFile: string; recipient: string }> {
  const identity = await generateX25519Identity();
  const keys = mkdtempSync(join(tmpdir(), 'precinct-backup-key-'));
  const identityFile = join(keys, 'backup-identity.txt');
  writeFileSync(identityFile, `# test identity\n${identity}\n`, { mode: 0o600 });
  return { identityFile, recipient: await identityToRecipient(identity) };
}

/** Point this server's backups at a fresh folder, encrypted for a fresh key pair. */
export async function useTestBackups(ctx: AppContext, extra: Partial<BackupSetup> = {}): Promise<BackupSetup & { identityFile: string }> {
  const { identityFile, recipient } = await backupKeys();
  const folder = mkdtempSync(join(tmpdir(), 'precinct-backups-'));
  mkdirSync(folder, { recursive: true });
  const setup = { folder, recipients: [recipient], identityFile, offsiteFolder: undefined, s3: undefined, ...extra };
  useBackupSetup(ctx, setup);
  return setup;
}
