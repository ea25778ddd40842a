import { describe, expect, test } from 'vitest';
import { DEFAULT_CODE_TABLES } from '../../agency/codes.ts';
import { addressKey, intersectionKey, maskShelterAddresses, requiredResponse, suggestIncidents } from './rules.ts';
import type { IncidentSummary } from './model.ts';

const types = Object.fromEntries(DEFAULT_CODE_TABLES.incident_type!.map((t) => [t.code, { code: t.code, name: t.name, attrs: t.attrs ?? {} }]));

describe('the required response from the incident type (81A §E.3, §E.4)', () => {
  test.each([
    ['DOMESTIC', 2, false], // §E.3.e domestic disturbances
    ['NOISE', 2, false], // §E.3.j noise complaints
    ['ROBBERY', 2, true], // §E.3.n, §E.4.a.ii
    ['MISSING_CHILD', 1, true], // §E.4.a.i
    ['LOCKOUT', 1, false],
  ])('%s needs %i unit(s), supervisor %s', (code, minUnits, supervisor) => {
    expect(requiredResponse(types[code]!)).toEqual({ minUnits, supervisor });
  });
});

describe('shelter addresses (81A §D.3.c.i–iii)', () => {
  const pd = '100 Main Street, Millbrook, MA 01099';
  test('a shelter location shows the police department’s address, without coordinates or place name', () => {
    const masked = maskShelterAddresses({ address: '7 Safe St', lat: 42.1, lon: -71.1, placeName: 'Harbor House', confidentialShelter: true }, undefined, pd);
    expect(masked.location).toEqual({ address: pd, lat: null, lon: null, placeName: null, confidentialShelter: true });
    expect(masked.restricted).toEqual([{ field: 'location', address: { address: '7 Safe St', lat: 42.1, lon: -71.1, placeName: 'Harbor House' } }]);
  });
  test('a complainant living at a shelter keeps name and phone; the address shown is the department’s', () => {
    const masked = maskShelterAddresses({ address: '1 Elm St' }, { name: 'J. Doe', address: '7 Safe St', phone: '555', confidentialShelter: true }, pd);
    expect(masked.complainant).toEqual({ name: 'J. Doe', address: pd, phone: '555', confidentialShelter: true });
    expect(masked.location.address).toBe('1 Elm St');
    expect(masked.restricted.map((r) => r.field)).toEqual(['complainant']);
  });
  test('nothing is restricted when no shelter is flagged', () => {
    expect(maskShelterAddresses({ address: '1 Elm St' }, { name: 'A', address: '2 Elm St', phone: '' }, pd).restricted).toEqual([]);
  });
});

describe('suggesting open incidents for another caller (81A §C "Multiple Calls" d–e)', () => {
  const open: IncidentSummary[] = [
    { number: '26-00001', type: 'FIRE', priority: 1, status: 'dispatched', reportedAt: '2026-05-01T12:00:00Z', location: { address: '12 Elm Street, Millbrook', lat: 42.4471, lon: -71.2245 } },
    { number: '26-00002', type: 'NOISE', priority: 3, status: 'pending', reportedAt: '2026-05-01T12:01:00Z', location: { address: '40 Elm St' } },
    { number: '26-00003', type: 'FIRE', priority: 1, status: 'pending', reportedAt: '2026-05-01T12:02:00Z', location: { address: '9 Oak Road', lat: 42.5, lon: -71.3 } },
    { number: '26-00004', type: 'FIRE', priority: 1, status: 'closed', reportedAt: '2026-05-01T11:00:00Z', location: { address: '12 Elm St' } },
  ];
  test('"12 elm st." matches "12 Elm Street, Millbrook"', () => {
    expect(addressKey('12 elm st.')).toEqual(addressKey('12 Elm Street, Millbrook'));
  });
  test('same address and type first; a neighbour on the same street only with another reason; closed incidents never', () => {
    const s = suggestIncidents({ address: '12 Elm St', type: 'FIRE' }, open, 250);
    expect(s.map((x) => x.number)).toEqual(['26-00001']);
    expect(s[0]!.reasons).toEqual(['same address', 'same type']);
  });
  test('an intersection is the same however it is written: "MAIN ST/ELM ST", "Elm Street & Main St", "Elm St at Main Street"', () => {
    expect(intersectionKey('MAIN ST/ELM ST')).toEqual(['elm st', 'main st']);
    expect(intersectionKey('Elm Street & Main St, Millbrook')).toEqual(['elm st', 'main st']);
    expect(intersectionKey('Elm St at Main Street')).toEqual(['elm st', 'main st']);
    expect(intersectionKey('12 Elm Street')).toBeNull();
  });
  test('a caller at an intersection is offered the incident at the same intersection, and a crash on one of its streets only with another reason', () => {
    const crossings: IncidentSummary[] = [
      { number: '26-00010', type: 'MVA', priority: 2, status: 'dispatched', reportedAt: '2026-05-01T12:00:00Z', location: { address: 'Main Street & Elm St' } },
      { number: '26-00011', type: 'MVA', priority: 2, status: 'pending', reportedAt: '2026-05-01T12:01:00Z', location: { address: '80 Main St' } },
    ];
    const s = suggestIncidents({ address: 'MAIN ST/ELM ST' }, crossings, 250);
    expect(s.map((x) => x.number)).toEqual(['26-00010']);
    expect(s[0]!.reasons).toEqual(['same intersection']);
    const typed = suggestIncidents({ address: 'ELM ST/MAIN ST', type: 'MVA' }, crossings, 250);
    expect(typed.map((x) => [x.number, x.reasons])).toEqual([['26-00010', ['same intersection', 'same type']], ['26-00011', ['same street', 'same type']]]);
  });
  test('a wireless caller 30 m away is matched by coordinates', () => {
    const s = suggestIncidents({ lat: 42.4473, lon: -71.2247 }, open, 250);
    expect(s.map((x) => x.number)).toEqual(['26-00001']);
    expect(s[0]!.distanceMetres).toBeLessThan(50);
  });
  test('the nearby distance is the agency’s: 30 m away is not offered when it is 20 m', () => {
    expect(suggestIncidents({ lat: 42.4473, lon: -71.2247 }, open, 20)).toEqual([]);
  });
});
