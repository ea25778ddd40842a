/** Pure decisions about logins and passwords (S-110 §D). No I/O here. */
import { isCommonPassword } from './common-passwords.ts';
import { withinHours, type Hours } from '../core/clock.ts';
import { allow, refuse, type Decision } from '../core/decision.ts';

/** Logins that name a function or a shared account, not a person (S-110 §D.7: no generic accounts). */
export const GENERIC_LOGINS = [
  'admin', 'administrator', 'root', 'sysadmin', 'dispatch', 'dispatcher', 'test', 'tester', 'user', 'guest',
  'operator', 'records', 'police', 'supervisor', 'oic', 'desk', 'shared', 'default', 'system', 'support', 'demo',
  'officer', 'clerk', 'chief', 'captain', 'auditor', 'court', 'cjis', 'superuser', 'master', 'service',
  // ranks and titles
  'sergeant', 'sgt', 'lieutenant', 'lt', 'corporal', 'cpl', 'detective', 'det', 'patrolman', 'patrol', 'commander', 'deputy',
  'inspector', 'cadet', 'trooper', 'sheriff', 'marshal', 'ofc', 'ptl', 'major', 'colonel', 'reserve', 'auxiliary', 'aux',
  // places, positions and shared functions
  'it', 'itadmin', 'helpdesk', 'front', 'frontdesk', 'lobby', 'station', 'console', 'terminal', 'position', 'cruiser', 'car',
  'unit', 'mdt', 'mdc', 'booking', 'evidence', 'property', 'training', 'trainer', 'temp', 'intern', 'backup', 'kiosk', 'shift',
  'day', 'night', 'midnight', 'watch', 'comm', 'comms', 'communications', 'center', 'centre', 'office', 'team', 'group',
  'account', 'staff', 'pd', 'tech', 'webmaster', 'sro', 'k9', 'detail', 'relief', 'ops', 'dept', 'department', 'all',
];
const GENERIC = new Set(GENERIC_LOGINS);

/** True when `word` is made only of generic words run together ("itadmin", "frontdesk", "nightsgt"). */
function allGeneric(word: string): boolean {
  const reachable = [true, ...Array<boolean>(word.length).fill(false)];
  for (let end = 1; end <= word.length; end++) {
    for (let start = 0; start < end && !reachable[end]; start++) reachable[end] = reachable[start]! && GENERIC.has(word.slice(start, end));
  }
  return word.length > 0 && reachable[word.length]!;
}

export const LOGIN_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;

/**
 * Why a login may not be created, or undefined when it may (S-110 §D.7: every login
 * belongs to one named person). Refused: logins made only of ranks, roles, places and
 * shared words, with or without numbers ("sergeant", "itadmin", "dispatch2",
 * "frontdesk"), and names that are not a person's ("Shared Account", "Front Desk").
 */
export function loginProblem(username: string, firstName: string, lastName: string): string | undefined {
  if (!LOGIN_PATTERN.test(username)) {
    return 'a login is 3–32 characters: lower-case letters, digits, dot, dash or underscore, starting with a letter';
  }
  const words = username.split(/[0-9._-]+/).filter(Boolean);
  if (words.every(allGeneric)) {
    return `"${username}" is a generic login (a rank, role, place or shared word); every login belongs to one named person (S-110 §D.7)`;
  }
  if (!/\p{L}/u.test(firstName) || !/\p{L}/u.test(lastName)) {
    return 'a login needs the first and last name of the person who holds it (S-110 §D.7)';
  }
  const nameWords = `${firstName} ${lastName}`.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  if (GENERIC.has(nameWords[0]!) || nameWords.every((w) => GENERIC.has(w) || /^(one|two|three|four|five)$/.test(w))) {
    return `"${firstName} ${lastName}" is not a person’s name; a login is held by one named person (S-110 §D.7)`;
  }
  return undefined;
}

export interface PasswordContext {
  username: string;
  firstName: string;
  lastName: string;
  minLength: number;
  /** Words about the agency a guesser tries first: its name, town, ORI and the product's name (CJIS IA-5(1)). */
  agencyWords?: readonly string[];
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's', '!': 'i' };

/** The rule's context for one holder under this agency's settings (S-110 §D.1–3). */
export function passwordContext(config: { security: { passwordMinLength: number }; agency: { name: string; ori: string; address: string } }, holder: { username: string; firstName: string; lastName: string }): PasswordContext {
  return { ...holder, minLength: config.security.passwordMinLength, agencyWords: agencyPasswordWords(config.agency) };
}

/** The words of the agency's profile and the product that may not appear in a password. */
export function agencyPasswordWords(agency: { name: string; ori: string; address: string }): string[] {
  const town = agency.address.split(',').at(-2)?.trim() ?? '';
  const words = `${agency.name} ${town} ${agency.ori} precinct`.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  return [...new Set(words.filter((w) => w.length >= 4))];
}

/** Why a new password is refused, or undefined when it is acceptable (S-110 §D.1–3, CJIS IA-5(1)). */
export function passwordProblem(password: string, context: PasswordContext): string | undefined {
  if (password.length < context.minLength) return `a password needs at least ${context.minLength} characters`;
  if (password.length > 256) return 'a password may have at most 256 characters';
  const lower = password.toLowerCase();
  const plain = [...lower].map((c) => LEET[c] ?? c).join('');
  for (const part of [context.username, context.firstName, context.lastName]) {
    const word = part.toLowerCase();
    if (word.length >= 3 && (lower.includes(word) || plain.includes(word))) return 'a password may not contain the login or the holder’s name';
  }
  const agencyWord = (context.agencyWords ?? []).find((w) => lower.includes(w) || plain.includes(w));
  if (agencyWord) return `a password may not contain "${agencyWord}": the agency’s name, town, ORI or the product’s name is the first thing a guesser tries (CJIS IA-5(1))`;
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

/** The roles whose grant or removal takes a second person: system administrator, and any role reading juvenile or CJIS data. */
export function privilegedRoleChanges(before: readonly string[], after: readonly string[], privileged: (role: string) => boolean): string[] {
  const changed = [...after.filter((r) => !before.includes(r)), ...before.filter((r) => !after.includes(r))];
  return changed.filter(privileged);
}

/**
 * May this person approve a privileged role change? Not the one who asked for it, not the
 * person whose roles change, and not whoever created that login within the last day (a
 * fresh accomplice login is not a second person).
 */
export function roleApprovalDecision(input: {
  approver: string; requestedBy: string; username: string; createdBy: string | null; createdAt: Date; now: Date;
}): Decision {
  const clause = 'two people for privilege (CJIS AC-5, AC-6(1); S-110 §D)';
  if (input.approver === input.username) return refuse('user.approve_own', clause, 'No one approves a change to their own roles.', 403);
  if (input.approver === input.requestedBy) return refuse('user.approve_own_request', clause, 'The person who asked for the change may not approve it; a second administrator or the chief must.', 403);
  if (input.createdBy === input.approver && input.now.getTime() - input.createdAt.getTime() < 86_400_000) {
    return refuse('user.approve_created', clause, 'You created this login within the last day; someone else must approve its privileges.', 403);
  }
  return allow(clause);
}
