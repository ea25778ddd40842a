import { describe, expect, test } from 'vitest';
import { normalizeStreet, parseLocation } from './model.ts';

describe('how a typed location is read (81A §C.2.b.iii)', () => {
  test('suffixes and directionals are written as the E-911 address file writes them', () => {
    expect(normalizeStreet('North Main Street')).toBe('N MAIN ST');
    expect(normalizeStreet('Park Avenue.')).toBe('PARK AVE');
  });

  test('the house number may come first or last', () => {
    expect(parseLocation('12 elm')).toMatchObject({ kind: 'address', number: '12', street: 'ELM' });
    expect(parseLocation('Elm St 12')).toMatchObject({ kind: 'address', number: '12', street: 'ELM ST' });
  });

  test('a slash, an ampersand or "and" makes an intersection; "MM" a mile marker', () => {
    expect(parseLocation('MAIN ST/ELM ST')).toMatchObject({ kind: 'intersection', streets: ['MAIN ST', 'ELM ST'] });
    expect(parseLocation('main & elm')).toMatchObject({ kind: 'intersection', streets: ['MAIN', 'ELM'] });
    expect(parseLocation('Main and Elm')).toMatchObject({ kind: 'intersection' });
    expect(parseLocation('MM 12')).toMatchObject({ kind: 'mile_marker', number: '12' });
    expect(parseLocation('the mall')).toMatchObject({ kind: 'words', words: 'THE MALL' });
  });
});
