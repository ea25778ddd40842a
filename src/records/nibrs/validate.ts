/**
 * Schema validation of generated NIBRS XML with libxml2's `xmllint` (Debian package
 * libxml2-utils) against the FBI's XSD, shipped in `standards/nibrs-2019.1/base-xsd`.
 * Every document is validated before it is kept; nothing invalid is ever stored.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Problem } from '../../core/errors.ts';
import { INSTALL_ROOT } from '../../core/paths.ts';

/** The submission schema (its imports are found relative to it). */
export const NIBRS_XSD = process.env.PRECINCT_NIBRS_XSD
  ?? join(INSTALL_ROOT, 'standards/nibrs-2019.1/base-xsd/nibrs/2019/nibrs.xsd');

export interface Validation { valid: boolean; errors: string[] }

function run(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('xmllint', args, { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Problem(503, 'nibrs.validator_missing', 'Validator missing', 'xmllint is not installed on the server (Debian package libxml2-utils); no NIBRS file is made without schema validation'));
        return;
      }
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

/**
 * Validate documents against the NIBRS XSD in one xmllint run; the answer is in the order given,
 * each with the validator's messages (line numbers refer to that document).
 */
export async function validateNibrs(documents: readonly string[]): Promise<Validation[]> {
  if (documents.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'precinct-nibrs-'));
  try {
    const files = documents.map((_, i) => join(dir, `${i}.xml`));
    await Promise.all(documents.map((doc, i) => writeFile(files[i]!, doc)));
    const { stderr } = await run(['--noout', '--nonet', '--schema', NIBRS_XSD, ...files]);
    const lines = stderr.split('\n');
    return files.map((file) => {
      const mine = lines.filter((l) => l.startsWith(`${file}:`) || l.startsWith(`${file} `));
      const valid = mine.some((l) => l === `${file} validates`);
      return { valid, errors: mine.filter((l) => l !== `${file} validates` && l !== `${file} fails to validate`).map((l) => l.slice(file.length).replace(/^:/, 'line ')) };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
