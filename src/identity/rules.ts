/** Pure decisions about logins and passwords (S-110 §D). No I/O here. */
import { isCommonPassword } from './common-passwords.ts';
import { withinHours, type Hours } from '../core/clock.ts';

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
  if (isCommonPassword(password)) return 'this password is on the list of commonly used passwords; choose another';
  return undefined;
}

/** When a password changed at `changedAt` expires (S-110 §D.1: every 90 days by default). */
export function passwordExpiresAt(changedAt: Date, maxAgeDays: number): Date {
  return new Date(changedAt.getTime() + maxAgeDays * 86_400_000);
}

export type RemoteDecision =
  | { allowed: true }
  | { allowed: false; code: 'auth.remote_not_allowed' | 'auth.remote_outside_hours' | 'auth.mfa_not_enrolled'; reason: string };

/**
 * May this user sign in from outside the trusted network? (S-110 §H: system
 * administrators, the chief and captains; the court administrator only during
 * court working hours; always with a second factor, so an enrolled TOTP.)
 */
export function remoteSignInDecision(input: { roles: readonly string[]; mfaEnrolled: boolean; at: Date; courtHours: Hours; timeZone: string }): RemoteDecision {
  const always = input.roles.some((r) => r === 'system_administrator' || r === 'chief' || r === 'captain');
  const court = input.roles.includes('court_administrator');
  if (!always && !court) {
    return { allowed: false, code: 'auth.remote_not_allowed', reason: 'Remote access is limited to system administrators, the chief, captains and the court administrator (S-110 §H).' };
  }
  if (!always && !withinHours(input.at, input.courtHours, input.timeZone)) {
    return { allowed: false, code: 'auth.remote_outside_hours', reason: 'The court administrator may sign in remotely only during court working hours (S-110 §H.2).' };
  }
  if (!input.mfaEnrolled) {
    return { allowed: false, code: 'auth.mfa_not_enrolled', reason: 'Remote access needs a second factor; enroll an authenticator from inside the station first (S-110 §H).' };
  }
  return { allowed: true };
}

/** The day a login unused since `lastUsed` is disabled automatically (CJIS AC-2(3); default 90 days). */
export function inactiveSince(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
