import { afterEach, beforeEach } from 'vitest';
import { reportIfFailed, watchTest } from '../support/browser.ts';

// A failed browser test prints what its windows showed (address and text): a timeout on CI then says
// which screen was up. Printed when its first window is closed (test/support/browser.ts), or here
// when the test closed none.
beforeEach(({ task }) => { watchTest(task); });
afterEach(async () => { await reportIfFailed(); });
