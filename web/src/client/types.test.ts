import { expect, test } from 'vitest';
import { locationText } from './types.ts';

test('the console shows the place name the server sends beside the address (81A §D.2.c WHERE)', () => {
  expect(locationText({ address: '12 Main St', lat: null, lon: null, placeName: 'Town Hall' })).toBe('12 Main St (Town Hall)');
  expect(locationText({ address: '12 Main St' })).toBe('12 Main St');
});

test('a unit’s last reported location reads the same way', () => {
  expect(locationText({ address: 'Sector 3', placeName: 'Millbrook Common' })).toBe('Sector 3 (Millbrook Common)');
  expect(locationText(null)).toBe('');
});
