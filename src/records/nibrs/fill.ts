/**
 * What a case's reports already say that NIBRS needs (issue 23 §1 "Reports carry what NIBRS
 * needs"): the offenses from the reports' offense codes (mapped through the agency's offense
 * mapping when saved), the location type, weapon and method of entry from their code tables,
 * victims, offenders and arrestees from the reports' parties with their master names' age (at
 * the incident's date), sex and race, and the property from the case's property and evidence
 * items. Nothing here is written: the editor offers it, fills only what the clerk left empty, and
 * shows which values came from a report; the clerk saves.
 */
import { codeTable } from '../../agency/service.ts';
import type { AppContext } from '../../core/context.ts';
import { NotFound } from '../../core/errors.ts';
import type { Db } from '../../db/index.ts';
import { displayNames } from '../../identity/people.ts';
import type { ArresteeEntry, OffenseEntry, OffenderEntry, PropertyEntry, VictimEntry } from './model.ts';
import { fromMasterName } from './rules.ts';
import { localDateTime } from './service.ts';
import * as store from './store.ts';

/**
 * Property category words → NIBRS property description (Data Element 15). The property room's
 * categories are free text: a category maps when it (or one of its words) is one of these,
 * case and plural aside. Anything else is left for the clerk to pick.
 */
export const CATEGORY_DESCRIPTIONS: Readonly<Record<string, string>> = {
  aircraft: '01', alcohol: '02', liquor: '02', automobile: '03', car: '03', auto: '03', bicycle: '04', bike: '04', bus: '05',
  clothing: '06', clothes: '06', fur: '06', computer: '07', laptop: '07', tablet: '07', software: '07', consumable: '08', food: '08',
  'credit card': '09', 'debit card': '09', card: '09', drug: '10', drugs: '10', narcotic: '10', narcotics: '10', 'drug equipment': '11', paraphernalia: '11',
  firearm: '13', gun: '13', handgun: '13', rifle: '13', shotgun: '13', 'household goods': '16', household: '16', jewelry: '17', jewellery: '17', gems: '17',
  merchandise: '19', money: '20', cash: '20', currency: '20', check: '21', cheque: '21', 'office equipment': '23', purse: '25', handbag: '25', wallet: '25',
  radio: '26', tv: '26', television: '26', stereo: '26', recording: '27', truck: '37', 'vehicle parts': '38', tire: '38', tires: '38', boat: '39',
  documents: '48', document: '48', 'identity document': '65', id: '65', passport: '65', license: '65', 'law enforcement equipment': '67',
  tools: '77', tool: '77', 'lawn equipment': '68', 'musical instrument': '72', instrument: '72', camera: '74', optical: '74', phone: '75', 'cell phone': '75',
  mobile: '75', smartphone: '75', electronics: '75', 'sports equipment': '76', sporting: '76', trailer: '78', weapon: '80', knife: '80', other: '77',
};

/** The description code of a free-text property category, or none when it does not map. */
export function descriptionOf(category: string): string | undefined {
  const words = category.toLowerCase().replace(/[^a-z ]+/g, ' ').replace(/\s+/g, ' ').trim();
  const singular = (w: string) => (w.endsWith('s') && CATEGORY_DESCRIPTIONS[w.slice(0, -1)] ? w.slice(0, -1) : w);
  if (CATEGORY_DESCRIPTIONS[words]) return CATEGORY_DESCRIPTIONS[words];
  if (CATEGORY_DESCRIPTIONS[singular(words)]) return CATEGORY_DESCRIPTIONS[singular(words)];
  for (const word of words.split(' ')) {
    const code = CATEGORY_DESCRIPTIONS[word] ?? CATEGORY_DESCRIPTIONS[singular(word)];
    if (code) return code;
  }
  return undefined;
}

/** The report's method of entry (method code table) as NIBRS Data Element 11: F forced, N not forced. */
const ENTRY_METHODS: Readonly<Record<string, 'F' | 'N'>> = { FORCED: 'F', PRY: 'F', GLASS: 'F', NO_FORCE: 'N', KEY: 'N' };
const OFFENDER_ROLES = new Set(['suspect', 'offender', 'arrestee']);

