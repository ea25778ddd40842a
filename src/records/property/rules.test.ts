import { describe, expect, test } from 'vitest';
import { finalActAllowed, movementAllowed, sameLocation, shelfDifferences, statusAfter } from './rules.ts';

const held = { status: 'in_custody' as const, location: 'Shelf B-3', tag: 'P26-00001' };

describe('property custody rules (S-110 §A.1.j, u)', () => {
  test('a movement starts where the item is; "shelf b3" is "Shelf B-3" (S-110 §A.1.j)', () => {
    expect(sameLocation('Shelf B-3', 'shelf b3')).toBe(true);
    expect(movementAllowed(held, 'transfer', 'shelf b3')).toEqual({ allowed: true, clause: 'S-110 §A.1.j' });
    expect(movementAllowed(held, 'lab', 'Shelf C-1')).toMatchObject({ allowed: false, code: 'property.not_there', status: 409 });
  });
  test('a released or destroyed item has no further custody, and a stolen report is not held (S-110 §A.1.j, u)', () => {
    expect(movementAllowed({ ...held, status: 'destroyed' }, 'transfer', 'Shelf B-3')).toMatchObject({ allowed: false, code: 'property.gone' });
    expect(movementAllowed({ ...held, status: 'outstanding', location: null }, 'transfer', 'x')).toMatchObject({ allowed: false, code: 'property.not_held', clause: 'S-110 §A.1.u' });
  });
  test('only an item that is out can be returned to the property room', () => {
    expect(movementAllowed(held, 'returned', 'Shelf B-3')).toMatchObject({ allowed: false, code: 'property.not_out' });
    expect(movementAllowed({ ...held, status: 'out', location: 'State lab' }, 'returned', 'State lab')).toMatchObject({ allowed: true });
  });
  test('the lab and court take an item out; release and destruction end custody', () => {
    expect(['received', 'transfer', 'lab', 'court', 'returned', 'release', 'destruction'].map((a) => statusAfter(a as 'lab')))
      .toEqual(['in_custody', 'in_custody', 'out', 'out', 'in_custody', 'released', 'destroyed']);
  });
  test('release and destruction need an unused authorization for that item and act, from someone other than the custodian (S-110 §A.1.j)', () => {
    const auth = { action: 'destruction' as const, authorizedBy: 'sgt', usedAt: null, itemId: 'i1' };
    expect(finalActAllowed('destruction', 'i1', 'clerk', undefined)).toMatchObject({ allowed: false, code: 'property.not_authorized' });
    expect(finalActAllowed('release', 'i1', 'clerk', auth)).toMatchObject({ allowed: false, code: 'property.not_authorized' });
    expect(finalActAllowed('destruction', 'i2', 'clerk', auth)).toMatchObject({ allowed: false, code: 'property.not_authorized' });
    expect(finalActAllowed('destruction', 'i1', 'sgt', auth)).toMatchObject({ allowed: false, code: 'property.own_authorization', status: 403 });
    expect(finalActAllowed('destruction', 'i1', 'clerk', { ...auth, usedAt: new Date() })).toMatchObject({ allowed: false, code: 'property.authorization_used' });
    expect(finalActAllowed('destruction', 'i1', 'clerk', auth)).toEqual({ allowed: true, clause: 'S-110 §A.1.j' });
  });
  test('a shelf audit reports what is missing and what should not be there', () => {
    expect(shelfDifferences(['P1', 'P2', 'P3'], ['P3', 'P9', 'P1'])).toEqual({ found: ['P1', 'P3'], missing: ['P2'], unexpected: ['P9'] });
  });
});
