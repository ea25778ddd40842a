import { describe, expect, test } from 'vitest';
import { credentialDecision, distressPosition, emergencyTitle, acknowledgmentRefusal, DEFAULT_TIMERS, nonResponsePrompt, overdue, statusCheckLimit } from './rules.ts';

describe('81A §E.6.a–b non-response: "after calling a unit twice … another unit will be dispatched"', () => {
  test.each<[number, number | null, boolean, boolean]>([
    [1, 1, false, false],
    [2, 3, true, false], // §E.6.a keep trying, alternative methods such as cell phone or laptop
    [2, 1, true, true], // §E.6.b "If the call requires an immediate response, another unit will be dispatched"
    [3, null, true, false],
  ])('%i unanswered calls on a priority %s incident: other channel %s, another unit %s', (calls, priority, channel, another) => {
    const prompt = nonResponsePrompt(calls, priority);
    expect([prompt.tryAnotherChannel, prompt.dispatchAnother]).toEqual([channel, another]);
  });
});

describe('timers (81A §E.5.d standby re-contact; unit status checks)', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  test.each<[string, number, boolean]>([
    ['2026-11-25T11:57:00Z', 3, true],
    ['2026-11-25T11:58:00Z', 3, false],
  ])('since %s, %i minutes: overdue %s', (since, minutes, due) => {
    expect(overdue(new Date(since), minutes, now)).toBe(due);
  });
  test.each<[string, unknown, number | null]>([
    ['arrived', undefined, DEFAULT_TIMERS.onSceneMinutes],
    ['arrived', 20, 20], // an incident type's own limit
    ['out_of_service', undefined, DEFAULT_TIMERS.outOfServiceMinutes],
    ['out_of_service', 90, 90], // e.g. court
    ['available', 5, null],
    ['dispatched', undefined, null],
  ])('%s with override %s → %s minutes', (status, override, limit) => {
    expect(statusCheckLimit(status, DEFAULT_TIMERS, override)).toBe(limit);
  });
});

describe('81A §E.6.e emergency alerts need a recorded acknowledgment', () => {
  test.each<[string, string | undefined, boolean]>([
    ['emergency', undefined, false],
    ['emergency', 'ok', false],
    ['emergency', '414 and 412 dispatched; contact made, officer safe', true],
    ['status_check', undefined, true],
  ])('%s with %j accepted: %s', (kind, text, accepted) => {
    expect(acknowledgmentRefusal(kind, text) === null).toBe(accepted);
  });
});

describe('81A §E.6.e the alert says where the officer was last known to be, and from what', () => {
  const assigned = { number: '26-00012', location: { address: '12 Elm Street', lat: 42.44, lon: -71.22 } };
  test('the terminal’s own geolocation comes first, naming the incident the unit is on', () => {
    const p = distressPosition({ terminal: { lat: 42.4463, lon: -71.2281, accuracyM: 8 }, assigned, area: 'Sector 1' });
    expect(p).toMatchObject({ source: 'terminal', lat: 42.4463, lon: -71.2281, accuracyM: 8 });
    expect(p.address).toBe('GPS 42.44630, -71.22810 (assigned to 12 Elm Street)');
  });
  test('without it, the location of the incident the unit is on, not the unit’s home area', () => {
    expect(distressPosition({ assigned, area: 'Sector 1' })).toMatchObject({ source: 'assigned_incident', address: '12 Elm Street', lat: 42.44 });
  });
  test('the unit’s fresh vehicle location (AVL) comes after the terminal and before everything else', () => {
    expect(distressPosition({ avl: { lat: 42.45, lon: -71.23 }, assigned, area: 'Sector 1' })).toMatchObject({ source: 'avl', lat: 42.45, address: 'GPS 42.45000, -71.23000 (assigned to 12 Elm Street)' });
    expect(distressPosition({ terminal: { lat: 42.4463, lon: -71.2281 }, avl: { lat: 42.45, lon: -71.23 } }).source).toBe('terminal');
  });
  test('a location the radio system reported comes before the assigned incident', () => {
    expect(distressPosition({ radio: { address: 'Route 2 eastbound' }, assigned })).toMatchObject({ source: 'radio', address: 'Route 2 eastbound' });
  });
  test('then the unit’s last reported location, then its area, saying so', () => {
    expect(distressPosition({ lastReported: { address: 'Hartwell Ave' }, area: 'Sector 1' })).toMatchObject({ source: 'last_reported', address: 'Hartwell Ave' });
    const area = distressPosition({ area: 'Sector 1' });
    expect(area).toMatchObject({ source: 'unit_area', address: 'Sector 1' });
    expect(area.sourceText).toMatch(/area of assignment/);
    expect(distressPosition({})).toMatchObject({ source: 'unknown' });
  });
  test('the title names the officer, the unit and the incident it was on', () => {
    expect(emergencyTitle({ officer: 'Jordan O’Brien #311', callSign: '411', incident: '26-00012', radioId: '411' })).toBe('EMERGENCY — Jordan O’Brien #311 · 411 · on 26-00012');
    expect(emergencyTitle({ officer: null, callSign: null, incident: null, radioId: 'P-999' })).toBe('EMERGENCY — unknown radio P-999');
  });
});

describe('81A §E.6.e the terminal’s emergency credential outlives the session, not the shift', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const open = { revokedAt: null, expiresAt: new Date('2026-11-25T15:00:00Z'), officerDisabled: false };
  test.each<[string, Parameters<typeof credentialDecision>[0], string | null]>([
    ['open, within the shift', open, null],
    ['unknown', undefined, 'emergency.credential_unknown'],
    ['revoked by an administrator', { ...open, revokedAt: new Date('2026-11-25T11:00:00Z') }, 'emergency.credential_revoked'],
    ['past the end of the shift', { ...open, expiresAt: new Date('2026-11-25T12:00:00Z') }, 'emergency.credential_expired'],
    ['of a disabled login', { ...open, officerDisabled: true }, 'emergency.credential_disabled'],
  ])('%s → %s', (_what, credential, code) => {
    const decision = credentialDecision(credential, now);
    expect(decision.allowed ? null : decision.code).toBe(code);
  });
});