export interface Filled<T> { value: T; source: string }
export interface FromReports {
  offenses: Filled<Partial<OffenseEntry> & { agencyCode: string; attempted: boolean }>[];
  property: Filled<PropertyEntry | Omit<PropertyEntry, 'description'>>[];
  victims: Filled<Partial<VictimEntry> & { type: string; offenses: number[] }>[];
  offenders: Filled<OffenderEntry>[];
  arrestees: Filled<Partial<ArresteeEntry>>[];
  /** What could not be carried, in words (an item whose category does not map, a report without an offense). */
  notes: string[];
}

const REPORT_WORDS: Record<string, string> = { incident: 'incident report', arrest: 'arrest report', field_interview: 'field interview' };
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : typeof v === 'string' && v ? [v] : []);
const AGENCY_CODE = /^[A-Za-z0-9_ -]{1,40}$/;

/** What the case's reports and property items say that NIBRS needs, each value with the report or item it came from. */
export async function fromReports(ctx: AppContext, caseNumber: string): Promise<FromReports> {
  const db: Db = ctx.db;
  const kase = await store.caseForNibrs(db, caseNumber);
  if (!kase) throw new NotFound('nibrs.no_case', `there is no case ${caseNumber}`);
  const zone = ctx.config.agency.timeZone;
  const day = localDateTime(kase.occurred_at, zone).slice(0, 10);
  const reports = await db.selectFrom('report').select(['id', 'kind', 'author', 'occurred_at', 'event_date', 'fields', 'created_at'])
    .where('case_number', '=', caseNumber).where('kind', '<>', 'supplement').orderBy('created_at').orderBy('id').execute();
  const parties = reports.length === 0 ? [] : await db.selectFrom('report_party').select(['report_id', 'entity_type', 'entity_id', 'role'])
    .where('report_id', 'in', reports.map((r) => r.id)).orderBy('role').orderBy('entity_id').execute();
  const items = await db.selectFrom('property_item').select(['id', 'tag', 'kind', 'category', 'description', 'value_cents', 'status', 'recovered_item_id', 'created_at'])
    .where('case_number', '=', caseNumber).orderBy('tag').execute();
  const nameOf = await displayNames(db, reports.map((r) => r.author));
  const lookup = async (table: string) => new Map((await codeTable(db, table, true)).map((c) => [c.code, c]));
  const [premises, weapons] = [await lookup('premises'), await lookup('weapon')];
  const nibrsAttr = (entry: { attrs?: Record<string, unknown> | null } | undefined) => (entry?.attrs && typeof entry.attrs.nibrs === 'string' ? entry.attrs.nibrs : undefined);
  const sourceOf = (r: (typeof reports)[number]) => `${REPORT_WORDS[r.kind] ?? r.kind} of ${localDateTime(r.occurred_at, zone).slice(0, 16).replace('T', ' ')} by ${nameOf(r.author)}`;
  const out: FromReports = { offenses: [], property: [], victims: [], offenders: [], arrestees: [], notes: [] };

  // offenses: each report's offense codes, once per incident (the first report that names one wins)
  for (const r of reports) {
    const fields = r.fields as Record<string, unknown>;
    const codes = strings(fields.offenses);
    if (codes.length === 0 && r.kind === 'incident') codes.push(...strings(fields.offense));
    const locationType = nibrsAttr(premises.get(String(fields.premises ?? '')));
    const weapon = nibrsAttr(weapons.get(String(fields.weapon ?? '')));
    const entryMethod = ENTRY_METHODS[String(fields.method ?? '')];
    for (const raw of codes) {
      const agencyCode = raw.trim().toUpperCase();
      if (!AGENCY_CODE.test(agencyCode) || out.offenses.some((o) => o.value.agencyCode === agencyCode)) continue;
      out.offenses.push({
        value: { agencyCode, attempted: false, ...(locationType ? { locationType } : {}), ...(weapon ? { weapons: [weapon] } : {}), ...(entryMethod ? { entryMethod } : {}) },
        source: sourceOf(r),
      });
    }
  }
  if (out.offenses.length === 0 && AGENCY_CODE.test(kase.type)) {
    out.offenses.push({ value: { agencyCode: kase.type.trim().toUpperCase(), attempted: false }, source: `the case's type ${kase.type}` });
    out.notes.push('No report names an offense code: the offense is the case\'s type.');
  }
  const allOffenses = out.offenses.map((_, i) => i + 1);

  // people: the reports' parties, each master name once; their facts as the index has them at the incident's date
  const personIds = [...new Set(parties.filter((p) => p.entity_type === 'person').map((p) => p.entity_id))];
  const names = await store.masterNames(db, personIds);
  const facts = (id: string) => {
    const master = names.get(id);
    return master ? fromMasterName(master, day) : {};
  };
  const reportOf = new Map(reports.map((r) => [r.id, r]));
  const seen = { victims: new Set<string>(), offenders: new Set<string>(), arrestees: new Set<string>() };
  for (const p of parties) {
    const r = reportOf.get(p.report_id)!;
    if (p.role === 'victim' && !seen.victims.has(p.entity_id)) {
      seen.victims.add(p.entity_id);
      if (p.entity_type === 'person') out.victims.push({ value: { type: 'I', offenses: allOffenses, personId: p.entity_id, ...facts(p.entity_id) }, source: sourceOf(r) });
      else if (p.entity_type === 'business') out.victims.push({ value: { type: 'B', offenses: allOffenses }, source: sourceOf(r) });
    }
    if (p.entity_type !== 'person') continue;
    if (OFFENDER_ROLES.has(p.role) && !seen.offenders.has(p.entity_id)) {
      seen.offenders.add(p.entity_id);
      out.offenders.push({ value: { personId: p.entity_id, ...facts(p.entity_id) }, source: sourceOf(r) });
    }
    if (p.role === 'arrestee' && r.kind === 'arrest' && !seen.arrestees.has(p.entity_id)) {
      seen.arrestees.add(p.entity_id);
      const fields = r.fields as Record<string, unknown>;
      const charge = [...strings(fields.charges), ...strings(fields.charge), ...strings(fields.offenses), ...strings(fields.offense)].find((c) => AGENCY_CODE.test(c));
      const booked = typeof fields.bookedAt === 'string' && fields.bookedAt !== '';
      out.arrestees.push({
        value: {
          transactionNumber: `${caseNumber}-${out.arrestees.length + 1}`, arrestedOn: localDateTime(r.occurred_at, zone).slice(0, 10),
          ...(booked ? { arrestType: 'T' } : {}), ...(charge ? { chargeAgencyCode: charge.trim().toUpperCase() } : {}), personId: p.entity_id, ...facts(p.entity_id),
        },
        source: sourceOf(r),
      });
    }
  }

  // property: stolen items (and their recovery), evidence seized, with the description where the category maps
  const recoveredBy = new Map<string, (typeof items)[number]>();
  for (const item of items) if (item.recovered_item_id) recoveredBy.set(item.recovered_item_id, item);
  const dollars = (cents: string | number | bigint | null) => (cents === null ? undefined : Math.round(Number(cents) / 100));
  for (const item of items) {
    const lossType = item.kind === 'stolen' ? 'STOLEN' : item.kind === 'evidence' ? 'SEIZED' : undefined;
    if (!lossType) continue;
    const description = descriptionOf(item.category);
    if (!description) {
      out.notes.push(`Property ${item.tag} (${item.category}): the category does not map to a NIBRS property description; pick one.`);
      if (lossType === 'SEIZED') continue; // evidence that is not property of a kind NIBRS counts (a swab, a photo) is left out
    }
    const value = dollars(item.value_cents);
    const source = `property ${item.tag} (${item.category}: ${item.description.slice(0, 60)})`;
    out.property.push({ value: { lossType, ...(description ? { description } : {}), ...(value !== undefined ? { value } : {}) }, source });
    const found = recoveredBy.get(item.id);
    if (lossType === 'STOLEN' && (item.status === 'recovered' || found)) {
      out.property.push({
        value: { lossType: 'RECOVERED', ...(description ? { description } : {}), ...(value !== undefined ? { value } : {}), ...(found ? { recoveredOn: localDateTime(found.created_at, zone).slice(0, 10) } : {}) },
        source: `${source}, recovered`,
      });
    }
  }
  return out;
}
