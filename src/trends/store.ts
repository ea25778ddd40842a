/**
 * The Trends page's aggregates (S-110 §II "analyzing work load, determining resource needs";
 * §A.1.s policing trends), each one SQL statement on the agency's clock. The CAD charts read the
 * roll-up of migration 0049 (`trend_incident`, `trend_call`, `trend_assignment`: one narrow row
 * per incident, call and unit assignment, kept by triggers in the writing transaction, with the
 * agency-clock month, day and hour worked out); the crime trend reads the cases. Duplicates merged
 * into another incident are not counted.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/index.ts';

/** A resolved filter: the period as instants (from the agency days), the optional narrowing. */
export interface Period {
  timeZone: string;
  /** Agency days, both included. */
  from: string;
  to: string;
  type?: string | undefined;
  sector?: string | undefined;
  priority?: number | undefined;
}

/**
 * The three watches the charts count by, on the agency's clock: the roster's shifts differ by
 * officer, so one fixed split is used for every chart (day 07–15, evening 15–23, night 23–07).
 */
export const SHIFTS = ['day 07–15', 'evening 15–23', 'night 23–07'] as const;
/** The watch of a roll-up row's agency-clock hour. */
const shiftOf = (hour: RawBuilder<unknown>) => sql<string>`case
  when ${hour} between 7 and 14 then ${SHIFTS[0]} when ${hour} between 15 and 22 then ${SHIFTS[1]} else ${SHIFTS[2]} end`;

const startOf = (p: Period, years = 0) => sql`((cast(${p.from} as date) - make_interval(years => ${years}))::timestamp at time zone ${p.timeZone})`;
const endOf = (p: Period, years = 0) => sql`((cast(${p.to} as date) + 1 - make_interval(years => ${years}))::timestamp at time zone ${p.timeZone})`;

/** The filter's type, sector and priority on a roll-up alias. */
function filters(p: Period, alias: string): RawBuilder<unknown> {
  const t = sql.ref(alias);
  const parts = [sql`true`];
  if (p.type !== undefined) parts.push(sql`${t}.type = ${p.type}`);
  if (p.sector !== undefined) parts.push(sql`${t}.sector = ${p.sector}`);
  if (p.priority !== undefined) parts.push(sql`${t}.priority = ${p.priority}`);
  return sql.join(parts, sql` and `);
}
/** The incident narrowing (type, sector, priority) on a roll-up alias (`i` or `a`); merged duplicates out. */
const narrowing = (p: Period, alias = 'i') => sql`${sql.ref(alias)}.counted and ${filters(p, alias)}`;
/** The first day of the month after `day` (YYYY-MM-DD), and of `day`'s own month. */
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
function nextMonth(day: string): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
/** The same day `years` earlier, as PostgreSQL's `date - interval` gives it (29 February → 28 February). */
function yearsBefore(day: string, years: number): string {
  if (years === 0) return day;
  const year = String(Number(day.slice(0, 4)) - years).padStart(4, '0');
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return day.slice(5) === '02-29' && !leap(Number(year)) ? `${year}-02-28` : `${year}${day.slice(4)}`;
}

const inPeriod = (column: RawBuilder<unknown>, p: Period, years = 0) => sql`${column} >= ${startOf(p, years)} and ${column} < ${endOf(p, years)}`;

/**
 * Agency days from `start` up to (not including) `end`, split for the counts by month (migrations
 * 0051 and 0054): the whole agency months between them are read from a monthly count, the days
 * before the first and after the last whole month from the roll-up's rows.
 */
interface Span { timeZone: string; start: string; end: string; firstWhole: string; afterWhole: string; months: boolean }
function span(p: Period, years = 0): Span {
  const start = yearsBefore(p.from, years);
  const end = yearsBefore(dayAfter(p.to), years);
  const firstWhole = start === monthStart(start) ? start : nextMonth(start);
  const afterWhole = monthStart(end);
  return { timeZone: p.timeZone, start, end, firstWhole, afterWhole, months: firstWhole < afterWhole };
}
const dayStart = (s: Span, day: string) => sql`(cast(${day} as date)::timestamp at time zone ${s.timeZone})`;
/** The rows of the span's days outside its whole months (all of it when it has none). */
const edgeDays = (column: RawBuilder<unknown>, s: Span) => (s.months
  ? sql`((${column} >= ${dayStart(s, s.start)} and ${column} < ${dayStart(s, s.firstWhole)}) or (${column} >= ${dayStart(s, s.afterWhole)} and ${column} < ${dayStart(s, s.end)}))`
  : sql`${column} >= ${dayStart(s, s.start)} and ${column} < ${dayStart(s, s.end)}`);
