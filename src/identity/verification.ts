import type { AppContext } from '../core/context.ts';
import { inactiveSince, passwordExpiresAt } from './rules.ts';

export interface LoginVerificationRow {
  username: string;
  name: string;
  badge: string | null;
  unit: string | null;
  roles: string;
  status: 'active' | 'disabled' | 'locked';
  lastSignInAt: string | null;
  passwordAgeDays: number;
  passwordExpired: boolean;
  mfa: 'enrolled' | 'not enrolled';
  shouldDisable: boolean;
  why: string;
}

/**
 * Every login with its roles, last sign-in, password age, MFA status and whether
 * it should be disabled (S-110 §D.5, §D.6).
 */
export async function loginVerification(ctx: AppContext, now = new Date()): Promise<LoginVerificationRow[]> {
  const { security } = ctx.config;
  const users = await ctx.db.selectFrom('app_user').selectAll().orderBy('last_name').orderBy('first_name').execute();
  const cutoff = inactiveSince(now, security.inactiveDisableDays);
  return users.map((u) => {
    const lastUse = [u.last_signin_at ?? u.created_at, u.enabled_at ?? u.created_at].reduce((a, b) => (a > b ? a : b));
    const unused = !u.disabled_at && lastUse < cutoff;
    const noRoles = !u.disabled_at && u.roles.length === 0;
    const expired = passwordExpiresAt(u.password_changed_at, security.passwordMaxAgeDays) <= now;
    return {
      username: u.username, name: `${u.first_name} ${u.last_name}`, badge: u.badge, unit: u.unit, roles: u.roles.join(' '),
      status: u.disabled_at ? 'disabled' : u.locked_until && u.locked_until > now ? 'locked' : 'active',
      lastSignInAt: u.last_signin_at?.toISOString() ?? null,
      passwordAgeDays: Math.floor((now.getTime() - u.password_changed_at.getTime()) / 86_400_000),
      passwordExpired: expired,
      mfa: u.mfa_secret ? 'enrolled' : 'not enrolled',
      shouldDisable: unused || noRoles,
      why: u.disabled_at ? `disabled ${u.disabled_at.toISOString().slice(0, 10)}: ${u.disabled_reason ?? ''}`
        : unused ? `not used for ${security.inactiveDisableDays} days` : noRoles ? 'holds no role' : '',
    };
  });
}
