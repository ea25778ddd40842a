import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../core/context.ts';
import { BadRequest } from '../core/errors.ts';
import { auditRows, type AuditCriteria } from '../core/audit/trail.ts';
export { loginVerification } from '../identity/verification.ts';

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

export type { LoginVerificationRow } from '../identity/verification.ts';

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
  const criteria: AuditCriteria = { from, to, limit: LIMIT };
  if (report === 'signins') criteria.action = 'session.signin';
  if (report === 'failed-signins') Object.assign(criteria, { action: 'session.signin', notOutcome: 'allowed' });
  if (report === 'lockouts') criteria.action = 'user.locked';
  if (report === 'violations') criteria.outcome = 'denied';
  if (filter.username) criteria.person = filter.username.toLowerCase();
  const rows = await auditRows(ctx.db, criteria);
  return rows.map((r) => ({
    id: r.id, at: r.at.toISOString(), username: r.username, role: r.role, source: r.source, remote: r.remote, action: r.action,
    subject: r.subject_type ? `${r.subject_type}:${r.subject_id ?? ''}` : null, outcome: r.outcome, reason: r.reason,
  }));
}


/** A report as CSV, with a header row; values starting with = + - @ are quoted against spreadsheet formula injection. */
export function toCsv(rows: object[], columns: readonly string[]): string {
  const safe = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v])));
  return stringify(safe, { header: true, columns: [...columns], cast: { boolean: (v) => (v ? 'yes' : 'no') } });
}
