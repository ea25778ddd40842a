import { useMemo, useState } from 'react';
import type { Static } from 'typebox';
import type { Me } from '../shared/api.ts';
import type { TrendAnswer } from '../../../src/trends/schemas.ts';
import type { IncidentTypesAnswer } from '../../../src/agency/schemas.ts';
import { useAgencyZone } from '../shared/agency.ts';
import { useFetched } from '../shared/fetched.ts';
import { stamp, today } from '../shared/time.ts';
import { MapPanel } from '../geo/MapPanel.tsx';
import { ChartPanel, recordPngExport } from './ChartPanel.tsx';
import {
  distributionOption, heatmapOption, monthsOption, percentileOption, workloadOption, STAGE_NAMES,
  type CrimeRow, type HeatCell, type MapPoint, type MonthRow, type ResponseBucket, type ResponseRow, type WorkloadRow,
} from './charts.ts';
import './trends.css';

type Answer = Static<typeof TrendAnswer>;
interface Filter { from: string; to: string; type: string; sector: string; priority: string }

const minutes = (seconds: number) => `${(seconds / 60).toFixed(1)} min`;

/**
 * Policing trends and workload (S-110 §II: "analyzing work load, determining resource needs";
 * §A.1.s): the heat map, incidents by type and sector beside a year before, response times, unit
 * workload, Part I crime and the map, for one period, type, sector and priority, on the agency's clock.
 */
export function TrendsPage({ me }: { me: Me }) {
  const timeZone = useAgencyZone();
  if (!timeZone) return <p className="loading">Loading…</p>;
  return <Trends timeZone={timeZone} me={me} />;
}

