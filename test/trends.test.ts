import { afterAll, beforeAll, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import { sql } from 'kysely';
import { forEachDatabase, type TestDatabase } from './support/databases.ts';
import { signedInAs } from './support/session.ts';
import { setTrendClock } from '../src/trends/rollup.ts';
import { responseTimes, RESPONSE_BUCKET_SECONDS } from '../src/trends/store.ts';
import type { Db } from '../src/db/index.ts';

/**
 * Policing trends (S-110 §II, §A.1.s): a small known set of incidents, calls, unit assignments
 * and cases is written, and every chart's aggregate is checked against what the test works out
 * from that same set on the agency's clock.
 */
const ZONE = 'America/New_York';
interface Fixture {
  number: string; type: string; priority: number; area: string; reportedAt: string; confidential?: boolean; point?: [number, number];
  /** seconds from the call received to the incident reported; no call when absent */
  callBefore?: number;
  units: { callSign: string; dispatch: number; enRoute?: number; arrive?: number; clear?: number }[];
}
// times as the agency's clock would show them (EST, -05:00, before the March change; EDT after)
const FIXTURES: Fixture[] = [
  { number: 'T25-1', type: 'BURGLARY', priority: 2, area: 'North', reportedAt: '2025-03-03T08:10:00-05:00', callBefore: 60, point: [42.31, -72.63],
    units: [{ callSign: 'TR1', dispatch: 120, enRoute: 180, arrive: 600, clear: 3600 }] },
  { number: 'T25-2', type: 'BURGLARY', priority: 2, area: 'South', reportedAt: '2025-03-03T08:40:00-05:00', point: [42.32, -72.64],
    units: [{ callSign: 'TR1', dispatch: 300, enRoute: 330, arrive: 900, clear: 1800 }, { callSign: 'TR2', dispatch: 400, arrive: 1500, clear: 2400 }] },
  { number: 'T25-3', type: 'ASSAULT', priority: 1, area: 'North', reportedAt: '2025-03-15T23:30:00-04:00', callBefore: 30, confidential: true, point: [42.33, -72.65],
    units: [{ callSign: 'TR2', dispatch: 45, enRoute: 60, arrive: 240, clear: 5400 }] },
  { number: 'T25-4', type: 'LARCENY', priority: 3, area: '=HYPERLINK("http://x")', reportedAt: '2025-04-02T16:05:00-04:00', point: [42.34, -72.66],
    units: [{ callSign: 'TR1', dispatch: 900, enRoute: 960, arrive: 1900, clear: 4000 }] },
  { number: 'T25-5', type: 'NOISE', priority: 4, area: 'South', reportedAt: '2025-04-20T02:15:00-04:00', units: [] },
  // a year before: only counted in the comparisons
  { number: 'T24-1', type: 'BURGLARY', priority: 2, area: 'North', reportedAt: '2024-03-20T10:00:00-04:00', units: [] },
  { number: 'T24-2', type: 'LARCENY', priority: 3, area: 'North', reportedAt: '2024-04-10T10:00:00-04:00', units: [] },
  // outside both periods
  { number: 'T23-1', type: 'BURGLARY', priority: 2, area: 'North', reportedAt: '2023-03-20T10:00:00-04:00', units: [] },
];
const FROM = '2025-03-01';
const TO = '2025-04-30';
const inPeriod = (f: Fixture) => f.reportedAt >= '2025-03-01' && f.reportedAt < '2025-05-01';
const CASES = [
  { number: 'C25-1', type: 'BURGLARY', occurredAt: '2025-03-02T12:00:00-05:00' }, // Part I burglary (220)
  { number: 'C25-2', type: 'LARCENY', occurredAt: '2025-03-10T12:00:00-04:00' }, // larceny-theft (23H)
  { number: 'C25-3', type: 'ASSAULT', occurredAt: '2025-04-11T12:00:00-04:00' }, // simple assault (13B): other Group A
  { number: 'C25-4', type: 'DRUNK', occurredAt: '2025-04-12T12:00:00-04:00' }, // Group B (90E): not counted
  { number: 'C24-1', type: 'BURGLARY', occurredAt: '2024-03-05T12:00:00-05:00' },
];

const local = (at: Date) => Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'short', hour: '2-digit', hourCycle: 'h23', year: 'numeric', month: '2-digit' })
  .formatToParts(at).map((p) => [p.type, p.value]));
