import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * docs/architecture.md: each capability owns its tables (declared in src/db/tables/<capability>.ts)
 * and reads another capability's data only through that capability's exported functions.
 * The platform's tables (event log, audit trail, settings, number series) belong to src/core.
 */
const OWNER_OF_FILE: Record<string, string> = { platform: 'core' };

function tablesByOwner(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of readdirSync('src/db/tables')) {
    if (file === 'columns.ts') continue;
    const capability = file.replace(/\.ts$/, '');
    const text = readFileSync(join('src/db/tables', file), 'utf8');
    const block = /export interface \w+Tables \{([^}]*)\}/.exec(text)?.[1] ?? '';
    for (const m of block.matchAll(/^\s+(\w+): \w+;/gm)) owners.set(m[1]!, OWNER_OF_FILE[capability] ?? capability);
  }
  return owners;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const TABLE_USE = /\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|mergeInto|replaceInto)\(\s*'(\w+)(?:[ .][^']*)?'/g;
/** Capabilities that only compose or operate the others and may touch any table. */
const COMPOSERS = new Set(['app', 'cli', 'db']);

describe('architecture', () => {
  const owners = tablesByOwner();

  test('every table is declared in exactly one capability’s tables file', () => {
    expect(owners.size).toBeGreaterThan(20);
    expect(owners.get('incident')).toBe('dispatch');
    expect(owners.get('audit')).toBe('core');
  });

  test('a capability reads and writes only its own tables (others’ data through their exported functions)', () => {
    const violations: string[] = [];
    for (const file of sourceFiles('src')) {
      const capability = file.split('/')[1]!;
      if (COMPOSERS.has(capability)) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(TABLE_USE)) {
        const owner = owners.get(m[1]!);
        if (owner && owner !== capability) violations.push(`${file} uses ${m[1]} (owned by ${owner})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
