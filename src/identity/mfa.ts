import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { AppContext } from '../core/context.ts';
import { BadRequest, Conflict, NotFound } from '../core/errors.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import type { Actor } from '../core/actor.ts';

/**
 * The second factor (S-110 §H "a secondary type of authentication"): RFC 6238
 * TOTP, 6 digits every 30 s, one step of clock drift either way. A code is good
 * once; ten one-time recovery codes are shown once at enrollment.
 */
const PERIOD = 30;
const RECOVERY_CODES = 10;

function totp(secret: string, label: string, issuer: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

export function recoveryCodeHash(code: string): string {
  return createHash('sha256').update(code.replace(/[^a-z0-9]/gi, '').toLowerCase()).digest('hex');
}

function newRecoveryCode(): string {
  const raw = randomBytes(5).toString('hex'); // 40 bits, e.g. 3f9a2-c81d0
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

export interface Enrollment {
  secret: string;
  uri: string;
  /** The otpauth URI as a PNG data URL, for the console to show. */
  qr: string;
}

/** Start enrollment: a new secret, kept pending until the user proves the authenticator works. */
export async function startEnrollment(ctx: AppContext, actor: Actor): Promise<Enrollment> {
  const secret = new Secret({ size: 20 }).base32;
  const uri = totp(secret, actor.username, ctx.config.agency.name).toString();
  const qr = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
  await inTransaction(ctx.db, async (tx) => {
    await tx.updateTable('app_user').set({ mfa_pending_secret: secret }).where('username', '=', actor.username).execute();
    await recordAudit(tx, { actor, action: 'mfa.enroll_start', subject: { type: 'user', id: actor.username }, outcome: 'allowed' });
  });
  return { secret, uri, qr };
}

/** Finish enrollment with a code from the authenticator; returns the recovery codes, shown this once. */
export async function confirmEnrollment(ctx: AppContext, actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
  return inTransaction(ctx.db, async (tx) => {
    const user = await tx.selectFrom('app_user').select(['mfa_pending_secret']).where('username', '=', actor.username).forUpdate().executeTakeFirst();
    if (!user?.mfa_pending_secret) throw new Conflict('mfa.not_started', 'Start enrollment first: there is no authenticator waiting to be confirmed.');
    const step = matchingStep(user.mfa_pending_secret, code);
    if (step === null) throw new BadRequest('mfa.code_invalid', 'That code does not match the authenticator. Check the device clock and try the next code.');
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await tx.updateTable('app_user')
      .set({ mfa_secret: user.mfa_pending_secret, mfa_pending_secret: null, mfa_enabled_at: new Date(), mfa_last_step: step })
      .where('username', '=', actor.username).execute();
    await tx.deleteFrom('recovery_code').where('username', '=', actor.username).execute();
    await tx.insertInto('recovery_code').values(codes.map((c) => ({ username: actor.username, code_hash: recoveryCodeHash(c), used_at: null }))).execute();
    await recordAudit(tx, { actor, action: 'mfa.enroll', subject: { type: 'user', id: actor.username }, outcome: 'allowed' });
    return { recoveryCodes: codes };
  });
}

/** The TOTP time step a code belongs to (within one step of now), or null when it matches none. */
export function matchingStep(secret: string, code: string, at = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD, timestamp: at, window: 1 });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: at }) + delta;
}

/** The current code for a secret (tests and the CLI use it; the server never shows it). */
export function currentCode(secret: string, at = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD, timestamp: at });
}

export type SecondFactorResult = 'ok' | 'invalid' | 'reused';

/**
 * Check a second factor inside the sign-in transaction: a TOTP code newer than the
 * last one accepted, or an unused recovery code. Accepting it burns it.
 */
export async function useSecondFactor(tx: Tx, username: string, secret: string, code: string): Promise<SecondFactorResult> {
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed)) {
    const step = matchingStep(secret, trimmed);
    if (step === null) return 'invalid';
    const result = await tx.updateTable('app_user').set({ mfa_last_step: step })
      .where('username', '=', username)
      .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? 'ok' : 'reused';
  }
  const result = await tx.updateTable('recovery_code').set({ used_at: new Date() })
    .where('username', '=', username).where('code_hash', '=', recoveryCodeHash(trimmed)).where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? 'ok' : 'invalid';
}

/** Administrator reset: the user loses the authenticator and recovery codes and must enroll again. */
export async function resetMfa(ctx: AppContext, actor: Actor, username: string): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const result = await tx.updateTable('app_user')
      .set({ mfa_secret: null, mfa_pending_secret: null, mfa_enabled_at: null, mfa_last_step: null })
      .where('username', '=', username).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('user.not_found', `no login "${username}"`);
    await tx.deleteFrom('recovery_code').where('username', '=', username).execute();
    await recordAudit(tx, { actor, role: 'system_administrator', action: 'user.reset_mfa', subject: { type: 'user', id: username }, outcome: 'allowed' });
  });
}

export async function remainingRecoveryCodes(ctx: AppContext, username: string): Promise<number> {
  const rows = await ctx.db.selectFrom('recovery_code').select('code_hash').where('username', '=', username).where('used_at', 'is', null).execute();
  return rows.length;
}
