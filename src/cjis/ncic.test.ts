import { describe, expect, test } from 'vitest';
import { checkDob, checkName, checkPlate, checkState, checkVin, vinCheckDigit } from './identifiers.ts';
import { buildQuery, parseQueryLine, readRecord } from './ncic.ts';

const TODAY = '2026-12-01';

describe('identifier edits before anything is sent', () => {
  test('VIN check digit (49 CFR 565.15)', () => {
    expect(vinCheckDigit('1HGCM82633A004352')).toBe('3');
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
    expect(checkVin('1hgcm82633a004352')).toEqual({ ok: true, value: '1HGCM82633A004352' });
    expect(checkVin('1HGCM82643A004352')).toMatchObject({ ok: false, why: expect.stringMatching(/check digit: position 9 is 4, the other characters make it 3/) });
    expect(checkVin('1HGCM8263OA004352')).toMatchObject({ ok: false, why: expect.stringMatching(/I, O or Q/) });
    expect(checkVin('1HGCM826')).toMatchObject({ ok: false, why: expect.stringMatching(/8 characters/) });
    expect(checkVin('L4BU1234567').ok).toBe(true); // before 1981: no check digit
  });

  test.each([
    ['ABC 123', 'ABC123'], ['7xk-492', '7XK492'],
  ])('plate %s reads as %s', (text, plate) => expect(checkPlate(text)).toEqual({ ok: true, value: plate }));
  test.each(['AB$123', 'ABCDEFGHJ', ''])('plate "%s" is refused', (text) => expect(checkPlate(text).ok).toBe(false));

  test('state codes are NCIC’s', () => {
    expect(checkState('ma')).toEqual({ ok: true, value: 'MA' });
    expect(checkState('XX')).toMatchObject({ ok: false, why: expect.stringMatching(/not an NCIC state/) });
    expect(checkState('Mass')).toMatchObject({ ok: false });
  });

  test('dates of birth are real, past and plausible', () => {
    expect(checkDob('1980-01-01', TODAY).ok).toBe(true);
    expect(checkDob('1980-02-30', TODAY)).toMatchObject({ ok: false, why: expect.stringMatching(/not a calendar date/) });
    expect(checkDob('2027-01-01', TODAY)).toMatchObject({ ok: false, why: expect.stringMatching(/future/) });
    expect(checkDob('1890-01-01', TODAY)).toMatchObject({ ok: false, why: expect.stringMatching(/120 years/) });
    expect(checkDob('01/01/1980', TODAY).ok).toBe(false);
  });

  test('names are written LAST, FIRST MIDDLE', () => {
    expect(checkName('smith,john')).toMatchObject({ ok: true, value: { nam: 'SMITH, JOHN' } });
    expect(checkName("O'Brien, Jordan Lee")).toMatchObject({ ok: true, value: { nam: "O'BRIEN, JORDAN LEE" } });
    expect(checkName('SMITH')).toMatchObject({ ok: false });
    expect(checkName('SM1TH,JOHN')).toMatchObject({ ok: false });
  });
});

describe('command-line queries', () => {
  test.each([
    ['PLATE ABC123 MA', { kind: 'plate', plate: 'ABC123', state: 'MA' }],
    ['plate abc123', { kind: 'plate', plate: 'abc123', state: 'MA' }], // the agency's own state when none is given
    ['PERSON SMITH,JOHN 1980-01-01', { kind: 'person', name: 'SMITH,JOHN', dob: '1980-01-01' }],
    ['PERSON SMITH, JOHN J 01/31/1980 M', { kind: 'person', name: 'SMITH, JOHN J', dob: '1980-01-31', sex: 'M' }],
    ['VIN 1HGCM82633A004352', { kind: 'vin', vin: '1HGCM82633A004352' }],
    ['OLN S12345678 NH', { kind: 'person', identifier: { type: 'OLN', value: 'S12345678', state: 'NH' } }],
    ['GUN TX1234567 GLOCK', { kind: 'gun', serial: 'TX1234567', make: 'GLOCK' }],
  ])('%s', (line, parsed) => {
    expect(parseQueryLine(line, 'MA')).toMatchObject(parsed);
  });

  test('builds the NCIC message fields', () => {
    expect(buildQuery({ line: 'PLATE ABC123 MA' }, TODAY, 'MA')).toEqual({ kind: 'plate', mke: 'QV', fields: [['LIC', 'ABC123'], ['LIS', 'MA']], descriptors: { plate: 'ABC123', state: 'MA' }, criteria: { plate: 'ABC123', state: 'MA' } });
    expect(buildQuery({ line: 'WARRANT DOE,JOHN 1985-04-12' }, TODAY, 'MA').fields).toEqual([['NAM', 'DOE, JOHN'], ['DOB', '19850412'], ['TYP', 'W']]);
    expect(buildQuery({ kind: 'bop', name: 'DOE,JOHN', dob: '1985-04-12' }, TODAY, 'MA').mke).toBe('BQ');
  });

  test.each([
    ['PLATE ABC$1 MA', 'cjis.bad_plate', '81A §J.5.a'],
    ['PLATE ABC123 XX', 'cjis.bad_state', '81A §J.5.a'],
    ['VIN 1HGCM82643A004352', 'cjis.bad_vin', '81A §J.5.a; 49 CFR 565.15'],
    ['PERSON SMITH,JOHN 1980-13-01', 'cjis.bad_dob', '81A §J.1.b.x(c)'],
    ['PERSON SMITH,JOHN', 'cjis.query_incomplete', '81A §J.1.b.x(c)'],
    ['HOUSE 12 ELM', 'cjis.unknown_query', '81A §J.8'],
  ])('%s is refused with %s and the clause', (line, code, clause) => {
    expect(() => buildQuery({ line }, TODAY, 'MA')).toThrowError(expect.objectContaining({ status: 400, code, extra: expect.objectContaining({ clause }) }));
  });
});

describe('reading the switch’s records', () => {
  test('dates become YYYY-MM-DD; locates and training marks are kept', () => {
    const record = readRecord({ fields: [['RTY', 'W'], ['SRC', 'WMS'], ['NIC', 'W123456789'], ['ORI', 'MA013013J'], ['AGY', 'MILLBROOK DC'], ['TRN', 'Y'], ['NAM', 'DOE, JOHN'], ['DOB', '19850412'], ['LOC', 'MA0130200 20261130']] });
    expect(record).toEqual({ nic: 'W123456789', type: 'warrant', source: 'WMS', ori: 'MA013013J', agency: 'MILLBROOK DC', training: true, descriptors: { NAM: 'DOE, JOHN', DOB: '1985-04-12' }, locates: ['MA0130200 20261130'] });
    expect(() => readRecord({ fields: [['RTY', 'Q']] })).toThrow(/record type/);
  });
});
