/**
 * The Trends page's charts, drawn by Apache ECharts on a canvas (no inline script or style
 * sheet: it runs under the console's Content Security Policy). Each builder turns a route's
 * rows into a chart option; nothing is computed here that the server did not count.
 */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Static } from 'typebox';
import type * as S from '../../../src/trends/schemas.ts';

echarts.use([BarChart, HeatmapChart, LineChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);
export { echarts };
export type Option = echarts.EChartsCoreOption;

export type HeatCell = Static<typeof S.HeatCell>;
export type MonthRow = Static<typeof S.MonthRow>;
export type ResponseRow = Static<typeof S.ResponseRow>;
export type ResponseBucket = Static<typeof S.ResponseBucket>;
export type WorkloadRow = Static<typeof S.WorkloadRow>;
export type CrimeRow = Static<typeof S.CrimeRow>;
export type MapPoint = Static<typeof S.MapPoint>;

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
export const STAGE_NAMES: Record<ResponseRow['stage'], string> = { dispatch: 'Call to dispatch', en_route: 'Call to en route', arrival: 'Call to arrival' };
const TEXT = { color: '#d0d6e0' };
const base = { backgroundColor: 'transparent', textStyle: TEXT, aria: { enabled: true }, tooltip: { trigger: 'item' }, animation: false };

/** Calls or incidents by hour (across) and day of week (down), Monday first. */
export function heatmapOption(rows: HeatCell[], count: 'calls' | 'incidents'): Option {
  const data = rows.map((r) => [r.hour, r.day - 1, r[count]]);
  return {
    ...base,
    grid: { left: 50, right: 20, top: 10, bottom: 70 },
    xAxis: { type: 'category', data: HOURS, name: 'hour', splitArea: { show: true } },
    yAxis: { type: 'category', data: DAYS, inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max: Math.max(1, ...data.map((d) => d[2]!)), calculable: true, orient: 'horizontal', left: 'center', bottom: 0, textStyle: TEXT },
    series: [{ name: count, type: 'heatmap', data, label: { show: true, fontSize: 9 } }],
  };
}

/** Months across; this period's counts stacked by key (the eight largest, the rest as "other"), the year before's total as a line. */
export function monthsOption(rows: { month: string; key: string; count: number; yearBefore: number }[], nameOf: (key: string) => string): Option {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + r.count);
  const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k]) => k);
  const keyOf = (key: string) => (top.includes(key) ? key : 'other');
  const keys = [...top, ...(totals.size > top.length ? ['other'] : [])];
  const value = (month: string, key: string) => rows.filter((r) => r.month === month && keyOf(r.key) === key).reduce((n, r) => n + r.count, 0);
  const before = months.map((m) => rows.filter((r) => r.month === m).reduce((n, r) => n + r.yearBefore, 0));
  return {
    ...base,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0, textStyle: TEXT },
    grid: { left: 50, right: 20, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      ...keys.map((key) => ({ name: key === 'other' ? 'Other' : nameOf(key), type: 'bar', stack: 'period', data: months.map((m) => value(m, key)) })),
      { name: 'Same month a year before (all)', type: 'line', data: before, lineStyle: { type: 'dashed' }, symbol: 'circle' },
    ],
  };
}

/** How many incidents took each whole minute from the call, per stage (30: thirty minutes and over). */
export function distributionOption(buckets: ResponseBucket[]): Option {
  const minutes = Array.from({ length: 31 }, (_, m) => (m === 30 ? '30+' : String(m)));
  return {
    ...base,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: TEXT },
    grid: { left: 50, right: 20, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: minutes, name: 'minutes' },
    yAxis: { type: 'value', minInterval: 1, name: 'incidents' },
    series: (Object.keys(STAGE_NAMES) as ResponseRow['stage'][]).map((stage) => ({
      name: STAGE_NAMES[stage], type: 'bar', data: minutes.map((_, m) => buckets.find((b) => b.stage === stage && b.minute === m)?.incidents ?? 0),
    })),
  };
}

/** The 90th percentile (bars) and median (line markers) of each stage, by the chosen group. */
export function percentileOption(rows: ResponseRow[], label: (key: string) => string): Option {
  const keys = [...new Set(rows.map((r) => r.key))];
  const stages = Object.keys(STAGE_NAMES) as ResponseRow['stage'][];
  const at = (key: string, stage: string, k: 'p90Seconds' | 'medianSeconds') => {
    const row = rows.find((r) => r.key === key && r.stage === stage);
    return row ? Math.round(row[k] / 6) / 10 : null;
  };
  return {
    ...base,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: TEXT },
    grid: { left: 50, right: 20, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: keys.map(label) },
    yAxis: { type: 'value', name: 'minutes' },
    series: stages.flatMap((stage) => [
      { name: `${STAGE_NAMES[stage]}, 90th percentile`, type: 'bar', data: keys.map((k) => at(k, stage, 'p90Seconds')) },
      { name: `${STAGE_NAMES[stage]}, median`, type: 'line', data: keys.map((k) => at(k, stage, 'medianSeconds')), symbol: 'diamond', lineStyle: { opacity: 0 } },
    ]),
  };
}

/** Hours committed per unit, stacked by watch. */
export function workloadOption(rows: WorkloadRow[]): Option {
  const units = [...new Set(rows.map((r) => r.callSign))].sort();
  const shifts = [...new Set(rows.map((r) => r.shift))].sort();
  return {
    ...base,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: TEXT },
    grid: { left: 60, right: 20, top: 20, bottom: 60 },
    xAxis: { type: 'category', data: units },
    yAxis: { type: 'value', name: 'hours' },
    series: shifts.map((shift) => ({
      name: shift, type: 'bar', stack: 'unit', data: units.map((u) => Math.round((rows.find((r) => r.callSign === u && r.shift === shift)?.minutes ?? 0) / 6) / 10),
    })),
  };
}
