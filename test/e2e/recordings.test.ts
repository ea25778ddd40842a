import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Actor } from '../../src/core/actor.ts';
import { answerCall, endCall, receiveCall } from '../../src/dispatch/calls/service.ts';
import { importDropFolder } from '../../src/recordings/drop-folder.ts';
import { RecorderSimulator } from '../../src/recordings/simulator.ts';
import { openDemoSite, type DemoSite } from '../support/browser.ts';

let site: DemoSite;
beforeAll(async () => { site = await openDemoSite('recordings'); }, 180_000);
afterAll(async () => site?.close());

async function signIn(username: string): Promise<Page> {
  const page = await site.browser.newPage();
  await site.signIn(page, username);
  return page;
}

test('a dispatcher replays the last call at their position with one key; the commanding officer plays an older one with a purpose, and it is audited (81A §M)', async () => {
  // A call answered at position 1 by the demo dispatcher, and the recorder's export of it.
  const dana: Actor = { username: 'dkowalski', roles: ['dispatcher'], source: '127.0.0.1', remote: false };
  const call = await receiveCall(site.ctx, dana, { line: 'e911', ali: { callbackNumber: '413-555-0177', address: '9 Oak Road' } });
  await answerCall(site.ctx, dana, call.id);
  await new Promise((r) => setTimeout(r, 1500));
  const ended = await endCall(site.ctx, dana, call.id);
  const drop = join(site.ctx.config.dataDir, 'recorder-drop');
  await new RecorderSimulator(drop).record({ line: 'e911', start: new Date(ended.answeredAt!), end: new Date(ended.endedAt!), channel: '7', position: '1', ani: '4135550177', audioSeconds: 3 });
  await importDropFolder(site.ctx, drop);

  const dispatcher = await signIn('dkowalski');
  await dispatcher.getByRole('link', { name: 'Dispatch' }).click();
  const recall = dispatcher.getByTestId('instant-recall');
  await recall.getByText('position 1').waitFor();
  await dispatcher.keyboard.press('F9');
  const player = dispatcher.getByTestId('recall-audio');
  await player.waitFor();
  await recall.getByText(/E-911 · ch 7 · pos 1 · 4135550177/).first().waitFor();
  await dispatcher.waitForFunction(() => document.querySelector('[data-testid="recall-audio"]')?.getAttribute('data-state') === 'playing', null, { timeout: 15_000 });

  // the commander's workstation is set to another zone: the screens still read and show the agency's clock
  const commander = await site.browser.newPage({ timezoneId: 'Asia/Tokyo' });
  await site.signIn(commander, 'mreyes');
  await commander.getByRole('link', { name: 'Recordings' }).click();
  const results = commander.getByTestId('recordings-results');
  await results.getByText(/Business line · ch 9/).waitFor();
  await results.getByRole('row', { name: /Business line · ch 9/ }).getByRole('button').click();
  const panel = commander.getByTestId('review-panel');
  await panel.getByLabel('Purpose').selectOption('training');
  await panel.getByRole('button', { name: 'Play' }).click();
  await panel.getByTestId('review-audio').waitFor();
  await commander.waitForFunction(() => document.querySelector('[data-testid="review-audio"]')?.getAttribute('data-state') === 'playing', null, { timeout: 15_000 });

  // The new call's recording shows the call's timeline beside the player.
  await results.getByRole('row', { name: /E-911 · ch 7 · pos 1 · 4135550177/ }).getByRole('button').click();
  await panel.getByTestId('recording-timeline').getByText('call received').waitFor();
  expect(await panel.getByTestId('recording-timeline').textContent()).toContain('call received · Dana Kowalski #D-12'); // by name, not login

  // a litigation hold on a time range typed on the agency's clock (81A §L), shown with who placed it by name
  await commander.getByRole('button', { name: 'Litigation holds' }).click();
  const hold = commander.getByRole('form', { name: 'Place a hold' });
  await hold.getByRole('combobox').selectOption('time_range');
  await hold.getByLabel('From', { exact: true }).fill('2026-11-30T22:00');
  await hold.getByLabel('To', { exact: true }).fill('2026-11-30T23:00');
  await hold.getByLabel('Reason', { exact: true }).fill('Notice of claim, Elm Street collision');
  await hold.getByRole('button', { name: 'Place hold' }).click();
  const placed = commander.getByTestId('holds').getByRole('row').filter({ hasText: 'Notice of claim' });
  await placed.waitFor();
  expect(await placed.textContent()).toMatch(/^2026-11-30 22:00 to 2026-11-30 23:00.*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} Miguel Reyes #207/);

  const audit = await site.ctx.db.selectFrom('audit').select(['username', 'action', 'outcome', 'detail']).where('action', '=', 'recording.played').orderBy('id').execute();
  expect(audit.map((a) => [a.username, a.outcome, a.detail.purpose])).toEqual([['dkowalski', 'allowed', 'instant_recall'], ['mreyes', 'allowed', 'training']]);
});
