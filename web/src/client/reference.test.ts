import { expect, test } from 'vitest';
import { lastProfile, missingProfile, retryDelayMs } from './reference.ts';

test('a reference that could not be read is asked for again after 5 s, then at doubling intervals up to a minute, spread by a fifth either way', () => {
  expect([1, 2, 3, 4, 5, 6, 12].map((n) => retryDelayMs(n, 0.5))).toEqual([5000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  expect(retryDelayMs(1, 0)).toBe(4000);
  expect(retryDelayMs(1, 1)).toBe(6000);
  expect(retryDelayMs(9, 0)).toBe(48_000);
  expect(retryDelayMs(9, 1)).toBe(72_000);
});

test('a profile kept from an earlier read is used only when whole and its zone is known to the browser', () => {
  const kept = { timeZone: 'America/New_York', name: 'Millbrook Police Department', readAt: '2026-12-04T09:00:00.000Z' };
  expect(lastProfile(JSON.stringify(kept))).toEqual(kept);
  expect(lastProfile(null)).toBeNull();
  expect(lastProfile('not json')).toBeNull();
  expect(lastProfile(JSON.stringify({ ...kept, timeZone: 'Mars/Olympus_Mons' }))).toBeNull();
  expect(lastProfile(JSON.stringify({ name: kept.name, readAt: kept.readAt }))).toBeNull();
  expect(missingProfile(kept)).toBe('the agency profile (times are shown in America/New_York, as last read)');
  expect(missingProfile(null)).toBe('the agency profile (times are shown in UTC)');
});

