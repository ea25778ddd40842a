/**
 * The records a public records request gathers, read through each record's own access
 * function as the clerk (a juvenile report with records.juvenile and audited, S-110 §B.1; a
 * confidential incident as its rule shows it, 81A §E.2.c; the day's public log, §98F), and
 * turned into text sections for review and release.
 */
import type { Actor } from '../core/actor.ts';
import type { AppContext } from '../core/context.ts';
import { Conflict } from '../core/errors.ts';
import { agencyDate, agencyStamp } from '../core/clock.ts';
import { getReport } from '../records/report-view.ts';
import { fieldText, fieldLabel } from '../records/pdf.ts';
import { incidentRecord } from '../dispatch/incidents/service.ts';
import { publicLog } from './daily-log.ts';
import { entryLine } from './pdf.ts';
import type { GatheredRecord, NamedPerson } from './redaction.ts';

export type RecordKind = 'report' | 'incident' | 'daily_log';

const REPORT_TITLES: Record<string, string> = { incident: 'Incident report', arrest: 'Arrest booking', field_interview: 'Field interview', supplement: 'Supplementary report' };
const CRIMINAL_HISTORY_FIELD = /cori|criminal.?history|record.?check|priors|probation/i;

/** "Doe, Jane A" as the records label a person. */
function personOf(label: string, role: string, dob: string | null, juvenile: boolean): NamedPerson {
  const [last = label, rest = ''] = label.split(', ', 2);
  const [first = '', ...middle] = rest.split(' ').filter(Boolean);
  return { first, middle: middle.join(' ') || null, last, role, dob, juvenile };
}

/** A name as one string ("Jane Doe"): first word first, last word last. */
function personNamed(name: string, role: string): NamedPerson | null {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  if (name.includes(',')) return personOf(name.trim(), role, null, false);
  return { first: words.length > 1 ? words[0]! : '', middle: words.length > 2 ? words.slice(1, -1).join(' ') : null, last: words.at(-1)!, role, dob: null, juvenile: false };
}

async function reportRecord(ctx: AppContext, actor: Actor, id: string): Promise<GatheredRecord> {
  const r = await getReport(ctx, actor, id);
  // S-110 §B.2: what is released is the record as approved, not a draft still being written.
  if (r.status !== 'approved') throw new Conflict('request.report_not_approved', `The report is ${r.status}; only an approved report is released.`, { clause: 'S-110 §B.2' });
  const zone = ctx.config.agency.timeZone;
  const fields = (r.fields ?? {}) as Record<string, unknown>;
  const charges = ['charges', 'charge', 'offense'].flatMap((k) => { const v = fields[k]; return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []; });
  const people = r.parties.filter((p) => p.type === 'person').map((p) => personOf(p.label, p.role, p.dob ?? null, p.juvenile));
  const approved = r.supplements.filter((s) => s.status === 'approved');
  const sections = [
    { heading: 'Report', text: `${REPORT_TITLES[r.kind] ?? r.kind}${r.caseNumber ? `, case ${r.caseNumber}` : ''}. Occurred ${agencyStamp(zone, r.occurredAt)}. Written by ${r.authorName}; approved by ${r.approvedByName ?? 'not recorded'}.` },
    { heading: 'Details', text: Object.entries(fields).filter(([, v]) => fieldText(v) !== '').map(([k, v]) => `${fieldLabel(k)}: ${fieldText(v)}`).join('\n') },
    { heading: 'People and property', text: r.parties.map((p) => `${p.role.replace('_', ' ')}: ${p.label}${p.dob ? ` (DOB ${p.dob})` : ''}`).join('\n') },
    { heading: 'Narrative', text: r.narrative },
    ...approved.map((s, i) => ({ heading: `Supplement ${i + 1} (${s.authorName})`, text: s.narrative })),
    { heading: 'Photographs', text: r.photos.map((p, i) => `Photo ${i + 1}: ${p.caption ?? 'no caption'}`).join('\n') },
  ].filter((s) => s.text.trim());
  const notIncluded = [
    ...(r.photos.length ? [`${r.photos.length} photograph(s): the images are not part of the released copy (their captions are); a photograph is released only after the clerk reviews the image itself.`] : []),
    ...(r.supplements.length > approved.length ? [`${r.supplements.length - approved.length} supplement(s) not yet approved.`] : []),
  ];
  return {
    title: `${REPORT_TITLES[r.kind] ?? r.kind}${r.caseNumber ? ` ${r.caseNumber}` : ''} of ${r.eventDate}`, sections, people, eventDate: r.eventDate,
    facts: {
      juvenileRecord: r.juvenile, confidential: false, shelter: false, type: typeof fields.type === 'string' ? fields.type : null, charges,
      criminalHistory: Object.entries(fields).filter(([k]) => CRIMINAL_HISTORY_FIELD.test(k)).map(([, v]) => fieldText(v)).filter(Boolean),
    },
    notIncluded,
  };
}

