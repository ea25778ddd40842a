/**
 * The FBI's NIBRS edits that Precinct checks before an incident is submitted (S-110 §A.1.q;
 * NIBRS Technical Specification, the 2019.1 IEPD). Pure: data in, the list of errors out,
 * each naming the field to fix in words the records clerk can act on.
 */
import {
  AGE_WORDS, ARMED_WITH, DRUG_TYPES, DRUG_UNITS, ARREST_TYPES, ASSAULT_CIRCUMSTANCES, BIAS_CODES, CLEARANCES, CRIMINAL_ACTIVITY, ETHNICITIES, FORCE_CODES, INJURIES, JUSTIFIABLE_HOMICIDE, JUVENILE_DISPOSITIONS,
  LOCATION_TYPES, LOSS_TYPES, OFFENSE_BY_CODE, OFFICER_ACTIVITIES, OFFICER_ASSIGNMENTS, OFFICER_VICTIM_OFFENSES, PROPERTY_DESCRIPTIONS, RACES, RELATIONSHIPS, RESIDENT, SEXES, SUSPECTED_USING, VICTIM_TYPES,
  type Age, type EditError, type NibrsIncident, type NibrsOffense, type PersonFacts, type PropertyEntry, type VictimEntry,
} from './model.ts';

/** Offenses that must name a weapon or force (Data Element 13, edit 256). */
const NEEDS_WEAPON = new Set(['09A', '09B', '09C', '100', '11A', '11B', '11C', '11D', '120', '13A', '13B', '210', '520', '64A', '64B']);
/** Simple assault: no weapon beyond hands, fists and feet (edit 265). */
const SIMPLE_ASSAULT_FORCE = new Set(['40', '90', '95', '99']);
/** Offenses whose victims must have an injury (Data Element 33, edit 479). */
const NEEDS_INJURY = new Set(['100', '11A', '11B', '11C', '11D', '120', '13A', '13B', '210', '64A', '64B']);
/** Offenses that need a property segment (edit 074). */
const NEEDS_PROPERTY = new Set(['120', '200', '210', '220', '23A', '23B', '23C', '23D', '23E', '23F', '23G', '23H', '240', '250', '26A', '26B', '26C', '26D', '26E', '26F', '26G',
  '270', '280', '290', '35A', '35B', '39A', '39B', '39C', '39D', '510']);
/** Offenses where the aggravated assault/homicide circumstances apply (Data Element 31). */
const NEEDS_CIRCUMSTANCES = new Set(['09A', '09B', '09C', '13A']);
/** Losses that carry a value (Data Element 16). */
const VALUED = new Set(['BURNED', 'COUNTERFEITED', 'DESTROYED_DAMAGED_VANDALIZED', 'RECOVERED', 'SEIZED', 'STOLEN']);

const oneOf = (list: readonly string[], value: string | undefined) => value !== undefined && list.includes(value);
const listed = (list: readonly string[]) => list.join(', ');
const isDate = (s: string | undefined) => s !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** Years of age for the juvenile and "age unknown" edits; undefined when not a number of years. */
export function ageYears(age: Age | undefined): number | undefined {
  if (typeof age === 'number') return age;
  if (age && typeof age === 'object') return age.max;
  if (age === 'NEONATAL' || age === 'NEWBORN' || age === 'BABY') return 0;
  return undefined;
}

function checkAge(errors: EditError[], field: string, age: Age | undefined, ranges: boolean): void {
  if (age === undefined) { errors.push({ field, message: `${field} is required; give the age in years, or UNKNOWN` }); return; }
  if (typeof age === 'number') {
    if (!Number.isInteger(age) || age < 1 || age > 99) errors.push({ field, message: `${field} must be whole years from 1 to 98, or 99 for over 98 (for a baby use NEONATAL, NEWBORN or BABY)` });
  } else if (typeof age === 'object') {
    if (!ranges) errors.push({ field, message: `${field} cannot be a range; give one age` });
    else if (!(age.min >= 1 && age.max <= 99 && age.min < age.max)) errors.push({ field, message: `${field}: the lower age must be under the upper, both from 1 to 99` });
  } else if (!oneOf(AGE_WORDS, age)) errors.push({ field, message: `${field} must be a number of years or one of ${listed(AGE_WORDS)}` });
}

