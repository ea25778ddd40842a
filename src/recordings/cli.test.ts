import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { inspectAudio } from './audio.ts';
import { simulateRecorder } from './cli.ts';

test('precinct recorder-simulate exports real audio with its sidecar into the drop folder, the sidecar naming its audio', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'precinct-sim-'));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  await simulateRecorder('/unused', { to: dir, count: '2', line: 'e911', position: '1', talkgroup: '1001', ani: '4135550142' });
  const files = readdirSync(dir).sort();
  expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(2);
  for (const sidecar of files.filter((f) => f.endsWith('.json'))) {
    const meta = JSON.parse(readFileSync(join(dir, sidecar), 'utf8'));
    expect(meta).toMatchObject({ line: 'e911', position: '1', ani: '4135550142', channel: '7' });
    expect(Date.parse(meta.end) - Date.parse(meta.start)).toBe(60_000);
    expect(await inspectAudio(join(dir, meta.file))).toMatchObject({ format: 'wav', sampleRate: 8000, channels: 1 });
  }
  await expect(simulateRecorder('/unused', { to: dir, count: '1', line: 'fax', position: '1', talkgroup: '1001' })).rejects.toThrow(/--line must be one of/);
});
