import { expect, test } from 'vitest';
import { retryDelayMs } from './reference.ts';

test('a reference that could not be read is asked for again after 5 s, then at doubling intervals up to a minute, spread by a fifth either way', () => {
  expect([1, 2, 3, 4, 5, 6, 12].map((n) => retryDelayMs(n, 0.5))).toEqual([5000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  expect(retryDelayMs(1, 0)).toBe(4000);
  expect(retryDelayMs(1, 1)).toBe(6000);
  expect(retryDelayMs(9, 0)).toBe(48_000);
  expect(retryDelayMs(9, 1)).toBe(72_000);
});
