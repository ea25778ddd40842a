import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../app/context.ts';
import { BadRequest } from '../app/errors.ts';
import { inactiveSince, passwordExpiresAt } from '../identity/rules.ts';

/**
 * The auditor's reports (S-110 §D.4 "access codes will be audited to verify all
 * logins", §D.5 the annual verification of passwords, access codes and access
 * violations), read from the audit trail and the user table.
 */
export const AUDIT_REPORTS = ['signins', 'failed-signins', 'lockouts', 'violations', 'login-verification'] as const;
export type AuditReport = (typeof AUDIT_REPORTS)[number];

export const REPORT_TITLES: Record<AuditReport, string> = {
  'signins': 'Sign-in history',
  'failed-signins': 'Failed sign-ins',
  'lockouts': 'Lockouts',
  'violations': 'Access violations',
  'login-verification': 'Annual login verification (S-110 §D.5)',
};

export interface ReportFilter {
  username?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const AUDIT_ROW_COLUMNS = ['id', 'at', 'username', 'role', 'source', 'remote', 'action', 'subject', 'outcome', 'reason'] as const;
export const LOGIN_VERIFICATION_COLUMNS = [
  'username', 'name', 'badge', 'unit', 'roles', 'status', 'lastSignInAt', 'passwordAgeDays', 'passwordExpired', 'mfa', 'shouldDisable', 'why',
] as const;

export interface AuditRowView {
  id: number;
  at: string;
  username: string | null;
  role: string | null;
  source: string | null;
  remote: boolean;
  action: string;
  subject: string | null;
  outcome: string;
  reason: string | null;
}

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

const LIMIT = 10_000;

function period(filter: ReportFilter): { from: Date; to: Date } {
  const to = filter.to ? new Date(`${filter.to}T23:59:59.999Z`) : new Date();
  const from = filter.from ? new Date(`${filter.from}T00:00:00Z`) : new Date(to.getTime() - 366 * 86_400_000);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new BadRequest('report.bad_period', 'from and to are dates like 2026-01-31');
  if (from > to) throw new BadRequest('report.bad_period', '"from" is after "to"');
  return { from, to };
}

/** Rows of the audit trail for one of the event reports, newest first. */
export async function auditReport(ctx: AppContext, report: Exclude<AuditReport, 'login-verification'>, filter: ReportFilter): Promise<AuditRowView[]> {
  const { from, to } = period(filter);
  let query = ctx.db.selectFrom('audit').selectAll().where('at', '>=', from).where('at', '<=', to).orderBy('id', 'desc').limit(LIMIT);
  if (report === 'signins') query = query.where('action', '=', 'session.signin');
  if (report === 'failed-signins') query = query.where('action', '=', 'session.signin').where('outcome', '<>', 'allowed');
  if (report === 'lockouts') query = query.where('action', '=', 'user.locked');
  if (report === 'violations') query = query.where('outcome', '=', 'denied');
  if (filter.username) {
    const who = filter.username.toLowerCase();
    query = query.where((eb) => eb.or([eb('username', '=', who), eb.and([eb('subject_type', '=', 'user'), eb('subject_id', '=', who)])]));
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id, at: r.at.toISOString(), username: r.username, role: r.role, source: r.source, remote: r.remote, action: r.action,
    subject: r.subject_type ? `${r.subject_type}:${r.subject_id ?? ''}` : null, outcome: r.outcome, reason: r.reason,
  }));
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

/** A report as CSV, with a header row; values starting with = + - @ are quoted against spreadsheet formula injection. */
export function toCsv(rows: object[], columns: readonly string[]): string {
  const safe = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v])));
  return stringify(safe, { header: true, columns: [...columns], cast: { boolean: (v) => (v ? 'yes' : 'no') } });
}
