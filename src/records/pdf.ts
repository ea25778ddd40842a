/**
 * Any report printed to PDF (pdf-lib) in a layout a court or records clerk accepts:
 * agency header, case number, fields, parties, narrative, supplements, approval,
 * "Page n of N", and "Juvenile" in red at the top of every page of a juvenile record (S-110 §B.1).
 * People print by name and badge, times on the agency's 24-hour clock; no ids, no logins.
 */
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AgencyProfile } from '../core/config.ts';
import type { ReportView } from './report-view.ts';
import { agencyDateTime } from './print.ts';
import { PROSECUTION_KEYS } from './report-codes.ts';

const TITLES: Record<string, string> = { incident: 'Incident Report', arrest: 'Arrest Booking', field_interview: 'Field Interview', supplement: 'Supplementary Report' };
const PAGE = { width: 612, height: 792, margin: 54 };
const RED = rgb(0.8, 0, 0);

/** Standard PDF fonts speak WinAnsi: typographic marks become their plain forms, anything else a '?'. */
export function printable(text: string): string {
  // the marks as escapes: a regular expression's own characters would keep the server's bundle from being pure ASCII (bin/server-bundle.js)
  return text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[\u2013\u2014]/g, '-').replace(/\u2026/g, '...')
    .replace(/\r\n?/g, '\n').replace(/[^\n\x20-\x7e\xa0-\xff]/g, '?');
}

/** Text broken into lines that fit `width` at `size` (a word longer than a line is cut). */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of printable(text).split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width) { line = next; continue; }
      if (line) lines.push(line);
      line = word;
      while (font.widthOfTextAtSize(line, size) > width) { // a word longer than the line
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut -= 1;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line);
  }
  return lines;
}

/**
 * A plain record on letter paper (a crash report, a chain of custody): the agency's letterhead,
 * then `line`s that wrap and turn the page; `save` prints each page's footer (`footer(n, of)`,
 * drawn as given) and returns the file.
 */
export async function letterPdf(title: string, agency: AgencyProfile) {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setProducer('Precinct');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage([PAGE.width, PAGE.height]);
  let y = 738;
  const line = (text: string, size = 10, f = font, x = PAGE.margin) => {
    for (const part of wrap(text, f, size, PAGE.width - PAGE.margin - x)) { // a long line wraps, never cut
      if (y < 80) { page = doc.addPage([PAGE.width, PAGE.height]); y = 738; }
      page.drawText(part, { x, y, size, font: f });
      y -= size + 5;
    }
  };
  const gap = (points: number) => { y -= points; };
  line(agency.name, 14, bold);
  line(`${agency.address} | ${agency.phone} | ORI ${agency.ori}`, 9);
  gap(8);
  const save = (footer: (n: number, of: number) => string): Promise<Uint8Array> => {
    const pages = doc.getPages();
    pages.forEach((p, i) => p.drawText(footer(i + 1, pages.length), { x: PAGE.margin, y: 34, size: 8, font }));
    return doc.save();
  };
  return { font, bold, line, gap, save };
}

/** A report field's value as one line of text. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(fieldText).join('; ');
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}: ${fieldText(v)}`).join(', ');
  return String(value);
}

/** A field name as people read it: `bookedAt` → "Booked At", `case_type` → "Case type". */
export function fieldLabel(key: string): string {
  return key.replace(/([A-Z])/g, ' $1').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

class Writer {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  constructor(readonly doc: PDFDocument, readonly font: PDFFont, readonly bold: PDFFont, readonly report: ReportView, readonly agency: AgencyProfile) {
    this.newPage();
  }
  newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(this.page);
    this.y = PAGE.height - PAGE.margin;
    if (this.report.juvenile) {
      this.page.drawText('Juvenile', { x: PAGE.margin, y: this.y - 16, size: 20, font: this.bold, color: RED });
      this.page.drawText('Juvenile record - segregated (S-110 B.1)', { x: PAGE.margin + 110, y: this.y - 14, size: 9, font: this.font, color: RED });
      this.y -= 30;
    }
    this.page.drawText(printable(this.agency.name), { x: PAGE.margin, y: this.y - 14, size: 14, font: this.bold });
    this.page.drawText(printable(`${this.agency.address} | ${this.agency.phone} | ORI ${this.agency.ori}`), { x: PAGE.margin, y: this.y - 28, size: 9, font: this.font });
    const right = `Case ${this.report.caseNumber ?? '(none)'}`;
    this.page.drawText(right, { x: PAGE.width - PAGE.margin - this.bold.widthOfTextAtSize(right, 11), y: this.y - 14, size: 11, font: this.bold });
    this.y -= 36;
    this.page.drawLine({ start: { x: PAGE.margin, y: this.y }, end: { x: PAGE.width - PAGE.margin, y: this.y }, thickness: 1 });
    this.y -= 18;
  }
  ensure(height: number): void {
    if (this.y - height < PAGE.margin + 24) this.newPage();
  }
  heading(text: string): void {
    this.ensure(30);
    this.y -= 6;
    this.page.drawText(printable(text), { x: PAGE.margin, y: this.y, size: 12, font: this.bold });
    this.y -= 16;
  }
  field(name: string, value: string): void {
    const lines = wrap(value, this.font, 10, PAGE.width - 2 * PAGE.margin - 140);
    this.ensure(14 * lines.length);
    this.page.drawText(printable(name), { x: PAGE.margin, y: this.y, size: 10, font: this.bold });
    for (const line of lines) {
      this.page.drawText(line, { x: PAGE.margin + 140, y: this.y, size: 10, font: this.font });
      this.y -= 14;
    }
  }
  paragraph(text: string): void {
    for (const line of wrap(text || '(none)', this.font, 10.5, PAGE.width - 2 * PAGE.margin)) {
      this.ensure(15);
      this.page.drawText(line, { x: PAGE.margin, y: this.y, size: 10.5, font: this.font });
      this.y -= 15;
    }
  }
}

