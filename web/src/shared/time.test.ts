import { expect, test } from 'vitest';
import { agencyInstant, minute } from './time.ts';

// Times typed into a form are read on the agency's clock, whatever zone the workstation is set to.
test.each([
  ['America/New_York', '2026-12-01T22:30', '2026-12-02T03:30:00.000Z'], // winter: UTC−5, already tomorrow in UTC
  ['America/New_York', '2026-07-01T22:30', '2026-07-02T02:30:00.000Z'], // summer: UTC−4
  ['America/New_York', '2026-03-08T03:30', '2026-03-08T07:30:00.000Z'], // just after clocks go forward
  ['Europe/Berlin', '2026-12-01T00:15', '2026-11-30T23:15:00.000Z'],
])('%s %s is %s', (zone, local, iso) => {
  expect(agencyInstant(local, zone)).toBe(iso);
  expect(minute(iso, zone)).toBe(local.replace('T', ' ')); // and reads back as typed
});

test('a field left unreadable gives no moment', () => {
  expect(agencyInstant('', 'America/New_York')).toBe('');
});
