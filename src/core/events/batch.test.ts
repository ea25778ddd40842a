import { expect, test } from 'vitest';
import { STREAM_BATCH_MAX_MS, STREAM_BATCH_MS, streamBatchMs } from './hub.ts';

test('commits are gathered 20 ms up to 200 consoles, longer with more, never over 50 ms (every console within 100 ms, issue 16 point 3)', () => {
  expect([0, 1, 30, 200].map(streamBatchMs)).toEqual([STREAM_BATCH_MS, STREAM_BATCH_MS, STREAM_BATCH_MS, STREAM_BATCH_MS]);
  expect(streamBatchMs(300)).toBe(30);
  expect(streamBatchMs(500)).toBe(STREAM_BATCH_MAX_MS);
  expect(streamBatchMs(5000)).toBe(STREAM_BATCH_MAX_MS);
  expect(STREAM_BATCH_MS).toBe(20);
  expect(STREAM_BATCH_MAX_MS).toBe(50);
});