function checkPerson(errors: EditError[], prefix: string, p: PersonFacts, opts: { ranges: boolean }): void {
  checkAge(errors, `${prefix}.age`, p.age, opts.ranges);
  if (!oneOf(SEXES, p.sex)) errors.push({ field: `${prefix}.sex`, message: `${prefix}.sex is required: M, F or U (unknown)` });
  if (!oneOf(RACES, p.race)) errors.push({ field: `${prefix}.race`, message: `${prefix}.race is required: ${listed(RACES)}` });
  if (p.ethnicity !== undefined && !oneOf(ETHNICITIES, p.ethnicity)) errors.push({ field: `${prefix}.ethnicity`, message: `${prefix}.ethnicity must be H (Hispanic), N (not Hispanic) or U (unknown)` });
  if (p.resident !== undefined && !oneOf(RESIDENT, p.resident)) errors.push({ field: `${prefix}.resident`, message: `${prefix}.resident must be R, N or U` });
}

/**
 * Age at the incident from a date of birth (Data Elements 26/37/47): whole years, or under a year
 * NEONATAL (under 24 hours, i.e. born that day), NEWBORN (1–6 days) or BABY (7–364 days).
 */
export function ageOn(dob: string, day: string): Age | undefined {
  const [by, bm, bd] = dob.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  if (day < dob) return undefined;
  const years = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  if (years >= 1) return Math.min(years, 99);
  const days = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(by, bm - 1, bd)) / 86_400_000);
  return days === 0 ? 'NEONATAL' : days < 7 ? 'NEWBORN' : 'BABY';
}

/** Master-name facts as NIBRS codes: sex M/F (X and U: U), race as the master index keeps it (the same codes). */
export function fromMasterName(master: { dob: string | null; sex: string | null; race: string | null }, day: string): PersonFacts {
  const facts: PersonFacts = {};
  const age = master.dob ? ageOn(master.dob, day) : undefined;
  if (age !== undefined) facts.age = age;
  if (master.sex) facts.sex = master.sex === 'M' || master.sex === 'F' ? master.sex : 'U';
  if (master.race && oneOf(RACES, master.race)) facts.race = master.race;
  return facts;
}

/** The NIBRS offense of an agency offense code, through the mapping table. */
export function mappedOffense(mapping: ReadonlyMap<string, string>, agencyCode: string): NibrsOffense | undefined {
  const code = mapping.get(agencyCode.trim().toUpperCase());
  return code ? OFFENSE_BY_CODE.get(code) : undefined;
}

/** Which report the incident makes: a Group A incident, Group B arrests, or nothing to report. */
export function reportKind(incident: NibrsIncident): 'group_a' | 'group_b' | 'none' {
  const offenses = incident.data.offenses.map((o) => mappedOffense(incident.mapping, o.agencyCode));
  if (offenses.some((o) => o?.group === 'A')) return 'group_a';
  if ((incident.data.arrestees ?? []).length > 0) return 'group_b';
  return offenses.length > 0 && offenses.every((o) => o?.group === 'B') ? 'none' : 'group_a';
}