/** The monthly counts of the span's whole months (none when it has none). */
const wholeMonths = (month: RawBuilder<unknown>, s: Span) => (s.months ? sql`${month} >= cast(${s.firstWhole} as date) and ${month} < cast(${s.afterWhole} as date)` : sql`false`);

/** Calls (received) and incidents (reported) by ISO day of week and hour. A call is narrowed by its incident when a type or sector is asked for. */
export async function heatmap(db: Db, p: Period) {
  if (p.type === undefined && p.sector === undefined && p.priority === undefined) return heatmapByMonth(db, p);
  const callNarrowing = p.type !== undefined || p.sector !== undefined
    ? sql`exists (select 1 from trend_incident i where i.number = c.incident_number and ${narrowing({ ...p, priority: undefined })})` : sql`true`;
  const callPriority = p.priority !== undefined ? sql`c.priority = ${p.priority}` : sql`true`;
  const { rows } = await sql<{ day: number; hour: number; calls: number; incidents: number }>`
    with events as (
      select c.dow, c.hour, 1 as calls, 0 as incidents from trend_call c
        where ${inPeriod(sql`c.received_at`, p)} and ${callNarrowing} and ${callPriority}
      union all
      select i.dow, i.hour, 0, 1 from trend_incident i where ${inPeriod(sql`i.reported_at`, p)} and ${narrowing(p)}
    )
    select cast(dow as integer) as day, cast(hour as integer) as hour, cast(sum(calls) as integer) as calls, cast(sum(incidents) as integer) as incidents
    from events group by 1, 2 order by 1, 2`.execute(db);
  return rows;
}

/** The unfiltered heat map: whole months from `trend_heat` (migration 0054), the days around them from the rows. */
async function heatmapByMonth(db: Db, p: Period) {
  const s = span(p);
  const { rows } = await sql<{ day: number; hour: number; calls: number; incidents: number }>`
    select cast(dow as integer) as day, cast(hour as integer) as hour, cast(sum(calls) as integer) as calls, cast(sum(incidents) as integer) as incidents from (
      select h.dow, h.hour, h.calls, h.incidents from trend_heat h where ${wholeMonths(sql`h.month`, s)}
      union all
      select c.dow, c.hour, 1, 0 from trend_call c where ${edgeDays(sql`c.received_at`, s)}
      union all
      select i.dow, i.hour, 0, 1 from trend_incident i where ${edgeDays(sql`i.reported_at`, s)} and i.counted
    ) events group by 1, 2 having sum(calls) > 0 or sum(incidents) > 0 order by 1, 2`.execute(db);
  return rows;
}

/** Counted incidents of the span by month and `key`: whole months from `trend_month` (migration 0054), the days around them from the rows. */
const monthCounts = (p: Period, s: Span, key: 'type' | 'sector', current: boolean) => sql`
  select m.month, ${sql.ref(`m.${key}`)} as key, ${sql.lit(current)} as current, sum(m.n) as n from trend_month m where ${wholeMonths(sql`m.month`, s)} and ${filters(p, 'm')} group by 1, 2
  union all
  select i.month, ${sql.ref(`i.${key}`)}, ${sql.lit(current)}, count(*) from trend_incident i where ${edgeDays(sql`i.reported_at`, s)} and ${narrowing(p)} group by 1, 2`;

/** Incidents by month and type or sector, with the same month a year before (each counted in its own period, also where the two overlap). */
export async function monthly(db: Db, p: Period, by: 'type' | 'sector') {
  const { rows } = await sql<{ month: string; key: string; count: number; yearBefore: number }>`
    with counted as (${monthCounts(p, span(p), by, true)} union all ${monthCounts(p, span(p, 1), by, false)})
    -- a month a year before is drawn beside the same month of the period
    select to_char(case when current then month else month + interval '1 year' end, 'YYYY-MM') as month, key,
      cast(coalesce(sum(n) filter (where current), 0) as integer) as count, cast(coalesce(sum(n) filter (where not current), 0) as integer) as "yearBefore"
    from counted group by 1, 2 having sum(n) > 0 order by 1, 2`.execute(db);
  return rows;
}

type Stage = 'dispatch' | 'en_route' | 'arrival';
const STAGES: readonly Stage[] = ['dispatch', 'en_route', 'arrival'];
export interface ResponseRow { key: string; stage: Stage; incidents: number; medianSeconds: number; p90Seconds: number }
export interface ResponseBucket { stage: Stage; minute: number; incidents: number }

