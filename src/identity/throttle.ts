import type { AppContext } from '../core/context.ts';
import { Problem } from '../core/errors.ts';

/** How many failures a key may have before each further attempt must wait, doubling up to a cap. */
export interface ThrottleLimits {
  /** Failed sign-ins from one address outside the trusted networks before backoff starts. */
  remoteAddress: number;
  /** The same for an address inside the agency's trusted networks (the dispatch floor shares few addresses). */
  trustedAddress: number;
  /** Failed sign-ins for one login name (known or not) before backoff starts. */
  login: number;
  /** The longest wait, in seconds. */
  maxDelaySeconds: number;
}

interface Entry { failures: number; last: number }

/** Failures are forgotten after this long without a new one. */
const FORGET_MS = 15 * 60_000;

/**
 * Sign-in attempt limits with exponential backoff, per address and per login name
 * (CJIS AC-7; OWASP ASVS 2.2.1). A login name is counted the same whether or not it
 * exists, so the answer tells an attacker nothing. Failures from inside and outside the
 * trusted networks are counted apart, so guessing from outside does not slow the floor.
 * Kept in memory: a restart forgets it, the hard lockout in the database does not.
 */
export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limits: ThrottleLimits) {}

  /** Milliseconds this attempt must still wait, or 0 when it may go ahead. */
  waitFor(address: string, login: string, trusted: boolean, now: number): number {
    return Math.max(0, ...this.keys(address, login, trusted).map(([key, free]) => this.wait(key, free, now)));
  }

  failed(address: string, login: string, trusted: boolean, now: number): void {
    for (const [key] of this.keys(address, login, trusted)) {
      const entry = this.fresh(key, now);
      this.entries.set(key, { failures: (entry?.failures ?? 0) + 1, last: now });
    }
    if (this.entries.size > 50_000) this.sweep(now);
  }

  succeeded(login: string, trusted: boolean): void {
    this.entries.delete(this.loginKey(login, trusted));
  }

  /** An administrator unlocked the login or reset its password: its name need not wait. */
  forget(login: string): void {
    this.entries.delete(this.loginKey(login, true));
    this.entries.delete(this.loginKey(login, false));
  }

  private keys(address: string, login: string, trusted: boolean): [string, number][] {
    return [
      [`address ${address}`, trusted ? this.limits.trustedAddress : this.limits.remoteAddress],
      [this.loginKey(login, trusted), this.limits.login],
    ];
  }

  private loginKey(login: string, trusted: boolean): string {
    return `login ${trusted ? 'inside' : 'outside'} ${login}`;
  }

  private fresh(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.last > FORGET_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private wait(key: string, free: number, now: number): number {
    const entry = this.fresh(key, now);
    if (!entry || entry.failures < free) return 0;
    const delay = Math.min(this.limits.maxDelaySeconds, 2 ** (entry.failures - free)) * 1000;
    return Math.max(0, entry.last + delay - now);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) if (now - entry.last > FORGET_MS) this.entries.delete(key);
  }
}

const throttles = new WeakMap<AppContext, SignInThrottle>();

/** This server's throttle. */
export function signInThrottle(ctx: AppContext): SignInThrottle {
  let throttle = throttles.get(ctx);
  if (!throttle) {
    const { security } = ctx.config;
    throttle = new SignInThrottle({
      remoteAddress: security.signinRemoteAddressFailures, trustedAddress: security.signinTrustedAddressFailures,
      login: security.signinLoginFailures, maxDelaySeconds: security.signinMaxDelaySeconds,
    });
    throttles.set(ctx, throttle);
  }
  return throttle;
}

/** The answer while an attempt must wait: the same for every login, known or not. */
export function throttledProblem(waitMs: number): Problem {
  const seconds = Math.ceil(waitMs / 1000);
  return new Problem(429, 'auth.throttled', 'Too many attempts',
    `Too many failed sign-ins from here or for this login. Wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`, { retryAfter: seconds });
}