function checkOffenses(errors: EditError[], incident: NibrsIncident): (NibrsOffense | undefined)[] {
  const { data } = incident;
  if (data.offenses.length === 0) errors.push({ field: 'offenses', message: 'a Group A incident needs at least one offense (Data Element 6)' });
  if (data.offenses.length > 10) errors.push({ field: 'offenses', message: 'an incident has at most 10 offenses (Data Element 6)' });
  const seen = new Set<string>();
  return data.offenses.map((o, i) => {
    const f = `offenses[${i + 1}]`;
    const offense = mappedOffense(incident.mapping, o.agencyCode);
    if (!offense) { errors.push({ field: `${f}.agencyCode`, message: `${f}: the agency offense code "${o.agencyCode}" has no NIBRS code in the offense mapping table; add it there` }); return undefined; }
    if (seen.has(offense.code)) errors.push({ field: `${f}.agencyCode`, message: `${f}: offense ${offense.code} is reported twice in one incident (edit 266); report it once` });
    seen.add(offense.code);
    if (!oneOf(LOCATION_TYPES, o.locationType)) errors.push({ field: `${f}.locationType`, message: `${f}.locationType "${o.locationType}" is not a NIBRS location type (Data Element 9)` });
    if (o.bias !== undefined && !oneOf(BIAS_CODES, o.bias)) errors.push({ field: `${f}.bias`, message: `${f}.bias "${o.bias}" is not a NIBRS bias motivation (Data Element 8A)` });
    for (const u of o.suspectedUsing ?? []) if (!oneOf(SUSPECTED_USING, u)) errors.push({ field: `${f}.suspectedUsing`, message: `${f}.suspectedUsing "${u}" must be A, C, D or N` });
    for (const c of o.criminalActivity ?? []) if (!oneOf(CRIMINAL_ACTIVITY, c)) errors.push({ field: `${f}.criminalActivity`, message: `${f}.criminalActivity "${c}" is not a NIBRS code (Data Element 12)` });
    const weapons = o.weapons ?? [];
    if (weapons.length > 3) errors.push({ field: `${f}.weapons`, message: `${f}.weapons: at most three weapons or forces (Data Element 13)` });
    for (const w of weapons) if (!oneOf(FORCE_CODES, w)) errors.push({ field: `${f}.weapons`, message: `${f}.weapons "${w}" is not a NIBRS weapon/force code (Data Element 13)` });
    if (NEEDS_WEAPON.has(offense.code) && weapons.length === 0) errors.push({ field: `${f}.weapons`, message: `${f}.weapons is required for ${offense.name} (${offense.code}): give the weapon or force used, or 99 none (edit 256)` });
    if (!NEEDS_WEAPON.has(offense.code) && weapons.length > 0) errors.push({ field: `${f}.weapons`, message: `${f}.weapons must be empty for ${offense.name} (${offense.code}) (edit 257)` });
    if (offense.code === '13B' && weapons.some((w) => !SIMPLE_ASSAULT_FORCE.has(w))) errors.push({ field: `${f}.weapons`, message: `${f}.weapons: a simple assault (13B) involves only personal weapons (40), other (90), unknown (95) or none (99); with a weapon it is an aggravated assault (13A) (edit 265)` });
    if (offense.code === '220') {
      if (o.entryMethod === undefined) errors.push({ field: `${f}.entryMethod`, message: `${f}.entryMethod is required for a burglary: F (force) or N (no force) (Data Element 11)` });
      if ((o.locationType === '14' || o.locationType === '19') && !(Number.isInteger(o.premisesEntered) && o.premisesEntered! >= 1 && o.premisesEntered! <= 99)) {
        errors.push({ field: `${f}.premisesEntered`, message: `${f}.premisesEntered is required (1–99) for a burglary of a hotel/motel or rental storage facility (Data Element 10)` });
      }
    } else if (o.entryMethod !== undefined || o.premisesEntered !== undefined) {
      errors.push({ field: `${f}.entryMethod`, message: `${f}: method of entry and premises entered apply only to burglary (220)` });
    }
    if (offense.group === 'B') errors.push({ field: `${f}.agencyCode`, message: `${f}: ${offense.code} is a Group B offense; a Group B offense is reported only with its arrest, not in a Group A incident` });
    return offense;
  });
}

