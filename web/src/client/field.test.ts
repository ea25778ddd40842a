import { describe, expect, test } from 'vitest';
import { concernsUnit, fieldIncident, rereadAssignment, type AssignedIncident } from './field.ts';
import type { DispatchEvent, Incident, Unit } from './types.ts';

const terminal = { username: 'jobrien', callSign: '411' };

function event(subjectType: string, subjectId: string, payload: Record<string, unknown> = {}, actor: DispatchEvent['actor'] = { user: 'dkowalski', unit: null }): DispatchEvent {
  return { seq: 50, at: '2026-12-02T08:00:00.000Z', kind: `${subjectType}.changed`, subjectType, subjectId, actor, confidential: false, payload };
}

function unit(incident: string | null): Unit {
  return {
    callSign: '411', kind: 'car', service: 'police', area: null, supervisor: false, status: incident ? 'dispatched' : 'available', reason: null, detail: null,
    incident, incidentType: null, incidentPriority: null, confidential: false, since: '2026-12-02T08:00:00.000Z', location: null, locationAt: null,
    personnel: ['jobrien'], standby: null, unansweredCalls: 0,
  };
}

function record(number: string, withheld: boolean): Incident {
  return {
    number, type: 'DRUG', typeName: 'Drug activity', priority: 2, location: withheld ? null : { address: '14 Oakland Street' }, complainant: null,
    reportingParty: null, narrative: null, reportedAt: '2026-12-02T08:00:00.000Z', status: 'dispatched', disposition: null, closedAt: null,
    confidential: withheld, mergedInto: null, createdBy: 'dkowalski', requiredResponse: { minUnits: 1, supervisor: false }, callId: null, callers: [], units: [],
    timeline: [{ seq: 40, at: '2026-12-02T08:00:00.000Z', kind: 'incident.note', actor: 'dkowalski', unit: null, payload: {} }],
  };
}

const assigned: AssignedIncident = {
  number: '26-00042', type: 'DRUG', priority: 2, location: { address: '14 Oakland Street' }, narrative: 'controlled purchase', status: 'dispatched',
  confidential: true, reportedAt: '2026-12-02T08:00:00.000Z', units: [{ callSign: '411', role: 'primary', dispatchedAt: '2026-12-02T08:01:00.000Z', arrivedAt: null }],
};

describe('a field terminal reads again only what an event changes for its own unit (81A §E.5.a)', () => {
  test.each([
    ['its unit dispatched or cleared', event('unit', '411', { status: 'dispatched', incident: '26-00042' }), true],
    ['a note on its incident', event('incident', '26-00042', { text: 'resident fine' }), true],
    ['another unit sent to its incident', event('incident', '26-00042', { units: ['414'] }), true],
    ['another unit’s status on its incident', event('unit', '414', { status: 'arrived', incident: '26-00042' }), true],
    ['an incident elsewhere in town', event('incident', '26-00050', { units: ['412'] }), false],
    ['another unit going out of service', event('unit', '412', { status: 'out_of_service' }), false],
    ['a withheld event (names nothing)', event('withheld', ''), false],
    ['the echo of the officer’s own status change from this unit', event('unit', '411', { status: 'arrived', incident: '26-00042' }, { user: 'jobrien', unit: '411' }), false],
  ])('%s: %s', (_what, e, concerns) => {
    expect(concernsUnit(e, terminal, '26-00042')).toBe(concerns);
  });

  test('a unit dispatched to an incident elsewhere is told by the event naming it, before it is on any incident', () => {
    expect(concernsUnit(event('incident', '26-00050', { units: ['411'] }), terminal, null)).toBe(true);
    expect(concernsUnit(event('incident', '26-00050', { units: ['412'] }), terminal, null)).toBe(false);
  });
});

describe('the assignment stands in for a confidential incident withheld from the terminal (81A §E.2.c)', () => {
  test('its own officers see the assignment’s details with the record’s timeline', () => {
    const shown = fieldIncident(record('26-00042', true), assigned);
    expect(shown?.location).toEqual({ address: '14 Oakland Street' });
    expect(shown?.narrative).toBe('controlled purchase');
    expect(shown?.timeline).toHaveLength(1);
  });

  test('a record the terminal may read is shown as it is', () => {
    const open = record('26-00042', false);
    expect(fieldIncident(open, assigned)).toBe(open);
    expect(fieldIncident(open, null)).toBe(open);
  });

  test('the assignment is read again only for an event about its incident while the record is withheld', () => {
    const about = [event('incident', '26-00042')];
    expect(rereadAssignment(about, terminal, [unit('26-00042')], { '26-00042': record('26-00042', true) })).toBe(true);
    expect(rereadAssignment(about, terminal, [unit('26-00042')], {})).toBe(true);
    // the store's record shows everything: nothing more to read
    expect(rereadAssignment(about, terminal, [unit('26-00042')], { '26-00042': record('26-00042', false) })).toBe(false);
    // an unrelated event, or a unit on no incident: nothing to read
    expect(rereadAssignment([event('incident', '26-00050')], terminal, [unit('26-00042')], {})).toBe(false);
    expect(rereadAssignment(about, terminal, [unit(null)], {})).toBe(false);
  });
});
