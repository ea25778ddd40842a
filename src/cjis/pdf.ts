/** The CJIS Representative's printouts (pdf-lib): a training certificate (81A §J.1.b.ii) and the Chief's BOP list for inspection (§J.4.c). */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AgencyProfile } from '../core/config.ts';
import { printable } from '../records/pdf.ts';
import { agencyStamp } from '../core/clock.ts';

const PAGE = { width: 612, height: 792, margin: 54 };

function centred(page: PDFPage, text: string, y: number, font: PDFFont, size: number): void {
  const clean = printable(text);
  page.drawText(clean, { x: (PAGE.width - font.widthOfTextAtSize(clean, size)) / 2, y, size, font });
}

export interface CertificateFacts { name: string; username: string; level: string; certifiedOn: string; expiresOn: string; recordedBy: string }

/** A one-page training certificate, generated when the CJIS Representative records a certification without uploading one. */
export async function certificatePdf(agency: AgencyProfile, facts: CertificateFacts, training: boolean): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(`CJIS certificate ${facts.name}`);
  doc.setCreator('Precinct');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([PAGE.width, PAGE.height]);
  page.drawRectangle({ x: 36, y: 36, width: PAGE.width - 72, height: PAGE.height - 72, borderColor: rgb(0.2, 0.2, 0.4), borderWidth: 2 });
  centred(page, agency.name, 690, bold, 18);
  centred(page, 'Criminal Justice Information System', 660, font, 14);
  centred(page, 'Certificate of Training', 610, bold, 26);
  centred(page, 'This certifies that', 560, font, 13);
  centred(page, facts.name, 525, bold, 22);
  centred(page, `has completed CJIS training and testing at the ${facts.level} level`, 490, font, 13);
  centred(page, `on ${facts.certifiedOn}. Recertification is due by ${facts.expiresOn} (81A §J.1.b.i, §J.2).`, 470, font, 13);
  centred(page, `Recorded by the CJIS Representative (${facts.recordedBy}); login ${facts.username}; ORI ${agency.ori}.`, 420, font, 10);
  if (training) centred(page, 'TRAINING ENVIRONMENT', 380, bold, 12);
  page.drawLine({ start: { x: 150, y: 250 }, end: { x: 462, y: 250 }, thickness: 1 });
  centred(page, 'CJIS Representative', 235, font, 11);
  return Buffer.from(await doc.save());
}

export interface BopListLine { kindName: string; value: string; addedBy: string; addedAt: string }

/** The Chief's list of employees authorized for BOP (CORI) access, by position, title or name, for inspection by the CHSB. */
export async function bopListPdf(agency: AgencyProfile, lines: BopListLine[], people: { name: string; how: string }[], printedBy: string, printedAt: Date): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle('Board of Probation (CORI) authorized employees');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const write = (text: string, f = font, size = 11) => {
    if (y < PAGE.margin + 20) { page = doc.addPage([PAGE.width, PAGE.height]); y = PAGE.height - PAGE.margin; }
    page.drawText(printable(text).slice(0, 110), { x: PAGE.margin, y, size, font: f });
    y -= size + 6;
  };
  write(agency.name, bold, 16);
  write(`${agency.address} · ORI ${agency.ori}`, font, 10);
  y -= 8;
  write('Employees authorized for Board of Probation (CORI) queries — 81A §J.4', bold, 13);
  write('Maintained by the Chief of Police for inspection by the CHSB (81A §J.4.c).', font, 10);
  y -= 6;
  write('The list', bold, 12);
  if (lines.length === 0) write('(no one is authorized)');
  for (const l of lines) write(`${l.kindName}: ${l.value}   (added by ${l.addedBy}, ${agencyStamp(agency.timeZone, l.addedAt).slice(0, 10)})`);
  y -= 6;
  write('Employees it authorizes today', bold, 12);
  if (people.length === 0) write('(none)');
  for (const p of people) write(`${p.name} — ${p.how}`);
  y -= 12;
  write(`Printed ${agencyStamp(agency.timeZone, printedAt)} by ${printedBy}.`, font, 9);
  write('Chief of Police: ______________________________   Date: ____________', font, 11);
  const pages = doc.getPages();
  pages.forEach((p, i) => p.drawText(`Page ${i + 1} of ${pages.length}`, { x: PAGE.width - PAGE.margin - 70, y: 30, size: 9, font }));
  return Buffer.from(await doc.save());
}
