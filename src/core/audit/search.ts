import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { CANONICAL, GENESIS } from './chain.ts';
import { paged, pageFrom, type Page, type PageOrder, type PageRequest } from '../paging.ts';

/** What the audit browser looks for (src/audit/browser.ts): each filter has its index (migration 0034). */
export interface TrailFilter {
  person?: string | undefined;
  recordType?: string | undefined;
  recordId?: string | undefined;
  /** Reads only (a GET, or an action named as a read, print, export or playback) or changes only (everything else). */
  access?: 'read' | 'change' | undefined;
  /** The records the rows name, as subject or among `detail.also`, when one record stands for several (a case and its reports). */
  records?: readonly { type: string; id: string }[] | undefined;
  action?: string | undefined;
  outcome?: 'allowed' | 'denied' | 'failed' | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * A row that records a read: a GET (its action is the route, or its detail names one), or an action named as a read,
 * a print, an export or a playback (records.juvenile.read, incident.read_confidential, it.register_printed,
 * recording.played…). Everything else records a change, a sign-in or a refusal of one.
 */
const IS_READ = sql<boolean>`(audit.action like 'GET %' or audit.detail ->> 'route' like 'GET %'
  or audit.action ~ '(^|[._])(read|printed|exported|played|viewed|replay)($|[._])')`;

const ORDER: PageOrder = { columns: [['at', 'timestamptz'], ['id', 'bigint']], direction: 'desc' };

/** The audit rows the filter selects (with their chain position), in the browser's order, not yet paged. */
function selection(db: Db, timeZone: string, f: TrailFilter) {
  let q = db.selectFrom('audit').leftJoin('audit_link', 'audit_link.audit_id', 'audit.id').select([
    'audit.id', 'audit.at', 'audit.username', 'audit.role', 'audit.source', 'audit.remote', 'audit.action', 'audit.subject_type',
    'audit.subject_id', 'audit.outcome', 'audit.reason', 'audit.detail', 'audit_link.position', 'audit_link.mac',
  ]);
  if (f.person) q = q.where('audit.username', '=', f.person.toLowerCase());
  if (f.action) q = q.where('audit.action', '=', f.action);
  if (f.outcome) q = q.where('audit.outcome', '=', f.outcome);
  // A day of the agency's calendar, from its first to its last instant in the agency's zone.
  if (f.from) q = q.where(sql<boolean>`audit.at >= (cast(${f.from} as date)::timestamp at time zone ${timeZone})`);
  if (f.to) q = q.where(sql<boolean>`audit.at < ((cast(${f.to} as date) + 1)::timestamp at time zone ${timeZone})`);
  if (f.access) q = q.where(f.access === 'read' ? IS_READ : sql<boolean>`not (${IS_READ})`);
  const records = f.records ?? (f.recordType && f.recordId ? [{ type: f.recordType, id: f.recordId }] : []);
  if (records.length) {
    q = q.where((eb) => eb.or(records.flatMap(({ type, id }) => [
      eb.and([eb('audit.subject_type', '=', type), eb('audit.subject_id', '=', id)]),
      sql<boolean>`audit.detail -> 'also' @> cast(${JSON.stringify([`${type}:${id}`])} as jsonb)`,
    ])));
  }
  return q;
}

export type TrailDbRow = Awaited<ReturnType<ReturnType<typeof selection>['execute']>>[number];

/** A page of the rows the filter selects, newest first (keyed on time and id). */
export async function trailPage(db: Db, timeZone: string, f: TrailFilter, page: PageRequest, defaultLimit: number): Promise<Page<TrailDbRow>> {
  const rows = await paged(selection(db, timeZone, f), ORDER, page, defaultLimit).execute();
  return pageFrom(rows, page, defaultLimit, ({ _page_key: _, ...row }) => row);
}

/** The first `limit` rows the filter selects, newest first (an export). */
export function trailRows(db: Db, timeZone: string, f: TrailFilter, limit: number): Promise<TrailDbRow[]> {
  return selection(db, timeZone, f).orderBy('audit.at', 'desc').orderBy('audit.id', 'desc').limit(limit).execute();
}

/** Where an audit row stands in the keyed chain: its position and MAC, the MAC before it, and the row's text as the MAC covers it. */
export interface ChainEvidence { id: number; position: number; mac: string; previous: string; canonical: string }

/** The chain's evidence for these audit rows (rows not yet linked are left out), to print an extract and to check one. */
export async function chainEvidence(db: Db, ids: readonly number[]): Promise<Map<number, ChainEvidence>> {
  const found = new Map<number, ChainEvidence>();
  for (let i = 0; i < ids.length; i += 1000) {
    const batch = ids.slice(i, i + 1000);
    const { rows } = await sql<{ id: number; position: number; mac: string; previous: string | null; canonical: string }>`
      select a.id, l.position, l.mac, p.mac as previous, ${CANONICAL} as canonical
      from audit a join audit_link l on l.audit_id = a.id left join audit_link p on p.position = l.position - 1
      where a.id in (${sql.join(batch)})`.execute(db);
    for (const r of rows) found.set(Number(r.id), { id: Number(r.id), position: Number(r.position), mac: r.mac, previous: r.previous ?? GENESIS, canonical: r.canonical });
  }
  return found;
}
