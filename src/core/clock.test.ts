import { expect, test } from 'vitest';
import { agencyDate, agencyYear } from './clock.ts';

// The agency's date and year are kept for the minute they were read in (issue 16 point 2); a call
// at 23:59:59.999 on 31 December still belongs to the old year, the next millisecond to the new.
test('the year and date turn at local midnight, read in any order and again, in a zone an hour off UTC and one 45 minutes off', () => {
  const cases = [
    { zone: 'America/New_York', before: '2026-01-01T04:59:59.999Z', after: '2026-01-01T05:00:00.000Z' },
    { zone: 'Asia/Kathmandu', before: '2025-12-31T18:14:59.999Z', after: '2025-12-31T18:15:00.000Z' },
  ];
  for (const { zone, before, after } of cases) {
    for (let round = 0; round < 2; round++) {
      for (const [at, year, date] of [[after, 2026, '2026-01-01'], [before, 2025, '2025-12-31'], [before, 2025, '2025-12-31'], [after, 2026, '2026-01-01']] as const) {
        expect(agencyYear(zone, new Date(at)), `${zone} ${at}`).toBe(year);
        expect(agencyDate(zone, new Date(at)), `${zone} ${at}`).toBe(date);
      }
    }
  }
});

test('a moment before 1970, when a zone could be off UTC by seconds, is read as it is', () => {
  // New York kept local mean time (UTC-4:56:02) until 18 November 1883
  expect(agencyYear('America/New_York', new Date('1880-01-01T04:56:01Z'))).toBe(1879);
  expect(agencyYear('America/New_York', new Date('1880-01-01T04:56:03Z'))).toBe(1880);
  expect(agencyDate('America/New_York', new Date('1880-01-01T04:56:01Z'))).toBe('1879-12-31');
});
