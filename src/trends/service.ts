/**
 * The Trends page (S-110 §II, §A.1.s): the filter checked, each chart's rows, and the CSV of
 * any chart. Who may read it: `stats.read` (the chief, captains, the commanding officer, the
 * records clerk and the auditor). Counts include confidential incidents (a count names no one);
 * the map and its export draw them only for holders of `dispatch.confidential`.
 */
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { BadRequest } from '../core/errors.ts';
import { permissionsOf } from '../core/permissions.ts';
import { agencyStamp } from '../core/clock.ts';
import { codeTable } from '../agency/service.ts';
import { toCsv } from '../audit/reports.ts';
import * as store from './store.ts';
import type { Chart, TrendFilter } from './schemas.ts';

/** Five years and a little: the longest period a chart covers (a year before is added by the comparisons). */
const MAX_DAYS = 5 * 366 + 31;
export const MAP_POINTS = 5000;

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** The filter as the store takes it; a period backwards or too long, or an unknown type, is a 400 naming the field. */
export async function periodOf(ctx: AppContext, filter: TrendFilter): Promise<store.Period> {
  if (dayNumber(filter.to) < dayNumber(filter.from)) throw new BadRequest('trends.period_backwards', `"to" (${filter.to}) is before "from" (${filter.from}).`, { field: 'to' });
  if (dayNumber(filter.to) - dayNumber(filter.from) >= MAX_DAYS) throw new BadRequest('trends.period_too_long', 'A chart covers at most five years.', { field: 'from' });
  if (filter.type !== undefined && !(await codeTable(ctx.db, 'incident_type', true)).some((t) => t.code === filter.type)) {
    throw new BadRequest('trends.unknown_type', `"${filter.type}" is not an incident type in the code table.`, { field: 'type' });
  }
  return { timeZone: ctx.config.agency.timeZone, from: filter.from, to: filter.to, type: filter.type, sector: filter.sector, priority: filter.priority };
}

function checkBy<T extends string>(filter: TrendFilter, allowed: readonly T[]): T {
  const by = filter.by ?? allowed[0]!;
  if (!(allowed as readonly string[]).includes(by)) throw new BadRequest('trends.bad_grouping', `This chart groups by ${allowed.join(' or ')}.`, { field: 'by' });
  return by as T;
}

async function typeNames(ctx: AppContext): Promise<Map<string, string>> {
  return new Map((await codeTable(ctx.db, 'incident_type', true)).map((t) => [t.code, t.name]));
}

/** One chart's rows for the filter, as the page draws them and the CSV lists them. */
export async function chartData(ctx: AppContext, actor: Actor, chart: Chart, filter: TrendFilter) {
  const p = await periodOf(ctx, filter);
  switch (chart) {
    case 'heatmap': return { chart, rows: await store.heatmap(ctx.db, p) };
    case 'monthly': {
      const by = checkBy(filter, ['type', 'sector'] as const);
      const names = by === 'type' ? await typeNames(ctx) : new Map<string, string>();
      const rows = await store.monthly(ctx.db, p, by);
      return { chart, rows: rows.map((r) => ({ ...r, name: names.get(r.key) ?? (r.key || '(no sector)') })) };
    }
    case 'response': return { chart, ...(await store.responseTimes(ctx.db, p, checkBy(filter, ['priority', 'sector', 'shift'] as const))) };
    case 'workload': return { chart, rows: await store.workload(ctx.db, p) };
    case 'crime': return { chart, rows: await store.crime(ctx.db, p) };
    case 'map': {
      const names = await typeNames(ctx);
      const confidential = permissionsOf(actor.roles).has('dispatch.confidential');
      const { rows, withheld } = await store.mapPoints(ctx.db, p, confidential, MAP_POINTS);
      return { chart, withheld, rows: rows.map((r) => ({ ...r, name: names.get(r.type) ?? r.type, reportedAt: r.reportedAt.toISOString() })) };
    }
  }
}

const COLUMNS: Record<Chart, string[]> = {
  heatmap: ['day', 'hour', 'calls', 'incidents'],
  monthly: ['month', 'key', 'name', 'count', 'yearBefore'],
  response: ['key', 'stage', 'incidents', 'medianSeconds', 'p90Seconds'],
  workload: ['callSign', 'shift', 'assignments', 'minutes'],
  crime: ['month', 'category', 'count', 'yearBefore'],
  map: ['number', 'type', 'name', 'priority', 'lat', 'lon', 'reportedAt'],
};

/** A chart's data as CSV (cells a spreadsheet would run as a formula quoted); map times on the agency's clock. */
export async function chartCsv(ctx: AppContext, actor: Actor, chart: Chart, filter: TrendFilter): Promise<string> {
  const data = await chartData(ctx, actor, chart, filter);
  const zone = ctx.config.agency.timeZone;
  const rows = chart === 'map' ? data.rows.map((r) => ({ ...r, reportedAt: agencyStamp(zone, (r as { reportedAt: string }).reportedAt) })) : data.rows;
  return toCsv(rows, COLUMNS[chart]);
}
