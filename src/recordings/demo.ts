import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../core/context.ts';
import { importDropFolder } from './drop-folder.ts';
import { takePosition } from './positions.ts';
import { RecorderSimulator } from './simulator.ts';

/**
 * The demo's recordings: the demo dispatcher sits at position 1, and the simulated
 * recorder exports a few days of recordings into the drop folder the server watches
 * (`<data>/recorder-drop`), imported at once through the real import.
 */
export async function seedRecordingsDemo(ctx: AppContext): Promise<void> {
  await takePosition(ctx, { username: 'dkowalski', roles: ['dispatcher'], source: null, remote: false }, '1');
  const drop = join(ctx.config.dataDir, 'recorder-drop');
  mkdirSync(drop, { recursive: true });
  const sim = new RecorderSimulator(drop, 'DEMO-REC-1');
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
  const span = (minutes: number, seconds: number) => ({ start: ago(minutes), end: new Date(ago(minutes).getTime() + seconds * 1000), audioSeconds: 4 });
  await sim.record({ line: 'business', channel: '9', position: '1', ...span(2 * 24 * 60, 45) });
  await sim.record({ line: 'emergency', channel: '8', position: '2', format: 'mp3', ...span(5 * 24 * 60, 30) });
  await sim.record({ line: 'radio', channel: 'R1', talkgroup: '1001', ...span(24 * 60, 12) });
  await sim.record({ line: 'e911', channel: '7', position: '1', ani: '4135550123', ...span(20, 35) });
  await importDropFolder(ctx, drop);
}