/** `printedBy` is the person as named on paper ("Miguel Reyes #207"). */
export async function reportPdf(report: ReportView, agency: AgencyProfile, printedBy: string, printedAt: Date): Promise<Uint8Array> {
  const at = (iso: string | null) => (iso ? agencyDateTime(agency.timeZone, iso) : '');
  const doc = await PDFDocument.create();
  doc.setTitle(`${TITLES[report.kind]}${report.caseNumber ? ` ${report.caseNumber}` : ''}`);
  doc.setProducer('Precinct');
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold), report, agency);
  w.heading(`${TITLES[report.kind] ?? 'Report'}${report.juvenile ? ' (Juvenile)' : ''}`);
  w.field('Case number', report.caseNumber ?? '(none)');
  w.field('Status', report.status);
  w.field('Event date', `${report.eventDate} (occurred ${at(report.occurredAt)})`);
  w.field('Author', report.authorName);
  const p = report.prosecution;
  if (p.offenses.length > 0) w.field('Offenses', p.offenses.map((o) => `${o.name} (${o.code}${o.nibrs && o.nibrs !== o.code ? `, NIBRS ${o.nibrs}` : ''})`).join('; '));
  if (p.occurredFrom) w.field('Occurred', p.occurredTo ? `from ${at(p.occurredFrom)} to ${at(p.occurredTo)}` : `at ${at(p.occurredFrom)}`);
  for (const [label, coded] of [['Weapon', p.weapon], ['Premises', p.premises], ['Method', p.method]] as const) if (coded) w.field(label, `${coded.name} (${coded.code})`);
  for (const [key, value] of Object.entries(report.fields)) if (!PROSECUTION_KEYS.includes(key)) w.field(fieldLabel(key), key === 'bookedAt' && typeof value === 'string' ? at(value) : fieldText(value));
  if (report.parties.length > 0) {
    w.heading('Persons, vehicles and businesses');
    for (const p of report.parties) w.field(fieldLabel(p.role), `${p.label}${p.dob ? ` (DOB ${p.dob})` : ''}${p.juvenile ? ' - JUVENILE' : ''}`);
  }
  w.heading('Narrative');
  w.paragraph(report.narrative);
  for (const s of report.supplements) {
    w.heading(`Supplement by ${s.authorName}, ${at(s.createdAt)}`);
    w.paragraph(s.narrative);
    w.field('Supplement status', s.approvedBy ? `approved by ${s.approvedByName ?? s.approvedBy} at ${at(s.approvedAt)}` : s.status);
  }
  w.heading('Approval');
  w.field('Approved', report.approvedBy ? `by ${report.approvedByName ?? report.approvedBy} at ${at(report.approvedAt)}` : `NOT APPROVED (status: ${report.status})`);
  if (report.photos.length > 0) w.field('Photos', report.photos.map((p, i) => `${p.caption ?? `photo ${i + 1}`} sha256 ${p.sha256.slice(0, 16)}...`).join('; '));
  const total = w.pages.length;
  w.pages.forEach((page, i) => {
    const footer = `Case ${report.caseNumber ?? '(none)'} | printed ${agencyDateTime(agency.timeZone, printedAt)} by ${printedBy} | Page ${i + 1} of ${total}`;
    page.drawText(printable(footer), { x: PAGE.margin, y: PAGE.margin - 20, size: 8, font: w.font });
  });
  return doc.save();
}
