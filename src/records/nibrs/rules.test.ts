import { describe, expect, test } from 'vitest';
import { ageOn, fromMasterName, nibrsEdits, reportKind } from './rules.ts';
import { groupAIncident } from './xml.ts';
import { validateNibrs } from './validate.ts';
import type { NibrsData, NibrsIncident } from './model.ts';

// S-110 §A.1.q NIBRS: an incident is checked against the FBI's edits before it is submitted.
const mapping = new Map([['AGG_ASSAULT', '13A'], ['ASSAULT', '13B'], ['BURGLARY', '220'], ['DRUNK', '90E'], ['DRUGS', '35A']]);
const incident = (data: NibrsData): NibrsIncident => ({ incidentNumber: 'C26-00001', occurredAt: '', localDateTime: '2026-10-03T22:15:00', mapping, data });
const adult = { age: 34, sex: 'M', race: 'W', ethnicity: 'N', resident: 'R' };
const assault = (over: Partial<NibrsData['offenses'][number]> = {}, victim: Record<string, unknown> = {}): NibrsData => ({
  offenses: [{ agencyCode: 'AGG_ASSAULT', attempted: false, locationType: '13', weapons: ['12'], ...over }],
  victims: [{ type: 'I', offenses: [1], ...adult, injuries: ['I'], circumstances: ['01'], relationships: [{ offender: 1, relationship: 'Stranger' }], ...victim }],
  offenders: [{ age: 25, sex: 'M', race: 'B' }],
});
const fields = (data: NibrsData) => nibrsEdits(incident(data), '2026-10').map((e) => e.field);