const isoDay = (at: Date) => ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(local(at).weekday!) + 1;
const hourOf = (at: Date) => Number(local(at).hour);
const monthOf = (at: Date) => `${local(at).year}-${local(at).month}`;
const shiftOf = (at: Date) => (hourOf(at) >= 7 && hourOf(at) < 15 ? 'day 07–15' : hourOf(at) >= 15 && hourOf(at) < 23 ? 'evening 15–23' : 'night 23–07');
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000);
/** PostgreSQL's percentile_cont: linear between the two nearest ranks. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = p * (sorted.length - 1);
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (at - low);
}


/**
 * The roll-up (migration 0049) as a recount from the CAD tables would make it, in `zone`: what
 * the triggers keep must always equal it, whatever wrote the incident, its units or its call.
 */
async function recount(db: Db, zone: string) {
  const local = (at: string) => sql.raw(`cast(extract(hour from ${at} at time zone '${zone}') as integer)`);
  const incidents = await sql<Record<string, unknown>>`
    select i.number, i.type, i.priority, coalesce(i.location->>'area', '') as sector, i.merged_into is null as counted,
      i.confidential or coalesce(i.location->>'confidentialShelter', 'false') = 'true' as hidden,
      to_char(i.reported_at at time zone ${zone}, 'YYYY-MM') as month, cast(extract(isodow from i.reported_at at time zone ${zone}) as integer) as dow, ${local('i.reported_at')} as hour,
      cast(round(extract(epoch from min(u.dispatched_at) - coalesce(c.received_at, i.reported_at))) as integer) as dispatch,
      cast(round(extract(epoch from min(u.en_route_at) - coalesce(c.received_at, i.reported_at))) as integer) as en_route,
      cast(round(extract(epoch from min(u.arrived_at) - coalesce(c.received_at, i.reported_at))) as integer) as arrival
    from incident i left join call c on c.id = i.call_id left join incident_unit u on u.incident_number = i.number
    group by i.number, c.received_at order by i.number`.execute(db);
  const kept = await sql<Record<string, unknown>>`
    select number, type, priority, sector, counted, hidden, to_char(month, 'YYYY-MM') as month, cast(dow as integer) as dow, cast(hour as integer) as hour,
      dispatch_seconds as dispatch, en_route_seconds as en_route, arrival_seconds as arrival
    from trend_incident order by number`.execute(db);
  const assignments = await sql<Record<string, unknown>>`
    select u.incident_number, u.call_sign, u.dispatched_at, u.cleared_at, ${local('u.dispatched_at')} as hour, i.type, i.priority, coalesce(i.location->>'area', '') as sector, i.merged_into is null as counted
    from incident_unit u join incident i on i.number = u.incident_number order by 1, 2, 3`.execute(db);
  const keptAssignments = await sql<Record<string, unknown>>`
    select incident_number, call_sign, dispatched_at, cleared_at, cast(hour as integer) as hour, type, priority, sector, counted from trend_assignment order by 1, 2, 3`.execute(db);
  const calls = await sql<Record<string, unknown>>`
    select id, priority, incident_number, to_char(received_at at time zone ${zone}, 'YYYY-MM') as month, cast(extract(isodow from received_at at time zone ${zone}) as integer) as dow,
      ${local('received_at')} as hour from call order by id`.execute(db);
  const keptCalls = await sql<Record<string, unknown>>`select id, priority, incident_number, to_char(month, 'YYYY-MM') as month, cast(dow as integer) as dow, cast(hour as integer) as hour from trend_call order by id`.execute(db);
  // the counts by month of migration 0054: counted incidents by month, type, priority and sector; calls and counted incidents by month, day and hour
  const tally = (counts: Map<string, number>, key: string, n = 1) => counts.set(key, (counts.get(key) ?? 0) + n);
  const byMonth = new Map<string, number>();
  const heat = new Map<string, number>();
  for (const r of incidents.rows) {
    if (!r.counted) continue;
    tally(byMonth, `${String(r.month)}|${String(r.type)}|${String(r.priority)}|${String(r.sector)}`);
    tally(heat, `${String(r.month)}|${String(r.dow)}|${String(r.hour)}|incidents`);
  }
  for (const r of calls.rows) tally(heat, `${String(r.month)}|${String(r.dow)}|${String(r.hour)}|calls`);
  const keptByMonth = await sql<{ key: string; n: number }>`select to_char(month, 'YYYY-MM') || '|' || type || '|' || priority || '|' || sector as key, n from trend_month where n <> 0`.execute(db);
  const keptHeat = await sql<{ key: string; n: number }>`
    select to_char(month, 'YYYY-MM') || '|' || dow || '|' || hour || '|calls' as key, calls as n from trend_heat where calls <> 0
    union all select to_char(month, 'YYYY-MM') || '|' || dow || '|' || hour || '|incidents', incidents from trend_heat where incidents <> 0`.execute(db);
  // the response-time histogram (migration 0051): counted, dispatched incidents by month, priority, sector, watch, stage and 30-second bucket
  const histogram = new Map<string, number>();
  for (const r of incidents.rows) {
    if (!r.counted || r.dispatch === null) continue;
    const hour = Number(r.hour);
    const watch = hour >= 7 && hour < 15 ? 1 : hour >= 15 && hour < 23 ? 2 : 3;
    for (const [stage, seconds] of [[1, r.dispatch], [2, r.en_route], [3, r.arrival]] as const) {
      if (seconds === null) continue;
      const key = `${String(r.month)}|${String(r.priority)}|${String(r.sector)}|${watch}|${stage}|${Math.floor(Number(seconds) / RESPONSE_BUCKET_SECONDS)}`;
      histogram.set(key, (histogram.get(key) ?? 0) + 1);
    }
  }
  const keptHistogram = await sql<{ key: string; n: number }>`
    select to_char(month, 'YYYY-MM') || '|' || priority || '|' || sector || '|' || watch || '|' || stage || '|' || bucket as key, n
    from trend_response where n <> 0`.execute(db);
  return {
    expected: { incidents: incidents.rows, assignments: assignments.rows, calls: calls.rows, response: [...histogram].sort(), byMonth: [...byMonth].sort(), heat: [...heat].sort() },
    kept: {
      incidents: kept.rows, assignments: keptAssignments.rows, calls: keptCalls.rows, response: keptHistogram.rows.map((r) => [r.key, r.n] as [string, number]).sort(),
      byMonth: keptByMonth.rows.map((r) => [r.key, r.n] as [string, number]).sort(), heat: keptHeat.rows.map((r) => [r.key, r.n] as [string, number]).sort(),
    },
  };
}

