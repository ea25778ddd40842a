/**
 * The case page (S-110 §B): the case header, the CAD incident it came from with the
 * 81.2.3 fields and unit times carried over, its reports with their supplements, and
 * every person, vehicle and business linked to them. Juvenile reports (S-110 §B.1) are
 * left out for users without records.juvenile (their own excepted); those shown are
 * marked, and each read of one is audited in the same transaction. The filed originals of
 * the incident's Knox Box Access Reporting Forms are listed with it (O-604 §III.H).
 */
import type { AppContext } from '../core/context.ts';
import { NotFound } from '../core/errors.ts';
import { inTransaction, type Tx } from '../db/index.ts';
import { auditJuvenileRead, may } from './access.ts';
import { actorReadsJuvenileLinked, caseFacts } from './read-rules.ts';
import { partiesOf, type PartyView } from './report-view.ts';
import type { Actor } from '../core/actor.ts';
import { incidentBrief } from '../dispatch/incidents/service.ts';
import { filedForms } from '../keys/filed.ts';
import { namer } from './print.ts';
import type { Static } from 'typebox';
import type { CarriedIncident } from './schemas.ts';

/** The incident's facts as the case stored them when it was opened (cases.ts writes them). */
type Carried = Static<typeof CarriedIncident>;

export interface CaseSupplement { id: string; status: string; author: string; authorName: string; createdAt: string; approvedBy: string | null; approvedByName: string | null; approvedAt: string | null }
export interface CaseReport {
  id: string; kind: string; status: string; author: string; authorName: string; juvenile: boolean; parentId: string | null; eventDate: string;
  createdAt: string; approvedBy: string | null; approvedByName: string | null; approvedAt: string | null; supplements: CaseSupplement[];
}
export interface CaseParty extends PartyView { reportId: string }

export async function getCase(ctx: AppContext, actor: Actor, number: string) {
  const found = await caseRecord(ctx, actor, number);
  // O-604 §III.H: the filed Knox reporting forms of the case's incident, retained by the Records Bureau.
  const documents = found.incidentNumber ? await filedForms(ctx, actor, found.incidentNumber) : [];
  return { ...found, documents };
}

async function caseRecord(ctx: AppContext, actor: Actor, number: string) {
  return inTransaction(ctx.db, async (tx) => {
    const row = await tx.selectFrom('record_case').selectAll().where('number', '=', number).executeTakeFirst();
    // A case whose every report is juvenile is not there for those who may not read it (S-110 §B.1).
    if (!row || !actorReadsJuvenileLinked(actor, (await caseFacts(tx, [number])).get(number))) throw new NotFound('case.not_found', `no case ${number}`);
    const seesJuvenile = may(actor, 'records.juvenile');
    const rows = (await tx.selectFrom('report').select(['id', 'kind', 'status', 'author', 'juvenile', 'parent_id', 'event_date', 'created_at', 'approved_by', 'approved_at'])
      .where('case_number', '=', number).orderBy('created_at').execute())
      .filter((r) => seesJuvenile || !r.juvenile || r.author === actor.username);
    const name = await namer(tx, [row.opened_by, ...rows.flatMap((r) => [r.author, r.approved_by])]);
    const shown = (r: (typeof rows)[number]) => ({
      id: r.id, kind: r.kind, status: r.status, author: r.author, authorName: name(r.author), juvenile: r.juvenile, parentId: r.parent_id, eventDate: r.event_date,
      createdAt: r.created_at.toISOString(), approvedBy: r.approved_by, approvedByName: r.approved_by ? name(r.approved_by) : null, approvedAt: r.approved_at?.toISOString() ?? null,
    });
    const reports: CaseReport[] = rows.filter((r) => r.parent_id === null).map((r) => ({
      ...shown(r),
      supplements: rows.filter((s) => s.parent_id === r.id).map((s) => ({ id: s.id, status: s.status, author: s.author, authorName: name(s.author), createdAt: s.created_at.toISOString(), approvedBy: s.approved_by, approvedByName: s.approved_by ? name(s.approved_by) : null, approvedAt: s.approved_at?.toISOString() ?? null })),
    }));
    const parties: CaseParty[] = [];
    for (const r of reports) parties.push(...(await partiesOf(tx, r.id)).map((p) => ({ ...p, reportId: r.id })));
    const withhold = await withholdsIncident(tx, actor, row.incident_number);
    const juvenile = reports.filter((r) => r.juvenile);
    if (juvenile.length > 0) await auditJuvenileRead(tx, actor, { type: 'case', id: number }, { reports: juvenile.map((r) => r.id) });
    return {
      number: row.number, type: row.type, status: row.status, location: withhold ? null : row.location, occurredAt: row.occurred_at.toISOString(), incidentNumber: row.incident_number,
      confidential: withhold, carried: withhold ? withheld(row.carried as Carried) : (row.carried as Carried), openedAt: row.opened_at.toISOString(), openedBy: row.opened_by, openedByName: name(row.opened_by),
      reports, parties,
    };
  });
}

/**
 * A case opened from an incident that is (or has since been marked) confidential
 * (81A §E.2.c) keeps its number, times and units for readers without
 * dispatch.confidential or records.release, but not the location, people or narrative.
 */
async function withholdsIncident(tx: Tx, actor: Actor, incidentNumber: string | null): Promise<boolean> {
  if (!incidentNumber || may(actor, 'dispatch.confidential') || may(actor, 'records.release')) return false;
  const incident = await incidentBrief(tx, incidentNumber);
  return incident?.confidential ?? false;
}

function withheld(carried: Carried): Carried {
  return { ...carried, location: null, complainant: null, narrative: null };
}
