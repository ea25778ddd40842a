/** The daily police log as a PDF (pdf-lib): agency header, the day, its entries in order, corrections marked. */
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import type { AgencyProfile } from '../core/config.ts';
import { printable } from '../records/pdf.ts';
import type { LogEntry } from './model.ts';
import { agencyStamp } from '../core/clock.ts';

const PAGE = { width: 612, height: 792, margin: 48 };

function localTime(zone: string, iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

export function entryLine(zone: string, e: LogEntry): string {
  const parts = [localTime(zone, e.at), e.typeName, e.location || 'location not recorded'];
  if (e.officers.length) parts.push(`units/officers: ${e.officers.join(', ')}`);
  if (e.arrestee) parts.push(`arrested: ${e.arrestee.name}${e.arrestee.address ? `, ${e.arrestee.address}` : ''}`);
  if (e.charges?.length) parts.push(`charges: ${e.charges.join('; ')}`);
  if (e.disposition) parts.push(`disposition: ${e.disposition}`);
  return parts.join(' - ');
}

export async function dailyLogPdf(agency: AgencyProfile, log: {
  date: string; status: string; publishedAt: string | null; publishedBy: string | null; entries: LogEntry[];
  corrections: { entryRef: string | null; text: string; madeAt: string }[];
}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Daily police log ${log.date}`);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;
  const line = (text: string, size = 10, f = font, color = rgb(0, 0, 0)) => {
    const words = printable(text).split(/\s+/);
    let current = '';
    const flush = () => {
      if (y < PAGE.margin + size) { page = doc.addPage([PAGE.width, PAGE.height]); y = PAGE.height - PAGE.margin; }
      page.drawText(current, { x: PAGE.margin, y, size, font: f, color });
      y -= size + 4;
      current = '';
    };
    for (const word of words) {
      const next = current ? `${current} ${word}` : word;
      if (f.widthOfTextAtSize(next, size) > width && current) { flush(); current = word; } else current = next;
    }
    if (current) flush();
  };
  line(agency.name, 14, bold);
  line(`Daily police log - ${log.date} (M.G.L. c.41 s.98F)`, 12, bold);
  line(log.status === 'published' && log.publishedAt ? `Published ${agencyStamp(agency.timeZone, log.publishedAt)}` : 'DRAFT - not yet published', 9);
  y -= 6;
  if (log.entries.length === 0) line('No entries.');
  for (const e of log.entries) line(entryLine(agency.timeZone, e));
  if (log.corrections.length) {
    y -= 6;
    line('Corrections', 12, bold);
    for (const c of log.corrections) line(`CORRECTION (${agencyStamp(agency.timeZone, c.madeAt)})${c.entryRef ? ` to ${c.entryRef}` : ''}: ${c.text}`, 10, font, rgb(0.6, 0, 0));
  }
  return doc.save();
}
