import { expect, test } from 'vitest';
import { massachusettsHolidays, responseDeadline } from './deadline.ts';

const weekdays = { businessDays: [1, 2, 3, 4, 5] };

test.each([
  // received, deadline, skipped holidays (M.G.L. c.66 §10(a): ten business days following receipt)
  ['2026-12-02', '2026-12-16', []], // a plain fortnight: two weekends skipped
  ['2026-11-20', '2026-12-07', ['2026-11-26 Thanksgiving Day']], // across a weekend and Thanksgiving
  ['2026-12-18', '2027-01-05', ['2026-12-25 Christmas Day', '2027-01-01 New Year’s Day']], // across year end
  ['2026-12-05', '2026-12-18', []], // received on a Saturday: counting starts Monday
])('a request received %s is due %s', (received, deadline, skipped) => {
  const answer = responseDeadline(received, weekdays);
  expect(answer.deadline).toBe(deadline);
  expect(answer.skipped.map((s) => `${s.date} ${s.why}`)).toEqual(skipped);
});

test('a day the agency records as closed is not a business day', () => {
  expect(responseDeadline('2026-12-02', { ...weekdays, closedDays: ['2026-12-14'] })).toEqual({ deadline: '2026-12-17', skipped: [{ date: '2026-12-14', why: 'closed by the agency' }] });
});

test('M.G.L. c.4 §7: the legal holidays of 2027, a Sunday holiday kept the Monday after', () => {
  expect(Object.fromEntries(massachusettsHolidays(2027).map((h) => [h.name, h.date]))).toEqual({
    'New Year’s Day': '2027-01-01', 'Martin Luther King Jr. Day': '2027-01-18', 'Washington’s Birthday': '2027-02-15', 'Patriots’ Day': '2027-04-19',
    'Memorial Day': '2027-05-31', Juneteenth: '2027-06-19', 'Independence Day': '2027-07-05', 'Labor Day': '2027-09-06', 'Columbus Day': '2027-10-11',
    'Veterans Day': '2027-11-11', 'Thanksgiving Day': '2027-11-25', 'Christmas Day': '2027-12-25',
  });
});
