import { describe, expect, test } from 'vitest';
import { daysLeft, marker, nameTerms, proposeRedactions, redactRecord, redactText, releaseAllowed, type GatheredRecord } from './redaction.ts';

const record = (over: Partial<GatheredRecord> = {}): GatheredRecord => ({
  title: 'Incident report C26-00001', eventDate: '2026-11-30', sections: [{ heading: 'Narrative', text: 'Nothing of note.' }], people: [], notIncluded: [],
  facts: { juvenileRecord: false, confidential: false, shelter: false, type: null, charges: [], criminalHistory: [] }, ...over,
});

describe('review before release (S-110 §B.1–B.2)', () => {
  test('a person under 18 on the day of the event is proposed for redaction as a juvenile, whatever the role (S-110 §B.1)', () => {
    const r = proposeRedactions(record({ people: [{ first: 'Ana', middle: null, last: 'Ruiz', role: 'witness', dob: '2010-12-01', juvenile: false }] }));
    expect(r).toContainEqual(expect.objectContaining({ exemption: 'juvenile', terms: expect.arrayContaining(['Ruiz, Ana', 'Ana Ruiz', 'Ana', 'Ruiz']) }));
  });
  test('a victim’s name is proposed only in a domestic-violence or sexual-assault matter (c.41 §97D)', () => {
    const victim = { first: 'Lee', middle: null, last: 'Park', role: 'victim', dob: null, juvenile: false };
    expect(proposeRedactions(record({ people: [victim] })).filter((p) => p.exemption === 'dv_sa_victim')).toEqual([]);
    expect(proposeRedactions(record({ people: [victim], facts: { ...record().facts, type: 'DOMESTIC' } })).map((p) => p.exemption)).toContain('dv_sa_victim');
    expect(proposeRedactions(record({ people: [victim], facts: { ...record().facts, charges: ['Indecent assault and battery'] } })).map((p) => p.exemption)).toContain('dv_sa_victim');
  });
  test('a juvenile record and a confidential incident are proposed to be withheld whole (S-110 §B.1; 81A §E.2.c)', () => {
    expect(proposeRedactions(record({ facts: { ...record().facts, juvenileRecord: true } }))).toContainEqual({ scope: 'item', what: 'juvenile record', terms: [], exemption: 'juvenile' });
    expect(proposeRedactions(record({ facts: { ...record().facts, confidential: true } }))).toContainEqual(expect.objectContaining({ scope: 'item', exemption: 'investigatory' }));
  });
  test.each([
    ['SSN 031-44-9921 on file', '031-44-9921'],
    ['DOB: 4/7/1990', '4/7/1990'],
    ['date of birth 1990-04-07', '1990-04-07'],
    ['licence no. S87654321', 'S87654321'],
    ['OLN 123456789 (NH)', '123456789'],
  ])('an identifier in free text is found by its pattern: %s (c.4 §7(26)(c))', (text, term) => {
    expect(proposeRedactions(record({ sections: [{ heading: 'Narrative', text }] })).filter((p) => p.exemption === 'identifier').flatMap((p) => p.terms)).toContain(term);
  });
  test('redaction removes every way a name is written, as whole words and in any case, and leaves other words alone', () => {
    const terms = nameTerms({ first: 'Jo', middle: null, last: 'Ames' });
    const out = redactText('AMES, JO met Jo Ames; Jones and Amesbury stay.', [{ scope: 'text', terms, exemption: 'juvenile' }]);
    expect(out).toBe(`${marker('juvenile')} met ${marker('juvenile')}; Jones and Amesbury stay.`);
  });
  test('a single name matches as names are written (capitalized or in capitals), so a juvenile named Will leaves "will" alone', () => {
    const terms = nameTerms({ first: 'Will', middle: null, last: 'McHart' });
    expect(redactText('WILL said Will McHart will come; McHart agreed, MCHART too.', [{ scope: 'text', terms, exemption: 'juvenile' }]))
      .toBe(`${marker('juvenile')} said ${marker('juvenile')} will come; ${marker('juvenile')} agreed, ${marker('juvenile')} too.`);
  });
  test('a record withheld whole releases no section at all', () => {
    expect(redactRecord(record(), [{ scope: 'item', terms: [], exemption: 'investigatory' }])).toEqual({ title: 'Incident report C26-00001', withheld: 'investigatory', sections: [] });
  });
  test('release needs every proposal decided and the review completed (S-110 §B.2)', () => {
    expect(releaseAllowed({ status: 'open', reviewed: false, items: 1, undecided: 1 })).toMatchObject({ allowed: false, code: 'request.review_incomplete' });
    expect(releaseAllowed({ status: 'open', reviewed: false, items: 1, undecided: 0 })).toMatchObject({ allowed: false, code: 'request.not_reviewed' });
    expect(releaseAllowed({ status: 'open', reviewed: true, items: 1, undecided: 0 })).toMatchObject({ allowed: true });
  });
  test('an open request is overdue after its deadline and due soon within two business days (M.G.L. c.66 §10(a))', () => {
    const weekdays = { businessDays: [1, 2, 3, 4, 5] };
    expect(daysLeft('2026-12-07', '2026-12-08', weekdays)).toEqual({ daysLeft: -1, reminder: 'overdue' });
    expect(daysLeft('2026-12-04', '2026-12-05', weekdays)).toEqual({ daysLeft: -1, reminder: 'overdue' }); // the Saturday after a Friday deadline
    expect(daysLeft('2026-12-07', '2026-12-07', weekdays)).toEqual({ daysLeft: 0, reminder: 'due_soon' });
    expect(daysLeft('2026-12-07', '2026-12-05', weekdays)).toEqual({ daysLeft: 1, reminder: 'due_soon' }); // Saturday to Monday: one open day
    expect(daysLeft('2026-11-30', '2026-11-25', weekdays)).toEqual({ daysLeft: 2, reminder: 'due_soon' }); // Thanksgiving and the weekend are not counted
    expect(daysLeft('2026-12-07', '2026-12-01', weekdays)).toEqual({ daysLeft: 4, reminder: null });
  });
});
