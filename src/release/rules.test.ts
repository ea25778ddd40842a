import { expect, test } from 'vitest';
import { logDateAllowed, nonPublicReasons, publishAllowed, routeRecordsCheck, type RecordsCheckFacts } from './rules.ts';

const base: RecordsCheckFacts = {
  at: new Date('2026-12-03T03:00:00Z'), // Wednesday 22:00 in Massachusetts
  businessHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' }, timeZone: 'America/New_York',
  municipalDepartment: false, agency: { authorized: true }, employee: { authorized: true }, identity: { method: 'known_personally' }, disseminated: 'No record',
};

test.each([
  ['business hours: forwarded to the Records Office', { at: new Date('2026-12-02T15:00:00Z'), agency: undefined }, 'records_office', '81A §K.1.a'],
  ['after hours, authorized, identified, logged', {}, 'answered_after_hours', '81A §K.1.b'],
  ['after hours, agency not authorized', { agency: { authorized: false } }, 'cori.agency_not_authorized', '81A §K.1.b.i'],
  ['after hours, employee unknown', { employee: undefined }, 'cori.employee_not_authorized', '81A §K.1.b.i'],
  ['after hours, identity not known or verified', { identity: undefined }, 'cori.identity_unverified', '81A §K.1.b.ii'],
  ['after hours, not entered in the CORI log', { disseminated: ' ' }, 'cori.log_entry_required', '81A §K.1.b.iii'],
  ['another town department, in business hours', { at: new Date('2026-12-02T15:00:00Z'), municipalDepartment: true }, 'cori.municipal_department', '81A §J.1.b.x(b)'],
])('81A §K: %s', (_name, over, outcome, clause) => {
  const decision = routeRecordsCheck({ ...base, ...over });
  expect(decision.clause).toBe(clause);
  expect(decision.allowed ? decision.routing : decision.code).toBe(outcome);
});

test('M.G.L. c.41 §98F: a log for a future date is refused; a day is published once, after it is over', () => {
  expect(logDateAllowed('2026-12-03', '2026-12-02')).toMatchObject({ allowed: false, code: 'dailylog.future_date' });
  expect(logDateAllowed('2026-12-02', '2026-12-02').allowed).toBe(true);
  expect(publishAllowed('2026-12-02', '2026-12-02', false)).toMatchObject({ allowed: false, code: 'dailylog.day_not_over' });
  expect(publishAllowed('2026-12-01', '2026-12-02', true)).toMatchObject({ allowed: false, code: 'dailylog.already_published' });
  expect(publishAllowed('2026-12-01', '2026-12-02', false).allowed).toBe(true);
});

test.each([
  ['a noise complaint', { type: 'NOISE' }, {}, []],
  ['a domestic disturbance', { type: 'DOMESTIC' }, {}, ['domestic_violence']],
  ['a sex offense', { type: 'SEX_OFFENSE' }, {}, ['sexual_assault']],
  ['an arrest for violating a 209A order', { type: 'ARREST', charges: ['Violation of abuse prevention order (c.209A §7)'] }, {}, ['protective_order_arrest']],
  ['an arrest of a minor', { type: 'ARREST', charges: ['Shoplifting'] }, { minor: true }, ['minor']],
  ['a confidential incident', { type: 'LARCENY' }, { confidential: true }, ['confidential']],
  ['an incident at a shelter address', { type: 'WELFARE' }, { shelter: true }, ['shelter_address']],
])('M.G.L. c.41 §98F: %s → non-public reasons %j', (_name, entry, facts, reasons) => {
  expect(nonPublicReasons(entry, { confidential: false, shelter: false, minor: false, ...facts })).toEqual(reasons);
});