/** The width of the response-time histogram's buckets (migration 0051's `trend_response`). */
export const RESPONSE_BUCKET_SECONDS = 30;
/** Up to this many dispatched incidents in the period (or with a type filter) the percentiles are worked out exactly, to the second. */
export const EXACT_RESPONSE_LIMIT = 20_000;

/**
 * Whole seconds from the call received (the incident reported, when no call made it) to the first
 * unit dispatched, en route and arrived: the median and 90th percentile by group and stage, and
 * the whole-minute distribution. A period of at most `exactLimit` dispatched incidents (and any
 * period filtered by type) is read from the roll-up's rows, exactly to the second (PostgreSQL's
 * `percentile_cont`, linear between the two nearest ranks). A larger one is read from the
 * histogram of migration 0051 (whole agency months) plus the roll-up rows of the days before its
 * first and after its last whole month: the counts and the minute distribution are exact, and each
 * percentile is within one 30-second bucket of the exact one (the values of a bucket are taken as
 * spread evenly across it).
 */
export async function responseTimes(db: Db, p: Period, by: 'priority' | 'sector' | 'shift', exactLimit = EXACT_RESPONSE_LIMIT): Promise<{ rows: ResponseRow[]; buckets: ResponseBucket[] }> {
  if (p.type !== undefined) return exactResponseTimes(db, p, by);
  const histogram = await responseHistogram(db, p, by);
  const dispatched = histogram.filter((h) => h.stage === 1).reduce((sum, h) => sum + h.n, 0);
  if (dispatched <= exactLimit) return exactResponseTimes(db, p, by);
  return fromHistogram(histogram);
}


/** The period's counts by group, stage and 30-second bucket: whole months from the histogram, the days around them from the roll-up rows. */
async function responseHistogram(db: Db, p: Period, by: 'priority' | 'sector' | 'shift') {
  const s = span(p);
  const rollupKey = by === 'priority' ? sql`cast(r.priority as text)` : by === 'sector' ? sql`r.sector` : sql`cast(r.watch as text)`;
  const rowKey = by === 'priority' ? sql`cast(i.priority as text)` : by === 'sector' ? sql`i.sector` : sql`cast(trend_watch(i.hour) as text)`;
  const narrow = (alias: string) => filters({ ...p, type: undefined }, alias); // a type filter reads the rows exactly
  const { rows } = await sql<{ key: string; stage: number; bucket: number; n: number }>`
    select key, stage, bucket, cast(sum(n) as integer) as n from (
      select ${rowKey} as key, s.stage, s.seconds / ${sql.lit(RESPONSE_BUCKET_SECONDS)} as bucket, count(*) as n
      from trend_incident i cross join lateral (values (1, i.dispatch_seconds), (2, i.en_route_seconds), (3, i.arrival_seconds)) s(stage, seconds)
      where ${edgeDays(sql`i.reported_at`, s)} and i.counted and ${narrow('i')} and i.dispatch_seconds is not null and s.seconds is not null
      group by 1, 2, 3
      union all
      select ${rollupKey}, r.stage, r.bucket, sum(r.n)
      from trend_response r where ${wholeMonths(sql`r.month`, s)} and ${narrow('r')} and r.n > 0
      group by 1, 2, 3
    ) counted group by 1, 2, 3 order by 1, 2, 3`.execute(db);
  return rows.map((r) => ({ key: by === 'shift' ? SHIFTS[Number(r.key) - 1]! : r.key, stage: Number(r.stage), bucket: Number(r.bucket), n: Number(r.n) }));
}

