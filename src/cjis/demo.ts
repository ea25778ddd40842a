/**
 * The demo agency's CJIS: the training switch's files (WMS and NCIC warrants, stolen
 * vehicles and plates, registrations, a missing juvenile, a stolen gun and laptop, Board
 * of Probation history), certifications for the demo users, the Chief's BOP list, the
 * officials and Users Agreement, and one stolen-vehicle entry of the agency's own.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { AppContext } from '../core/context.ts';
import { appendEvent } from '../core/events/log.ts';
import { inTransaction } from '../db/index.ts';
import { consoleActor } from '../identity/service.ts';
import { personByUsername, displayName } from '../identity/people.ts';
import { createReport } from '../records/reports.ts';
import { agencyToday } from './access.ts';
import { storeDocument } from './documents.ts';
import { addBopListItem, insertAgreement, insertAuditFiling, insertCertification, insertOfficial, setEmployedSince } from './desk-store.ts';
import { vinCheckDigit } from './identifiers.ts';
import { certificatePdf } from './pdf.ts';
import { addDays, certificationExpires } from './rules.ts';
import { attachDocuments, insertEntry } from './store.ts';
import { insertTrainingRecord, type NewTrainingRecord } from './training/store.ts';
import type { Level } from './model.ts';

/** A 17-character VIN with its check digit put right (49 CFR 565.15). */
export function withCheckDigit(vin: string): string {
  return `${vin.slice(0, 8)}${vinCheckDigit(vin)}${vin.slice(9)}`;
}

export const DEMO_VINS = {
  stolen: withCheckDigit('1HGCM82633A004352'),
  ours: withCheckDigit('2T1BURHE0JC014321'),
  kowalski: withCheckDigit('1FTFW1ET5DFC10312'),
};

const COURT = { ori: 'MA013013J', agency: 'MILLBROOK DISTRICT COURT' };
const SPRINGDALE = { ori: 'MA0130200', agency: 'SPRINGDALE PD' };
const RIVERTON = { ori: 'MA0150300', agency: 'RIVERTON PD' };
const KEENE = { ori: 'NH0070100', agency: 'KEENE NH PD' };

