import { expect, test } from 'vitest';
import { currentCode, matchingStep, recoveryCodeHash } from './mfa.ts';

// RFC 6238 appendix B: the SHA-1 secret "12345678901234567890"; at T = 59 s the 8-digit code is 94287082.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

test('codes follow RFC 6238 (the published test vector, 6 digits)', () => {
  expect(currentCode(RFC_SECRET, 59_000)).toBe('287082');
  expect(matchingStep(RFC_SECRET, '287082', 59_000)).toBe(1);
});

test.each([
  [59_000 + 30_000, 1], // one step of clock drift is tolerated
  [59_000 - 30_000, 1],
  [59_000 + 60_000, null], // two steps late: refused
])('a code is accepted within one 30-second step either side: at %i ms → step %s', (at, step) => {
  expect(matchingStep(RFC_SECRET, '287082', at)).toBe(step);
});

test.each(['28708', '2870821', 'abcdef', '', '287 082'])('a malformed code %j matches nothing', (code) => {
  expect(matchingStep(RFC_SECRET, code, 59_000)).toBeNull();
});

test('recovery codes are compared without case or dashes, and stored only as hashes', () => {
  expect(recoveryCodeHash('3F9A2-C81D0')).toBe(recoveryCodeHash('3f9a2c81d0'));
  expect(recoveryCodeHash('3f9a2-c81d0')).not.toContain('3f9a2');
});
