import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function folderWithPackageJson(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * The installation's folder (the one holding package.json), found upward from this module:
 * right whether the server runs from src/ or from its bundle (bin/server-bundle.js).
 */
export const INSTALL_ROOT = folderWithPackageJson(dirname(fileURLToPath(import.meta.url)));
