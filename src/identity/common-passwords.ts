import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The shipped list of common passwords (zxcvbn-ts's ~49,000 most used passwords),
 * checked when a password is set (CJIS IA-5(1): not on a list of commonly used or
 * compromised passwords).
 */
const COMMON = new Set(dictionary.passwords.map((p) => p.toLowerCase()));

/**
 * True when the password is a common one, or a common one dressed up with case,
 * leading or trailing digits and punctuation ("Password2024!", "!!qwerty123").
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  const core = lower.replace(/^[^a-z]+/, '').replace(/[^a-z]+$/, '');
  if (core.length >= 4 && COMMON.has(core)) return true;
  // The same word or sequence repeated ("qwertyqwerty", "password-password")
  const half = lower.replace(/[^a-z0-9]/g, '');
  return half.length >= 8 && half.length % 2 === 0 && half.slice(0, half.length / 2) === half.slice(half.length / 2) && COMMON.has(half.slice(0, half.length / 2));
}
