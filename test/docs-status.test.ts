import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * docs/status.md lists every policy clause with the test that proves it. A claim must be backed by a
 * test that exists: each cited `file › title` names a test file of this repository, and each part of
 * the title (an ellipsis shortens it) is written in that file.
 */
const status = readFileSync('docs/status.md', 'utf8');
const citations = [...status.matchAll(/`([\w./-]+\.test\.ts)((?: › [^`]+)?)`/g)].map((m) => ({ file: m[1]!, title: m[2]!.replace(/^ › /, '') }));

// Titles are compared without the difference between ’ and ' or a backslash before a quote.
const plain = (text: string) => text.replace(/[’‘]/g, "'").replace(/\\(['"`])/g, '$1');

function pathOf(file: string): string | undefined {
  return [file, `test/${file}`].find((p) => existsSync(p));
}

describe('docs/status.md: every clause marked as proven names a test that exists', () => {
  it('cites many tests', () => expect(citations.length).toBeGreaterThan(150));

  it('each cited file exists and contains each cited title', () => {
    const missing: string[] = [];
    for (const { file, title } of citations) {
      const path = pathOf(file);
      if (!path) { missing.push(`${file}: no such test file`); continue; }
      const text = plain(readFileSync(path, 'utf8'));
      for (const part of plain(title).split(/ › |…/).map((p) => p.trim()).filter((p) => p.length > 0)) {
        if (!text.includes(part)) missing.push(`${file} › ${part}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
