import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchChromiumServer } from '../support/browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the run's one Chromium listens: each file's browser connects to it (test/support/browser.ts). */
    chromiumEndpoint: string;
    /** Where the first worker to ask seeds the demo agency once for the run (test/support/demo.ts). */
    demoSeedFolder: string;
  }
}

/**
 * Once per run of the browser tests instead of once per file: launch Debian's Chromium, and give
 * the workers a folder for the demo agency, seeded there once for all of them. A file still has
 * its own server, its own database and its own browser contexts.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = mkdtempSync(join(tmpdir(), 'precinct-e2e-demo-'));
  const chromium = await launchChromiumServer();
  project.provide('chromiumEndpoint', chromium.wsEndpoint());
  project.provide('demoSeedFolder', folder);
  return async () => {
    await chromium.close();
    rmSync(folder, { recursive: true, force: true });
  };
}
