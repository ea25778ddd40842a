/**
 * Printed property records (pdf-lib, QR code from `qrcode`): the barcode label for label
 * stock (4 × 2 inches) and the custody history, with people's names and the agency's
 * 24-hour times, never ids or logins.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import type { AgencyProfile } from '../../core/config.ts';
import { letterPdf, printable } from '../pdf.ts';
import { agencyDateTime } from '../print.ts';
import type { ItemView } from './service.ts';

const KINDS: Record<string, string> = { evidence: 'EVIDENCE', found: 'FOUND PROPERTY', safekeeping: 'SAFEKEEPING', stolen: 'STOLEN (REPORTED)' };

/** One label, 288 × 144 points: the QR code of the tag, the tag in large type, the case, kind and description. */
export async function labelPdf(item: ItemView, agency: AgencyProfile): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Property label ${item.tag}`);
  doc.setProducer('Precinct');
  const page = doc.addPage([288, 144]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const qr = await doc.embedPng(await QRCode.toBuffer(item.tag, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 }));
  page.drawImage(qr, { x: 8, y: 16, width: 112, height: 112 });
  const x = 128;
  page.drawText(printable(agency.name).slice(0, 40), { x, y: 126, size: 7, font });
  page.drawText(item.tag, { x, y: 104, size: 18, font: bold });
  page.drawText(printable(`Case ${item.caseNumber}`), { x, y: 88, size: 10, font: bold });
  page.drawText(KINDS[item.kind] ?? item.kind, { x, y: 74, size: 9, font: bold });
  const text = printable(`${item.category}: ${item.description}`);
  page.drawText(text.slice(0, 32), { x, y: 60, size: 8, font });
  if (text.length > 32) page.drawText(text.slice(32, 64), { x, y: 50, size: 8, font });
  if (item.serial) page.drawText(printable(`S/N ${item.serial}`).slice(0, 32), { x, y: 38, size: 8, font });
  page.drawText(`Recorded ${agencyDateTime(agency.timeZone, item.createdAt)}`, { x, y: 22, size: 7, font });
  return doc.save();
}

/** The chain of custody on letter paper: each movement with who, to whom, where, when, why and who authorized it. */
export async function custodyPdf(item: ItemView, agency: AgencyProfile, nameOf: (u: string | null | undefined) => string, printedBy: string, printedAt: Date): Promise<Uint8Array> {
  const { font, bold, line, gap, save } = await letterPdf(`Chain of custody ${item.tag}`, agency);
  line(`Chain of custody - item ${item.tag} - case ${item.caseNumber}`, 12, bold);
  line(`${KINDS[item.kind] ?? item.kind}: ${item.category}, ${item.description}${item.make ? `, ${item.make}` : ''}${item.model ? ` ${item.model}` : ''}`);
  if (item.serial) line(`Serial number ${item.serial}`);
  if (item.owner) line(`Owner ${item.owner}`);
  line(`Now: ${item.status.replace('_', ' ')}${item.location ? `, at ${item.location}` : ''}${item.holderName ? `, held by ${item.holderName}` : ''}`, 10, bold);
  gap(8);
  item.custody.forEach((c, i) => {
    line(`${i + 1}. ${agencyDateTime(agency.timeZone, c.at)}  ${c.action.toUpperCase()}`, 10, bold);
    line(`From ${c.fromLocation ?? '-'} (${c.fromHolderName ?? '-'}) to ${c.toLocation ?? '-'}, received by ${c.toHolderName ?? '-'}`, 9, font, 70);
    line(`Why: ${c.reason}. Recorded by ${nameOf(c.recordedBy)}${c.authorizedBy ? `; authorized by ${nameOf(c.authorizedBy)}` : ''}`, 9, font, 70);
  });
  return save((n, of) => printable(`Item ${item.tag} | printed ${agencyDateTime(agency.timeZone, printedAt)} by ${printedBy} | Page ${n} of ${of}`));
}
