import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
/**
 * axe-core's own browser build, evaluated in the page through the DevTools protocol (as a browser
 * extension would): the console's Content Security Policy rightly refuses an inline script tag.
 */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface A11yViolation { id: string; impact: string | null; help: string; targets: string[] }

/**
 * axe-core's findings on what the page shows now (WCAG 2.1 A and AA rules), limited to `scope`
 * (a CSS selector) when given. Each finding names its rule, impact and the elements at fault.
 */
export async function a11yViolations(page: Page, scope?: string): Promise<A11yViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(selector ? { include: [selector] } : document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, scope ?? null);
}

/** The screen has no serious or critical accessibility violation (issue 24: "axe-core reports no serious or critical violations"). */
export async function expectNoSeriousA11yViolations(page: Page, scope?: string): Promise<void> {
  const serious = (await a11yViolations(page, scope)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.slice(0, 3).join(', ')}`).join('\n')).toEqual([]);
}
