/**
 * A crash report printed (S-110 §A.1.e): the case, when and where, the road, light and weather in the
 * words of their code tables, each unit with its vehicle, driver, occupants (KABCO injury) and damage,
 * who reported it; people by name, times on the agency's 24-hour clock, no ids or logins.
 */
import type { AgencyProfile } from '../../core/config.ts';
import { letterPdf, wrap } from '../pdf.ts';
import { agencyDateTime } from '../print.ts';
import type { getCrash } from './service.ts';

const INJURY: Record<string, string> = { K: 'K - fatal', A: 'A - suspected serious', B: 'B - suspected minor', C: 'C - possible', O: 'O - no apparent injury' };

export async function crashPdf(crash: Awaited<ReturnType<typeof getCrash>>, agency: AgencyProfile, printedBy: string, printedAt: Date): Promise<Uint8Array> {
  const { font, bold, line, gap, save } = await letterPdf(`Crash report, case ${crash.caseNumber}`, agency);
  line(`Crash report - case ${crash.caseNumber}${crash.incidentNumber ? ` - CAD incident ${crash.incidentNumber}` : ''}`, 12, bold);
  line(`Occurred ${agencyDateTime(agency.timeZone, crash.occurredAt)} at ${crash.location}`);
  line(`Road surface: ${crash.roadName}. Light: ${crash.lightName}. Weather: ${crash.weatherName}.`);
  line(`Reported by ${crash.createdByName}`);
  gap(8);
  crash.units.forEach((u, i) => {
    line(`Unit ${i + 1}: ${u.vehicle || 'vehicle not in the index'}`, 10, bold);
    line(`Driver: ${u.driver || '-'}`, 9, font, 70);
    for (const o of u.occupants) line(`Occupant: ${o.name ?? 'unnamed'}, injury ${INJURY[o.injury] ?? o.injury}`, 9, font, 70);
    line(`Damage: ${u.damage}`, 9, font, 70);
  });
  if (crash.diagram) line(`Diagram attached (${crash.diagram.contentType}), SHA-256 ${crash.diagram.sha256}`, 9);
  return save((n, of) => wrap(`Crash report, case ${crash.caseNumber} | printed ${agencyDateTime(agency.timeZone, printedAt)} by ${printedBy} | Page ${n} of ${of}`, font, 8, 504)[0]!);
}
