/**
 * The Trends page's aggregates (S-110 §II "analyzing work load, determining resource needs";
 * §A.1.s policing trends), each one SQL statement over the CAD and records tables, on the
 * agency's clock. Duplicates merged into another incident are not counted.
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
const shiftOf = (at: RawBuilder<unknown>, zone: string) => sql<string>`case
  when extract(hour from ${at} at time zone ${zone}) between 7 and 14 then ${SHIFTS[0]}
  when extract(hour from ${at} at time zone ${zone}) between 15 and 22 then ${SHIFTS[1]}
  else ${SHIFTS[2]} end`;

const startOf = (p: Period, years = 0) => sql`((cast(${p.from} as date) - make_interval(years => ${years}))::timestamp at time zone ${p.timeZone})`;
const endOf = (p: Period, years = 0) => sql`((cast(${p.to} as date) + 1 - make_interval(years => ${years}))::timestamp at time zone ${p.timeZone})`;

/** The incident narrowing (type, sector, priority) on alias `i`; merged duplicates out. */
function narrowing(p: Period): RawBuilder<unknown> {
  const parts = [sql`i.merged_into is null`];
  if (p.type !== undefined) parts.push(sql`i.type = ${p.type}`);
  if (p.sector !== undefined) parts.push(sql`i.location->>'area' = ${p.sector}`);
  if (p.priority !== undefined) parts.push(sql`i.priority = ${p.priority}`);
  return sql.join(parts, sql` and `);
}
const inPeriod = (column: RawBuilder<unknown>, p: Period) => sql`${column} >= ${startOf(p)} and ${column} < ${endOf(p)}`;

/** Calls (received) and incidents (reported) by ISO day of week and hour. A call is narrowed by its incident when a type or sector is asked for. */
export async function heatmap(db: Db, p: Period) {
  const zone = p.timeZone;
  const callNarrowing = p.type !== undefined || p.sector !== undefined
    ? sql`exists (select 1 from incident i where i.number = c.incident_number and ${narrowing({ ...p, priority: undefined })})` : sql`true`;
  const callPriority = p.priority !== undefined ? sql`c.priority = ${p.priority}` : sql`true`;
  const { rows } = await sql<{ day: number; hour: number; calls: number; incidents: number }>`
    with events as (
      select c.received_at as at, 1 as calls, 0 as incidents from call c
        where ${inPeriod(sql`c.received_at`, p)} and ${callNarrowing} and ${callPriority}
      union all
      select i.reported_at, 0, 1 from incident i where ${inPeriod(sql`i.reported_at`, p)} and ${narrowing(p)}
    )
    select cast(extract(isodow from at at time zone ${zone}) as integer) as day, cast(extract(hour from at at time zone ${zone}) as integer) as hour,
      cast(sum(calls) as integer) as calls, cast(sum(incidents) as integer) as incidents
    from events group by 1, 2 order by 1, 2`.execute(db);
  return rows;
}

/** Incidents by month and type or sector, with the same month a year before. */
export async function monthly(db: Db, p: Period, by: 'type' | 'sector') {
  const zone = p.timeZone;
  const key = by === 'type' ? sql`i.type` : sql`coalesce(i.location->>'area', '')`;
  const { rows } = await sql<{ month: string; key: string; count: number; yearBefore: number }>`
    with picked as (
      select i.reported_at >= ${startOf(p)} as current, ${key} as key,
        to_char((i.reported_at at time zone ${zone}) + case when i.reported_at >= ${startOf(p)} then interval '0' else interval '1 year' end, 'YYYY-MM') as month
      from incident i
      where ((${inPeriod(sql`i.reported_at`, p)}) or (i.reported_at >= ${startOf(p, 1)} and i.reported_at < ${endOf(p, 1)})) and ${narrowing(p)}
    )
    select month, key, cast(count(*) filter (where current) as integer) as count, cast(count(*) filter (where not current) as integer) as "yearBefore"
    from picked group by month, key order by month, key`.execute(db);
  return rows;
}

/**
 * Seconds from the call received (the incident reported, when no call made it) to the first unit
 * dispatched, en route and arrived, per incident; then the median and 90th percentile by group
 * and the whole-minute distribution.
 */
