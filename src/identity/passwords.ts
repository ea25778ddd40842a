import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

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

/** An initial password for an administrator to hand over: 20+ random characters, changed at first sign-in. */
export function generatedPassword(): string {
  return `${randomBytes(12).toString('base64url')}-${randomBytes(3).toString('hex')}`;
}
