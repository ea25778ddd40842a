import { describe, expect, test } from 'vitest';
import { ageValue, belongsTo, fieldKey, fromData, toData } from './draft.ts';

// S-110 §A.1.q: the clerk's NIBRS editor sends what was typed and shows each message beside its field.
describe('the NIBRS editor’s draft', () => {
  test.each([
    ['offenses[1].weapons', 'offenses[1].weapons'], // an FBI edit names its field 1-based
    ['data.victims.0.age', 'victims[1].age'], // a refused shape names it 0-based, dotted
    ['data.offenses.1.weapons.0', 'offenses[2].weapons[1]'],
    ['data', ''],
  ])('the message about %s goes to the input %s', (field, key) => {
    expect(fieldKey(field)).toBe(key);
  });

  test('a message about a list item goes beside the list’s input, not beside a neighbour', () => {
    expect(belongsTo('offenses[1].weapons[1]', 'offenses[1].weapons')).toBe(true);
    expect(belongsTo('offenses[10].weapons', 'offenses[1].weapons')).toBe(false);
    expect(belongsTo('victims[1].age', 'victims[1].agencyCode')).toBe(false);
  });

  test.each([
    ['34', 34], ['25-30', { min: 25, max: 30 }], ['25 – 30', { min: 25, max: 30 }], ['baby', 'BABY'], ['forty', 'FORTY'],
  ])('the age typed %s is sent as %j (what is not an age is sent for the server to refuse, naming the field)', (typed, sent) => {
    expect(ageValue(typed)).toEqual(sent);
  });

  test('saved data comes back as it was saved; empty inputs, the screen’s own keys and unfinished relationships are not sent', () => {
    const data = {
      clearance: { code: 'A', date: '2026-11-20' },
      offenses: [{ agencyCode: 'BURGLARY', attempted: false, locationType: '20', entryMethod: 'F' as const, premisesEntered: 2 }],
      property: [{ lossType: 'SEIZED', description: '10', value: 50, drug: { type: 'D', quantity: 1.5, unit: 'GM' } }],
      victims: [{ type: 'I', offenses: [1], age: 'BABY' as const, sex: 'F', race: 'W', relationships: [{ offender: 1, relationship: 'Stranger' }] }],
      offenders: [{ age: { min: 25, max: 30 }, sex: 'M', race: 'U' }],
    };
    expect(toData(fromData(data))).toEqual(data);
    const draft = fromData(data);
    draft.victims[0] = { ...draft.victims[0], ethnicity: '', _personLabel: 'Ruth Okafor', injuries: [], relationships: [{ offender: 1, relationship: 'Stranger' }, { offender: '', relationship: 'Friend' }] };
    draft.clearance = { code: '' };
    const sent = toData(draft);
    expect(sent.clearance).toBeUndefined();
    expect(sent.victims![0]).toEqual(data.victims[0]);
  });
});
