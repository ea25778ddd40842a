import type { NibrsData } from './types.ts';

/**
 * The NIBRS data as the editor holds it: each segment a bag of what the inputs show (numbers and
 * ages as typed). Keys starting with `_` are the screen's own (a master name's label) and are not sent.
 */
export type Entry = Record<string, unknown>;
export interface Draft { clearance: Entry; offenses: Entry[]; property: Entry[]; victims: Entry[]; offenders: Entry[]; arrestees: Entry[] }
export type Segment = Exclude<keyof Draft, 'clearance'>;

export const emptyDraft = (): Draft => ({ clearance: {}, offenses: [{ attempted: false }], property: [], victims: [], offenders: [], arrestees: [] });

/** An age as the clerk types it: `34`, `25-30` (offenders), or NEONATAL, NEWBORN, BABY, UNKNOWN. */
export function ageText(age: unknown): string {
  if (typeof age === 'number' || typeof age === 'string') return String(age);
  if (age && typeof age === 'object' && 'min' in age && 'max' in age) return `${String(age.min)}-${String(age.max)}`;
  return '';
}

/** What was typed, as the API reads it; text that is not an age is sent as typed for the server to refuse, naming the field. */
export function ageValue(text: string): unknown {
  const t = text.trim();
  const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(t);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  return /^\d+$/.test(t) ? Number(t) : t.toUpperCase();
}

const NUMBERS = new Set(['premisesEntered', 'value', 'quantity']);
/** Entries within an entry: a drug's type, quantity and measurement; an officer victim's LEOKA data. */
const NESTED = new Set(['drug', 'officer']);
const numberValue = (text: string): unknown => (/^\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text);