function checkProperty(errors: EditError[], incident: NibrsIncident, offenses: (NibrsOffense | undefined)[]): void {
  const property = incident.data.property ?? [];
  const completedPropertyCrime = offenses.some((o, i) => o && NEEDS_PROPERTY.has(o.code) && !incident.data.offenses[i]!.attempted);
  if (completedPropertyCrime && property.length === 0) errors.push({ field: 'property', message: 'property is required: a completed crime against property needs what was stolen, damaged, burned or seized (edit 074)' });
  property.forEach((p, i) => {
    const f = `property[${i + 1}]`;
    if (!oneOf(LOSS_TYPES, p.lossType)) errors.push({ field: `${f}.lossType`, message: `${f}.lossType must be one of ${listed(LOSS_TYPES)} (Data Element 14)` });
    if (!oneOf(PROPERTY_DESCRIPTIONS, p.description)) errors.push({ field: `${f}.description`, message: `${f}.description "${p.description}" is not a NIBRS property description (Data Element 15)` });
    if (p.description === '10') checkDrug(errors, f, p, offenses);
    else if (p.drug !== undefined) errors.push({ field: `${f}.drug`, message: `${f}.drug is only for drugs/narcotics (property description 10)` });
    if (VALUED.has(p.lossType) && p.value === undefined) errors.push({ field: `${f}.value`, message: `${f}.value is required when property is ${p.lossType.toLowerCase()}: whole dollars, 1 when unknown (Data Element 16)` });
    if (p.value !== undefined && !(Number.isInteger(p.value) && p.value >= 0 && p.value <= 999_999_999)) errors.push({ field: `${f}.value`, message: `${f}.value must be whole dollars from 0 to 999999999` });
    if (!VALUED.has(p.lossType) && p.value !== undefined) errors.push({ field: `${f}.value`, message: `${f}.value must be empty when the loss type is ${p.lossType} (Data Element 16)` });
    if (p.recoveredOn !== undefined && p.lossType !== 'RECOVERED') errors.push({ field: `${f}.recoveredOn`, message: `${f}.recoveredOn is only for recovered property (Data Element 17)` });
    if (p.recoveredOn !== undefined && (!isDate(p.recoveredOn) || p.recoveredOn < incident.localDateTime.slice(0, 10))) errors.push({ field: `${f}.recoveredOn`, message: `${f}.recoveredOn must be a date on or after the incident date (Data Element 17)` });
  });
}

/** Data Elements 20–22: seized or other drug property of a drug offense (edits 382, 383, 384). */
function checkDrug(errors: EditError[], f: string, p: PropertyEntry, offenses: (NibrsOffense | undefined)[]): void {
  const drug = p.drug;
  if (!drug) { errors.push({ field: `${f}.drug`, message: `${f}.drug is required for drugs/narcotics (description 10): the suspected drug type, quantity and measurement (Data Elements 20–22)` }); return; }
  if (!oneOf(DRUG_TYPES, drug.type)) errors.push({ field: `${f}.drug.type`, message: `${f}.drug.type must be one of ${listed(DRUG_TYPES)} (Data Element 20)` });
  if (drug.type !== 'X') {
    if (!oneOf(DRUG_UNITS, drug.unit)) errors.push({ field: `${f}.drug.unit`, message: `${f}.drug.unit is required: one of ${listed(DRUG_UNITS)} (Data Element 22)` });
    if (drug.unit !== 'XX' && !(typeof drug.quantity === 'number' && drug.quantity > 0 && drug.quantity < 1_000_000_000)) errors.push({ field: `${f}.drug.quantity`, message: `${f}.drug.quantity is required: the estimated quantity, more than 0 (Data Element 21)` });
    if (drug.unit === 'NP' && drug.type !== 'E' && drug.type !== 'G' && drug.type !== 'K') errors.push({ field: `${f}.drug.unit`, message: `${f}.drug.unit NP (number of plants) is only for marijuana, opium or other hallucinogen plants (E, G, K)` });
  }
  if (!offenses.some((o) => o?.code === '35A')) errors.push({ field: `${f}.description`, message: `${f}: drugs/narcotics (10) with a drug type are reported with a drug/narcotic violation (35A) (edit 382)` });
}

