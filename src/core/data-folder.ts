import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data folder holds the embedded database (password hashes, narratives, the WAL), the
 * audit key and checkpoints, and stored files: no other local user may read or change any
 * of it (S-110 §D; CJIS SC-28). Folders are 0700 and files 0600.
 */
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

export interface DataFolderReport {
  /** Paths whose modes were looser and were tightened at this start. */
  tightened: string[];
}

/**
 * Make the data folder private: from now on this process creates files 0600 and folders
 * 0700 (umask 077, which also covers the embedded database's own files), the folder is
 * created 0700, and whatever already sits in it with looser modes is tightened. Symbolic
 * links are not followed.
 */
export function makeDataFolderPrivate(dir: string): DataFolderReport {
  process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
  const tightened: string[] = [];
  const visit = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & 0o077) !== 0) {
      // Only the owner's bits stay: a folder keeps rwx, a file its own rw (and x, if it had it).
      chmodSync(path, stat.isDirectory() ? FOLDER_MODE : (stat.mode & 0o700) | FILE_MODE);
      tightened.push(path);
    }
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return { tightened };
}
