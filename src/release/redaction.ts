/**
 * Review of records before release (S-110 §B.2: "all information must be carefully reviewed
 * prior to dissemination to ensure that it is not restricted"). Pure: the exemptions a
 * redaction may cite, what the system proposes to redact in a record as gathered, how the
 * accepted redactions are applied to its text, and the request's deadline and reminders.
 */
import { createHash } from 'node:crypto';
import { allow, refuse, type Decision } from '../core/decision.ts';
import { ageOn } from '../records/rules.ts';
import { businessDaysLeft, type BusinessCalendar } from './deadline.ts';
import { nonPublicReasons } from './rules.ts';

/** The exemptions of the public records law a redaction or a denial may cite, each named truly. */
export const EXEMPTIONS = {
  juvenile: { clause: 'M.G.L. c.4 §7(26)(a); c.119 §60A; S-110 §B.1', title: 'Juvenile record or the name of a juvenile' },
  cori: { clause: 'M.G.L. c.4 §7(26)(a); c.6 §172', title: 'Criminal offender record information (CORI)' },
  dv_sa_victim: { clause: 'M.G.L. c.4 §7(26)(a); c.41 §97D', title: 'Victim of domestic violence or sexual assault' },
  investigatory: { clause: 'M.G.L. c.4 §7(26)(f); 81A §E.2.c', title: 'Confidential investigatory material' },
  shelter_address: { clause: 'M.G.L. c.4 §7(26)(n); 81A §D.3.c', title: 'Address of a shelter (safety of persons)' },
  medical: { clause: 'M.G.L. c.4 §7(26)(c)', title: 'Medical information' },
  identifier: { clause: 'M.G.L. c.4 §7(26)(c)', title: 'Personal identifier: date of birth, social security or licence number' },
  privacy: { clause: 'M.G.L. c.4 §7(26)(c)', title: 'Unwarranted invasion of personal privacy' },
} as const;
export type Exemption = keyof typeof EXEMPTIONS;
export const EXEMPTION_CODES = Object.keys(EXEMPTIONS) as Exemption[];

/** What replaces redacted text in a released copy: the text itself never reaches the PDF. */
export const marker = (exemption: Exemption) => `[REDACTED — ${EXEMPTIONS[exemption].clause}]`;
export const withheldMarker = (exemption: Exemption) => `[WITHHELD IN FULL — ${EXEMPTIONS[exemption].clause}]`;

/** A person named in a record as gathered. */
export interface NamedPerson { first: string; middle: string | null; last: string; role: string; dob: string | null; juvenile: boolean }

/** A record gathered into a request, as text, with what the review needs to know about it. */
export interface GatheredRecord {
  title: string;
  sections: { heading: string; text: string }[];
  people: NamedPerson[];
  /** The day of the event (for a person's age). */
  eventDate: string;
  facts: {
    /** A juvenile record (S-110 §B.1): kept whole from release. */
    juvenileRecord: boolean;
    confidential: boolean;
    shelter: boolean;
    /** Incident type code, when there is one. */
    type: string | null;
    charges: string[];
    /** Field values holding criminal history (CORI). */
    criminalHistory: string[];
  };
  /** What of the record the released copy leaves out by design (photos' images…). */
  notIncluded: string[];
}

export interface ProposedRedaction { scope: 'text' | 'item'; what: string; terms: string[]; exemption: Exemption }