/** The training switch's files: what a dispatcher finds with `Q PERSON DOE,JOHN 1985-04-12`, `Q PLATE ABC123 MA`… */
export function trainingFiles(): NewTrainingRecord[] {
  const doe = { NAM: 'DOE, JOHN', DOB: '19850412', SEX: 'M', RAC: 'W', HGT: '510', WGT: '180', EYE: 'BRO', HAI: 'BRO' };
  return [
    { type: 'warrant', source: 'WMS', ...COURT, fields: { ...doe, OFF: 'OUI LIQUOR 2ND OFFENSE', WNO: '2601CR000123', DOW: '20260115', CRT: 'MILLBROOK DISTRICT COURT', CMC: '', MIS: '' } },
    { type: 'warrant', source: 'WMS', ...COURT, fields: { ...doe, OFF: 'DEFAULT - FAILURE TO APPEAR', WNO: '2601CR000456', DOW: '20260302', CRT: 'MILLBROOK DISTRICT COURT', CMC: '', MIS: '' } },
    { type: 'warrant', source: 'NCIC', ...KEENE, fields: { NAM: 'ROE, RICHARD', DOB: '19790322', SEX: 'M', RAC: 'W', HGT: '600', WGT: '210', OFF: 'ROBBERY', WNO: 'NH-24-0771', DOW: '20240611', MIS: 'EXTRADITION: NEW ENGLAND STATES' } },
    { type: 'warrant', source: 'CJIS', ...SPRINGDALE, confirm: 'no_answer', fields: { NAM: 'SMITH, ANNA', DOB: '19920704', SEX: 'F', RAC: 'W', OFF: 'LARCENY OVER 1200', WNO: 'SPD-26-0091', DOW: '20260810' } },
    { type: 'stolen_vehicle', source: 'NCIC', ...SPRINGDALE, fields: { LIC: 'ABC123', LIS: 'MA', LIY: '2026', VIN: DEMO_VINS.stolen, VYR: '2003', VMA: 'HOND', VMO: 'ACC', VCO: 'BLK', DOT: '20261120', OWN: 'PATEL, RAVI' } },
    { type: 'registration', source: 'RMV', ori: 'MARMV0000', agency: 'MA REGISTRY OF MOTOR VEHICLES', fields: { LIC: 'ABC123', LIS: 'MA', LIY: '2026', VIN: DEMO_VINS.stolen, VYR: '2003', VMA: 'HOND', VMO: 'ACC', VCO: 'BLK', OWN: 'PATEL, RAVI', ADR: '18 BIRCH LANE, SPRINGDALE MA' } },
    { type: 'stolen_plate', source: 'CJIS', ...RIVERTON, fields: { LIC: '7XK492', LIS: 'MA', LIY: '2026', LIT: 'PC', DOT: '20261125' } },
    { type: 'registration', source: 'RMV', ori: 'MARMV0000', agency: 'MA REGISTRY OF MOTOR VEHICLES', fields: { LIC: '4KX729', LIS: 'MA', LIY: '2026', VIN: DEMO_VINS.kowalski, VYR: '2013', VMA: 'FORD', VMO: 'F15', VCO: 'RED', OWN: 'KOWALSKI, JANE', ADR: '14 ELM STREET, MILLBROOK MA' } },
    { type: 'missing_person', source: 'NCIC', ...SPRINGDALE, fields: { NAM: 'LANE, EMILY', DOB: '20110830', SEX: 'F', RAC: 'W', HGT: '503', WGT: '105', MNP: 'JUVENILE', DLC: '20261128' } },
    { type: 'stolen_gun', source: 'NCIC', ...RIVERTON, fields: { SER: 'TX1234567', MAK: 'GLOCK', CAL: '9MM', TYP: 'PISTOL', DOT: '20260914' } },
    { type: 'stolen_article', source: 'NCIC', ...SPRINGDALE, fields: { SER: 'C02XK1ABJGH5', TYP: 'LAPTOP', BRA: 'APPLE', DOT: '20261002' } },
    { type: 'bop_entry', source: 'BOP', ori: 'MABOP0000', agency: 'MA OFFICE OF THE COMMISSIONER OF PROBATION', fields: { ...doe, CHG: 'OUI LIQUOR', DSP: 'GUILTY - FILED', CRT: 'MILLBROOK DISTRICT COURT', DOA: '20190310' } },
    { type: 'bop_entry', source: 'BOP', ori: 'MABOP0000', agency: 'MA OFFICE OF THE COMMISSIONER OF PROBATION', fields: { ...doe, CHG: 'LARCENY UNDER 1200', DSP: 'CONTINUED WITHOUT A FINDING', CRT: 'SPRINGDALE DISTRICT COURT', DOA: '20150622' } },
  ];
}

/** Certifications of the demo users, dated from today: one expires within the reminder window. */
const CERTIFICATIONS: { username: string; level: Level; certifiedDaysAgo: number; employedDaysAgo: number }[] = [
  { username: 'dkowalski', level: 'full_access', certifiedDaysAgo: 300, employedDaysAgo: 6 * 365 },
  { username: 'mreyes', level: 'full_access', certifiedDaysAgo: 500, employedDaysAgo: 12 * 365 },
  { username: 'jobrien', level: 'query_only', certifiedDaysAgo: 200, employedDaysAgo: 3 * 365 },
  { username: 'pnguyen', level: 'query_only', certifiedDaysAgo: 700, employedDaysAgo: 4 * 365 },
  { username: 'tcarver', level: 'full_access', certifiedDaysAgo: 100, employedDaysAgo: 9 * 365 },
];

async function demoPdf(title: string, lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText(title, { x: 54, y: 720, size: 16, font });
  lines.forEach((line, i) => page.drawText(line, { x: 54, y: 690 - i * 18, size: 11, font }));
  return Buffer.from(await doc.save());
}