/** Medians, 90th percentiles and the minute distribution from the histogram; the values of a bucket taken as spread evenly across it. */
function fromHistogram(histogram: { key: string; stage: number; bucket: number; n: number }[]) {
  const groups = new Map<string, { key: string; stage: number; buckets: { bucket: number; n: number }[] }>();
  const minutes = new Map<string, number>();
  for (const h of histogram) {
    if (h.n <= 0) continue;
    const id = `${h.key}\u0000${h.stage}`;
    const group = groups.get(id) ?? { key: h.key, stage: h.stage, buckets: [] };
    group.buckets.push({ bucket: h.bucket, n: h.n });
    groups.set(id, group);
    const minute = Math.min(Math.floor((h.bucket * RESPONSE_BUCKET_SECONDS) / 60), 30);
    minutes.set(`${h.stage}|${minute}`, (minutes.get(`${h.stage}|${minute}`) ?? 0) + h.n);
  }
  const rows: ResponseRow[] = [];
  for (const g of groups.values()) {
    g.buckets.sort((a, b) => a.bucket - b.bucket);
    const total = g.buckets.reduce((sum, b) => sum + b.n, 0);
    /** The value of the 0-based rank `r`: its place among its bucket's values, spread evenly. */
    const valueAt = (r: number) => {
      let before = 0;
      for (const b of g.buckets) {
        if (r < before + b.n) return RESPONSE_BUCKET_SECONDS * (b.bucket + (r - before + 0.5) / b.n);
        before += b.n;
      }
      return RESPONSE_BUCKET_SECONDS * (g.buckets[g.buckets.length - 1]!.bucket + 1);
    };
    const percentile = (f: number) => {
      const x = f * (total - 1);
      const low = Math.floor(x);
      const lo = valueAt(low);
      return lo + (valueAt(Math.min(low + 1, total - 1)) - lo) * (x - low);
    };
    rows.push({ key: g.key, stage: STAGES[g.stage - 1]!, incidents: total, medianSeconds: percentile(0.5), p90Seconds: percentile(0.9) });
  }
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage)));
  const buckets = [...minutes].map(([id, incidents]) => {
    const [stage, minute] = id.split('|').map(Number) as [number, number];
    return { stage: STAGES[stage - 1]!, minute, incidents, order: stage };
  }).sort((a, b) => a.order - b.order || a.minute - b.minute).map(({ stage, minute, incidents }) => ({ stage, minute, incidents }));
  return { rows, buckets };
}

/**
 * The exact response times from the roll-up's rows: the incidents at each second of each stage
 * by group, then PostgreSQL's `percentile_cont` worked out from those counts, so no list of every
 * incident's times is sorted.
 */
async function exactResponseTimes(db: Db, p: Period, by: 'priority' | 'sector' | 'shift') {
  const key = by === 'priority' ? sql`cast(i.priority as text)` : by === 'sector' ? sql`i.sector` : shiftOf(sql`i.hour`);
  /** The value at fraction `f` of the (key, stage) group, from `lo` and `hi`, the values at the two ranks around it. */
  const between = (f: number, lo: string, hi: string) =>
    sql`cast(${sql.ref(lo)} + (coalesce(${sql.ref(hi)}, ${sql.ref(lo)}) - ${sql.ref(lo)}) * (${f} * (total - 1) - floor(${f} * (total - 1))) as double precision)`;
  const rank = (f: number, next: 0 | 1) => sql`min(seconds) filter (where upto > floor(${f} * (total - 1)) + ${next})`;
  const { rows } = await sql<{ key: string | null; stage: 'dispatch' | 'en_route' | 'arrival'; minute: number | null; incidents: number; medianSeconds: number; p90Seconds: number; distribution: number }>`
    with grouped as (
      -- one pass: the incidents at each second of each stage, a grouping set per stage
      select ${key} as key, i.dispatch_seconds as d, i.en_route_seconds as e, i.arrival_seconds as a,
        grouping(i.dispatch_seconds) as not_d, grouping(i.en_route_seconds) as not_e, count(*) as n
      from trend_incident i
      where ${inPeriod(sql`i.reported_at`, p)} and ${narrowing(p)} and i.dispatch_seconds is not null
      group by grouping sets ((1, 2), (1, 3), (1, 4))
    ), at_second as (
      select key, case when not_d = 0 then 1 when not_e = 0 then 2 else 3 end as stage, coalesce(d, e, a) as seconds, n
      from grouped where coalesce(d, e, a) is not null
    ), ranked as (
      select key, stage, seconds, sum(n) over (partition by key, stage order by seconds) as upto, sum(n) over (partition by key, stage) as total from at_second
    ), ranks as (
      select key, stage, total, ${rank(0.5, 0)} as m0, ${rank(0.5, 1)} as m1, ${rank(0.9, 0)} as q0, ${rank(0.9, 1)} as q1
      from ranked group by key, stage, total
    )
    select key, (array['dispatch', 'en_route', 'arrival'])[stage] as stage, cast(null as integer) as minute, cast(total as integer) as incidents,
      ${between(0.5, 'm0', 'm1')} as "medianSeconds", ${between(0.9, 'q0', 'q1')} as "p90Seconds", 0 as distribution, stage as stage_order
    from ranks
    union all
    select null, (array['dispatch', 'en_route', 'arrival'])[stage], least(seconds / 60, 30), cast(sum(n) as integer), null, null, 1, stage
    from at_second group by stage, least(seconds / 60, 30)
    order by distribution, key, stage_order, minute`.execute(db);
  return {
    rows: rows.filter((r) => r.distribution === 0).map(({ key, stage, incidents, medianSeconds, p90Seconds }) => ({ key: key ?? '', stage, incidents, medianSeconds, p90Seconds })),
    buckets: rows.filter((r) => r.distribution === 1).map(({ stage, minute, incidents }) => ({ stage, minute: minute ?? 0, incidents })),
  };
}

