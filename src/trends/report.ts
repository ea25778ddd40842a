/**
 * The chief's monthly trends report (S-110 §II: "management decision-making"), a PDF drawn with
 * pdf-lib: the month's totals against the same month a year before, the hour-by-day heat map drawn
 * as shaded cells, incidents by type, response times by priority, Part I crime and unit workload.
 * Names and agency times only; no record ids. Confidential incidents are counted, never listed.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { agencyStamp } from '../core/clock.ts';
import { printable } from '../records/pdf.ts';
import { chartData } from './service.ts';
import { SHIFTS } from './store.ts';

const PAGE = { width: 612, height: 792, margin: 40 };
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const STAGES = { dispatch: 'to dispatch', en_route: 'to en route', arrival: 'to arrival' } as const;

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const minutes = (seconds: number) => `${(seconds / 60).toFixed(1)} min`;

class Writer {
  page!: PDFPage;
  y = 0;
  constructor(readonly doc: PDFDocument, readonly font: PDFFont, readonly bold: PDFFont) { this.newPage(); }
  newPage() { this.page = this.doc.addPage([PAGE.width, PAGE.height]); this.y = PAGE.height - PAGE.margin; }
  room(height: number) { if (this.y - height < PAGE.margin + 20) this.newPage(); }
  text(text: string, { size = 9, bold = false, x = PAGE.margin } = {}) {
    this.room(size + 4);
    this.page.drawText(printable(text), { x, y: this.y, size, font: bold ? this.bold : this.font });
    this.y -= size + 5;
  }
  heading(text: string) { this.y -= 8; this.text(text, { size: 12, bold: true }); }
  table(columns: { label: string; width: number }[], rows: string[][]) {
    this.room(14 * Math.min(rows.length + 1, 4));
    const line = (cells: string[], bold: boolean) => {
      this.room(12);
      let x = PAGE.margin;
      cells.forEach((c, i) => { this.page.drawText(printable(c), { x, y: this.y, size: 8, font: bold ? this.bold : this.font }); x += columns[i]!.width; });
      this.y -= 12;
    };
    line(columns.map((c) => c.label), true);
    if (rows.length === 0) line(['(none)'], false);
    for (const row of rows) line(row, false);
  }
}

/** The hour-by-day heat map of incidents, each cell shaded by its share of the busiest cell. */
function drawHeatmap(w: Writer, cells: { day: number; hour: number; incidents: number }[]) {
  const size = 20;
  w.room(7 * size + 30);
  const top = w.y;
  const left = PAGE.margin + 30;
  const busiest = Math.max(1, ...cells.map((c) => c.incidents));
  for (let h = 0; h < 24; h += 3) w.page.drawText(String(h).padStart(2, '0'), { x: left + h * size + 4, y: top, size: 7, font: w.font });
  DAYS.forEach((name, d) => {
    const y = top - 14 - (d + 1) * size;
    w.page.drawText(name, { x: PAGE.margin, y: y + 6, size: 8, font: w.font });
    for (let h = 0; h < 24; h++) {
      const n = cells.find((c) => c.day === d + 1 && c.hour === h)?.incidents ?? 0;
      const shade = 1 - 0.85 * (n / busiest);
      w.page.drawRectangle({ x: left + h * size, y, width: size - 1, height: size - 1, color: rgb(shade, shade, 1 - 0.3 * (n / busiest)) });
      if (n > 0) w.page.drawText(String(n), { x: left + h * size + 3, y: y + 6, size: 6, font: w.font, color: n / busiest > 0.6 ? rgb(1, 1, 1) : rgb(0, 0, 0) });
    }
  });
  w.y = top - 14 - 8 * size;
}

