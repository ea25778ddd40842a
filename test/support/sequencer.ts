import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Longest files first, from the durations measured on this machine when there are any (Vitest's
 * own results cache), else from `test/durations.json` (measured in a fresh clone and committed).
 *
 * Files go to the workers one by one as each frees, so the order decides the tail: in a fresh
 * clone Vitest has no measured durations and runs the largest files first, and a small file
 * that starts a dozen processes (`cli.test.ts`, 50 s) ran last on one core while the other sat
 * idle. A file missing from both (a new one) runs first, as Vitest does with unknown files.
 * Refresh the table: `npx vitest run --reporter=json --outputFile=/tmp/run.json` then
 * `node test/support/durations.mjs /tmp/run.json`.
 */
const committed: Record<string, number> = JSON.parse(readFileSync(new URL('../durations.json', import.meta.url), 'utf8'));

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification): number => {
      const key = `${spec.project.name}:${relative(root, spec.moduleId)}`;
      const measured = this.ctx.cache.getFileTestResults(key)?.duration;
      if (measured !== undefined) return measured / 1000;
      return committed[key] ?? Number.POSITIVE_INFINITY;
    };
    return [...files].sort((a, b) => {
      const group = a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder;
      if (group !== 0) return group;
      const [sa, sb] = [seconds(a), seconds(b)];
      return sa === sb ? 0 : sb > sa ? 1 : -1;
    });
  }
}
