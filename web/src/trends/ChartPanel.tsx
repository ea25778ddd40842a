import { useEffect, useRef, type ReactNode } from 'react';
import { api } from '../shared/api.ts';
import { saveAs } from '../shared/download.ts';
import { echarts, type Option } from './charts.ts';

interface Props {
  /** The route's chart name: the CSV and the audit row of a PNG name it. */
  chart: 'heatmap' | 'monthly' | 'response' | 'workload' | 'crime';
  id: string;
  title: string;
  /** What the chart shows, in words, for a reader who cannot see it. */
  description: string;
  option: Option | null;
  csvHref: string;
  controls?: ReactNode;
  children?: ReactNode;
}

/** A PNG is made in the browser; the server records that it was saved, as it records every export. */
export function recordPngExport(chart: Props['chart'] | 'map'): void {
  void api('/api/v1/trends/exports', { method: 'POST', body: { chart, format: 'png' } }).catch(() => undefined);
}

/**
 * One chart of the Trends page with its exports: the picture as PNG (made in the browser from
 * the canvas, the export recorded on the server like every export) and its data as CSV.
 */
export function ChartPanel({ chart, id, title, description, option, csvHref, controls, children }: Props) {
  const holder = useRef<HTMLDivElement>(null);
  const drawn = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!holder.current) return undefined;
    const instance = echarts.init(holder.current, 'dark', { renderer: 'canvas' });
    drawn.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(holder.current);
    return () => { resize.disconnect(); instance.dispose(); drawn.current = null; };
  }, []);

  useEffect(() => {
    if (!drawn.current || !option) return;
    drawn.current.setOption(option, true);
    holder.current?.setAttribute('data-drawn', 'true');
  }, [option]);

  const savePng = () => {
    if (!drawn.current) return;
    saveAs(drawn.current.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#141b24' }), `trends-${id}.png`);
    recordPngExport(chart);
  };

  return (
    <section className="panel trend" aria-labelledby={`${id}-title`} data-testid={`chart-${id}`}>
      <header>
        <h3 id={`${id}-title`}>{title}</h3>
        {controls}
        <span className="exports">
          <button type="button" onClick={savePng}>Save PNG</button>
          <a href={csvHref} download>Download CSV</a>
        </span>
      </header>
      <div ref={holder} className="chart" role="img" aria-label={`${title}: ${description}`} />
      {children}
    </section>
  );
}