function checkVictims(errors: EditError[], incident: NibrsIncident, offenses: (NibrsOffense | undefined)[]): void {
  const victims = incident.data.victims ?? [];
  const offenders = incident.data.offenders ?? [];
  if (victims.length === 0) errors.push({ field: 'victims', message: 'a Group A incident needs at least one victim (Data Element 23); for a crime against society the victim is S (society/public)' });
  offenses.forEach((o, i) => {
    if (o && !victims.some((v) => v.offenses.includes(i + 1))) errors.push({ field: `offenses[${i + 1}]`, message: `offenses[${i + 1}] (${o.code}) is connected to no victim; list it in a victim's offenses (Data Element 24, edit 080)` });
  });
  victims.forEach((v, i) => {
    const f = `victims[${i + 1}]`;
    if (!oneOf(VICTIM_TYPES, v.type)) { errors.push({ field: `${f}.type`, message: `${f}.type must be one of ${listed(VICTIM_TYPES)} (Data Element 25)` }); return; }
    const suffered = v.offenses.map((n) => ({ n, o: offenses[n - 1] }));
    if (v.offenses.length === 0) errors.push({ field: `${f}.offenses`, message: `${f}.offenses: name at least one offense this victim suffered (Data Element 24)` });
    for (const { n } of suffered) if (n < 1 || n > offenses.length) errors.push({ field: `${f}.offenses`, message: `${f}.offenses: there is no offense ${n}` });
    const person = v.type === 'I' || v.type === 'L';
    for (const { o } of suffered) {
      if (!o) continue;
      if (o.against === 'person' && !person) errors.push({ field: `${f}.type`, message: `${f}.type must be I (individual) or L (law enforcement officer) for a crime against a person (${o.code}) (edit 464)` });
      if (o.against === 'society' && v.type !== 'S') errors.push({ field: `${f}.type`, message: `${f}.type must be S (society/public) for a crime against society (${o.code}) (edit 465)` });
      if (o.against !== 'society' && v.type === 'S') errors.push({ field: `${f}.type`, message: `${f}.type S (society/public) is only for crimes against society, not ${o.code} (edit 467)` });
    }
    checkOfficer(errors, f, v, suffered.flatMap(({ o }) => (o ? [o.code] : [])));
    if (person) checkPerson(errors, f, v, { ranges: false });
    else for (const k of ['age', 'sex', 'race', 'ethnicity', 'resident'] as const) if (v[k] !== undefined) errors.push({ field: `${f}.${k}`, message: `${f}.${k} applies only to a person victim (I or L) (edit 458)` });
    const injuries = v.injuries ?? [];
    for (const j of injuries) if (!oneOf(INJURIES, j)) errors.push({ field: `${f}.injuries`, message: `${f}.injuries "${j}" is not a NIBRS injury (Data Element 33)` });
    if (injuries.length > 5) errors.push({ field: `${f}.injuries`, message: `${f}.injuries: at most five injuries` });
    const needsInjury = person && suffered.some(({ o }) => o && NEEDS_INJURY.has(o.code));
    const allKnown = suffered.every(({ o }) => o !== undefined); // an unmapped offense is reported once, above
    if (needsInjury && injuries.length === 0) errors.push({ field: `${f}.injuries`, message: `${f}.injuries is required for this offense: N for none, or the injuries suffered (Data Element 33, edit 479)` });
    if (allKnown && !needsInjury && injuries.length > 0) errors.push({ field: `${f}.injuries`, message: `${f}.injuries applies only to assaults, robbery, kidnapping, sex offenses, extortion and trafficking (edit 458)` });
    if (suffered.every(({ o }) => o?.code === '13B') && injuries.some((j) => j !== 'N' && j !== 'M')) errors.push({ field: `${f}.injuries`, message: `${f}.injuries: a simple assault (13B) has no injury beyond minor (M); a serious injury makes it an aggravated assault (13A)` });
    const circumstances = v.circumstances ?? [];
    for (const c of circumstances) if (!oneOf(ASSAULT_CIRCUMSTANCES, c)) errors.push({ field: `${f}.circumstances`, message: `${f}.circumstances "${c}" is not a NIBRS circumstance (Data Element 31)` });
    if (suffered.some(({ o }) => o && NEEDS_CIRCUMSTANCES.has(o.code)) && circumstances.length === 0) errors.push({ field: `${f}.circumstances`, message: `${f}.circumstances is required for aggravated assault and homicide (Data Element 31)` });
    checkHomicideCircumstances(errors, f, v, suffered.flatMap(({ o }) => (o ? [o.code] : [])));
    const relationships = v.relationships ?? [];
    for (const r of relationships) {
      if (r.offender < 1 || r.offender > offenders.length) errors.push({ field: `${f}.relationships`, message: `${f}.relationships: there is no offender ${r.offender}` });
      if (!oneOf(RELATIONSHIPS, r.relationship)) errors.push({ field: `${f}.relationships`, message: `${f}.relationships "${r.relationship}" is not a NIBRS relationship (Data Element 35)` });
    }
    if (person && offenders.length > 0 && suffered.some(({ o }) => o?.against === 'person' || o?.code === '120') && relationships.length === 0) {
      errors.push({ field: `${f}.relationships`, message: `${f}.relationships is required: the victim's relationship to each known offender (Data Element 35, edit 459)` });
    }
  });
}

