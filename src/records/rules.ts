/**
 * Records decisions with no I/O: how a search query is read, how a candidate name is
 * scored and why, partial dates of birth, the juvenile test (S-110 §B.1) and the report
 * workflow (write → submit → approve or return; approved is locked).
 */
import { sameByNickname } from './nicknames.ts';
import type { ReportStatus } from '../db/tables/records.ts';

export interface NameQuery { first: string; last: string }

/** "Smith, Bill", "Bill Smith", "Bill J Smith" or "Smith": last name and first name, lower case. */
export function parseNameQuery(q: string): NameQuery {
  const text = q.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text.includes(',')) {
    const [last, rest = ''] = text.split(',', 2) as [string, string?];
    return { last: last.trim(), first: rest.trim().split(' ')[0] ?? '' };
  }
  const words = text.split(' ').filter(Boolean);
  if (words.length <= 1) return { last: words[0] ?? '', first: '' };
  return { first: words[0]!.replace(/\.$/, ''), last: words.at(-1)! };
}

/**
 * The readings of a typed name: "Tyler Brooks" as first-last, and, with no comma, also
 * last-first as NCIC and most forms write it ("Brooks Tyler", "BROOKS TYLER J").
 */
export function nameReadings(q: string): { query: NameQuery; lastFirst: boolean }[] {
  const parsed = parseNameQuery(q);
  const text = q.trim().toLowerCase().replace(/\s+/g, ' ');
  const words = text.split(' ').filter(Boolean);
  if (text.includes(',') || words.length < 2) return [{ query: parsed, lastFirst: text.includes(',') }];
  return [{ query: parsed, lastFirst: false }, { query: { last: words[0]!, first: words[1]!.replace(/\.$/, '') }, lastFirst: true }];
}

/** A date of birth as searched: a year, a year and month, or a whole date. */
export interface PartialDob { year: number; month?: number; day?: number }

export function parsePartialDob(text: string): PartialDob | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const dob: PartialDob = { year: Number(m[1]) };
  if (m[2]) dob.month = Number(m[2]);
  if (m[3]) dob.day = Number(m[3]);
  if ((dob.month && (dob.month < 1 || dob.month > 12)) || (dob.day && (dob.day < 1 || dob.day > 31))) return undefined;
  return dob;
}

/** A plate's letters and digits sorted: 4KX729 and 4XK729 share one key, so a transposed plate is found. */
export function plateKey(plate: string): string {
  return [...plate.toUpperCase().replace(/[^A-Z0-9]/g, '')].sort().join('');
}

/** Optimal string alignment distance: edits where swapping two neighbouring letters counts once. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

const NAME_LETTERS = [..."abcdefghijklmnopqrstuvwxyz'- "];

/**
 * Every spelling one keystroke away from `word`: a letter dropped, added, changed, or two
 * neighbours swapped (Damerau distance 1), over the letters a stored name can hold. These are the
 * slips a person makes typing a name; for a short surname the trigram similarity does not find
 * them ("foad" and "ford" share 2 of 8 trigrams, "moroe" and "moore" 2 of 10).
 */
export function oneEditAway(word: string): string[] {
  const out = new Set<string>();
  // by characters, not UTF-16 units: a slip never splits a character in two (half of one is no text
  // at all, and the embedded database refused the whole search for it)
  const letters = Array.from(word);
  for (let i = 0; i <= letters.length; i++) {
    const [head, tail] = [letters.slice(0, i).join(''), letters.slice(i)];
    const [after, rest] = [tail.join(''), tail.slice(1).join('')];
    for (const c of NAME_LETTERS) out.add(head + c + after);
    if (tail.length === 0) continue;
    out.add(head + rest);
    for (const c of NAME_LETTERS) out.add(head + c + rest);
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2).join(''));
  }
  out.delete(word);
  return [...out].filter((w) => w.trim() === w && w.length > 0);
}

function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/** What the database found out about one stored name against the query. */
export interface Candidate {
  first: string;
  last: string;
  alias: boolean;
  dob: string | null;
  lastSimilarity: number;
  firstSimilarity: number;
  lastSoundex: boolean;
  lastMetaphone: boolean;
  firstSoundex: boolean;
}

export interface Scored { score: number; matchedBy: string[] }

function lastNamePart(q: string, c: Candidate): [number, string] {
  const last = c.last.toLowerCase();
  if (last === q) return [1, 'last name'];
  if (isTransposition(q, last)) return [0.92, 'last name with letters transposed'];
  if (editDistance(q, last) === 1 && q.length >= 4) return [0.88, 'last name one letter off'];
  if (c.lastMetaphone) return [0.85, 'last name sounds alike (metaphone)'];
  if (c.lastSoundex) return [0.8, 'last name sounds alike (soundex)'];
  return [c.lastSimilarity, 'last name spelled similarly'];
}