describe('NIBRS edits (S-110 §A.1.q)', () => {
  test('a complete aggravated assault with a knife passes every edit', () => {
    expect(nibrsEdits(incident(assault()), '2026-10')).toEqual([]);
  });

  test.each([
    ['an aggravated assault without a weapon (edit 256)', assault({ weapons: [] }), 'offenses[1].weapons'],
    ['a simple assault with a knife is an aggravated assault (edit 265)', assault({ agencyCode: 'ASSAULT', weapons: ['12'] }, { injuries: ['N'], circumstances: [] }), 'offenses[1].weapons'],
    ['an unmapped agency offense code', assault({ agencyCode: 'NOT_MAPPED' }), 'offenses[1].agencyCode'],
    ['a location type that is not NIBRS (Data Element 9)', assault({ locationType: '99' }), 'offenses[1].locationType'],
    ['a bias motivation that is not NIBRS (Data Element 8A)', assault({ bias: 'ANTISOMETHING' }), 'offenses[1].bias'],
    ['an assault victim with no injury given (edit 479)', assault({}, { injuries: [] }), 'victims[1].injuries'],
    ['an aggravated assault victim with no circumstances (Data Element 31)', assault({}, { circumstances: [] }), 'victims[1].circumstances'],
    ['a crime against a person whose victim is a business (edit 464)', assault({}, { type: 'B', age: undefined, sex: undefined, race: undefined, ethnicity: undefined, resident: undefined, injuries: [], relationships: [] }), 'victims[1].type'],
    ['a person victim with no sex', assault({}, { sex: undefined }), 'victims[1].sex'],
    ['a victim related to an offender who does not exist', assault({}, { relationships: [{ offender: 2, relationship: 'Stranger' }] }), 'victims[1].relationships'],
  ])('%s is held back, naming the field', (_name, data, field) => {
    expect(fields(data)).toContain(field);
  });

  test('every error says in words what to fix', () => {
    const [error] = nibrsEdits(incident(assault({ weapons: [] })), '2026-10');
    expect(error).toEqual({ field: 'offenses[1].weapons', message: expect.stringContaining('weapons is required for Aggravated assault (13A)') });
  });

  test('a completed burglary needs its property and its method of entry (edit 074, Data Element 11)', () => {
    const burglary: NibrsData = { offenses: [{ agencyCode: 'BURGLARY', attempted: false, locationType: '20' }], victims: [{ type: 'I', offenses: [1], ...adult }] };
    expect(fields(burglary)).toEqual(['offenses[1].entryMethod', 'property']);
    const fixed = { ...burglary, offenses: [{ ...burglary.offenses[0]!, entryMethod: 'F' as const }], property: [{ lossType: 'STOLEN', description: '17', value: 900 }] };
    expect(fields(fixed)).toEqual([]);
    expect(fields({ ...fixed, property: [{ lossType: 'STOLEN', description: '17' }] })).toEqual(['property[1].value']);
    expect(fields({ ...fixed, property: [{ lossType: 'NONE', description: '17', value: 5 }] })).toEqual(['property[1].value']);
  });

  test('an arrestee under 18 needs a juvenile disposition; an adult may not have one (edits 652, 653)', () => {
    const arrest = { transactionNumber: 'A26-1', arrestedOn: '2026-10-04', arrestType: 'T', chargeAgencyCode: 'AGG_ASSAULT', armedWith: ['01'], sex: 'M', race: 'W' };
    expect(fields({ ...assault(), arrestees: [{ ...arrest, age: 16 }] })).toEqual(['arrestees[1].juvenileDisposition']);
    expect(fields({ ...assault(), arrestees: [{ ...arrest, age: 16, juvenileDisposition: 'H' }] })).toEqual([]);
    expect(fields({ ...assault(), arrestees: [{ ...arrest, age: 30, juvenileDisposition: 'H' }] })).toEqual(['arrestees[1].juvenileDisposition']);
    expect(fields({ ...assault(), arrestees: [{ ...arrest, age: 30, arrestedOn: '2026-10-01' }] })).toEqual(['arrestees[1].arrestedOn']);
  });

  test('Group B offenses are reported only with an arrest', () => {
    const drunk: NibrsData = { offenses: [{ agencyCode: 'DRUNK', attempted: false, locationType: '13' }] };
    expect(reportKind(incident(drunk))).toBe('none');
    const arrested = { ...drunk, arrestees: [{ transactionNumber: 'A1', arrestedOn: '2026-10-03', arrestType: 'O', chargeAgencyCode: 'DRUNK', armedWith: ['01'], age: 40, sex: 'M', race: 'W' }] };
    expect(reportKind(incident(arrested))).toBe('group_b');
    expect(nibrsEdits(incident(arrested), '2026-10')).toEqual([]);
  });

  test('seized drugs need the drug type, quantity and measurement, and a drug offense (Data Elements 20–22, edit 382)', () => {
    const drugs: NibrsData = { offenses: [{ agencyCode: 'DRUGS', attempted: false, locationType: '13', criminalActivity: ['P'] }], property: [{ lossType: 'SEIZED', description: '10', value: 50 }], victims: [{ type: 'S', offenses: [1] }] };
    expect(fields(drugs)).toEqual(['property[1].drug']);
    const seized = (drug: { type: string; quantity?: number; unit?: string }) => ({ ...drugs, property: [{ ...drugs.property![0]!, drug }] });
    expect(fields(seized({ type: 'H', quantity: 1.5, unit: 'GM' }))).toEqual([]);
    expect(fields(seized({ type: 'H', unit: 'GM' }))).toEqual(['property[1].drug.quantity']);
    expect(fields(seized({ type: 'H', quantity: 3, unit: 'NP' }))).toEqual(['property[1].drug.unit']);
    expect(fields(seized({ type: 'X' }))).toEqual([]);
    expect(fields({ ...assault(), property: [{ lossType: 'SEIZED', description: '10', value: 5, drug: { type: 'H', quantity: 1, unit: 'GM' } }] })).toEqual(['property[1].description']);
  });
});

