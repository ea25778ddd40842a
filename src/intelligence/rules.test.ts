import { describe, expect, test } from 'vitest';
import { disseminationAllowed, isDue, openAllowed, purgeAllowed, reviewAllowed, reviewDue } from './rules.ts';

describe('criminal intelligence records (28 CFR Part 23; S-110 §A.1.m)', () => {
  test('a record opens only with the criminal activity and the predicate, about at least one person (28 CFR 23.20(a))', () => {
    expect(openAllowed({ activity: 'Fencing stolen catalytic converters', predicate: '', subjects: ['p'] })).toMatchObject({ allowed: false, code: 'intelligence.predicate_required', clause: expect.stringContaining('23.20(a)') });
    expect(openAllowed({ predicate: 'Seen selling converters', subjects: ['p'] })).toMatchObject({ allowed: false, code: 'intelligence.activity_required' });
    expect(openAllowed({ activity: 'a', predicate: 'b', subjects: [] })).toMatchObject({ allowed: false, code: 'intelligence.subject_required' });
    expect(openAllowed({ activity: 'a', predicate: 'b', subjects: ['p'] }).allowed).toBe(true);
  });
  test('a dissemination names its recipient, agency and person, with need-to-know, right-to-know and the reason (28 CFR 23.20(e))', () => {
    const ok = { recipientAgency: 'Massachusetts State Police', recipientPerson: 'Det. Lt. A. Ruiz', needToKnow: true, rightToKnow: true, reason: 'Joint investigation' };
    expect(disseminationAllowed(ok).allowed).toBe(true);
    expect(disseminationAllowed({ ...ok, recipientPerson: ' ' })).toMatchObject({ allowed: false, code: 'intelligence.recipient_required', clause: expect.stringContaining('23.20(e)') });
    expect(disseminationAllowed({ ...ok, needToKnow: false })).toMatchObject({ code: 'intelligence.need_to_know' });
    expect(disseminationAllowed({ ...ok, rightToKnow: undefined })).toMatchObject({ code: 'intelligence.right_to_know' });
    expect(disseminationAllowed({ ...ok, reason: '' })).toMatchObject({ code: 'intelligence.reason_required' });
  });
  test('a record falls due for review five years after it was opened or validated (28 CFR 23.20(h))', () => {
    expect(reviewDue('2026-03-14')).toBe('2031-03-14');
    expect(reviewDue('2028-02-29')).toBe('2033-02-28');
    expect(isDue({ reviewDue: '2031-03-14', purged: false }, '2031-03-13')).toBe(false);
    expect(isDue({ reviewDue: '2031-03-14', purged: false }, '2031-03-14')).toBe(true);
    expect(isDue({ reviewDue: '2031-03-14', purged: true }, '2032-01-01')).toBe(false);
  });
  test('a review says what was checked; a purge says why; neither acts on a purged record (28 CFR 23.20(h))', () => {
    expect(reviewAllowed({ purged: false }, '')).toMatchObject({ code: 'intelligence.review_note_required' });
    expect(purgeAllowed({ purged: false }, undefined)).toMatchObject({ code: 'intelligence.purge_reason_required' });
    expect(purgeAllowed({ purged: true }, 'x')).toMatchObject({ code: 'intelligence.purged', status: 409 });
    expect(reviewAllowed({ purged: false }, 'Subjects still active, two new sightings').allowed).toBe(true);
  });
});
