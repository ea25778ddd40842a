import { describe, expect, test } from 'vitest';
import { appliesAt, datesAllowed, noteState, placeAllowed, placeWords, rangesAllowed } from './rules.ts';

describe('street files (S-110 §A.1.v)', () => {
  test.each([
    [{ low: 10, high: 40, side: 'even' as const }, '12', true],
    [{ low: 10, high: 40, side: 'even' as const }, '13', false], // the odd side is across the street
    [{ low: 10, high: 40, side: 'both' as const }, '13', true],
    [{ low: 10, high: 40, side: 'odd' as const }, '41', false],
    [{ low: 10, high: 40, side: 'even' as const }, '12A', true],
    [{ number: '12A' }, '12a', true],
    [{ number: '12' }, '14', false],
    [{}, '999', true],
    [{}, null, true], // a street-wide note shows for the street alone
    [{ number: '12' }, null, false],
  ])('S-110 §A.1.v: a note on %o applies at number %s: %s', (place, number, applies) => {
    expect(appliesAt(place, number)).toBe(applies);
  });

  test('S-110 §A.1.v: a range whose low is above its high, or with a number too, is refused naming the field', () => {
    expect(placeAllowed({ low: 40, high: 10, side: 'even' })).toMatchObject({ allowed: false, field: 'body.low', clause: 'S-110 §A.1.v' });
    expect(placeAllowed({ low: 10, side: 'even' })).toMatchObject({ allowed: false, field: 'body.high' });
    expect(placeAllowed({ number: '12', low: 10, high: 20, side: 'both' })).toMatchObject({ allowed: false, field: 'body.number' });
    expect(placeAllowed({ number: 'twelve' })).toMatchObject({ allowed: false, field: 'body.number' });
    expect(placeAllowed({ low: 10, high: 10, side: 'both' }).allowed).toBe(true);
    expect(rangesAllowed({ oddLow: 41, oddHigh: 1 })).toMatchObject({ allowed: false, field: 'body.oddLow' });
    expect(rangesAllowed({ evenLow: 2 })).toMatchObject({ allowed: false, field: 'body.evenHigh' });
    expect(rangesAllowed({ oddLow: 1, oddHigh: 99, evenLow: 2, evenHigh: 98 }).allowed).toBe(true);
  });

  test('S-110 §A.1.v: a hazard ending before it begins is refused; one past its last day has expired by itself', () => {
    expect(datesAllowed({ effectiveFrom: '2026-12-03', effectiveUntil: '2026-12-02' })).toMatchObject({ allowed: false, field: 'body.effectiveUntil' });
    expect(datesAllowed({ effectiveFrom: '2026-12-03', effectiveUntil: '2026-12-03' }).allowed).toBe(true);
    const closure = { effectiveFrom: '2026-12-01', effectiveUntil: '2027-03-01', ended: false };
    expect(noteState(closure, '2027-03-01')).toBe('in_force');
    expect(noteState(closure, '2027-03-02')).toBe('expired');
    expect(noteState(closure, '2026-11-30')).toBe('scheduled');
    expect(noteState({ ...closure, ended: true }, '2026-12-15')).toBe('ended');
    expect(placeWords({ low: 10, high: 40, side: 'even' })).toBe('10–40 (even side)');
  });
});