// S-110 §A.1.q, issue 23 point 1: an officer assaulted (LEOKA, Data Elements 25A–25C).
describe('LEOKA: a law enforcement officer victim (S-110 §A.1.q, issue 23 point 1)', () => {
  const officer = (over: Record<string, unknown> = {}, offense: Partial<NibrsData['offenses'][number]> = {}) =>
    assault(offense, { type: 'L', circumstances: ['02'], officer: { activity: '10', assignment: 'G', otherOri: 'WVNDX01' }, ...over });
  test('an officer assaulted at a traffic stop, alone in a one-officer vehicle, passes every edit', () => {
    expect(nibrsEdits(incident(officer()), '2026-10')).toEqual([]);
    expect(fields(officer({ officer: { activity: '04', assignment: 'F' } }))).toEqual([]); // no other jurisdiction: 25C left out
  });
  test.each([
    ['no activity (Data Element 25A)', officer({ officer: { assignment: 'G' } }), ['victims[1].officer.activity']],
    ['no assignment (Data Element 25B)', officer({ officer: { activity: '10' } }), ['victims[1].officer.assignment']],
    ['no LEOKA data at all', officer({ officer: undefined }), ['victims[1].officer.activity', 'victims[1].officer.assignment']],
    ['an activity that is not a NIBRS code', officer({ officer: { activity: '12', assignment: 'G' } }), ['victims[1].officer.activity']],
    ['an assignment that is not a NIBRS code', officer({ officer: { activity: '10', assignment: 'A' } }), ['victims[1].officer.assignment']],
    ['LEOKA data on an individual victim (edit 483)', assault({}, { officer: { activity: '10', assignment: 'G' } }), ['victims[1].officer']],
  ])('%s is named', (_, data, expected) => {
    expect(fields(data)).toEqual(expected);
  });
  test('an officer victim of an offense other than murder, assault or intimidation is refused (edit 482), with what to do', () => {
    const robbed: NibrsData = { ...officer({ injuries: ['N'], circumstances: [] }), offenses: [{ agencyCode: 'ROBBERY', attempted: true, locationType: '13', weapons: ['12'] }] };
    const errors = nibrsEdits({ ...incident(robbed), mapping: new Map([...mapping, ['ROBBERY', '120']]) }, '2026-10');
    expect(errors.map((e) => e.field)).toEqual(['victims[1].type']);
    expect(errors[0]!.message).toMatch(/only for murder, aggravated or simple assault or intimidation.*not 120.*I \(individual\)/);
  });
  test('the XML carries the officer as j:EnforcementOfficial, as the FBI’s all-fields sample does, and the schema accepts it', async () => {
    const env = { messageId: 'T-2', messageDateTime: '2026-11-01T09:00:00', ori: 'MA0999900', month: '2026-10' };
    const xml = groupAIncident(env, incident(officer()), 'I');
    expect(xml).toContain('<j:EnforcementOfficial><nc:RoleOfPerson s:ref="PersonVictim1"/><j:EnforcementOfficialActivityCategoryCode>10</j:EnforcementOfficialActivityCategoryCode>'
      + '<j:EnforcementOfficialAssignmentCategoryCode>G</j:EnforcementOfficialAssignmentCategoryCode><j:EnforcementOfficialUnit><j:OrganizationAugmentation>'
      + '<j:OrganizationORIIdentification><nc:IdentificationID>WVNDX01</nc:IdentificationID></j:OrganizationORIIdentification></j:OrganizationAugmentation></j:EnforcementOfficialUnit></j:EnforcementOfficial>');
    expect(xml).toContain('<j:VictimCategoryCode>L</j:VictimCategoryCode>');
    const withoutOri = groupAIncident(env, incident(officer({ officer: { activity: '04', assignment: 'F' } })), 'I');
    expect(withoutOri).not.toContain('EnforcementOfficialUnit');
    expect(await validateNibrs([xml, withoutOri])).toEqual([{ valid: true, errors: [] }, { valid: true, errors: [] }]);
  });
});