/** Data Element 31's codes by offense: 20–21 say how a justifiable homicide came about, 30–34 a negligent killing, 01–10 the rest. */
const CIRCUMSTANCES_OF: Record<string, { codes: readonly string[]; words: string }> = {
  '09C': { codes: ['20', '21'], words: '20 or 21 (criminal killed by a private citizen or by a police officer)' },
  '09B': { codes: ['30', '31', '32', '33', '34'], words: '30–34 (the negligent killings)' },
  '09A': { codes: ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'], words: '01–10' },
  '13A': { codes: ['01', '02', '03', '04', '05', '06', '08', '09', '10'], words: '01–06 or 08–10 (07, mercy killing, is for murder)' },
};

/**
 * Homicide and aggravated assault circumstances (Data Elements 31–32): each code fits the victim's
 * offenses, and a justifiable homicide (circumstance 20 or 21) says how the criminal came to be
 * killed (32), which is given for nothing else.
 */
function checkHomicideCircumstances(errors: EditError[], f: string, v: VictimEntry, suffered: string[]): void {
  const circumstances = v.circumstances ?? [];
  for (const code of suffered) {
    const allowed = CIRCUMSTANCES_OF[code];
    const wrong = allowed ? circumstances.filter((c) => oneOf(ASSAULT_CIRCUMSTANCES, c) && !allowed.codes.includes(c)) : [];
    if (wrong.length > 0) errors.push({ field: `${f}.circumstances`, message: `${f}.circumstances ${wrong.join(', ')} do not fit ${code}: give ${allowed!.words} (Data Element 31)` });
  }
  const justifiable = circumstances.some((c) => c === '20' || c === '21');
  if (justifiable && v.justifiableHomicide === undefined) errors.push({ field: `${f}.justifiableHomicide`, message: `${f}.justifiableHomicide is required for a justifiable homicide (circumstance 20 or 21): how the criminal came to be killed, A–G (Data Element 32)` });
  else if (v.justifiableHomicide !== undefined && !justifiable) errors.push({ field: `${f}.justifiableHomicide`, message: `${f}.justifiableHomicide is given only with circumstance 20 or 21, a justifiable homicide (Data Element 32)` });
  else if (v.justifiableHomicide !== undefined && !oneOf(JUSTIFIABLE_HOMICIDE, v.justifiableHomicide)) errors.push({ field: `${f}.justifiableHomicide`, message: `${f}.justifiableHomicide "${v.justifiableHomicide}" is not a NIBRS code; pick one of ${listed(JUSTIFIABLE_HOMICIDE)} (Data Element 32)` });
}

/**
 * LEOKA (law enforcement officers killed and assaulted, Data Elements 25A–25C): an officer victim
 * (type L) says what the officer was doing and on which assignment, and is connected only to
 * murder, aggravated or simple assault or intimidation (edit 482); the three are given only for
 * an officer victim (edit 483).
 */
function checkOfficer(errors: EditError[], f: string, v: VictimEntry, suffered: string[]): void {
  const officer = v.officer;
  if (v.type !== 'L') {
    if (officer && (officer.activity !== undefined || officer.assignment !== undefined || officer.otherOri !== undefined)) {
      errors.push({ field: `${f}.officer`, message: `${f}.officer (activity, assignment, other ORI) is only for a law enforcement officer victim (type L) (Data Elements 25A–25C, edit 483)` });
    }
    return;
  }
  const wrong = suffered.filter((code) => !(OFFICER_VICTIM_OFFENSES as readonly string[]).includes(code));
  if (wrong.length > 0) errors.push({ field: `${f}.type`, message: `${f}.type L (law enforcement officer) is only for murder, aggravated or simple assault or intimidation (${listed(OFFICER_VICTIM_OFFENSES)}), not ${wrong.join(', ')}: make the victim I (individual) (edit 482)` });
  if (officer?.activity === undefined) errors.push({ field: `${f}.officer.activity`, message: `${f}.officer.activity is required for a law enforcement officer victim: what the officer was doing when assaulted, 01–11 (Data Element 25A)` });
  else if (!oneOf(OFFICER_ACTIVITIES, officer.activity)) errors.push({ field: `${f}.officer.activity`, message: `${f}.officer.activity "${officer.activity}" is not a NIBRS officer activity; pick one of ${listed(OFFICER_ACTIVITIES)} (Data Element 25A)` });
  if (officer?.assignment === undefined) errors.push({ field: `${f}.officer.assignment`, message: `${f}.officer.assignment is required for a law enforcement officer victim: the officer's assignment, F–L (Data Element 25B)` });
  else if (!oneOf(OFFICER_ASSIGNMENTS, officer.assignment)) errors.push({ field: `${f}.officer.assignment`, message: `${f}.officer.assignment "${officer.assignment}" is not a NIBRS assignment type; pick one of ${listed(OFFICER_ASSIGNMENTS)} (Data Element 25B)` });
}

function checkArrestees(errors: EditError[], incident: NibrsIncident, month: string): void {
  const incidentDate = incident.localDateTime.slice(0, 10);
  (incident.data.arrestees ?? []).forEach((a, i) => {
    const f = `arrestees[${i + 1}]`;
    checkPerson(errors, f, a, { ranges: false });
    if (!/^[A-Za-z0-9-]{1,12}$/.test(a.transactionNumber)) errors.push({ field: `${f}.transactionNumber`, message: `${f}.transactionNumber must be 1 to 12 letters, digits or hyphens (Data Element 41)` });
    if (!isDate(a.arrestedOn)) errors.push({ field: `${f}.arrestedOn`, message: `${f}.arrestedOn must be a date (Data Element 42)` });
    else {
      if (a.arrestedOn < incidentDate) errors.push({ field: `${f}.arrestedOn`, message: `${f}.arrestedOn cannot be before the incident date ${incidentDate} (edit 665)` });
      if (a.arrestedOn.slice(0, 7) > month) errors.push({ field: `${f}.arrestedOn`, message: `${f}.arrestedOn is after the month reported (${month}); report it in its own month (edit 605)` });
    }
    if (!oneOf(ARREST_TYPES, a.arrestType)) errors.push({ field: `${f}.arrestType`, message: `${f}.arrestType must be O (on-view), S (summoned/cited) or T (taken into custody) (Data Element 43)` });
    if (!mappedOffense(incident.mapping, a.chargeAgencyCode)) errors.push({ field: `${f}.chargeAgencyCode`, message: `${f}: the agency offense code "${a.chargeAgencyCode}" has no NIBRS code in the offense mapping table; add it there` });
    const armed = a.armedWith ?? [];
    if (armed.length === 0) errors.push({ field: `${f}.armedWith`, message: `${f}.armedWith is required: 01 unarmed, or the weapons (Data Element 46)` });
    for (const w of armed) if (!oneOf(ARMED_WITH, w)) errors.push({ field: `${f}.armedWith`, message: `${f}.armedWith "${w}" is not a NIBRS code (Data Element 46)` });
    const years = ageYears(a.age);
    if (years !== undefined && years < 18 && !oneOf(JUVENILE_DISPOSITIONS, a.juvenileDisposition)) errors.push({ field: `${f}.juvenileDisposition`, message: `${f}.juvenileDisposition is required for an arrestee under 18: H (handled within the department) or R (referred to other authorities) (Data Element 52, edit 652)` });
    if ((years === undefined || years >= 18) && a.juvenileDisposition !== undefined) errors.push({ field: `${f}.juvenileDisposition`, message: `${f}.juvenileDisposition is only for an arrestee under 18 (edit 653)` });
  });
}

/**
 * Every edit failed by the incident, for the report of `month` (YYYY-MM). Empty: it may be submitted.
 *
 * @example
 * nibrsEdits(incident, '2026-11') // [{ field: 'offenses[1].weapons', message: 'offenses[1].weapons is required for Aggravated assault (13A): …' }]
 */
export function nibrsEdits(incident: NibrsIncident, month: string): EditError[] {
  const errors: EditError[] = [];
  const { data } = incident;
  if (!/^[A-Za-z0-9-]{1,12}$/.test(incident.incidentNumber)) errors.push({ field: 'incidentNumber', message: 'the incident number must be 1 to 12 letters, digits or hyphens (Data Element 2)' });
  if (incident.localDateTime.slice(0, 7) > month) errors.push({ field: 'incidentDate', message: `the incident date ${incident.localDateTime.slice(0, 10)} is after the month reported (${month}) (edit 170)` });
  if (data.clearance) {
    const { code, date } = data.clearance;
    if (!oneOf(CLEARANCES, code)) errors.push({ field: 'clearance.code', message: `clearance.code must be one of ${listed(CLEARANCES)} (Data Element 4)` });
    if (code !== 'N' && !isDate(date)) errors.push({ field: 'clearance.date', message: 'clearance.date is required when the incident is cleared exceptionally (Data Element 5)' });
    if (code === 'N' && date !== undefined) errors.push({ field: 'clearance.date', message: 'clearance.date must be empty when the incident is not cleared exceptionally (edit 155)' });
    if (isDate(date) && date! < incident.localDateTime.slice(0, 10)) errors.push({ field: 'clearance.date', message: 'clearance.date cannot be before the incident date (edit 171)' });
    if (code !== 'N' && (data.arrestees ?? []).length > 0) errors.push({ field: 'clearance.code', message: 'an incident with an arrest is cleared by arrest, not exceptionally (edit 071)' });
  }
  const kind = reportKind(incident);
  if (kind === 'group_a') {
    const offenses = checkOffenses(errors, incident);
    checkProperty(errors, incident, offenses);
    checkVictims(errors, incident, offenses);
    (data.offenders ?? []).forEach((o, i) => checkPerson(errors, `offenders[${i + 1}]`, o, { ranges: true }));
  } else if (kind === 'group_b') {
    for (const [i, a] of (data.arrestees ?? []).entries()) {
      const charge = mappedOffense(incident.mapping, a.chargeAgencyCode);
      if (charge && charge.group !== 'B') errors.push({ field: `arrestees[${i + 1}].chargeAgencyCode`, message: `arrestees[${i + 1}]: ${charge.code} is a Group A offense; report it in the incident's offenses` });
    }
  }
  checkArrestees(errors, incident, month);
  return errors;
}