/** Load the demo agency's CJIS data (called by src/app/demo.ts). */
export async function seedCjisDemo(ctx: AppContext): Promise<void> {
  for (const record of trainingFiles()) await insertTrainingRecord(ctx.db, record);
  const operator = consoleActor();
  const today = agencyToday(ctx);
  for (const c of CERTIFICATIONS) {
    const person = await personByUsername(ctx.db, c.username);
    if (!person) continue;
    const certifiedOn = addDays(today, -c.certifiedDaysAgo);
    const pdf = await certificatePdf(ctx.config.agency, { name: displayName(person, c.username), username: c.username, level: c.level === 'full_access' ? 'Full Access' : 'Query Only', certifiedOn, expiresOn: certificationExpires(certifiedOn), recordedBy: 'tcarver' }, true);
    await inTransaction(ctx.db, async (tx) => {
      await setEmployedSince(tx, c.username, addDays(today, -c.employedDaysAgo), operator.username);
      const documentId = await storeDocument(tx, operator, 'certificate', `cjis-certificate-${c.username}.pdf`, 'application/pdf', pdf);
      await insertCertification(tx, { username: c.username, level: c.level, certifiedOn, documentId, by: 'tcarver' });
    });
  }
  const year = Number(today.slice(0, 4));
  const lastFeb = `${today >= `${year}-02-15` ? year : year - 1}-02-15`;
  await inTransaction(ctx.db, async (tx) => {
    for (const [kind, value] of [['position', 'dispatcher'], ['position', 'commanding_officer'], ['name', 'tcarver']] as const) await addBopListItem(tx, { kind, value, by: 'rmcallister' });
    await insertOfficial(tx, { role: 'chief', name: 'Ruth McAllister', username: 'rmcallister', assignedOn: addDays(today, -5 * 365), by: operator.username });
    await insertOfficial(tx, { role: 'cjis_rep', name: 'Terry Carver', username: 'tcarver', assignedOn: addDays(today, -2 * 365), by: operator.username });
    await insertAgreement(tx, { signedOn: lastFeb, filedRecordsOn: lastFeb, filedChsbOn: addDays(lastFeb, 2), documentId: null, by: 'tcarver' });
    await insertAuditFiling(tx, { auditDate: addDays(today, -400), auditor: 'DCJIS Field Services', result: 'Compliant; two validation lists returned late were noted.', filedRecordsOn: addDays(today, -390), documentId: null, by: 'tcarver' });
  });
  await seedOwnEntry(ctx);
}

/** The agency's own stolen-vehicle entry: a signed theft report in Records, the NCIC record in the training switch, the entry on the validation list. */
async function seedOwnEntry(ctx: AppContext): Promise<void> {
  const officer = { username: 'jobrien', roles: ['patrol_officer'], source: 'localhost', remote: false };
  if (!(await personByUsername(ctx.db, officer.username))) return;
  const report = await createReport(ctx, officer, {
    kind: 'incident', fields: { offense: 'MOTOR VEHICLE THEFT', location: '200 Main Street, Millbrook' },
    narrative: 'Owner reports her 2018 grey Toyota Corolla taken overnight from the lot at 200 Main Street. Theft report signed by the owner at the station.',
  });
  const subject = { LIC: 'MBK100', LIS: 'MA', VIN: DEMO_VINS.ours, VYR: '2018', VMA: 'TOYT', VMO: 'COR', VCO: 'GRY', DOT: addDays(agencyToday(ctx), -12).replace(/-/g, '') };
  const nic = await insertTrainingRecord(ctx.db, { type: 'stolen_vehicle', source: 'NCIC', ori: ctx.config.agency.ori, agency: ctx.config.agency.name.toUpperCase(), fields: subject });
  const signed = await demoPdf('Theft report — signed by the reporting party (demo)', ['Vehicle: 2018 Toyota Corolla, grey, MA MBK100', `VIN ${DEMO_VINS.ours}`, 'Signed: Lucia Ferreira (owner)', `Case ${report.caseNumber ?? ''}`]);
  await inTransaction(ctx.db, async (tx) => {
    const documentId = await storeDocument(tx, officer, 'signed_theft_report', 'signed-theft-report.pdf', 'application/pdf', signed);
    const id = await insertEntry(tx, { kind: 'vehicle', mke: 'EV', nic, subject, incident: null, caseNumber: report.caseNumber, reportId: report.id, by: 'dkowalski' });
    await attachDocuments(tx, [documentId], id);
    await appendEvent(tx, { kind: 'cjis.entry.made', subject: { type: 'cjis_entry', id }, actor: { username: 'dkowalski' }, payload: { text: `TRAINING — EV entered: MBK100 MA — NIC ${nic}` } });
  });
}
