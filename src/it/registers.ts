/** The printable registers (PDF, pdf-lib) and CSV exports of the IT records, for an audit (S-110 §C, §G, §I). */
import { stringify } from 'csv-stringify/sync';
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AgencyProfile } from '../core/config.ts';
import { printable } from '../records/pdf.ts';

export interface Register {
  title: string;
  clause: string;
  columns: { label: string; width: number }[];
  rows: string[][];
}

export function registerCsv(register: Register): string {
  return stringify([register.columns.map((c) => c.label), ...register.rows]);
}

/** A time in the agency's zone, 24-hour clock: 2026-12-01 14:05. */
export function agencyTime(timeZone: string, at: Date | null): string {
  if (!at) return '';
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

const PAGE = { width: 792, height: 612, margin: 36 }; // landscape letter

function fit(text: string, font: PDFFont, size: number, width: number): string {
  let clean = printable(text).replace(/\s+/g, ' ');
  while (clean.length > 1 && font.widthOfTextAtSize(clean, size) > width - 4) clean = `${clean.slice(0, -2)}…`;
  return clean;
}

export async function registerPdf(agency: AgencyProfile, register: Register, printedBy: string, printedAt: Date): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(register.title);
  doc.setCreator('Precinct');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage;
  let y = 0;
  const header = () => {
    page = doc.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - PAGE.margin;
    page.drawText(printable(`${agency.name} — ${register.title} (${register.clause})`), { x: PAGE.margin, y, size: 13, font: bold });
    y -= 22;
    let x = PAGE.margin;
    for (const c of register.columns) {
      page.drawText(fit(c.label, bold, 8, c.width), { x, y, size: 8, font: bold });
      x += c.width;
    }
    y -= 14;
  };
  header();
  if (register.rows.length === 0) page!.drawText('(no entries)', { x: PAGE.margin, y, size: 9, font });
  for (const row of register.rows) {
    if (y < PAGE.margin + 24) header();
    let x = PAGE.margin;
    register.columns.forEach((c, i) => {
      page.drawText(fit(row[i] ?? '', font, 8, c.width), { x, y, size: 8, font });
      x += c.width;
    });
    y -= 12;
  }
  const pages = doc.getPages();
  const stamp = `Printed ${agencyTime(agency.timeZone, printedAt)} by ${printedBy}`;
  pages.forEach((p, i) => p.drawText(printable(`${stamp} · page ${i + 1} of ${pages.length}`), { x: PAGE.margin, y: 18, size: 8, font }));
  return Buffer.from(await doc.save());
}
