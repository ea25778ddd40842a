import { describe, expect, test } from 'vitest';
import { nicknamesOf, sameByNickname } from './nicknames.ts';
import { ageOn, editDistance, linkPerson, nameReadings, oneEditAway, parseNameQuery, parsePartialDob, plateKey, scoreCandidate, workflow, type Candidate } from './rules.ts';

const base: Candidate = { first: 'William', last: 'Johnson', alias: false, dob: '1984-03-12', lastSimilarity: 0, firstSimilarity: 0, lastSoundex: false, lastMetaphone: false, firstSoundex: false };

describe('reading a search', () => {
  test.each([
    ['Smith, Bill', { last: 'smith', first: 'bill' }],
    ['Bill J. Smith', { last: 'smith', first: 'bill' }],
    ['  SMITH ', { last: 'smith', first: '' }],
  ])('%s', (q, expected) => expect(parseNameQuery(q)).toEqual(expected));

  test('a name with no comma is read first-last and also last-first, as NCIC writes it (S-110 §A.1.o)', () => {
    expect(nameReadings('Brooks Tyler').map((r) => r.query)).toEqual([{ first: 'brooks', last: 'tyler' }, { first: 'tyler', last: 'brooks' }]);
    expect(nameReadings('BROOKS TYLER J').at(-1)).toEqual({ query: { last: 'brooks', first: 'tyler' }, lastFirst: true });
    expect(nameReadings('BROOKS, TYLER')).toEqual([{ query: { last: 'brooks', first: 'tyler' }, lastFirst: true }]);
    expect(nameReadings('Brooks')).toHaveLength(1);
  });

  test.each([
    ['1984', { year: 1984 }], ['1984-03', { year: 1984, month: 3 }], ['1984-03-12', { year: 1984, month: 3, day: 12 }], ['1984-13', undefined], ['03/12/1984', undefined],
  ])('partial DOB %s', (text, expected) => expect(parsePartialDob(text)).toEqual(expected));
});

describe('why a name matched (S-110 §A.1.o master names)', () => {
  test.each([
    ['William Johnson', {}, 'last name', 1],
    ['William Jonhson', {}, 'last name with letters transposed', 0.9],
    ['Bill Johnson', {}, 'nickname (bill / william)', 0.9],
    ['W Johnson', {}, 'first initial', 0.8],
    ['William Jonsen', { lastMetaphone: true }, 'last name sounds alike (metaphone)', 0.8],
  ])('%s', (q, extra, reason, atLeast) => {
    const scored = scoreCandidate(parseNameQuery(q), undefined, { ...base, ...extra });
    expect(scored.matchedBy).toContain(reason);
    expect(scored.score).toBeGreaterThanOrEqual(atLeast);
  });

  test('a matching partial date of birth lifts a candidate above one born in another year', () => {
    const q = parseNameQuery('William Johnson');
    const match = scoreCandidate(q, parsePartialDob('1984-03'), base);
    const other = scoreCandidate(q, parsePartialDob('1984-03'), { ...base, dob: '1991-07-01' });
    expect(match.matchedBy).toContain('partial date of birth');
    expect(match.score).toBeGreaterThan(other.score);
    expect(scoreCandidate(q, parsePartialDob('1984-12-03'), base).matchedBy).toContain('date of birth with day and month swapped');
  });

  test('edit distance counts a swap of neighbours once; plate keys ignore order', () => {
    expect(editDistance('smith', 'smtih')).toBe(1);
    expect(editDistance('smith', 'smyth')).toBe(1);
    expect(plateKey('4KX 729')).toBe(plateKey('4xk-729'));
  });

  test('the nickname table ships both ways: Bill ↔ William, Peggy ↔ Margaret', () => {
    expect(sameByNickname('Bill', 'William')).toBe(true);
    expect(sameByNickname('margaret', 'peggy')).toBe(true);
    expect(sameByNickname('bill', 'robert')).toBe(false);
    expect(nicknamesOf('peggy')).toContain('margaret');
  });
});

