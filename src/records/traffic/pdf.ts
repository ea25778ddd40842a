/**
 * A crash report printed (S-110 §A.1.e): the case, when and where, the road, light and weather in the
 * words of their code tables, each unit with its vehicle, driver, occupants (KABCO injury) and damage,
 * who reported it; people by name, times on the agency's 24-hour clock, no ids or logins.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { AgencyProfile } from '../../core/config.ts';
import { wrap } from '../pdf.ts';
import { agencyDateTime } from '../print.ts';
import type { getCrash } from './service.ts';

const INJURY: Record<string, string> = { K: 'K - fatal', A: 'A - suspected serious', B: 'B - suspected minor', C: 'C - possible', O: 'O - no apparent injury' };

export async function crashPdf(crash: Awaited<ReturnType<typeof getCrash>>, agency: AgencyProfile, printedBy: string, printedAt: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Crash report, case ${crash.caseNumber}`);
  doc.setProducer('Precinct');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage([612, 792]);
  let y = 738;
  const line = (text: string, size = 10, f = font, x = 54) => {
    for (const part of wrap(text, f, size, 612 - 54 - x)) {
      if (y < 80) { page = doc.addPage([612, 792]); y = 738; }
      page.drawText(part, { x, y, size, font: f });
      y -= size + 5;
    }
  };
  line(agency.name, 14, bold);
  line(`${agency.address} | ${agency.phone} | ORI ${agency.ori}`, 9);
  y -= 8;
  line(`Crash report - case ${crash.caseNumber}${crash.incidentNumber ? ` - CAD incident ${crash.incidentNumber}` : ''}`, 12, bold);
  line(`Occurred ${agencyDateTime(agency.timeZone, crash.occurredAt)} at ${crash.location}`);
  line(`Road surface: ${crash.roadName}. Light: ${crash.lightName}. Weather: ${crash.weatherName}.`);
  line(`Reported by ${crash.createdByName}`);
  y -= 8;
  crash.units.forEach((u, i) => {
    line(`Unit ${i + 1}: ${u.vehicle || 'vehicle not in the index'}`, 10, bold);
    line(`Driver: ${u.driver || '-'}`, 9, font, 70);
    for (const o of u.occupants) line(`Occupant: ${o.name ?? 'unnamed'}, injury ${INJURY[o.injury] ?? o.injury}`, 9, font, 70);
    line(`Damage: ${u.damage}`, 9, font, 70);
  });
  if (crash.diagram) line(`Diagram attached (${crash.diagram.contentType}), SHA-256 ${crash.diagram.sha256}`, 9);
  const pages = doc.getPages();
  pages.forEach((p, i) => p.drawText(wrap(`Crash report, case ${crash.caseNumber} | printed ${agencyDateTime(agency.timeZone, printedAt)} by ${printedBy} | Page ${i + 1} of ${pages.length}`, font, 8, 504)[0]!, { x: 54, y: 34, size: 8, font }));
  return doc.save();
}
