import { afterEach } from 'vitest';
import { describeOpenPages } from '../support/browser.ts';

// A failed browser test prints what its windows showed (address and text), before the file's own
// afterEach closes them: a timeout on CI then says which screen was up.
afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  console.error(`windows open when "${task.name}" failed:\n${await describeOpenPages()}`);
});