const VICTIM_ROLES = new Set(['victim', 'complainant', 'reporting_party']);
const DV_SA_TEXT = /\b(domestic (violence|assault|abuse|disturbance)|209A|abuse prevention order|restraining order|sexual assault|rape|indecent assault)\b/i;
const MEDICAL = /\b(diagnos\w*|medication\w*|prescri\w*|overdos\w*|mental health|psychiatric|section 12|seizure\w*|diabet\w*|HIV|pregnan\w*|medical (condition|history)|treated at|transported to .{0,40}hospital|hospitali[sz]\w*)\b/i;
const CRIMINAL_HISTORY = /\b(criminal (history|record)|board of probation|BOP|CORI|prior (arrests?|convictions?|record))\b/i;
const SSN = /\b\d{3}-\d{2}-\d{4}\b/g;
const DOB_TEXT = /\b(?:DOB|D\.O\.B\.?|date of birth|born(?: on)?)\s*[:#-]?\s*(\d{1,2}\/\d{1,2}\/\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Z][a-z]+\.? \d{1,2},? \d{4})/gi;
const LICENCE_TEXT = /\b(?:licen[cs]e|lic\.|OLN|DL)\s*(?:number|no\.?|#)?\s*[:#-]?\s*([A-Z]{0,2}\d[A-Z0-9-]{4,14})\b/gi;
const MA_LICENCE = /\bS\d{8}\b/g;

/** The ways a person's name is written in a record: "Doe, Jane A", "Jane A Doe", "Jane Doe", and each name alone. */
export function nameTerms(p: Pick<NamedPerson, 'first' | 'middle' | 'last'>): string[] {
  const full = [p.first, p.middle, p.last].filter(Boolean).join(' ');
  const terms = [`${p.last}, ${p.first}${p.middle ? ` ${p.middle}` : ''}`, `${p.last}, ${p.first}`, full, `${p.first} ${p.last}`, p.first, p.last];
  return unique(terms.filter((t) => t.trim().length >= 2));
}

/** A date of birth as records write it: 2012-09-01 and 09/01/2012, 9/1/2012. */
function dobTerms(dob: string): string[] {
  const [y, m, d] = dob.split('-');
  return unique([dob, `${m}/${d}/${y}`, `${Number(m)}/${Number(d)}/${y}`]);
}

const unique = (xs: string[]) => [...new Set(xs)];
const sentences = (text: string) => text.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim()).filter(Boolean);

function matches(pattern: RegExp, text: string): string[] {
  return [...text.matchAll(pattern)].map((m) => (m[1] ?? m[0]).trim());
}

/**
 * What may not be released from one record, as proposals for the clerk (S-110 §B.1–B.2):
 * a juvenile record whole, a confidential incident whole, juveniles' names, victims' names in
 * a domestic-violence or sexual-assault matter, shelter addresses, criminal history, medical
 * information, and dates of birth, social security and licence numbers found by pattern.
 */
export function proposeRedactions(record: GatheredRecord): ProposedRedaction[] {
  const out: ProposedRedaction[] = [];
  const all = record.sections.map((s) => s.text).join('\n');
  if (record.facts.juvenileRecord) out.push({ scope: 'item', what: 'juvenile record', terms: [], exemption: 'juvenile' });
  if (record.facts.confidential) out.push({ scope: 'item', what: 'confidential incident', terms: [], exemption: 'investigatory' });
  const reasons = nonPublicReasons({ type: record.facts.type ?? '', charges: record.facts.charges }, { confidential: false, shelter: false, minor: false });
  const dvOrSa = reasons.some((r) => r !== 'minor') || DV_SA_TEXT.test(all);
  for (const p of record.people) {
    const minor = p.juvenile || (p.dob !== null && ageOn(p.dob, record.eventDate) < 18);
    if (minor) out.push({ scope: 'text', what: `name of a juvenile (${p.role})`, terms: nameTerms(p), exemption: 'juvenile' });
    else if (dvOrSa && VICTIM_ROLES.has(p.role)) out.push({ scope: 'text', what: `name of the ${p.role.replace('_', ' ')} in a domestic-violence or sexual-assault matter`, terms: nameTerms(p), exemption: 'dv_sa_victim' });
    if (p.dob) out.push({ scope: 'text', what: `date of birth (${minor ? 'juvenile ' : ''}${p.role.replace('_', ' ')})`, terms: dobTerms(p.dob), exemption: 'identifier' });
  }
  if (record.facts.shelter) {
    const location = record.sections.find((s) => s.heading === 'Location');
    if (location?.text) out.push({ scope: 'text', what: 'shelter location', terms: [location.text], exemption: 'shelter_address' });
  }
  for (const value of record.facts.criminalHistory) out.push({ scope: 'text', what: 'criminal history', terms: [value], exemption: 'cori' });
  // A pattern's find already proposed (a party's date of birth written in the text) is not proposed twice.
  const text = (exemption: Exemption, what: string, found: string[]) => {
    const proposed = new Set(out.flatMap((p) => p.terms.map((t) => t.toLowerCase())));
    const fresh = unique(found).filter((t) => !proposed.has(t.toLowerCase()));
    if (fresh.length) out.push({ scope: 'text', what, terms: fresh, exemption });
  };
  text('cori', 'sentence about criminal history', sentences(all).filter((s) => CRIMINAL_HISTORY.test(s)));
  text('medical', 'medical information', sentences(all).filter((s) => MEDICAL.test(s)));
  text('identifier', 'social security number', matches(SSN, all));
  text('identifier', 'date of birth in the text', matches(DOB_TEXT, all));
  text('identifier', 'licence number', [...matches(LICENCE_TEXT, all), ...matches(MA_LICENCE, all)].filter((t) => /\d/.test(t)));
  return out;
}

/** The digest of a record's text as gathered: a release checks the record still reads as it was reviewed. */
export function recordDigest(record: Pick<GatheredRecord, 'title' | 'sections'>): string {
  return createHash('sha256').update(JSON.stringify([record.title, record.sections])).digest('hex');
}

/** The proposals not already on the record (a record gathered again after it changed). */
export function newProposals(proposals: readonly ProposedRedaction[], existing: readonly { scope: string; terms: readonly string[]; exemption: string }[]): ProposedRedaction[] {
  const key = (p: { scope: string; terms: readonly string[]; exemption: string }) => JSON.stringify([p.scope, p.exemption, [...p.terms].map((t) => t.toLowerCase()).sort()]);
  const known = new Set(existing.map(key));
  return proposals.filter((p) => !known.has(key(p)));
}

/** A redaction as applied: terms removed from the text, or the whole record withheld. */
export interface AppliedRedaction { scope: 'text' | 'item'; terms: readonly string[]; exemption: Exemption }

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The text as released: every term of an accepted redaction, wherever it is written, replaced by
 * the marker of its exemption, as a whole word. A term of several words ("Will Hart", "Hart,
 * Will", a sentence) matches in any case; a single word matches as a name is written, capitalized
 * or in capitals ("Will", "WILL"), so a juvenile named Will does not take every "will" with him.
 * Longer terms go first, so "Jane Doe" becomes one marker and not two.
 */
export function redactText(text: string, redactions: readonly AppliedRedaction[]): string {
  const byTerm = new Map<string, Exemption>();
  const written = new Map<string, string>();
  for (const r of redactions) {
    for (const t of r.terms) if (t.trim() && !byTerm.has(t.toLowerCase())) { byTerm.set(t.toLowerCase(), r.exemption); written.set(t.toLowerCase(), t); }
  }
  if (byTerm.size === 0) return text;
  const terms = [...written.values()].sort((a, b) => b.length - a.length);
  const phrases = terms.filter((t) => /[\s,]/.test(t));
  const words = terms.filter((t) => !/[\s,]/.test(t)).flatMap((t) => [t, t.charAt(0).toUpperCase() + t.slice(1), t.toUpperCase()]);
  const whole = (alternatives: string[], flags: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.map(escape).join('|')})(?![\\p{L}\\p{N}])`, flags);
  // Phrases first, into placeholders the second pass cannot touch; then single words; then the markers.
  const found: string[] = [];
  const hold = (m: string) => `\uE000${found.push(m) - 1}\uE001`;
  let out = phrases.length ? text.replace(whole(phrases, 'giu'), hold) : text;
  if (words.length) out = out.replace(whole(words, 'gu'), hold);
  return out.replace(/\uE000(\d+)\uE001/g, (_, i: string) => marker(byTerm.get(found[Number(i)]!.toLowerCase()) ?? 'privacy'));
}

/** A record as released: withheld whole, or each section's text redacted. */
export function redactRecord(record: Pick<GatheredRecord, 'title' | 'sections'>, redactions: readonly AppliedRedaction[]): { title: string; withheld: Exemption | null; sections: { heading: string; text: string }[] } {
  const whole = redactions.find((r) => r.scope === 'item');
  if (whole) return { title: redactText(record.title, redactions), withheld: whole.exemption, sections: [] };
  return { title: redactText(record.title, redactions), withheld: null, sections: record.sections.map((s) => ({ heading: s.heading, text: redactText(s.text, redactions) })) };
}

// The request's rules

/** The date received is an agency date that has come (a request is logged when it arrives). */
export function receivedDateAllowed(received: string, today: string): Decision {
  if (received > today) return refuse('request.future_date', 'M.G.L. c.66 §10(a)', `${received} has not come yet: log a request on or after the day it was received.`);
  return allow('M.G.L. c.66 §10(a)');
}

/** A redaction the clerk adds or removes carries a reason (S-110 §B.2: the review is recorded). */
export function reasonGiven(reason: string | undefined): Decision {
  if (!reason?.trim()) return refuse('request.redaction_reason_required', 'S-110 §B.2', 'Give the reason for this redaction decision (reason).');
  return allow('S-110 §B.2');
}

/** Nothing is released before every record is reviewed: every proposal decided and the review completed (S-110 §B.2). */
export function releaseAllowed(r: { status: string; reviewed: boolean; items: number; undecided: number }): Decision {
  if (r.status !== 'open') return refuse('request.closed', 'S-110 §B.2', `The request is ${r.status.replace('_', ' ')}; nothing more is released on it.`, 409);
  if (r.items === 0) return refuse('request.no_records', 'S-110 §B.2', 'Gather the records asked for before responding (or deny the request citing the exemption).', 409);
  if (r.undecided > 0) return refuse('request.review_incomplete', 'S-110 §B.2', `${r.undecided} proposed redaction(s) are not yet accepted or removed.`, 409);
  if (!r.reviewed) return refuse('request.not_reviewed', 'S-110 §B.2', 'All information must be reviewed before release: complete the review first.', 409);
  return allow('S-110 §B.2');
}

/** Completing the review needs every proposal decided. */
export function reviewAllowed(r: { status: string; items: number; undecided: number }): Decision {
  if (r.status !== 'open') return refuse('request.closed', 'S-110 §B.2', `The request is ${r.status.replace('_', ' ')}.`, 409);
  if (r.items === 0) return refuse('request.no_records', 'S-110 §B.2', 'There is nothing to review: gather the records first.', 409);
  if (r.undecided > 0) return refuse('request.review_incomplete', 'S-110 §B.2', `${r.undecided} proposed redaction(s) are not yet accepted or removed.`, 409);
  return allow('S-110 §B.2');
}

/** Business days from today to the deadline (negative: overdue), and the reminder it calls for. */
export function daysLeft(deadline: string, today: string, calendar: BusinessCalendar): { daysLeft: number; reminder: 'overdue' | 'due_soon' | null } {
  const left = businessDaysLeft(deadline, today, calendar);
  return { daysLeft: left, reminder: left < 0 ? 'overdue' : left <= 2 ? 'due_soon' : null };
}
