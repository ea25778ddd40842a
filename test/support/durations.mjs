// Write test/durations.json (what test/support/sequencer.ts orders the files by) from a Vitest JSON report:
//   npx vitest run --reporter=json --outputFile=/tmp/run.json && node test/support/durations.mjs /tmp/run.json
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const project = (file) => (file.startsWith('test/e2e/') ? 'e2e' : file.startsWith('test/') ? 'integration' : 'unit');
const seconds = report.testResults
  .map((result) => [relative(process.cwd(), result.name), Math.round((result.endTime - result.startTime) / 100) / 10])
  .map(([file, s]) => [`${project(file)}:${file}`, s])
  .sort((a, b) => b[1] - a[1]);
writeFileSync(new URL('../durations.json', import.meta.url), `${JSON.stringify(Object.fromEntries(seconds), null, 1)}\n`);
