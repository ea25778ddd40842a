import { describe, expect, test } from 'vitest';
import { changedFields, mayMerge, mayReopen, statusAfterMerge } from './correction-rules.ts';

describe('corrections keep the record (81A §D.3)', () => {
  test('only fields given with a different value are changes, each with its old value', () => {
    const before = { type: 'DISTURB', priority: 2, location: { address: '12 Elm St' }, complainant: null };
    expect(changedFields(before, { type: 'DISTURB', priority: 1 })).toEqual([{ field: 'priority', from: 2, to: 1 }]);
    expect(changedFields(before, { location: { address: '12 Elm St' } })).toEqual([]);
    expect(changedFields(before, { complainant: { name: 'A' } })).toEqual([{ field: 'complainant', from: null, to: { name: 'A' } }]);
  });

  const closedAt = new Date('2026-12-01T10:00:00Z');
  test.each([
    ['within the window', { status: 'closed', closedAt, mergedInto: null }, '2026-12-01T20:00:00Z', 24, true, undefined],
    ['after the window', { status: 'closed', closedAt, mergedInto: null }, '2026-12-02T10:00:01Z', 24, false, 'incident.reopen_window_passed'],
    ['a window of none', { status: 'closed', closedAt, mergedInto: null }, '2026-12-01T10:00:01Z', 0, false, 'incident.reopen_window_passed'],
    ['still open', { status: 'dispatched', closedAt: null, mergedInto: null }, '2026-12-01T10:00:01Z', 24, false, 'incident.not_closed'],
    ['a merged duplicate', { status: 'closed', closedAt, mergedInto: '26-00001' }, '2026-12-01T10:00:01Z', 24, false, 'incident.merged'],
  ])('reopen %s', (_, incident, now, hours, allowed, code) => {
    const d = mayReopen(incident, new Date(now), hours);
    expect(d.allowed).toBe(allowed);
    if (!d.allowed) expect(d.code).toBe(code);
  });
});

describe('a duplicate merges into the incident it repeats (81A §C "Multiple Calls")', () => {
  const side = (number: string, extra: Partial<{ status: string; confidential: boolean; mergedInto: string | null }> = {}) =>
    ({ number, status: 'pending', confidential: false, mergedInto: null, ...extra });
  test.each([
    ['two open incidents', side('26-1'), side('26-2'), null],
    ['itself', side('26-1'), side('26-1'), 'incident.merge_self'],
    ['a closed one', side('26-1'), side('26-2', { status: 'closed' }), 'incident.closed'],
    ['one already merged', side('26-1', { mergedInto: '26-3' }), side('26-2'), 'incident.merged'],
    ['across confidentiality (81A §E.2.c)', side('26-1'), side('26-2', { confidential: true }), 'incident.merge_confidential'],
  ])('%s', (_, duplicate, into, code) => {
    const d = mayMerge(duplicate, into);
    expect(d.allowed ? null : d.code).toBe(code);
  });

  test('the survivor takes the further status of the units it receives', () => {
    expect(statusAfterMerge('pending', [])).toBe('pending');
    expect(statusAfterMerge('pending', [{ arrived: false }])).toBe('dispatched');
    expect(statusAfterMerge('dispatched', [{ arrived: true }])).toBe('on_scene');
    expect(statusAfterMerge('on_scene', [{ arrived: false }])).toBe('on_scene');
  });
});