/** The month's report for the chief, printed by `printedBy` (a name) now. */
export async function monthlyReport(ctx: AppContext, actor: Actor, month: string, printedBy: string): Promise<Buffer> {
  const filter = { from: `${month}-01`, to: lastDay(month) };
  const [heat, types, response, crime, workload] = await Promise.all([
    chartData(ctx, actor, 'heatmap', filter), chartData(ctx, actor, 'monthly', { ...filter, by: 'type' }), chartData(ctx, actor, 'response', { ...filter, by: 'priority' }),
    chartData(ctx, actor, 'crime', filter), chartData(ctx, actor, 'workload', filter),
  ]);
  const heatRows = heat.rows as { day: number; hour: number; calls: number; incidents: number }[];
  const typeRows = types.rows as { name: string; count: number; yearBefore: number }[];
  const doc = await PDFDocument.create();
  const title = `${ctx.config.agency.name} - Policing trends, ${month}`;
  doc.setTitle(title);
  doc.setCreator('Precinct');
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  w.text(title, { size: 15, bold: true });
  w.text(`Period ${filter.from} to ${filter.to} on the agency's clock (${ctx.config.agency.timeZone}); S-110 §II, §A.1.s.`);
  const sum = (rows: { count: number; yearBefore: number }[], k: 'count' | 'yearBefore') => rows.reduce((n, r) => n + r[k], 0);
  w.text(`Calls received: ${heatRows.reduce((n, c) => n + c.calls, 0)}. Incidents: ${sum(typeRows, 'count')} (same month a year before: ${sum(typeRows, 'yearBefore')}).`, { size: 10 });

  w.heading('Incidents by hour of day and day of week');
  drawHeatmap(w, heatRows);

  w.heading('Incidents by type');
  w.table([{ label: 'Type', width: 260 }, { label: 'This month', width: 90 }, { label: 'A year before', width: 90 }],
    [...typeRows].sort((a, b) => b.count - a.count).map((r) => [r.name, String(r.count), String(r.yearBefore)]));

  w.heading('Response times from the call, by priority (median / 90th percentile)');
  const byPriority = new Map<string, Record<string, string>>();
  for (const r of response.rows as { key: string; stage: keyof typeof STAGES; incidents: number; medianSeconds: number; p90Seconds: number }[]) {
    const row = byPriority.get(r.key) ?? {};
    row[r.stage] = `${minutes(r.medianSeconds)} / ${minutes(r.p90Seconds)} (${r.incidents})`;
    byPriority.set(r.key, row);
  }
  w.table([{ label: 'Priority', width: 70 }, ...Object.values(STAGES).map((label) => ({ label, width: 150 }))],
    [...byPriority].map(([key, row]) => [`P${key}`, ...Object.keys(STAGES).map((s) => row[s] ?? '-')]));

  w.heading('Part I and other NIBRS Group A offenses (cases by date occurred)');
  const crimeTotals = new Map<string, { count: number; yearBefore: number }>();
  for (const r of crime.rows as { category: string; count: number; yearBefore: number }[]) {
    const t = crimeTotals.get(r.category) ?? { count: 0, yearBefore: 0 };
    crimeTotals.set(r.category, { count: t.count + r.count, yearBefore: t.yearBefore + r.yearBefore });
  }
  w.table([{ label: 'Offense', width: 260 }, { label: 'This month', width: 90 }, { label: 'A year before', width: 90 }],
    [...crimeTotals].map(([category, t]) => [category, String(t.count), String(t.yearBefore)]));

  w.heading('Unit workload: hours committed by watch');
  const units = new Map<string, Record<string, number>>();
  for (const r of workload.rows as { callSign: string; shift: string; minutes: number }[]) units.set(r.callSign, { ...units.get(r.callSign), [r.shift]: r.minutes });
  w.table([{ label: 'Unit', width: 100 }, ...SHIFTS.map((label) => ({ label, width: 110 }))],
    [...units].map(([unit, by]) => [unit, ...SHIFTS.map((s) => (by[s] ? (by[s] / 60).toFixed(1) : '-'))]));

  const pages = doc.getPages();
  const stamp = `Printed ${agencyStamp(ctx.config.agency.timeZone, ctx.clock.now())} by ${printedBy}`;
  pages.forEach((p, i) => p.drawText(printable(`${stamp} - page ${i + 1} of ${pages.length}`), { x: PAGE.margin, y: 20, size: 8, font: w.font }));
  return Buffer.from(await doc.save());
}
