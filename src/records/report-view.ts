/** Reading reports: one report with its parties and supplements, the approval queue, one's own reports. */
import { actorReadsReport } from './read-rules.ts';
import type { AppContext } from '../core/context.ts';
import { NotFound } from '../core/errors.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import { auditJuvenileRead } from './access.ts';
import { auditThisRead } from '../core/audit/action.ts';
import { recordAuditNow } from '../core/audit/trail.ts';
import type { Actor } from '../core/actor.ts';
import { namer } from './print.ts';
import { prosecutionOf } from './report-codes.ts';
import { paged, pageFrom, type Page, type PageRequest } from '../core/paging.ts';
import type { Static } from 'typebox';
import type { PartyView as PartyViewSchema } from './schemas.ts';

export type PartyView = Static<typeof PartyViewSchema>;

export async function partiesOf(tx: Tx, reportId: string): Promise<PartyView[]> {
  const rows = await tx.selectFrom('report_party').selectAll().where('report_id', '=', reportId).execute();
  const out: PartyView[] = [];
  for (const r of rows) {
    if (r.entity_type === 'person') {
      const p = await tx.selectFrom('person_name as n').innerJoin('person as p', 'p.id', 'n.person_id')
        .select(['n.first_name', 'n.middle_name', 'n.last_name', 'p.dob']).where('n.person_id', '=', r.entity_id).where('n.kind', '=', 'primary').executeTakeFirst();
      out.push({ type: 'person', id: r.entity_id, role: r.role, label: p ? `${p.last_name}, ${p.first_name}${p.middle_name ? ` ${p.middle_name}` : ''}` : r.entity_id, dob: p?.dob ?? null, juvenile: r.juvenile });
    } else if (r.entity_type === 'vehicle') {
      const v = await tx.selectFrom('vehicle').selectAll().where('id', '=', r.entity_id).executeTakeFirst();
      out.push({ type: 'vehicle', id: r.entity_id, role: r.role, label: v ? [v.plate && `${v.plate} ${v.state ?? ''}`.trim(), v.year, v.color, v.make, v.model].filter(Boolean).join(' ') : r.entity_id, juvenile: false });
    } else {
      const b = await tx.selectFrom('business').select(['name', 'address']).where('id', '=', r.entity_id).executeTakeFirst();
      out.push({ type: 'business', id: r.entity_id, role: r.role, label: b ? `${b.name}, ${b.address}` : r.entity_id, juvenile: false });
    }
  }
  return out;
}

/**
 * Who may read a juvenile report: holders of records.juvenile, its author, and an approver
 * only while it waits in the approval queue (S-110 §B.1; src/records/read-rules.ts).
 */
export function mayReadJuvenile(actor: Actor, report: { juvenile: boolean; author: string; status: string }): boolean {
  return actorReadsReport(actor, report);
}

export type ReportView = Awaited<ReturnType<typeof getReport>>;

