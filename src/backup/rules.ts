/**
 * The backup policy decisions (S-110 §E), pure: data in, a Decision or a list out.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { allow, refuse, type Decision } from '../core/decision.ts';
import { CLAUSE, type ArchiveFacts } from './model.ts';

const DAY_MS = 86_400_000;

/** On-premises archives are kept two months (S-110 §E.1): 61 days unless the IT Director sets otherwise. */
export const DEFAULT_RETENTION_DAYS = 61;

/** The retention the IT Director may set (S-110 §E.2): at least a week, at most ten years. */
export function retentionAllowed(days: number): Decision {
  if (!Number.isInteger(days) || days < 7 || days > 3650) {
    return refuse('backup.retention_out_of_range', CLAUSE.policy, `Retention is a whole number of days from 7 to 3650, not ${days}.`);
  }
  return allow(CLAUSE.policy);
}

/** How often the server backs up, in hours (S-110 §E.2): from every hour to once a week. */
export function frequencyAllowed(hours: number): Decision {
  if (!Number.isInteger(hours) || hours < 1 || hours > 168) {
    return refuse('backup.frequency_out_of_range', CLAUSE.policy, `Backup frequency is a whole number of hours from 1 to 168, not ${hours}.`);
  }
  return allow(CLAUSE.policy);
}

/**
 * The archives the prune removes: those past retention and not yet pruned, but never
 * the newest good archive, even when it is older than the retention (S-110 §E.1).
 */
export function expiredArchives(archives: readonly ArchiveFacts[], now: Date, retentionDays: number): string[] {
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  const lastGood = archives.filter((a) => a.good && !a.prunedAt).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  return archives
    .filter((a) => !a.prunedAt && a.createdAt.getTime() < cutoff && a.id !== lastGood?.id)
    .map((a) => a.id);
}

/** A backup is due when none has succeeded within the frequency. */
export function backupDue(lastGood: Date | null, now: Date, frequencyHours: number): boolean {
  return !lastGood || now.getTime() - lastGood.getTime() >= frequencyHours * 3_600_000;
}

/** A restore drill is due when none has run within its interval in days. */
export function drillDue(lastDrill: Date | null, now: Date, everyDays: number): boolean {
  return !lastDrill || now.getTime() - lastDrill.getTime() >= everyDays * DAY_MS;
}

function inside(folder: string, file: string): boolean {
  const rel = relative(resolve(folder), resolve(file));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The key that opens the archives never sits beside them (S-110 §E: fully encrypted, on and off premises). */
export function keyApartFromArchives(identityFile: string | undefined, archiveFolders: readonly string[]): Decision {
  if (identityFile && archiveFolders.some((folder) => inside(folder, identityFile))) {
    return refuse('backup.key_beside_archives', CLAUSE.encrypted,
      `The backup identity ${identityFile} is inside a folder that holds the archives; keep it elsewhere (a safe, another machine) so a stolen archive cannot be opened.`);
  }
  return allow(CLAUSE.encrypted);
}
