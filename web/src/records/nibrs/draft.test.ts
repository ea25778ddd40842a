import { describe, expect, test } from 'vitest';
import { ageValue, belongsTo, emptyDraft, fieldKey, fromData, mergeProposal, provenance, toData, type Proposal } from './draft.ts';

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

  // issue 23 §1: the reports fill the NIBRS data, never over what the clerk entered, and the editor says which values came from them
  const proposal: Proposal = {
    offenses: [{ value: { agencyCode: '220', attempted: false, locationType: '20', entryMethod: 'F' }, source: 'incident report of 2026-03-14 03:20 by Sam Whitaker #R-3' }],
    property: [{ value: { lossType: 'STOLEN', description: '17', value: 1800 }, source: 'property P-1 (Jewelry: ring)' }],
    victims: [{ value: { type: 'I', offenses: [1], personId: 'v-1', age: 67, sex: 'F', race: 'W' }, source: 'incident report of 2026-03-14 03:20 by Sam Whitaker #R-3' }],
    offenders: [], arrestees: [], notes: [],
  };

  test('a new draft is filled from the reports; a value the clerk entered is kept and the rest filled', () => {
    const fresh = mergeProposal(emptyDraft(), proposal).draft;
    expect(toData(fresh)).toEqual({
      offenses: [{ agencyCode: '220', attempted: false, locationType: '20', entryMethod: 'F' }],
      property: [{ lossType: 'STOLEN', description: '17', value: 1800 }],
      victims: [{ type: 'I', offenses: [1], personId: 'v-1', age: 67, sex: 'F', race: 'W' }],
    });
    const typed = fromData({ offenses: [{ agencyCode: 'ASSAULT', attempted: false, locationType: '13' }, { agencyCode: '220', attempted: true, locationType: '14' }], victims: [{ type: 'I', offenses: [1], personId: 'v-1', age: 70 }] });
    const { draft, filled } = mergeProposal(typed, proposal);
    expect(filled).toBeGreaterThan(0);
    expect(toData(draft).offenses).toEqual([{ agencyCode: 'ASSAULT', attempted: false, locationType: '13' }, { agencyCode: '220', attempted: true, locationType: '14', entryMethod: 'F' }]);
    expect(toData(draft).victims).toEqual([{ type: 'I', offenses: [1], personId: 'v-1', age: 70, sex: 'F', race: 'W' }]); // the typed age stays
    expect(mergeProposal(draft, proposal).filled).toBe(0); // filling again adds nothing
  });

  test('the values still as the report gave them are marked with the report; a changed one is not', () => {
    const { draft } = mergeProposal(emptyDraft(), proposal);
    expect(provenance(draft, proposal).get('offenses[1]')).toEqual({ source: proposal.offenses[0]!.source, keys: ['agencyCode', 'attempted', 'locationType', 'entryMethod'] });
    const changed = { ...draft, property: [{ ...draft.property[0]!, value: '2000' }] };
    expect(provenance(changed, proposal).get('property[1]')?.keys).toEqual(['lossType', 'description']);
    expect(provenance(changed, proposal).get('victims[1]')?.keys).toEqual(['type', 'offenses', 'personId', 'age', 'sex', 'race']);
  });

  // S-110 §A.1.q, issue 23 point 1: an officer victim's LEOKA data (Data Elements 25A–25C)
  test('an officer victim’s activity, assignment and other ORI go as they were entered; a victim changed from L to I drops them', () => {
    const data = {
      offenses: [{ agencyCode: 'AGG_ASSAULT', attempted: false, locationType: '13', weapons: ['12'] }],
      victims: [{ type: 'L', offenses: [1], age: 41, sex: 'M', race: 'W', officer: { activity: '10', assignment: 'G', otherOri: 'WVNDX01' } }],
    };
    expect(toData(fromData(data))).toEqual(data);
    const draft = fromData(data);
    draft.victims[0] = { ...draft.victims[0], officer: { activity: '10', assignment: '', otherOri: '' } };
    expect(toData(draft).victims![0]!.officer).toEqual({ activity: '10' });
    draft.victims[0] = { ...draft.victims[0], type: 'I' };
    expect(toData(draft).victims![0]).not.toHaveProperty('officer');
  });
});