/** One report as its reader sees it. A juvenile report is hidden from those who may not read it; every read of one is audited. */
export async function getReport(ctx: AppContext, actor: Actor, id: string) {
  // A refused read names the report asked for (CJIS AU-3), though the answer says only that there is none.
  const asked = await ctx.db.selectFrom('report').select(['juvenile', 'author', 'status']).where('id', '=', id).executeTakeFirst();
  if (asked && !mayReadJuvenile(actor, asked)) {
    await recordAuditNow(ctx.db, {
      actor, action: 'records.juvenile.read', subject: { type: 'report', id }, outcome: 'denied', reason: 'juvenile record: needs records.juvenile (S-110 §B.1)',
    });
    throw new NotFound('report.not_found', `no report ${id}`);
  }
  return inTransaction(ctx.db, async (tx) => {
    const r = await tx.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !mayReadJuvenile(actor, r)) throw new NotFound('report.not_found', `no report ${id}`);
    if (r.juvenile) await auditJuvenileRead(tx, actor, { type: 'report', id });
    const parties = await partiesOf(tx, id);
    const supplements = await tx.selectFrom('report').select(['id', 'author', 'status', 'narrative', 'created_at', 'approved_by', 'approved_at'])
      .where('parent_id', '=', id).orderBy('created_at').execute();
    const photos = await tx.selectFrom('photo').select(['id', 'caption', 'content_type', 'sha256', 'size', 'uploaded_by', 'uploaded_at']).where('report_id', '=', id).orderBy('uploaded_at').execute();
    const name = await namer(tx, [r.author, r.approved_by, ...supplements.flatMap((s) => [s.author, s.approved_by])]);
    return {
      id: r.id, kind: r.kind, caseNumber: r.case_number, parentId: r.parent_id, status: r.status, version: r.version,
      author: r.author, authorName: name(r.author),
      occurredAt: r.occurred_at.toISOString(), eventDate: r.event_date, fields: r.fields, narrative: r.narrative, juvenile: r.juvenile,
      returnComments: r.return_comments, submittedAt: r.submitted_at?.toISOString() ?? null,
      approvedBy: r.approved_by, approvedByName: r.approved_by ? name(r.approved_by) : null, approvedAt: r.approved_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
      prosecution: await prosecutionOf(tx, r.fields),
      parties,
      supplements: supplements.map((s) => ({ id: s.id, author: s.author, authorName: name(s.author), status: s.status, narrative: s.narrative, createdAt: s.created_at.toISOString(), approvedBy: s.approved_by, approvedByName: s.approved_by ? name(s.approved_by) : null, approvedAt: s.approved_at?.toISOString() ?? null })),
      photos: photos.map((p) => ({ id: p.id, caption: p.caption, contentType: p.content_type, sha256: p.sha256, size: p.size, uploadedBy: p.uploaded_by, uploadedAt: p.uploaded_at.toISOString() })),
    };
  });
}

export interface ReportSummary { id: string; kind: string; caseNumber: string | null; status: string; author: string; authorName: string; eventDate: string; juvenile: boolean; submittedAt: string | null; returnComments: string | null }

type SummaryRow = { id: string; kind: string; case_number: string | null; status: string; author: string; event_date: string; juvenile: boolean; submitted_at: Date | null; return_comments: string | null };

/** Report rows as listed, each author named as the person ("Jordan O’Brien #311"). */
async function summaries(ctx: AppContext, rows: SummaryRow[]): Promise<ReportSummary[]> {
  const name = await namer(ctx.db, rows.map((r) => r.author));
  return rows.map((r) => summary(r, name(r.author)));
}

function summary(r: SummaryRow, authorName: string): ReportSummary {
  return { id: r.id, kind: r.kind, caseNumber: r.case_number, status: r.status, author: r.author, authorName, eventDate: r.event_date, juvenile: r.juvenile, submittedAt: r.submitted_at?.toISOString() ?? null, returnComments: r.return_comments };
}

/** A listing that shows someone else's juvenile report is a read of it (S-110 §B.1; CJIS AU-3), as in the report search: the request's audit row names each. */
function auditedJuvenile(reports: ReportSummary[]): ReportSummary[] {
  for (const r of reports) if (r.juvenile) auditThisRead({ type: 'report', id: r.id }, 'records.juvenile.read');
  return reports;
}

export const QUEUE_PAGE = { default: 50, max: 200 } as const;

/** Reports waiting for a supervisor, oldest first, a page at a time; one's own are left out (nobody approves their own) before the page is cut. */
export async function approvalQueue(ctx: AppContext, actor: Actor, page: PageRequest): Promise<Page<ReportSummary>> {
  const query = ctx.db.selectFrom('report').selectAll().where('status', '=', 'submitted').where('author', '<>', actor.username);
  const rows = await paged(query, { columns: [['submitted_at', 'timestamptz'], ['id', 'uuid']], direction: 'asc' }, page, QUEUE_PAGE.default).execute();
  const shown = pageFrom(rows, page, QUEUE_PAGE.default, (r) => r);
  return { ...shown, items: auditedJuvenile(await summaries(ctx, shown.items)) };
}

/** The writer's own drafts, returned and submitted reports. */
export async function myReports(ctx: AppContext, actor: Actor): Promise<ReportSummary[]> {
  const rows = await ctx.db.selectFrom('report').selectAll().where('author', '=', actor.username).orderBy('updated_at', 'desc').limit(100).execute();
  return summaries(ctx, rows);
}
