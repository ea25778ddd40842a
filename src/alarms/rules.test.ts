import { describe, expect, test } from 'vitest';
import { addYears, countFalseAlarms, isAlarmIncidentType, last12Months, permitStatus, permitYear, premisesKey } from './rules.ts';

const permit = { number: 'AP-1', issuedOn: '2025-03-15', expiresOn: '2027-03-14' };

describe('alarm premises rules (S-110 §A.1.a)', () => {
  test('one place however spelled: the CAD’s address comparison', () => {
    expect(premisesKey('88 Market Street, Millbrook')).toBe(premisesKey('88 market st.'));
    expect(premisesKey('88 Market St')).not.toBe(premisesKey('90 Market St'));
    expect(premisesKey(', Millbrook')).toBe('');
  });

  test('81A §E: the alarm incident types are those coded ALARM_', () => {
    expect(['ALARM_COMM', 'ALARM_PANIC', 'NOISE', 'OFFICER_EMERG'].filter(isAlarmIncidentType)).toEqual(['ALARM_COMM', 'ALARM_PANIC']);
  });

  test('a permit is valid from its issue through its expiry day, then expired', () => {
    expect(permitStatus(null, '2026-01-01')).toBe('none');
    expect(permitStatus(permit, '2025-03-14')).toBe('not_yet');
    expect(permitStatus(permit, '2027-03-14')).toBe('valid');
    expect(permitStatus(permit, '2027-03-15')).toBe('expired');
  });

  test('the permit year runs from the issue date or its anniversary, cut at the expiry; an expired permit keeps its last year', () => {
    expect(permitYear(permit, '2025-12-01')).toEqual({ from: '2025-03-15', to: '2026-03-14' });
    expect(permitYear(permit, '2026-03-15')).toEqual({ from: '2026-03-15', to: '2027-03-14' });
    expect(permitYear(permit, '2028-01-01')).toEqual({ from: '2026-03-15', to: '2027-03-14' });
    expect(permitYear({ ...permit, expiresOn: '2025-09-30' }, '2025-06-01')).toEqual({ from: '2025-03-15', to: '2025-09-30' });
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  test('false alarms count in the last twelve months and in the permit year (an expired permit’s last), listed newest first', () => {
    expect(last12Months('2026-12-03')).toEqual({ from: '2025-12-04', to: '2026-12-03' });
    const counted = countFalseAlarms([
      { number: '25-00010', date: '2025-04-01' }, // the permit's last year only
      { number: '25-00900', date: '2025-12-04' }, // both
      { number: '26-00400', date: '2026-06-01' }, // last 12 months only (after the permit expired)
      { number: '24-00001', date: '2024-12-01' }, // neither: not listed
    ], { ...permit, expiresOn: '2026-03-14' }, '2026-07-01');
    expect(counted.last12Months).toBe(2);
    expect(counted.permitYear).toEqual({ from: '2025-03-15', to: '2026-03-14', count: 2 });
    expect(counted.listed.map((a) => a.number)).toEqual(['26-00400', '25-00900', '25-00010']);
  });
});
