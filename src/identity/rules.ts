/** Pure decisions about logins and passwords (S-110 §D). No I/O here. */

/** Logins that name a function or a shared account, not a person (S-110 §D.7: no generic accounts). */
export const GENERIC_LOGINS = [
  'admin', 'administrator', 'root', 'sysadmin', 'dispatch', 'dispatcher', 'test', 'tester', 'user', 'guest',
  'operator', 'records', 'police', 'supervisor', 'oic', 'desk', 'shared', 'default', 'system', 'support', 'demo',
  'officer', 'clerk', 'chief', 'captain', 'auditor', 'court', 'cjis', 'superuser', 'master', 'service',
];

export const LOGIN_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;

/** Why a login may not be created, or undefined when it may. */
export function loginProblem(username: string, firstName: string, lastName: string): string | undefined {
  if (!LOGIN_PATTERN.test(username)) {
    return 'a login is 3–32 characters: lower-case letters, digits, dot, dash or underscore, starting with a letter';
  }
  const stem = username.replace(/[0-9._-]+$/, '');
  if (GENERIC_LOGINS.includes(username) || GENERIC_LOGINS.includes(stem)) {
    return `"${username}" is a generic login; every login belongs to one named person (S-110 §D.7)`;
  }
  if (!/\p{L}/u.test(firstName) || !/\p{L}/u.test(lastName)) {
    return 'a login needs the first and last name of the person who holds it (S-110 §D.7)';
  }
  return undefined;
}

export interface PasswordContext {
  username: string;
  firstName: string;
  lastName: string;
  minLength: number;
}

/** Why a new password is refused, or undefined when it is acceptable (S-110 §D.1–3, CJIS IA-5(1)). */
export function passwordProblem(password: string, context: PasswordContext): string | undefined {
  if (password.length < context.minLength) return `a password needs at least ${context.minLength} characters`;
  if (password.length > 256) return 'a password may have at most 256 characters';
  const lower = password.toLowerCase();
  for (const part of [context.username, context.firstName, context.lastName]) {
    if (part.length >= 3 && lower.includes(part.toLowerCase())) return 'a password may not contain the login or the holder’s name';
  }
  if (new Set(password).size < 4) return 'a password needs more than three different characters';
  return undefined;
}

/** When a password changed at `changedAt` expires (S-110 §D.1: every 90 days by default). */
export function passwordExpiresAt(changedAt: Date, maxAgeDays: number): Date {
  return new Date(changedAt.getTime() + maxAgeDays * 86_400_000);
}
