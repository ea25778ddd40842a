import { stringify } from 'csv-stringify/sync';
import { eventsOnDay } from '../core/events/log.ts';
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { paged, pageFrom, readableRows, type PageRequest } from '../core/paging.ts';
import { accessViews, readableAccesses } from './access.ts';
import { assignmentView } from './shift.ts';
import * as store from './store.ts';

/**
 * The Supply Supervisor's distribution record (O-604 §III.A), the access history per
 * box and per officer, the open accesses: for the console as JSON and as CSV.
 */
export async function distributionRecord(ctx: AppContext, filter: { key?: string | undefined; officer?: string | undefined } = {}) {
  let query = ctx.db.selectFrom('knox_assignment').selectAll().orderBy('assigned_at', 'desc');
  if (filter.key) query = query.where('key_number', '=', filter.key);
  if (filter.officer) query = query.where('officer', '=', filter.officer);
  const rows = await query.execute();
  const names = await store.people(ctx.db, rows.flatMap((r) => [r.officer, r.assigned_by, r.returned_to]));
  return rows.map((r) => ({
    ...assignmentView(r),
    officerName: store.displayName(names.get(r.officer), r.officer),
    assignedByName: store.displayName(names.get(r.assigned_by), r.assigned_by),
    returnedToName: r.returned_to ? store.displayName(names.get(r.returned_to), r.returned_to) : null,
  }));
}

type AccessFilter = { box?: string | undefined; officer?: string | undefined; open?: boolean | undefined };

function accessQuery(ctx: AppContext, filter: AccessFilter) {
  let query = ctx.db.selectFrom('knox_access').selectAll();
  if (filter.box) query = query.where('box_id', '=', filter.box);
  if (filter.officer) query = query.where('officer', '=', filter.officer);
  if (filter.open) query = query.where('status', '<>', 'returned');
  return query;
}

/** The whole access history matching a filter, newest first (the CSV exports). */
export async function accessHistory(ctx: AppContext, filter: AccessFilter = {}) {
  return accessViews(ctx, await accessQuery(ctx, filter).orderBy('requested_at', 'desc').orderBy('id', 'desc').execute());
}

export const ACCESSES_PAGE = { default: 100, max: 500 } as const;

/** The access history a reader may read, newest first, a page at a time: the rule filters before the page is cut. */
export async function accessHistoryPage(ctx: AppContext, actor: Actor, filter: AccessFilter, page: PageRequest) {
  const order = { columns: [['requested_at', 'timestamptz'], ['id', 'uuid']], direction: 'desc' } as const;
  const rows = await readableRows((batch) => paged(accessQuery(ctx, filter), order, batch, ACCESSES_PAGE.default).execute(), (batch) => readableAccesses(ctx, actor, batch), page, ACCESSES_PAGE.default);
  const shown = pageFrom(rows, page, ACCESSES_PAGE.default, ({ _page_key, ...row }) => row);
  return { ...shown, items: await accessViews(ctx, shown.items) };
}

type Distribution = Awaited<ReturnType<typeof distributionRecord>>;
type Accesses = Awaited<ReturnType<typeof accessHistory>>;

export function distributionCsv(rows: Distribution): string {
  return stringify(rows.map((r) => ({
    key: r.key, officer: r.officerName, call_sign: r.callSign ?? '', assigned_by: r.assignedByName, assigned_at: r.assignedAt,
    due_back_at: r.dueBackAt, returned_at: r.returnedAt ?? '', returned_to: r.returnedToName ?? '',
    went_off_duty: r.wentOffDuty ? 'yes' : 'no', lost_at: r.lostAt ?? '',
  })), { header: true });
}

export function accessesCsv(rows: Accesses): string {
  return stringify(rows.map((r) => ({
    incident: r.incident, box: r.box.id, building: r.box.building, reason: r.reason.code, clause: r.reason.clause ?? '',
    apartments: r.apartments.join(' '), occupant: r.occupant ?? '', officer: r.officerName, status: r.status,
    requested_at: r.requestedAt, authorized_by: r.authorizedByName ?? '', authorized_at: r.authorizedAt ?? '',
    removed_at: r.removedAt ?? '', returned_at: r.returnedAt ?? '',
    report_delivered: r.deliveries.length === 0 ? '' : r.deliveries.every((d) => d.status === 'delivered') ? 'yes' : 'pending',
  })), { header: true });
}

/** Removal and return times for the Dispatch Daily Log (O-604 §III.E, §III.G), from the event log. */
export async function dailyLog(ctx: AppContext, date: string) {
  const tz = ctx.config.agency.timeZone;
  const rows = await eventsOnDay(ctx.db, ['knox.master_keys_removed', 'knox.master_keys_returned', 'knox.access_authorized'], date, tz);
  const names = await store.people(ctx.db, rows.flatMap((r) => [r.actor.user, String(r.payload.officer ?? '')]));
  return rows.map((r) => {
    const officer = String(r.payload.officer ?? '');
    return {
      seq: r.seq, at: r.at, kind: r.kind, incident: r.subjectId,
      loggedBy: r.actor.user, loggedByName: r.actor.user ? store.displayName(names.get(r.actor.user), r.actor.user) : null,
      accessId: String(r.payload.accessId ?? ''), box: String(r.payload.box ?? ''), officer, officerName: officer ? store.displayName(names.get(officer), officer) : '',
    };
  });
}