function Trends({ timeZone, me }: { timeZone: string; me: Me }) {
  const now = today(timeZone);
  const [filter, setFilter] = useState<Filter>({ from: `${Number(now.slice(0, 4)) - 1}-${now.slice(5, 7)}-01`, to: now, type: '', sector: '', priority: '' });
  const [monthlyBy, setMonthlyBy] = useState<'type' | 'sector'>('type');
  const [responseBy, setResponseBy] = useState<'priority' | 'sector' | 'shift'>('priority');
  const [heatCount, setHeatCount] = useState<'incidents' | 'calls'>('incidents');
  const [month, setMonth] = useState(now.slice(0, 7));
  const types = useFetched<Static<typeof IncidentTypesAnswer>>('/api/v1/incident-types').data ?? [];
  const typeName = (code: string) => types.find((t) => t.code === code)?.name ?? code;

  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== '')).toString();
  const path = (chart: string, by?: string) => `/api/v1/trends/${chart}?${query}${by ? `&by=${by}` : ''}`;
  const csv = (chart: string, by?: string) => `/api/v1/trends/${chart}.csv?${query}${by ? `&by=${by}` : ''}`;
  const heat = useFetched<Answer>(path('heatmap'));
  const monthly = useFetched<Answer>(path('monthly', monthlyBy));
  const response = useFetched<Answer>(path('response', responseBy));
  const workload = useFetched<Answer>(path('workload'));
  const crime = useFetched<Answer>(path('crime'));
  const map = useFetched<Answer>(path('map'));
  const error = [heat, monthly, response, workload, crime, map].find((f) => f.error)?.error;

  const heatOption = useMemo(() => heat.data && heatmapOption(heat.data.rows as HeatCell[], heatCount), [heat.data, heatCount]);
  const monthOption = useMemo(() => monthly.data && monthsOption(monthly.data.rows as MonthRow[], (k) => (monthlyBy === 'type' ? typeName(k) : k || '(no sector)')), [monthly.data, types]);
  const responseRows = (response.data?.rows ?? []) as ResponseRow[];
  const groupLabel = (key: string) => (responseBy === 'priority' ? `P${key}` : key || '(no sector)');
  const distribution = useMemo(() => response.data && distributionOption((response.data.buckets ?? []) as ResponseBucket[]), [response.data]);
  const percentiles = useMemo(() => response.data && percentileOption(response.data.rows as ResponseRow[], groupLabel), [response.data]);
  const workOption = useMemo(() => workload.data && workloadOption(workload.data.rows as WorkloadRow[]), [workload.data]);
  const crimeOption = useMemo(() => crime.data && monthsOption((crime.data.rows as CrimeRow[]).map((r) => ({ ...r, key: r.category })), (k) => k), [crime.data]);
  const points = useMemo(() => ((map.data?.rows ?? []) as MapPoint[]).map((p) => ({ number: p.number, priority: p.priority, type: p.type, typeName: `${p.name}, ${stamp(p.reportedAt, timeZone)}`, location: { lat: p.lat, lon: p.lon } })), [map.data]);

  const set = (k: keyof Filter) => (e: { target: { value: string } }) => setFilter((f) => ({ ...f, [k]: e.target.value }));
  const maySeeConfidential = me.permissions.includes('dispatch.confidential');
  return (
    <section className="trends" aria-labelledby="trends-title">
      <h2 id="trends-title">Policing trends and workload</h2>
      <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label>From <input type="date" value={filter.from} onChange={set('from')} required /></label>
        <label>To <input type="date" value={filter.to} onChange={set('to')} required /></label>
        <label>Type <select value={filter.type} onChange={set('type')}><option value="">All types</option>{types.map((t) => <option key={t.code} value={t.code}>{t.name}</option>)}</select></label>
        <label>Sector <input value={filter.sector} onChange={set('sector')} placeholder="All sectors" maxLength={60} /></label>
        <label>Priority <select value={filter.priority} onChange={set('priority')}><option value="">All</option>{[1, 2, 3, 4, 5].map((p) => <option key={p} value={p}>P{p}</option>)}</select></label>
        <span className="report">
          <label>Month <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} /></label>
          <a href={`/api/v1/trends/report.pdf?month=${month}`} download>Monthly report (PDF)</a>
        </span>
      </form>
      <p className="muted">Times on the agency’s clock ({timeZone}). Counts include confidential incidents; the map {maySeeConfidential ? 'shows them to you' : 'does not show them'}. Watches: day 07–15, evening 15–23, night 23–07.</p>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="grid">
        <ChartPanel chart="heatmap" id="heatmap" title="Calls and incidents by hour and day of week" option={heatOption} csvHref={csv('heatmap')}
          description={`${heatCount} in each hour of each day of the week, darker when busier`}
          controls={<label>Count <select value={heatCount} onChange={(e) => setHeatCount(e.target.value as 'incidents' | 'calls')}><option value="incidents">Incidents</option><option value="calls">Calls</option></select></label>} />
        <ChartPanel chart="monthly" id="monthly" title={`Incidents by ${monthlyBy} and month`} option={monthOption} csvHref={csv('monthly', monthlyBy)}
          description="this period's incidents each month, stacked, with the same month a year before as a dashed line"
          controls={<label>By <select value={monthlyBy} onChange={(e) => setMonthlyBy(e.target.value as 'type' | 'sector')}><option value="type">Type</option><option value="sector">Sector</option></select></label>} />
        <ChartPanel chart="response" id="response" title="Response-time distribution" option={distribution} csvHref={csv('response', responseBy)}
          description="how many incidents reached dispatch, en route and arrival in each minute after the call" />
        <ChartPanel chart="response" id="percentiles" title={`Response times by ${responseBy}: 90th percentile and median`} option={percentiles} csvHref={csv('response', responseBy)}
          description="minutes from the call to dispatch, en route and arrival, 90th percentile as bars, median as markers"
          controls={<label>By <select value={responseBy} onChange={(e) => setResponseBy(e.target.value as 'priority' | 'sector' | 'shift')}><option value="priority">Priority</option><option value="sector">Sector</option><option value="shift">Watch</option></select></label>}>
          <table className="summary">
            <thead><tr><th scope="col">{responseBy === 'shift' ? 'Watch' : responseBy === 'sector' ? 'Sector' : 'Priority'}</th><th scope="col">Stage</th><th scope="col">Incidents</th><th scope="col">Median</th><th scope="col">90th percentile</th></tr></thead>
            <tbody>{responseRows.map((r) => <tr key={`${r.key}-${r.stage}`}><td>{groupLabel(r.key)}</td><td>{STAGE_NAMES[r.stage]}</td><td>{r.incidents}</td><td>{minutes(r.medianSeconds)}</td><td>{minutes(r.p90Seconds)}</td></tr>)}</tbody>
          </table>
        </ChartPanel>
        <ChartPanel chart="workload" id="workload" title="Unit workload: hours committed by watch" option={workOption} csvHref={csv('workload')}
          description="hours each unit was committed to incidents, from dispatch to clear, stacked by watch" />
        <ChartPanel chart="crime" id="crime" title="Part I and NIBRS Group A offenses by month" option={crimeOption} csvHref={csv('crime')}
          description="cases by the month they occurred, by Part I offense, with the same month a year before as a dashed line" />
      </div>
      <div className="trend-map" data-testid="trend-map">
        <MapPanel title="Incidents on the map" caption={`${points.length} incidents drawn${map.data?.withheld ? `; ${map.data.withheld} not drawn (confidential, a shelter address, no point, or over 5 000)` : ''}. `}
          units={[]} incidents={points} positions={{}} selected={null} onSelectIncident={() => undefined} marks={false}
          png="trends-map.png" onPngSaved={() => recordPngExport('map')} />
        <a href={csv('map')} download>Download map points (CSV)</a>
      </div>
    </section>
  );
}
