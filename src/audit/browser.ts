import type { AppContext } from '../core/context.ts';
import { BadRequest } from '../core/errors.ts';
import { agencyStamp } from '../core/clock.ts';
import type { Page, PageRequest } from '../core/paging.ts';
import { trailPage, trailRows, type TrailDbRow, type TrailFilter } from '../core/audit/search.ts';
import { namer } from '../records/print.ts';
import { reportIdsOfCase } from '../records/links.ts';
import type { Db } from '../db/index.ts';

export type { TrailFilter } from '../core/audit/search.ts';

/**
 * The audit browser (issue 24 point 4; S-110 §D.4; CJIS AU-6): the auditor's and the CJIS representative's search of the
 * whole audit trail by who acted, which record, which action, a period in the agency's zone and the outcome, newest first,
 * a page at a time. A record is found as a row's subject and among the records a read named after it (`detail.also`:
 * a listing that showed a juvenile report or a confidential incident), so "who read this record" finds the listings too.
 */
export interface TrailRow {
  id: number;
  position: number | null;
  at: string;
  username: string | null;
  name: string | null;
  role: string | null;
  source: string | null;
  remote: boolean;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  also: string[];
  outcome: 'allowed' | 'denied' | 'failed';
  reason: string | null;
  route: string | null;
}

export const TRAIL_PAGE = { default: 50, max: 200 } as const;
/** The most rows one export holds: a larger selection is refused, asking for a narrower filter. */
export const EXPORT_LIMIT = { csv: 10_000, pdf: 2_000 } as const;

/** The filter checked beyond its schema (which holds the days to real ones): a period that does not run backwards, a record named by type and id together. */
export function checkFilter(f: TrailFilter): void {
  if (f.from && f.to && f.from > f.to) throw new BadRequest('audit.bad_period', 'querystring.from is after querystring.to');
  if ((f.recordType === undefined) !== (f.recordId === undefined)) {
    throw new BadRequest('audit.bad_record', `querystring.${f.recordType === undefined ? 'recordType' : 'recordId'} is needed with querystring.${f.recordType === undefined ? 'recordId' : 'recordType'}: a record is named by its type and id`);
  }
}

type Selected = TrailDbRow;

async function views(db: Db, rows: readonly Selected[]): Promise<TrailRow[]> {
  const name = await namer(db, rows.map((r) => r.username));
  return rows.map((r) => {
    const detail = (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as { also?: unknown; route?: unknown };
    return {
      id: Number(r.id), position: r.position === null ? null : Number(r.position), at: new Date(r.at).toISOString(),
      username: r.username, name: r.username ? name(r.username) : null, role: r.role, source: r.source, remote: r.remote, action: r.action,
      subjectType: r.subject_type, subjectId: r.subject_id, also: Array.isArray(detail.also) ? detail.also.map(String) : [],
      outcome: r.outcome, reason: r.reason, route: typeof detail.route === 'string' ? detail.route : null,
    };
  });
}

/** A case stands for itself and the reports filed under it: "who read this case" finds the reads of its reports too. */
async function expanded(ctx: AppContext, f: TrailFilter): Promise<TrailFilter> {
  if (f.recordType !== 'case' || !f.recordId) return f;
  const reports = await reportIdsOfCase(ctx.db, f.recordId);
  return { ...f, records: [{ type: 'case', id: f.recordId }, ...reports.map((id) => ({ type: 'report', id }))] };
}

/** One page of the audit trail, newest first. */
export async function searchTrail(ctx: AppContext, f: TrailFilter, page: PageRequest): Promise<Page<TrailRow>> {
  checkFilter(f);
  const shown = await trailPage(ctx.db, ctx.config.agency.timeZone, await expanded(ctx, f), page, TRAIL_PAGE.default);
  return { items: await views(ctx.db, shown.items), next: shown.next };
}

export interface ExportRow extends TrailRow { mac: string | null }

/** Every row the filter selects, newest first, for an export; more than `limit` is refused with a 400 asking for a narrower filter. */
export async function trailForExport(ctx: AppContext, f: TrailFilter, limit: number): Promise<ExportRow[]> {
  checkFilter(f);
  await ctx.audit.flush(); // link what is committed, so every row has its chain position
  const rows = await trailRows(ctx.db, ctx.config.agency.timeZone, await expanded(ctx, f), limit + 1);
  if (rows.length > limit) throw new BadRequest('audit.export_too_large', `more than ${limit} rows match: narrow querystring.from and querystring.to or another filter`);
  const shown = await views(ctx.db, rows);
  return shown.map((v, i) => ({ ...v, mac: rows[i]!.mac }));
}

/** What the filter asked for, in words, for the export's heading and the audit row of the read. */
export function describeFilter(f: TrailFilter): string {
  const parts = [
    f.person && `person ${f.person}`, f.recordType && `record ${f.recordType} ${f.recordId ?? ''}`, f.action && `action ${f.action}`,
    f.outcome && `outcome ${f.outcome}`, f.access && `${f.access === 'read' ? 'reads' : 'changes'} only`, f.from && `from ${f.from}`, f.to && `to ${f.to}`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'the whole trail';
}

export const TRAIL_CSV_COLUMNS = ['time', 'name', 'login', 'role', 'action', 'record', 'alsoShown', 'outcome', 'reason', 'source', 'remote', 'position', 'auditId'] as const;

/** "2026-12-02 12:53:07": a moment on the agency's 24-hour clock, to the second, as the trail's exports print it. */
export const trailStamp = (timeZone: string, at: string): string => agencyStamp(timeZone, at, { seconds: true });

/** A row of the CSV: the time in the agency's zone, the person by name with the login beside it. */
export function csvRow(r: ExportRow, timeZone: string): Record<(typeof TRAIL_CSV_COLUMNS)[number], string | number | boolean | null> {
  return {
    time: trailStamp(timeZone, r.at), name: r.name, login: r.username, role: r.role, action: r.action,
    record: r.subjectType ? `${r.subjectType} ${r.subjectId ?? ''}`.trim() : null, alsoShown: r.also.join(' '), outcome: r.outcome,
    reason: r.reason, source: r.source, remote: r.remote, position: r.position, auditId: r.id,
  };
}