async function incidentRecordOf(ctx: AppContext, actor: Actor, number: string): Promise<GatheredRecord> {
  const i = await incidentRecord(ctx, number, actor);
  const zone = ctx.config.agency.timeZone;
  const people = [
    ...(i.complainant?.name ? [personNamed(i.complainant.name, 'complainant')] : []),
    ...i.callers.flatMap((c) => (c.callerName ? [personNamed(c.callerName, 'reporting_party')] : [])),
  ].filter((p): p is NamedPerson => p !== null);
  const rp = i.reportingParty ? Object.entries(i.reportingParty).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join('\n') : '';
  const notes = i.timeline.flatMap((t) => (typeof t.payload.text === 'string' ? [`${agencyStamp(zone, t.at)} ${t.payload.text}`] : []));
  const sections = [
    { heading: 'Incident', text: `Incident ${i.number}: ${i.typeName ?? i.type}, priority ${i.priority}. Reported ${agencyStamp(zone, i.reportedAt)}. Status ${i.status}${i.disposition ? `, disposition ${i.disposition}` : ''}.` },
    { heading: 'Location', text: i.location?.address ?? '' },
    { heading: 'Complainant', text: i.complainant ? [i.complainant.name, i.complainant.address, i.complainant.phone].filter(Boolean).join(', ') : '' },
    { heading: 'As reported', text: rp },
    { heading: 'Narrative', text: i.narrative ?? '' },
    { heading: 'Units', text: i.units.map((u) => `${u.callSign} (${u.role}) dispatched ${agencyStamp(zone, u.dispatchedAt)}${u.arrivedAt ? `, arrived ${agencyStamp(zone, u.arrivedAt)}` : ''}${u.clearedAt ? `, cleared ${agencyStamp(zone, u.clearedAt)}` : ''}`).join('\n') },
    { heading: 'Notes', text: notes.join('\n') },
  ].filter((s) => s.text.trim());
  return {
    title: `Incident ${i.number} (${i.typeName ?? i.type})`, sections, people, eventDate: agencyDate(zone, new Date(i.reportedAt)),
    facts: { juvenileRecord: false, confidential: i.confidential, shelter: Boolean(i.location?.confidentialShelter || i.complainant?.confidentialShelter), type: i.type, charges: [], criminalHistory: [] },
    notIncluded: ['Calls\' recordings and CJIS query results are not part of an incident\'s released copy.'],
  };
}

async function dailyLogRecord(ctx: AppContext, date: string): Promise<GatheredRecord> {
  const log = await publicLog(ctx, date);
  const zone = ctx.config.agency.timeZone;
  const lines = log.entries.map((e) => entryLine(zone, e));
  const corrections = log.corrections.map((c) => `CORRECTION (${agencyStamp(zone, c.madeAt)}): ${c.text}`);
  return {
    title: `Daily police log of ${date}${log.status === 'draft' ? ' (not yet published)' : ''}`,
    sections: [{ heading: 'Entries', text: lines.join('\n') || 'No entries.' }, ...(corrections.length ? [{ heading: 'Corrections', text: corrections.join('\n') }] : [])],
    people: [], eventDate: date,
    facts: { juvenileRecord: false, confidential: false, shelter: false, type: null, charges: [], criminalHistory: [] },
    notIncluded: ['The non-public daily log (domestic violence, sexual assault, protective-order arrests, minors, confidential incidents; M.G.L. c.41 §98F) is not part of this log.'],
  };
}

/** One record as the clerk may read it, through that record's own access rule. */
export function gather(ctx: AppContext, actor: Actor, kind: RecordKind, ref: string): Promise<GatheredRecord> {
  if (kind === 'report') return reportRecord(ctx, actor, ref);
  if (kind === 'incident') return incidentRecordOf(ctx, actor, ref);
  return dailyLogRecord(ctx, ref);
}