function toEntry(entry: Entry, keep: readonly string[] = []): Entry {
  const out: Entry = {};
  for (const [key, value] of Object.entries(entry)) {
    if (key.startsWith('_') || value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    if (Array.isArray(value) && value.length === 0 && !keep.includes(key)) continue;
    if (key === 'age') out.age = ageValue(String(value));
    else if (NUMBERS.has(key) && typeof value === 'string') out[key] = numberValue(value);
    else if (NESTED.has(key) && typeof value === 'object') {
      const inner = toEntry(value as Entry);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else if (key === 'relationships' && Array.isArray(value)) {
      const given = (value as Entry[]).filter((r) => r.offender !== '' && r.offender !== undefined && r.relationship);
      if (given.length > 0) out.relationships = given.map((r) => ({ offender: Number(r.offender), relationship: r.relationship }));
    } else out[key] = value;
  }
  return out;
}

/** The draft as the API takes it (`PUT /cases/{number}/nibrs` `data`). */
export function toData(draft: Draft): NibrsData {
  const clearance = toEntry(draft.clearance);
  const data: Entry = { offenses: draft.offenses.map((o) => toEntry(o)) };
  if (clearance.code) data.clearance = clearance;
  if (draft.property.length > 0) data.property = draft.property.map((p) => toEntry(p));
  // an officer's LEOKA data goes only with the type L that shows its inputs (a victim changed to I drops it)
  if (draft.victims.length > 0) data.victims = draft.victims.map((v) => toEntry(v.type === 'L' ? v : { ...v, officer: undefined }, ['offenses']));
  if (draft.offenders.length > 0) data.offenders = draft.offenders.map((o) => toEntry(o));
  if (draft.arrestees.length > 0) data.arrestees = draft.arrestees.map((a) => toEntry(a));
  return data as unknown as NibrsData;
}

const asText = (entry: Entry): Entry => Object.fromEntries(Object.entries(entry).map(([key, value]) => [key,
  key === 'age' ? ageText(value)
    : NUMBERS.has(key) && typeof value === 'number' ? String(value)
      : NESTED.has(key) && value && typeof value === 'object' ? asText(value as Entry)
        : value]));

/** The saved data as the editor shows it. */
export function fromData(data: NibrsData): Draft {
  const list = (entries: readonly object[] | undefined) => (entries ?? []).map((e) => asText({ ...e } as Entry));
  return {
    clearance: { ...(data.clearance ?? {}) }, offenses: list(data.offenses), property: list(data.property),
    victims: list(data.victims), offenders: list(data.offenders), arrestees: list(data.arrestees),
  };
}

/**
 * The field a message names, as the editor keys its inputs: the edits name `offenses[1].weapons`
 * (1-based); a refused shape names `data.offenses.0.weapons.0` (0-based, dotted).
 */
export function fieldKey(field: string): string {
  return field.replace(/^data\.?/, '').replace(/\.(\d+)(?=\.|$)/g, (_, n: string) => `[${Number(n) + 1}]`);
}

/** Whether a message about `field` belongs beside the input keyed `key` (or inside it: a list's items). */
export const belongsTo = (field: string, key: string) => field === key || field.startsWith(`${key}[`) || field.startsWith(`${key}.`);

/** What the case's reports say (`GET /cases/{number}/nibrs/from-reports`): entries with the report or item each came from. */
export interface Proposal {
  offenses: { value: Entry; source: string }[]; property: { value: Entry; source: string }[]; victims: { value: Entry; source: string }[];
  offenders: { value: Entry; source: string }[]; arrestees: { value: Entry; source: string }[]; notes: string[];
}
const SEGMENTS: readonly Segment[] = ['offenses', 'property', 'victims', 'offenders', 'arrestees'];

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The proposal's entry that a draft entry stands for: the same offense code, master name, or loss and description. */
function matches(segment: Segment, entry: Entry, proposed: Entry): boolean {
  if (segment === 'offenses') return typeof entry.agencyCode === 'string' && String(entry.agencyCode).trim().toUpperCase() === proposed.agencyCode;
  if (segment === 'property') return entry.lossType === proposed.lossType && (isEmpty(entry.description) || isEmpty(proposed.description) || entry.description === proposed.description);
  if (proposed.personId) return entry.personId === proposed.personId;
  return segment === 'victims' && !entry.personId && entry.type === proposed.type;
}

/** The proposal's entries as the editor holds them, with each victim's offenses renumbered into the draft's offenses. */
function proposedEntries(proposal: Proposal, segment: Segment, offenseNumber: (proposed: number) => number | undefined) {
  return proposal[segment].map(({ value, source }) => {
    const entry = asText({ ...value });
    if (segment === 'victims' && Array.isArray(value.offenses)) {
      entry.offenses = (value.offenses as number[]).map(offenseNumber).filter((n): n is number => n !== undefined);
    }
    return { entry, source };
  });
}

/**
 * Fill the draft from the reports without changing anything the clerk entered: an entry the draft
 * already has (the same offense code, master name, or loss and description) gets only its empty
 * fields; the others are added. A lone blank offense (a new draft's) is replaced.
 */
export function mergeProposal(draft: Draft, proposal: Proposal): { draft: Draft; filled: number } {
  let filled = 0;
  const blank = (o: Entry) => Object.entries(o).every(([k, v]) => k === 'attempted' ? v === false : isEmpty(v));
  const next: Draft = { ...draft, offenses: draft.offenses.filter((o) => !blank(o)) };
  const put = (segment: Segment, proposed: { entry: Entry }[]) => {
    const list = [...next[segment]];
    for (const { entry: p } of proposed) {
      const at = list.findIndex((e) => matches(segment, e, p));
      if (at < 0) { list.push(p); filled += Object.keys(p).length; continue; }
      const entry = { ...list[at]! };
      for (const [key, value] of Object.entries(p)) if (isEmpty(entry[key]) && !isEmpty(value)) { entry[key] = value; filled += 1; }
      list[at] = entry;
    }
    next[segment] = list;
  };
  put('offenses', proposedEntries(proposal, 'offenses', () => undefined));
  const offenseNumber = (n: number) => {
    const code = proposal.offenses[n - 1]?.value.agencyCode;
    const at = next.offenses.findIndex((o) => String(o.agencyCode ?? '').trim().toUpperCase() === code);
    return at < 0 ? undefined : at + 1;
  };
  for (const segment of SEGMENTS.slice(1)) put(segment, proposedEntries(proposal, segment, offenseNumber));
  if (next.offenses.length === 0) next.offenses = [{ attempted: false }];
  return { draft: next, filled };
}

/** For each draft entry (`offenses[1]`…), the report it stands for and which of its values are still the report's. */
export function provenance(draft: Draft, proposal: Proposal): Map<string, { source: string; keys: string[] }> {
  const out = new Map<string, { source: string; keys: string[] }>();
  const offenseNumber = (n: number) => {
    const code = proposal.offenses[n - 1]?.value.agencyCode;
    const at = draft.offenses.findIndex((o) => String(o.agencyCode ?? '').trim().toUpperCase() === code);
    return at < 0 ? undefined : at + 1;
  };
  for (const segment of SEGMENTS) {
    const proposed = proposedEntries(proposal, segment, offenseNumber);
    const used = new Set<number>();
    draft[segment].forEach((entry, i) => {
      const at = proposed.findIndex((p, j) => !used.has(j) && matches(segment, entry, p.entry));
      if (at < 0) return;
      used.add(at);
      const keys = Object.entries(proposed[at]!.entry).filter(([key, value]) => !isEmpty(value) && same(entry[key], value)).map(([key]) => key);
      if (keys.length > 0) out.set(`${segment}[${i + 1}]`, { source: proposed[at]!.source, keys });
    });
  }
  return out;
}
