import { expect, test } from 'vitest';
import { onDutyAt } from './DirectoryScreen.tsx';

test.each([
  // a day shift named with its hours: on duty within them, on its own date only
  [{ date: '2026-12-02', shift: 'Day (07:00–15:00)' }, 9 * 60, true],
  [{ date: '2026-12-02', shift: 'Day (07:00–15:00)' }, 15 * 60, false],
  [{ date: '2026-12-01', shift: 'Day (07:00–15:00)' }, 9 * 60, false],
  // last night's shift runs into this morning
  [{ date: '2026-12-01', shift: 'Night (23:00-07:00)' }, 6 * 60, true],
  [{ date: '2026-12-01', shift: 'Night (23:00-07:00)' }, 8 * 60, false],
  [{ date: '2026-12-02', shift: 'Night (23:00-07:00)' }, 23 * 60 + 30, true],
  // a shift without hours covers its whole date
  [{ date: '2026-12-02', shift: 'Fire/EMS group B (24 h)' }, 2 * 60, true],
  [{ date: '2026-12-01', shift: 'Fire/EMS group B (24 h)' }, 2 * 60, false],
])('on duty now (81A §B.2.b.ii): %o at minute %i is %s', (entry, minute, expected) => {
  expect(onDutyAt(entry, '2026-12-02', '2026-12-01', minute)).toBe(expected);
});
