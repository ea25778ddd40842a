import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { passwordProblem, type PasswordContext } from './rules.ts';

// OWASP's argon2id floor (19 MiB, 2 passes); a sign-in costs a few tens of milliseconds.
const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;
/**
 * A hash to verify against when the login does not exist, so that the answer
 * takes as long as for a real user with a wrong password.
 */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}`);
  return decoy;
}

/**
 * An initial password for an administrator to hand over: at least 23 random characters (more when
 * the agency's minimum is longer), changed at first sign-in. Random characters can spell the
 * holder's name ("p4t" for Pat) or a word about the agency, which the rule refuses (S-110 §D.3),
 * so a candidate the rule refuses is drawn again: the password made for a holder always passes
 * the rule it is checked against.
 */
export function generatedPassword(context: PasswordContext): string {
  const bytes = Math.ceil((Math.max(context.minLength, 23) - 7) * 3 / 4);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const candidate = `${randomBytes(bytes).toString('base64url')}-${randomBytes(3).toString('hex')}`;
    if (passwordProblem(candidate, context) === undefined) return candidate;
  }
  // Each draw passes with probability above 0.99, so this is never reached.
  throw new Error('no generated password passed the password rule in 1000 draws');
}