function firstNamePart(q: string, c: Candidate): [number, string] | undefined {
  if (!q) return undefined;
  const first = c.first.toLowerCase();
  if (first === q) return [1, 'first name'];
  if (sameByNickname(q, first)) return [0.92, `nickname (${q} / ${first})`];
  if (q.length === 1) return first.startsWith(q) ? [0.75, 'first initial'] : [0, ''];
  if (isTransposition(q, first)) return [0.9, 'first name with letters transposed'];
  if (editDistance(q, first) === 1 && q.length >= 4) return [0.85, 'first name one letter off'];
  if (c.firstSoundex) return [0.78, 'first name sounds alike (soundex)'];
  if (first.startsWith(q) || q.startsWith(first)) return [0.7, 'first name shortened'];
  return [c.firstSimilarity * 0.8, c.firstSimilarity > 0.3 ? 'first name spelled similarly' : ''];
}

function dobPart(q: PartialDob, dob: string | null): [number, string] {
  if (!dob) return [0.2, ''];
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
  const partial = q.month === undefined || q.day === undefined;
  if (y === q.year && (q.month === undefined || q.month === m) && (q.day === undefined || q.day === d)) {
    return [1, partial ? 'partial date of birth' : 'date of birth'];
  }
  if (y === q.year && q.month === d && q.day === m) return [0.75, 'date of birth with day and month swapped'];
  if (y === q.year && q.month === m) return [0.6, 'year and month of birth'];
  if (q.month === m && q.day === d && Math.abs(y - q.year) <= 1) return [0.6, 'date of birth, year one off'];
  if (y === q.year) return [0.45, 'year of birth'];
  return [0, ''];
}

/**
 * Score one candidate 0…1 and say why it matched. Last name weighs most, then the
 * first name, then the date of birth when one was given.
 */
export function scoreCandidate(query: NameQuery, dob: PartialDob | undefined, c: Candidate): Scored {
  const why: string[] = [];
  const [lastScore, lastWhy] = lastNamePart(query.last, c);
  why.push(lastWhy);
  const first = firstNamePart(query.first, c);
  if (first?.[1]) why.push(first[1]);
  const birth = dob ? dobPart(dob, c.dob) : undefined;
  if (birth?.[1]) why.push(birth[1]);
  if (c.alias) why.push('alias');
  const weights = { last: 0.5, first: first ? 0.3 : 0, dob: birth ? 0.2 : 0 };
  const total = weights.last + weights.first + weights.dob;
  const raw = weights.last * lastScore + weights.first * (first?.[0] ?? 0) + weights.dob * (birth?.[0] ?? 0);
  const score = Math.round((raw / total) * (c.alias ? 0.98 : 1) * 1000) / 1000;
  return { score, matchedBy: why };
}

/** Age in whole years on a day ('YYYY-MM-DD' both). */
export function ageOn(dob: string, day: string): number {
  const [by, bm, bd] = dob.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Roles that make a person the subject of a record: their age decides whether it is juvenile. */
export const SUBJECT_ROLES = ['suspect', 'arrestee', 'offender', 'subject'] as const;
export const PERSON_ROLES = [...SUBJECT_ROLES, 'victim', 'witness', 'complainant', 'reporting_party', 'owner', 'driver', 'passenger', 'parent_guardian', 'other'] as const;
export const VEHICLE_ROLES = ['involved', 'stolen', 'recovered', 'towed', 'suspect_vehicle', 'victim_vehicle', 'other'] as const;
export const BUSINESS_ROLES = ['location', 'victim', 'complainant', 'other'] as const;

export type LinkDecision = { ok: true; juvenile: boolean } | { ok: false; reason: string };

/**
 * Linking a person to a record of an event on `eventDate`: a person born after the
 * event cannot be in it; a subject under 18 on that day makes the record juvenile,
 * fixed from the event date and never recomputed as the person ages (S-110 §B.1).
 */
export function linkPerson(dob: string | null, eventDate: string, role: string): LinkDecision {
  if (dob && dob > eventDate) return { ok: false, reason: `born ${dob}, after the event on ${eventDate}` };
  const subject = (SUBJECT_ROLES as readonly string[]).includes(role);
  return { ok: true, juvenile: subject && dob !== null && ageOn(dob, eventDate) < 18 };
}

export type ReportAction = 'edit' | 'submit' | 'approve' | 'return';

/** Whether a report in `status` may take `action`; the reason when not. Approving one's own report is refused. */
export function workflow(status: ReportStatus, action: ReportAction, actor: string, author: string): { ok: true; next: ReportStatus } | { ok: false; code: string; reason: string } {
  if (status === 'approved') {
    return { ok: false, code: 'report.locked', reason: 'the report is approved and locked; add a supplement instead' };
  }
  switch (action) {
    case 'edit':
      if (actor !== author) return { ok: false, code: 'report.not_author', reason: 'only the author edits a report' };
      if (status === 'submitted') return { ok: false, code: 'report.submitted', reason: 'the report is waiting for approval; it can be edited once returned' };
      return { ok: true, next: status };
    case 'submit':
      if (actor !== author) return { ok: false, code: 'report.not_author', reason: 'only the author submits a report' };
      if (status === 'submitted') return { ok: false, code: 'report.submitted', reason: 'the report is already submitted' };
      return { ok: true, next: 'submitted' };
    case 'approve':
    case 'return':
      if (status !== 'submitted') return { ok: false, code: 'report.not_submitted', reason: `the report is ${status}, not submitted` };
      if (actor === author) return { ok: false, code: 'report.own_report', reason: `a supervisor other than the author must ${action} a report` };
      return { ok: true, next: action === 'approve' ? 'approved' : 'returned' };
  }
}