/** Time committed per unit and watch: dispatched to cleared (or the period's end, for a unit not yet clear), assignments started in the period. */
export async function workload(db: Db, p: Period) {
  const end = endOf(p);
  const { rows } = await sql<{ callSign: string; shift: string; assignments: number; minutes: number }>`
    select a.call_sign as "callSign", ${shiftOf(sql`a.hour`)} as shift, cast(count(*) as integer) as assignments,
      cast(round(cast(extract(epoch from sum(least(coalesce(a.cleared_at, ${end}), ${end}) - a.dispatched_at)) / 60 as numeric), 1) as double precision) as minutes
    from trend_assignment a
    where ${inPeriod(sql`a.dispatched_at`, p)} and ${narrowing(p, 'a')}
    group by 1, 2 order by 1, 2`.execute(db);
  return rows;
}

/**
 * The NIBRS Group A offenses of the period's cases, by month, through the agency's offense
 * mapping (S-110 §A.1.q): the eight Part I offenses by name, every other Group A offense together.
 * Group B codes (90A–90Z) are not crimes the trend counts. A case is placed by when it occurred.
 */
export async function crime(db: Db, p: Period) {
  const zone = p.timeZone;
  const sector = p.sector !== undefined ? sql`c.location->>'area' = ${p.sector}` : sql`true`;
  const { rows } = await sql<{ month: string; category: string; count: number; yearBefore: number }>`
    with picked as (
      select c.occurred_at >= ${startOf(p)} as current,
        to_char((c.occurred_at at time zone ${zone}) + case when c.occurred_at >= ${startOf(p)} then interval '0' else interval '1 year' end, 'YYYY-MM') as month,
        case when m.nibrs_code in ('09A', '09B') then 'Homicide' when m.nibrs_code in ('11A', '11B', '11C') then 'Rape'
          when m.nibrs_code = '120' then 'Robbery' when m.nibrs_code = '13A' then 'Aggravated assault' when m.nibrs_code = '220' then 'Burglary'
          when m.nibrs_code like '23_' then 'Larceny-theft' when m.nibrs_code = '240' then 'Motor vehicle theft' when m.nibrs_code = '200' then 'Arson'
          else 'Other Group A' end as category
      from record_case c join nibrs_offense_map m on m.agency_code = upper(c.type)
      where m.nibrs_code not like '90_' and ${sector}
        and ((${inPeriod(sql`c.occurred_at`, p)}) or (c.occurred_at >= ${startOf(p, 1)} and c.occurred_at < ${endOf(p, 1)}))
    )
    select month, category, cast(count(*) filter (where current) as integer) as count, cast(count(*) filter (where not current) as integer) as "yearBefore"
    from picked group by month, category order by month, category`.execute(db);
  return rows;
}

/**
 * The points of the period's incidents, newest first (at most `limit`). Without the confidential
 * permission, confidential incidents and those at a shelter address (81A §D.3.c, §E.2.c) are not drawn;
 * a shelter's location carries no point anyway. `withheld` counts the period's incidents not drawn.
 */
export async function mapPoints(db: Db, p: Period, mayReadConfidential: boolean, limit: number) {
  const hidden = mayReadConfidential ? sql`false` : sql`(i.hidden or exists (select 1 from shelter_address s where s.incident_number = i.number))`;
  const { rows } = await sql<{ number: string; type: string; priority: number; lat: number; lon: number; reportedAt: Date }>`
    select i.number, i.type, i.priority, i.lat, i.lon, i.reported_at as "reportedAt"
    from trend_incident i where ${inPeriod(sql`i.reported_at`, p)} and ${narrowing(p)} and not ${hidden} and i.lat is not null and i.lon is not null
    order by i.reported_at desc limit ${limit}`.execute(db);
  const total = await sql<{ n: number }>`select cast(coalesce(sum(n), 0) as integer) as n from (${monthCounts(p, span(p), 'type', true)}) counted`.execute(db);
  return { rows, withheld: (total.rows[0]?.n ?? 0) - rows.length };
}
