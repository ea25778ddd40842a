import { expect, test } from 'vitest';
import { generatedPassword } from './passwords.ts';
import { passwordContext, passwordProblem } from './rules.ts';
import { defaultAgency } from '../core/config.ts';

// About one random 23-character draw in a thousand spells "pat" (p4t, PAT, pa7…) and so breaks
// S-110 §D.3 for Pat Quinn: an administrator adding her got a 400 for a password nobody chose.
test('a generated initial password always passes the rule for its holder, even when random characters could spell the name (S-110 §D.3)', () => {
  const rule = passwordContext({ security: { passwordMinLength: 12 }, agency: defaultAgency }, { username: 'pquinn', firstName: 'Pat', lastName: 'Quinn' });
  const drawn = Array.from({ length: 5000 }, () => generatedPassword(rule));
  expect(drawn.filter((p) => passwordProblem(p, rule) !== undefined)).toEqual([]);
  expect(new Set(drawn).size).toBe(drawn.length);
  expect(Math.min(...drawn.map((p) => p.length))).toBeGreaterThanOrEqual(23);
});

test('a generated initial password is as long as the agency’s minimum when that is longer than the usual 23 characters (S-110 §D.1)', () => {
  for (const minLength of [24, 40, 128]) {
    const rule = passwordContext({ security: { passwordMinLength: minLength }, agency: defaultAgency }, { username: 'jsmith', firstName: 'Jordan', lastName: 'Smith' });
    const password = generatedPassword(rule);
    expect(password.length).toBeGreaterThanOrEqual(minLength);
    expect(passwordProblem(password, rule)).toBeUndefined();
  }
});
