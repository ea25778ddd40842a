import { join } from 'node:path';
import { BadRequest } from '../core/errors.ts';
import { RECORDED_LINES, type RecordedLine } from './model.ts';
import { RecorderSimulator } from './simulator.ts';

/**
 * `precinct recorder-simulate`: write recordings into the drop folder the way a recorder
 * exports them (audio renamed into place, then the sidecar), the last few minutes' worth;
 * the running server imports them within five seconds.
 */
export async function simulateRecorder(dataDir: string, options: { to?: string | undefined; count: string; line: string; position: string; talkgroup: string; ani?: string | undefined }): Promise<void> {
  if (!RECORDED_LINES.includes(options.line as RecordedLine)) throw new BadRequest('recorder.line', `--line must be one of ${RECORDED_LINES.join(', ')}`);
  const count = Number(options.count);
  if (!Number.isInteger(count) || count < 1 || count > 1000) throw new BadRequest('recorder.count', '--count must be a whole number from 1 to 1000');
  const dir = options.to ?? process.env.PRECINCT_RECORDER_DROP ?? join(dataDir, 'recorder-drop');
  const sim = new RecorderSimulator(dir, 'SIM-CLI');
  const line = options.line as RecordedLine;
  for (let i = count; i >= 1; i -= 1) {
    const start = new Date(Date.now() - i * 90_000);
    const written = await sim.record({
      line, start, end: new Date(start.getTime() + 60_000), channel: line === 'radio' ? 'R1' : '7', audioSeconds: 5,
      ...(line === 'radio' ? { talkgroup: options.talkgroup } : { position: options.position, ...(options.ani ? { ani: options.ani } : {}) }),
    });
    console.log(`${join(dir, written.audio)} + ${written.sidecar}`);
  }
}