describe('juvenile records (S-110 §B.1)', () => {
  test.each([
    ['2008-09-01', '2026-03-14', 'suspect', { ok: true, juvenile: true }], // 17 on the day: juvenile
    ['2008-09-01', '2026-09-01', 'suspect', { ok: true, juvenile: false }], // the 18th birthday: adult
    ['2010-01-01', '2026-03-14', 'victim', { ok: true, juvenile: false }], // a victim's age does not make an offender record juvenile
    ['2010-01-01', '2026-03-14', 'arrestee', { ok: true, juvenile: true }],
    [null, '2026-03-14', 'suspect', { ok: true, juvenile: false }],
  ] as const)('born %s, event %s, %s', (dob, day, role, expected) => expect(linkPerson(dob, day, role)).toEqual(expected));

  test('born after the event is an impossible date', () => {
    expect(linkPerson('2026-05-01', '2026-03-14', 'witness')).toEqual({ ok: false, reason: 'born 2026-05-01, after the event on 2026-03-14' });
    expect(ageOn('2000-02-29', '2018-02-28')).toBe(17);
  });
});

describe('report workflow (S-110 §A.1.l)', () => {
  test.each([
    ['draft', 'edit', 'amy', 'amy', 'draft'],
    ['draft', 'submit', 'amy', 'amy', 'submitted'],
    ['submitted', 'approve', 'sgt', 'amy', 'approved'],
    ['submitted', 'return', 'sgt', 'amy', 'returned'],
    ['returned', 'edit', 'amy', 'amy', 'returned'],
    ['submitted', 'approve', 'amy', 'amy', 'report.own_report'],
    ['approved', 'edit', 'amy', 'amy', 'report.locked'],
    ['draft', 'approve', 'sgt', 'amy', 'report.not_submitted'],
    ['draft', 'edit', 'bob', 'amy', 'report.not_author'],
    ['submitted', 'edit', 'amy', 'amy', 'report.submitted'],
  ] as const)('%s + %s by %s (author %s) → %s', (status, action, actor, author, expected) => {
    const decision = workflow(status, action, actor, author);
    expect(decision.ok ? decision.next : decision.code).toBe(expected);
  });
});

test('the spellings one keystroke from a surname: dropped, added, changed and swapped letters, never the surname itself', () => {
  const near = oneEditAway('ford');
  expect(near).toEqual(expect.arrayContaining(['foad', 'frod', 'fod', 'fords', 'fo-rd', 'for']));
  expect(near).not.toContain('ford');
  expect(oneEditAway('moroe')).toContain('moore');
  expect(oneEditAway('milelr')).toContain('miller');
  expect(oneEditAway('gay')).toContain('gary');
  expect(near.every((w) => editDistance(w, 'ford') === 1)).toBe(true);
  expect(near.some((w) => w !== w.trim())).toBe(false);
  // 4 dropped, 3 swapped, 4 × 28 changed, 5 × 29 added, less the repeats
  expect(near.length).toBeLessThan(4 + 3 + 4 * 28 + 5 * 29);
});

test('a slip never splits a character: names written outside the basic plane give whole characters only', () => {
  // U+1CF9A takes two UTF-16 units; half of it is no text, and the embedded database refused the search (found by integrity-fuzz)
  const near = oneEditAway('\u{1CF9A}\u2DB5');
  expect(near).toEqual(expect.arrayContaining(['\u2DB5', '\u{1CF9A}', '\u2DB5\u{1CF9A}', 'a\u{1CF9A}\u2DB5']));
  // whole characters survive a round trip through UTF-8; half of one comes back as U+FFFD
  const whole = (w: string) => Buffer.from(w, 'utf8').toString('utf8') === w;
  expect(near.every(whole)).toBe(true);
  expect(oneEditAway('ann\u{1F600}').every(whole)).toBe(true);
});

