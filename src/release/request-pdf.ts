/**
 * The released copy of a public records request and the response letter (pdf-lib). The
 * released copy is drawn from text the redaction has already removed: a redacted word never
 * reaches the PDF, not even hidden under a black box. Every page carries the request number.
 */
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AgencyProfile } from '../core/config.ts';
import { agencyStamp } from '../core/clock.ts';
import { printable, wrap } from '../records/pdf.ts';
import { EXEMPTIONS, withheldMarker, type Exemption } from './redaction.ts';

const PAGE = { width: 612, height: 792, margin: 54 };

class Pages {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];
  constructor(readonly doc: PDFDocument, readonly font: PDFFont, readonly bold: PDFFont, readonly agency: AgencyProfile, readonly stamp: string) { this.newPage(); }
  newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(this.page);
    this.y = PAGE.height - PAGE.margin;
    this.page.drawText(printable(this.agency.name), { x: PAGE.margin, y: this.y - 14, size: 13, font: this.bold });
    this.page.drawText(printable(this.stamp), { x: PAGE.width - PAGE.margin - this.bold.widthOfTextAtSize(printable(this.stamp), 11), y: this.y - 14, size: 11, font: this.bold });
    this.y -= 24;
    this.page.drawLine({ start: { x: PAGE.margin, y: this.y }, end: { x: PAGE.width - PAGE.margin, y: this.y }, thickness: 1 });
    this.y -= 18;
  }
  text(text: string, size = 10.5, bold = false, color = rgb(0, 0, 0)): void {
    const font = bold ? this.bold : this.font;
    for (const line of wrap(text, font, size, PAGE.width - 2 * PAGE.margin)) {
      if (this.y - size < PAGE.margin + 24) this.newPage();
      this.page.drawText(line, { x: PAGE.margin, y: this.y, size, font, color });
      this.y -= size + 4;
    }
  }
  gap(points = 8): void { this.y -= points; }
  /** "Public records request PRR-00042 | page n of N" at the foot of every page. */
  finish(): void {
    const total = this.pages.length;
    this.pages.forEach((page, i) => page.drawText(printable(`${this.stamp} | page ${i + 1} of ${total}`), { x: PAGE.margin, y: PAGE.margin - 20, size: 8, font: this.font }));
  }
}

async function start(agency: AgencyProfile, stamp: string, title: string): Promise<Pages> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setProducer('Precinct');
  return new Pages(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold), agency, stamp);
}

export interface ReleasedRecord { title: string; withheld: Exemption | null; sections: { heading: string; text: string }[]; notIncluded: string[] }

/** The records as released, already redacted. */
export async function releasePdf(agency: AgencyProfile, r: { label: string; releasedAt: Date; requester: string; records: ReleasedRecord[] }): Promise<Uint8Array> {
  const w = await start(agency, `Public records request ${r.label}`, `Records released on request ${r.label}`);
  w.text(`Records released on public records request ${r.label} to ${r.requester}, ${agencyStamp(agency.timeZone, r.releasedAt)} (M.G.L. c.66 §10).`, 10);
  w.text('Text removed under an exemption is shown as [REDACTED - exemption].', 9);
  for (const record of r.records) {
    w.gap(10);
    w.text(record.title, 12.5, true);
    if (record.withheld) { w.text(withheldMarker(record.withheld), 10.5, true, rgb(0.6, 0, 0)); continue; }
    for (const s of record.sections) { w.gap(4); w.text(s.heading, 10.5, true); w.text(s.text); }
    if (record.notIncluded.length) { w.gap(4); w.text('Not included', 10, true); for (const n of record.notIncluded) w.text(n, 9.5); }
  }
  w.finish();
  return w.doc.save();
}

/** The letter answering a request that is partly released or denied, citing each exemption. */
export async function responseLetter(agency: AgencyProfile, r: {
  label: string; at: Date; requester: { name: string; contact: string }; receivedOn: string; description: string;
  outcome: 'partially_released' | 'denied'; exemptions: Exemption[]; explanation: string | null; releasedBy: string;
}): Promise<Uint8Array> {
  const w = await start(agency, `Public records request ${r.label}`, `Response to public records request ${r.label}`);
  w.text(agencyStamp(agency.timeZone, r.at).slice(0, 10));
  w.gap();
  w.text(r.requester.name); w.text(r.requester.contact);
  w.gap();
  w.text(`Re: your public records request received ${r.receivedOn} (${r.label})`, 10.5, true);
  w.text(`You asked for: ${r.description}`);
  w.gap();
  w.text(r.outcome === 'denied'
    ? 'The department has reviewed the records responsive to your request and must deny it, under the exemptions below.'
    : 'The department has reviewed the records responsive to your request and releases them with the redactions below; the released copy is enclosed.');
  if (r.explanation) w.text(r.explanation);
  w.gap();
  w.text('Exemptions cited', 11, true);
  for (const e of r.exemptions) w.text(`${EXEMPTIONS[e].clause}: ${EXEMPTIONS[e].title}.`);
  w.gap();
  w.text('You may appeal this response to the Supervisor of Records of the Secretary of the Commonwealth (M.G.L. c.66 §10A; 950 CMR 32.08) and may seek judicial review in the Superior Court.');
  w.gap();
  w.text(`Records Bureau, ${agency.name}`);
  w.text(r.releasedBy);
  w.finish();
  return w.doc.save();
}