// S-110 §A.1.q, issue 23 point 1: the next field docs/nibrs.md listed as not built (Data Element 32).
describe('homicide circumstances and the justifiable homicide (Data Elements 31–32, S-110 §A.1.q, issue 23 point 1)', () => {
  const killed = (victim: Record<string, unknown>): NibrsData => ({
    offenses: [{ agencyCode: 'JUSTIFIED', attempted: false, locationType: '20', weapons: ['12'] }],
    victims: [{ type: 'I', offenses: [1], ...adult, relationships: [{ offender: 1, relationship: 'Stranger' }], ...victim }],
    offenders: [{ age: 52, sex: 'M', race: 'W' }],
  });
  const checked = (data: NibrsData) => nibrsEdits({ ...incident(data), mapping: new Map([...mapping, ['JUSTIFIED', '09C']]) }, '2026-10');
  test('a criminal killed by a private citizen while attacking a civilian passes every edit', () => {
    expect(checked(killed({ circumstances: ['20'], justifiableHomicide: 'C' }))).toEqual([]);
  });
  test.each([
    ['a justifiable homicide without Data Element 32', { circumstances: ['20'] }, 'victims[1].justifiableHomicide', /required for a justifiable homicide/],
    ['a code that is not one', { circumstances: ['21'], justifiableHomicide: 'Z' }, 'victims[1].justifiableHomicide', /not a NIBRS code/],
    ['an argument as the circumstance of a justifiable homicide', { circumstances: ['01'] }, 'victims[1].circumstances', /01 do not fit 09C: give 20 or 21/],
  ])('%s is named with what to do', (_, victim, field, message) => {
    const errors = checked(killed(victim));
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(errors[0]!.message).toMatch(message);
  });
  test('Data Element 32 is given only for a justifiable homicide; an aggravated assault takes 01–06 or 08–10', () => {
    expect(fields(assault({}, { justifiableHomicide: 'C' }))).toEqual(['victims[1].justifiableHomicide']);
    expect(fields(assault({}, { circumstances: ['07'] }))).toEqual(['victims[1].circumstances']);
    expect(fields(assault({}, { circumstances: ['21'] }))).toEqual(['victims[1].circumstances', 'victims[1].justifiableHomicide']);
  });
  test('the XML carries it after the circumstances, as the FBI’s all-fields sample does, and the schema accepts it', async () => {
    const env = { messageId: 'T-3', messageDateTime: '2026-11-01T09:00:00', ori: 'MA0999900', month: '2026-10' };
    const xml = groupAIncident(env, { ...incident(killed({ circumstances: ['20'], justifiableHomicide: 'C' })), mapping: new Map([...mapping, ['JUSTIFIED', '09C']]) }, 'I');
    expect(xml).toContain('<j:VictimAggravatedAssaultHomicideFactorCode>20</j:VictimAggravatedAssaultHomicideFactorCode><j:VictimJustifiableHomicideFactorCode>C</j:VictimJustifiableHomicideFactorCode></j:Victim>');
    expect(await validateNibrs([xml])).toEqual([{ valid: true, errors: [] }]);
  });
});

describe('facts from the master names (Data Elements 26–28, 37–39, 47–49)', () => {
  test.each([
    ['1980-03-20', '2025-09-15', 45], ['2009-09-16', '2025-09-15', 15], ['2009-09-15', '2025-09-15', 16],
    ['2025-09-15', '2025-09-15', 'NEONATAL'], ['2025-09-10', '2025-09-15', 'NEWBORN'], ['2025-01-01', '2025-09-15', 'BABY'], ['1900-01-01', '2025-09-15', 99],
  ])('born %s, on %s the age is %s', (dob, day, age) => {
    expect(ageOn(dob, day)).toBe(age);
  });
  test('sex X or U is U for NIBRS; race is the master index code; no date of birth, no age', () => {
    expect(fromMasterName({ dob: null, sex: 'X', race: 'P' }, '2025-09-15')).toEqual({ sex: 'U', race: 'P' });
    expect(fromMasterName({ dob: '2000-01-01', sex: 'F', race: null }, '2025-09-15')).toEqual({ age: 25, sex: 'F' });
  });
});

describe('the FBI schema check (xmllint, NIBRS IEPD 2019.1)', () => {
  const env = { messageId: 'T-1', messageDateTime: '2026-11-01T09:00:00', ori: 'MA0999900', month: '2026-10' };
  test('a generated incident validates; one with a code the schema does not know does not, and the validator says where', async () => {
    const good = groupAIncident(env, incident(assault()), 'I');
    const drugs = groupAIncident(env, incident({
      offenses: [{ agencyCode: 'DRUGS', attempted: false, locationType: '13', criminalActivity: ['P'] }], victims: [{ type: 'S', offenses: [1] }],
      property: [{ lossType: 'SEIZED', description: '10', value: 80, drug: { type: 'E', quantity: 28.5, unit: 'GM' } }, { lossType: 'SEIZED', description: '10', value: 1, drug: { type: 'X' } }],
    }), 'I');
    expect(await validateNibrs([drugs])).toEqual([{ valid: true, errors: [] }]);
    const bad = good.replace('<nibrs:LocationCategoryCode>13<', '<nibrs:LocationCategoryCode>99<');
    const [ok, refused] = await validateNibrs([good, bad]);
    expect(ok).toEqual({ valid: true, errors: [] });
    expect(refused!.valid).toBe(false);
    expect(refused!.errors.join('\n')).toMatch(/LocationCategoryCode.*'99'/);
  });

  test('without xmllint on the server no file is made: the build is refused (503 nibrs.validator_missing)', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(validateNibrs([groupAIncident(env, incident(assault()), 'I')])).rejects.toMatchObject({ status: 503, code: 'nibrs.validator_missing' });
    } finally {
      process.env.PATH = path;
    }
  });
});
