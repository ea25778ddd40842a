/**
 * Browsing the case file (S-110 §B): cases and reports listed and searched by number,
 * date range, address, officer, type, status and person, a page at a time. A search by
 * person does not find a case through a juvenile report for readers without
 * records.juvenile; juvenile reports listed to those who may see them are audited (§B.1).
 */
import type { AppContext } from '../core/context.ts';
import { BadRequest } from '../core/errors.ts';
import { inTransaction } from '../db/index.ts';
import type { Actor } from '../core/actor.ts';
import { auditJuvenileRead, may } from './access.ts';
import { namer } from './print.ts';
import { pageFrom } from '../core/paging.ts';
import { CASES_PAGE } from './case-schemas.ts';
import { findCases, findReports, juvenileReportsNaming, personAndMerged, type CaseFilter } from './case-store.ts';

export interface CaseSearch {
  number?: string | undefined; incident?: string | undefined; from?: string | undefined; to?: string | undefined; address?: string | undefined;
  officer?: string | undefined; type?: string | undefined; kind?: string | undefined; status?: string | undefined; personId?: string | undefined;
  limit?: number | undefined; after?: string | undefined;
}

async function filterOf(ctx: AppContext, s: CaseSearch): Promise<CaseFilter> {
  const from = s.from ? new Date(s.from) : undefined;
  const to = s.to ? new Date(s.to.length === 10 ? `${s.to}T23:59:59.999Z` : s.to) : undefined;
  if (from && to && to < from) throw new BadRequest('search.dates', '"to" is before "from"', { field: 'to' });
  return {
    number: s.number?.trim().toUpperCase() || undefined, incident: s.incident, from, to, address: s.address?.trim() || undefined,
    officer: s.officer?.trim() || undefined, type: s.type?.trim() || undefined, status: s.status,
    personIds: s.personId ? await personAndMerged(ctx.db, s.personId) : undefined,
    limit: s.limit ?? CASES_PAGE.default, after: s.after,
  };
}

export async function searchCases(ctx: AppContext, actor: Actor, s: CaseSearch) {
  const f = await filterOf(ctx, s);
  const seesJuvenile = may(actor, 'records.juvenile');
  return inTransaction(ctx.db, async (tx) => {
    const rows = await findCases(tx, f, seesJuvenile);
    // A search by person lists the cases whose reports name them: a case listed because a
    // juvenile report names the person shows that juvenile entry, and is a read of it (S-110 §B.1).
    if (f.personIds && seesJuvenile) {
      const juvenile = await juvenileReportsNaming(tx, rows.slice(0, f.limit).map((c) => c.number), f.personIds, actor.username);
      if (juvenile.length > 0) await auditJuvenileRead(tx, actor, { type: 'report', id: juvenile[0]! }, { search: s, reports: juvenile });
    }
    const name = await namer(tx, rows.slice(0, f.limit).map((c) => c.opened_by));
    return pageFrom(rows, f, CASES_PAGE.default, (c) => ({
      number: c.number, type: c.type, status: c.status, address: c.location.address, occurredAt: c.occurred_at.toISOString(),
      incidentNumber: c.incident_number, openedBy: c.opened_by, openedByName: name(c.opened_by), openedAt: c.opened_at.toISOString(),
    }));
  });
}

export async function searchReports(ctx: AppContext, actor: Actor, s: CaseSearch & { caseNumber?: string | undefined }) {
  const f = { ...(await filterOf(ctx, s)), caseNumber: s.caseNumber, kind: s.kind };
  const seesJuvenile = may(actor, 'records.juvenile');
  return inTransaction(ctx.db, async (tx) => {
    const rows = await findReports(tx, f, { username: actor.username, seesJuvenile });
    const shown = rows.slice(0, f.limit);
    const juvenile = shown.filter((r) => r.juvenile && r.author !== actor.username).map((r) => r.id);
    if (juvenile.length > 0) await auditJuvenileRead(tx, actor, { type: 'report', id: juvenile[0]! }, { search: s, reports: juvenile });
    const name = await namer(tx, shown.map((r) => r.author));
    return pageFrom(rows, f, CASES_PAGE.default, (r) => ({
      id: r.id, kind: r.kind, caseNumber: r.case_number, status: r.status, author: r.author, authorName: name(r.author), occurredAt: r.occurred_at.toISOString(), eventDate: r.event_date,
      juvenile: r.juvenile, offense: typeof r.fields.offense === 'string' ? r.fields.offense : null,
      address: (typeof r.fields.location === 'string' && r.fields.location) || r.location?.address || null,
    }));
  });
}