export async function responseTimes(db: Db, p: Period, by: 'priority' | 'sector' | 'shift') {
  const zone = p.timeZone;
  const key = by === 'priority' ? sql`cast(i.priority as text)` : by === 'sector' ? sql`coalesce(i.location->>'area', '')` : shiftOf(sql`i.reported_at`, zone);
  const perIncident = sql`
    with per as (
      select ${key} as key, coalesce(c.received_at, i.reported_at) as started,
        min(u.dispatched_at) as dispatched, min(u.en_route_at) as en_route, min(u.arrived_at) as arrived
      from incident i join incident_unit u on u.incident_number = i.number left join call c on c.id = i.call_id
      where ${inPeriod(sql`i.reported_at`, p)} and ${narrowing(p)}
      group by i.number, 1, 2
    ), stages as (
      select key, 'dispatch' as stage, extract(epoch from dispatched - started) as seconds from per
      union all select key, 'en_route', extract(epoch from en_route - started) from per where en_route is not null
      union all select key, 'arrival', extract(epoch from arrived - started) from per where arrived is not null
    )`;
  // one pass: the (key, stage) groups carry the percentiles, the (stage, minute) groups the distribution
  const { rows } = await sql<{ key: string | null; stage: 'dispatch' | 'en_route' | 'arrival'; minute: number | null; incidents: number; medianSeconds: number; p90Seconds: number; distribution: number }>`${perIncident},
    timed as (select key, stage, greatest(seconds, 0) as seconds, cast(least(floor(greatest(seconds, 0) / 60), 30) as integer) as minute from stages)
    select key, stage, minute, cast(count(*) as integer) as incidents,
      cast(percentile_cont(0.5) within group (order by seconds) as double precision) as "medianSeconds",
      cast(percentile_cont(0.9) within group (order by seconds) as double precision) as "p90Seconds",
      cast(grouping(key) as integer) as distribution
    from timed group by grouping sets ((key, stage), (stage, minute))
    order by key, array_position(array['dispatch', 'en_route', 'arrival'], stage), minute`.execute(db);
  return {
    rows: rows.filter((r) => r.distribution === 0).map(({ key, stage, incidents, medianSeconds, p90Seconds }) => ({ key: key ?? '', stage, incidents, medianSeconds, p90Seconds })),
    buckets: rows.filter((r) => r.distribution === 1).map(({ stage, minute, incidents }) => ({ stage, minute: minute ?? 0, incidents })),
  };
}

/** Time committed per unit and watch: dispatched to cleared (or the period's end, for a unit not yet clear), assignments started in the period. */
export async function workload(db: Db, p: Period) {
  const { rows } = await sql<{ callSign: string; shift: string; assignments: number; minutes: number }>`
    select u.call_sign as "callSign", ${shiftOf(sql`u.dispatched_at`, p.timeZone)} as shift, cast(count(*) as integer) as assignments,
      cast(round(cast(sum(extract(epoch from least(coalesce(u.cleared_at, ${endOf(p)}), ${endOf(p)}) - u.dispatched_at)) / 60 as numeric), 1) as double precision) as minutes
    from incident_unit u join incident i on i.number = u.incident_number
    where ${inPeriod(sql`u.dispatched_at`, p)} and ${narrowing(p)}
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
  const hidden = mayReadConfidential ? sql`false`
    : sql`(i.confidential or coalesce(i.location->>'confidentialShelter', 'false') = 'true' or exists (select 1 from shelter_address s where s.incident_number = i.number))`;
  const drawable = sql`not ${hidden} and jsonb_typeof(i.location->'lat') = 'number' and jsonb_typeof(i.location->'lon') = 'number'`;
  const { rows } = await sql<{ number: string; type: string; priority: number; lat: number; lon: number; reportedAt: Date }>`
    select i.number, i.type, i.priority, cast(i.location->>'lat' as double precision) as lat, cast(i.location->>'lon' as double precision) as lon, i.reported_at as "reportedAt"
    from incident i where ${inPeriod(sql`i.reported_at`, p)} and ${narrowing(p)} and ${drawable}
    order by i.reported_at desc limit ${limit}`.execute(db);
  const total = await sql<{ n: number }>`select cast(count(*) as integer) as n from incident i where ${inPeriod(sql`i.reported_at`, p)} and ${narrowing(p)}`.execute(db);
  return { rows, withheld: (total.rows[0]?.n ?? 0) - rows.length };
}
