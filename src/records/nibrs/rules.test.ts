import { describe, expect, test } from 'vitest';
import { nibrsEdits, reportKind } from './rules.ts';
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