forEachDatabase('Policing trends (S-110 §II, §A.1.s)', (database) => {
  let server: Awaited<ReturnType<TestDatabase['server']>>;
  let chief: Awaited<ReturnType<typeof signedInAs>>;
  let oic: Awaited<ReturnType<typeof signedInAs>>;
  let dispatcher: Awaited<ReturnType<typeof signedInAs>>;
  const get = (url: string, headers = chief.headers) => server.app.inject({ url: `/api/v1${url}`, headers });
  const period = `from=${FROM}&to=${TO}`;

  beforeAll(async () => {
    server = await database().server();
    chief = await signedInAs(server.ctx, server.app, ['chief']);
    oic = await signedInAs(server.ctx, server.app, ['commanding_officer']);
    dispatcher = await signedInAs(server.ctx, server.app, ['dispatcher']);
    const db = server.ctx.db;
    for (const callSign of ['TR1', 'TR2']) await db.insertInto('agency_unit').values({ call_sign: callSign, kind: 'patrol', service: 'police', area: null, description: null }).execute();
    for (const f of FIXTURES) {
      let callId: string | null = null;
      if (f.callBefore !== undefined) {
        const call = await db.insertInto('call').values({ line: '911', priority: f.priority, received_at: plus(f.reportedAt, -f.callBefore), created_by: 'test', outcome: 'incident' } as never)
          .returning('id').executeTakeFirstOrThrow();
        callId = call.id;
      }
      const location = { address: `${f.number} Main St`, area: f.area, ...(f.point ? { lat: f.point[0], lon: f.point[1] } : {}) };
      await db.insertInto('incident').values({
        number: f.number, call_id: callId, type: f.type, priority: f.priority, location: JSON.stringify(location), confidential: f.confidential ?? false,
        reported_at: new Date(f.reportedAt), created_by: 'test', min_units: 1, supervisor_required: false,
      } as never).execute();
      if (callId) await db.updateTable('call').set({ incident_number: f.number }).where('id', '=', callId).execute();
      for (const u of f.units) {
        await db.insertInto('incident_unit').values({
          incident_number: f.number, call_sign: u.callSign, role: 'primary', dispatched_at: plus(f.reportedAt, u.dispatch),
          en_route_at: u.enRoute === undefined ? null : plus(f.reportedAt, u.enRoute), arrived_at: u.arrive === undefined ? null : plus(f.reportedAt, u.arrive),
          cleared_at: u.clear === undefined ? null : plus(f.reportedAt, u.clear),
        }).execute();
      }
    }
    for (const c of CASES) {
      await sql`insert into record_case (number, year, type, location, occurred_at, opened_by) values (${c.number}, ${Number(c.occurredAt.slice(0, 4))}, ${c.type}, ${JSON.stringify({ address: '1 Main St' })}, ${new Date(c.occurredAt)}, 'test')`.execute(db);
    }
  }, 300_000);
  afterAll(async () => { await server?.close(); });

  test('the heat map counts calls and incidents by day of week and hour on the agency’s clock', async () => {
    const expected = new Map<string, { calls: number; incidents: number }>();
    const add = (at: Date, k: 'calls' | 'incidents') => {
      const key = `${isoDay(at)}-${hourOf(at)}`;
      const cell = expected.get(key) ?? { calls: 0, incidents: 0 };
      cell[k] += 1;
      expected.set(key, cell);
    };
    for (const f of FIXTURES.filter(inPeriod)) {
      add(new Date(f.reportedAt), 'incidents');
      if (f.callBefore !== undefined) add(plus(f.reportedAt, -f.callBefore), 'calls');
    }
    const answer = await get(`/trends/heatmap?${period}`);
    expect(answer.statusCode).toBe(200);
    const rows = answer.json().rows as { day: number; hour: number; calls: number; incidents: number }[];
    expect(new Map(rows.map((r) => [`${r.day}-${r.hour}`, { calls: r.calls, incidents: r.incidents }]))).toEqual(expected);
  }, 60_000);

  test('incidents by month and type and by sector sit beside the same month a year before', async () => {
    const tally = (by: (f: Fixture) => string) => {
      const out = new Map<string, { count: number; yearBefore: number }>();
      for (const f of FIXTURES) {
        const at = new Date(f.reportedAt);
        const current = inPeriod(f);
        const before = f.reportedAt >= '2024-03-01' && f.reportedAt < '2024-05-01';
        if (!current && !before) continue;
        const month = current ? monthOf(at) : monthOf(new Date(at.getTime() + 366 * 86_400_000)); // 2024 is a leap year: a year after is 366 days in March–April
        const key = `${month}|${by(f)}`;
        const cell = out.get(key) ?? { count: 0, yearBefore: 0 };
        if (current) cell.count += 1; else cell.yearBefore += 1;
        out.set(key, cell);
      }
      return out;
    };
    for (const [by, keyOf] of [['type', (f: Fixture) => f.type], ['sector', (f: Fixture) => f.area]] as const) {
      const rows = (await get(`/trends/monthly?${period}&by=${by}`)).json().rows as { month: string; key: string; count: number; yearBefore: number; name: string }[];
      expect(new Map(rows.map((r) => [`${r.month}|${r.key}`, { count: r.count, yearBefore: r.yearBefore }]))).toEqual(tally(keyOf));
    }
    const named = (await get(`/trends/monthly?${period}&type=BURGLARY`)).json().rows;
    expect(named.every((r: { key: string; name: string }) => r.key === 'BURGLARY' && r.name === 'B&E / burglary')).toBe(true);
  }, 60_000);

  test('issue 23 "Speed": whole months are read from the counts by month (migration 0054) and the days around them from the rows; a period ending mid-month and one whose year before overlaps it add up as the incidents do', async () => {
    const day = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(at);
    const within = (at: Date, from: string, to: string) => day(at) >= from && day(at) <= to;
    const yearBack = (d: string) => `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;
    for (const [from, to] of [['2025-03-03', '2025-05-10'], ['2024-03-01', '2026-02-28']] as const) {
      const heat = new Map<string, { calls: number; incidents: number }>();
      const add = (at: Date, k: 'calls' | 'incidents') => {
        if (!within(at, from, to)) return;
        const cell = heat.get(`${isoDay(at)}-${hourOf(at)}`) ?? { calls: 0, incidents: 0 };
        cell[k] += 1;
        heat.set(`${isoDay(at)}-${hourOf(at)}`, cell);
      };
      const monthly = new Map<string, { count: number; yearBefore: number }>();
      for (const f of FIXTURES) {
        const at = new Date(f.reportedAt);
        add(at, 'incidents');
        if (f.callBefore !== undefined) add(plus(f.reportedAt, -f.callBefore), 'calls');
        // an incident counts in the period and, a year later, as the year before: both when the two overlap
        for (const [current, shown] of [[within(at, from, to), monthOf(at)], [within(at, yearBack(from), yearBack(to)), `${Number(monthOf(at).slice(0, 4)) + 1}${monthOf(at).slice(4)}`]] as const) {
          if (!current) continue;
          const cell = monthly.get(`${shown}|${f.type}`) ?? { count: 0, yearBefore: 0 };
          if (shown === monthOf(at)) cell.count += 1; else cell.yearBefore += 1;
          monthly.set(`${shown}|${f.type}`, cell);
        }
      }
      const rows = (await get(`/trends/heatmap?from=${from}&to=${to}`)).json().rows as { day: number; hour: number; calls: number; incidents: number }[];
      expect(new Map(rows.map((r) => [`${r.day}-${r.hour}`, { calls: r.calls, incidents: r.incidents }]))).toEqual(heat);
      const byType = (await get(`/trends/monthly?from=${from}&to=${to}&by=type`)).json().rows as { month: string; key: string; count: number; yearBefore: number }[];
      expect(new Map(byType.map((r) => [`${r.month}|${r.key}`, { count: r.count, yearBefore: r.yearBefore }]))).toEqual(monthly);
      // the map's count of the period's incidents (drawn plus withheld) comes from the same counts
      const map = (await get(`/trends/map?from=${from}&to=${to}`)).json() as { rows: unknown[]; withheld: number };
      expect(map.rows.length + map.withheld).toBe(FIXTURES.filter((f) => within(new Date(f.reportedAt), from, to)).length);
    }
  }, 60_000);

  test('response times run from the call received to the first unit dispatched, en route and arrived, with the median and 90th percentile by priority and by watch', async () => {
    for (const by of ['priority', 'shift'] as const) {
      const seconds = new Map<string, number[]>();
      for (const f of FIXTURES.filter((x) => inPeriod(x) && x.units.length > 0)) {
        const key = by === 'priority' ? String(f.priority) : shiftOf(new Date(f.reportedAt));
        const lead = f.callBefore ?? 0;
        const first = (pick: (u: Fixture['units'][number]) => number | undefined) => {
          const times = f.units.map(pick).filter((t): t is number => t !== undefined);
          return times.length ? Math.min(...times) + lead : undefined;
        };
        for (const [stage, value] of [['dispatch', first((u) => u.dispatch)], ['en_route', first((u) => u.enRoute)], ['arrival', first((u) => u.arrive)]] as const) {
          if (value === undefined) continue;
          seconds.set(`${key}|${stage}`, [...(seconds.get(`${key}|${stage}`) ?? []), value]);
        }
      }
      const answer = (await get(`/trends/response?${period}&by=${by}`)).json();
      const rows = answer.rows as { key: string; stage: string; incidents: number; medianSeconds: number; p90Seconds: number }[];
      expect(rows.map((r) => `${r.key}|${r.stage}`).sort()).toEqual([...seconds.keys()].sort());
      for (const r of rows) {
        const values = seconds.get(`${r.key}|${r.stage}`)!;
        expect(r.incidents).toBe(values.length);
        expect(r.medianSeconds).toBeCloseTo(percentile(values, 0.5), 3);
        expect(r.p90Seconds).toBeCloseTo(percentile(values, 0.9), 3);
      }
      const buckets = answer.buckets as { stage: string; minute: number; incidents: number }[];
      const expectedBuckets = new Map<string, number>();
      for (const [key, values] of seconds) for (const v of values) {
        const b = `${key.split('|')[1]}|${Math.min(Math.floor(v / 60), 30)}`;
        expectedBuckets.set(b, (expectedBuckets.get(b) ?? 0) + 1);
      }
      expect(new Map(buckets.map((b) => [`${b.stage}|${b.minute}`, b.incidents]))).toEqual(expectedBuckets);
    }
  }, 60_000);

  test('issue 23: over 20 000 incidents the response times come from the 30-second histogram: the same counts and minute distribution, each percentile within one bucket of the exact one', async () => {
    const db = server.ctx.db;
    for (const p of [{ from: FROM, to: TO }, { from: '2025-03-10', to: '2025-04-20' }, { from: '2024-02-01', to: '2025-05-31', sector: 'North' }]) {
      for (const by of ['priority', 'sector', 'shift'] as const) {
        const period = { timeZone: ZONE, ...p };
        const exact = await responseTimes(db, period, by, Number.MAX_SAFE_INTEGER);
        const histogram = await responseTimes(db, period, by, 0); // as if the period held more than the limit
        expect(histogram.buckets).toEqual(exact.buckets);
        expect(histogram.rows.map((r) => [r.key, r.stage, r.incidents])).toEqual(exact.rows.map((r) => [r.key, r.stage, r.incidents]));
        for (const [i, r] of histogram.rows.entries()) {
          expect(Math.abs(r.medianSeconds - exact.rows[i]!.medianSeconds)).toBeLessThan(RESPONSE_BUCKET_SECONDS);
          expect(Math.abs(r.p90Seconds - exact.rows[i]!.p90Seconds)).toBeLessThan(RESPONSE_BUCKET_SECONDS);
        }
      }
    }
  }, 60_000);

  test('unit workload adds up the time each unit was committed, dispatch to clear, by watch', async () => {
    const expected = new Map<string, { assignments: number; minutes: number }>();
    for (const f of FIXTURES.filter(inPeriod)) for (const u of f.units) {
      const key = `${u.callSign}|${shiftOf(plus(f.reportedAt, u.dispatch))}`;
      const cell = expected.get(key) ?? { assignments: 0, minutes: 0 };
      expected.set(key, { assignments: cell.assignments + 1, minutes: cell.minutes + (u.clear! - u.dispatch) / 60 });
    }
    for (const cell of expected.values()) cell.minutes = Math.round(cell.minutes * 10) / 10; // the chart shows tenths of a minute
    const rows = (await get(`/trends/workload?${period}`)).json().rows as { callSign: string; shift: string; assignments: number; minutes: number }[];
    expect(new Map(rows.map((r) => [`${r.callSign}|${r.shift}`, { assignments: r.assignments, minutes: r.minutes }]))).toEqual(expected);
  }, 60_000);

  test('the crime trend counts cases through the NIBRS offense mapping: Part I offenses by name, other Group A together, Group B not at all', async () => {
    const category: Record<string, string> = { BURGLARY: 'Burglary', LARCENY: 'Larceny-theft', ASSAULT: 'Other Group A' };
    const expected = new Map<string, { count: number; yearBefore: number }>();
    for (const c of CASES) {
      if (!category[c.type]) continue; // DRUNK maps to 90E, a Group B offense
      const current = c.occurredAt.startsWith('2025');
      const month = current ? monthOf(new Date(c.occurredAt)) : `2025-${monthOf(new Date(c.occurredAt)).slice(5)}`;
      const key = `${month}|${category[c.type]}`;
      const cell = expected.get(key) ?? { count: 0, yearBefore: 0 };
      if (current) cell.count += 1; else cell.yearBefore += 1;
      expected.set(key, cell);
    }
    const rows = (await get(`/trends/crime?${period}`)).json().rows as { month: string; category: string; count: number; yearBefore: number }[];
    expect(new Map(rows.map((r) => [`${r.month}|${r.category}`, { count: r.count, yearBefore: r.yearBefore }]))).toEqual(expected);
  }, 60_000);

  test('the map draws a confidential incident only for a reader who may see it; the counts include it', async () => {
    const drawn = FIXTURES.filter((f) => inPeriod(f) && f.point);
    const chiefMap = (await get(`/trends/map?${period}`)).json();
    expect(chiefMap.rows.map((r: { number: string }) => r.number).sort()).toEqual(drawn.filter((f) => !f.confidential).map((f) => f.number).sort());
    expect(chiefMap.withheld).toBe(FIXTURES.filter(inPeriod).length - drawn.filter((f) => !f.confidential).length);
    const oicMap = (await get(`/trends/map?${period}`, oic.headers)).json();
    expect(oicMap.rows.map((r: { number: string }) => r.number).sort()).toEqual(drawn.map((f) => f.number).sort());
    const csv = parse((await get(`/trends/map.csv?${period}`)).body, { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => r.number)).not.toContain('T25-3');
    expect(csv.find((r) => r.number === 'T25-1')).toMatchObject({ name: 'B&E / burglary', reportedAt: '2025-03-03 08:10' });
  }, 60_000);

  test('a CSV export quotes cells a spreadsheet would run as formulas and is audited', async () => {
    const before = await server.ctx.db.selectFrom('audit').select(({ fn }) => fn.countAll<number>().as('n')).where('action', '=', 'trends.exported').executeTakeFirstOrThrow();
    const answer = await get(`/trends/monthly.csv?${period}&by=sector`);
    expect(answer.headers['content-type']).toContain('text/csv');
    const rows = parse(answer.body, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.key?.includes('HYPERLINK'))?.key).toBe(`'=HYPERLINK("http://x")`);
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/trends/exports', headers: chief.headers, payload: { chart: 'heatmap', format: 'png' } })).statusCode).toBe(204);
    const after = await server.ctx.db.selectFrom('audit').select(['username', 'outcome']).where('action', '=', 'trends.exported').execute();
    expect(after.length).toBe(Number(before.n) + 2);
    expect(after.every((r) => r.username === chief.username && r.outcome === 'allowed')).toBe(true);
  }, 60_000);

  test('the chief’s monthly report is a PDF, and printing it is audited', async () => {
    const answer = await get('/trends/report.pdf?month=2025-03');
    expect(answer.statusCode).toBe(200);
    const pdf = await PDFDocument.load(answer.rawPayload);
    expect(pdf.getTitle()).toContain('Policing trends, 2025-03');
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
    const audited = await server.ctx.db.selectFrom('audit').select('username').where('action', '=', 'trends.report_printed').execute();
    expect(audited.map((r) => r.username)).toContain(chief.username);
  }, 60_000);

  test.each([
    ['from=2025-13-01&to=2025-04-30', 'from'],
    ['from=2025-03-01&to=2025-02-01', 'to'],
    ['from=2019-01-01&to=2025-04-30', 'from'],
    [`${period}&priority=9`, 'priority'],
    [`${period}&type=NOT_A_TYPE`, 'type'],
    [`${period}&by=shift`, 'by'],
    [`from=2025-03-01`, 'to'],
  ])('a bad filter (%s) is a 400 naming the field %s', async (query, field) => {
    const answer = await get(`/trends/monthly?${query}`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().field).toBe(field);
  }, 60_000);

  test('issue 23: the roll-up the charts read is kept with every write: a call, a dispatch, a unit en route and arrived, a correction and a reopening (81A §D.3), a merge (81A §C "Multiple Calls")', async () => {
    const db = server.ctx.db;
    const post = (url: string, payload: object) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: dispatcher.headers, payload });
    expect((await recount(db, ZONE)).kept).toEqual((await recount(db, ZONE)).expected); // the fixtures, written straight into the tables
    await sql`insert into unit_status (call_sign) values ('TR1'), ('TR2') on conflict do nothing`.execute(db); // on the board, available
    const call = (await post('/calls', { line: 'business', callerName: 'Rollup Caller' })).json();
    const kept = (await post('/incidents', { callId: call.id, type: 'SUSPICIOUS', location: { address: '7 Roll Street', area: 'East' } })).json();
    const duplicate = (await post('/incidents', { type: 'SUSPICIOUS', location: { address: '7 Roll St', area: 'East' } })).json();
    expect((await post(`/incidents/${kept.number}/dispatch`, { units: ['TR1'] })).statusCode).toBe(200);
    expect((await post('/units/TR1/status', { status: 'en_route' })).statusCode).toBe(200);
    expect((await post('/units/TR1/status', { status: 'arrived' })).statusCode).toBe(200);
    expect((await post(`/incidents/${duplicate.number}/dispatch`, { units: ['TR2'] })).statusCode).toBe(200);
    let now = await recount(db, ZONE);
    expect(now.kept).toEqual(now.expected);
    expect(now.kept.incidents.find((r) => r.number === kept.number)).toMatchObject({ type: 'SUSPICIOUS', sector: 'East', counted: true, dispatch: expect.any(Number), arrival: expect.any(Number) });

    const corrected = await post(`/incidents/${kept.number}/corrections`, { reason: 'a theft from a car, not a prowler', type: 'LARCENY', location: { address: '9 Roll Street', area: 'West' } });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const merged = await post(`/incidents/${duplicate.number}/merge`, { into: kept.number, reason: 'the same car' });
    expect(merged.statusCode, merged.body).toBe(200);
    now = await recount(db, ZONE);
    expect(now.kept).toEqual(now.expected);
    expect(now.kept.incidents.find((r) => r.number === kept.number)).toMatchObject({ type: 'LARCENY', sector: 'West', counted: true });
    expect(now.kept.incidents.find((r) => r.number === duplicate.number)).toMatchObject({ counted: false });
    expect(now.kept.assignments.filter((r) => r.incident_number === kept.number).map((r) => r.type)).toEqual(['LARCENY', 'LARCENY']); // TR2 moved with the merge

    for (const callSign of ['TR1', 'TR2']) expect((await post(`/units/${callSign}/status`, { status: 'available' })).statusCode).toBe(200);
    expect((await post(`/incidents/${kept.number}/close`, { disposition: 'ADVISED' })).statusCode).toBe(200);
    expect((await post(`/incidents/${kept.number}/reopen`, { reason: 'they are at it again' })).statusCode).toBe(200);
    now = await recount(db, ZONE);
    expect(now.kept).toEqual(now.expected);

    // and the charts read it: today's incidents by type show the correction and leave the duplicate out
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
    const byType = (await get(`/trends/monthly?from=${today}&to=${today}&by=type`)).json().rows as { key: string; count: number }[];
    expect(byType.map((r) => [r.key, r.count])).toEqual([['LARCENY', 1]]);
    const response = (await get(`/trends/response?from=${today}&to=${today}&by=sector`)).json().rows as { key: string; stage: string; incidents: number }[];
    expect(response.map((r) => [r.key, r.stage, r.incidents])).toEqual([['West', 'dispatch', 1], ['West', 'en_route', 1], ['West', 'arrival', 1]]);
  }, 120_000);

  test('issue 23: a new agency time zone at start works every roll-up row out again on that clock', async () => {
    const db = server.ctx.db;
    try {
      expect(await setTrendClock(db, 'Asia/Kolkata')).toBe(true); // half an hour off the hour: no shortcut by whole hours
      const kolkata = await recount(db, 'Asia/Kolkata');
      expect(kolkata.kept).toEqual(kolkata.expected);
      expect(await setTrendClock(db, 'Asia/Kolkata')).toBe(false); // the same zone again changes nothing
    } finally {
      await setTrendClock(db, ZONE);
    }
    const back = await recount(db, ZONE);
    expect(back.kept).toEqual(back.expected);
  }, 60_000);

  test('dispatchers do not read the trends (stats.read is command staff, records and the auditor)', async () => {
    expect((await get(`/trends/heatmap?${period}`, dispatcher.headers)).statusCode).toBe(403);
  }, 60_000);
});
