import { describe, expect, test } from 'vitest';
import { lastSeqOf, Reflected, refetchFor } from './echo.ts';
import type { Incident } from './types.ts';

/** An incident record as an action's answer carries it: only the fields the store's bookkeeping reads matter here. */
function incident(number: string, seqs: number[]): Incident {
  return {
    number, type: 'MEDICAL', typeName: 'Medical emergency', priority: 1, location: { address: '1625 Massachusetts Avenue' }, complainant: null,
    reportingParty: null, narrative: null, reportedAt: '2026-12-02T08:00:00.000Z', status: 'pending', disposition: null, closedAt: null,
    confidential: false, mergedInto: null, createdBy: 'dkowalski', requiredResponse: { minUnits: 1, supervisor: false }, callId: null, callers: [], units: [],
    timeline: seqs.map((seq) => ({ seq, at: '2026-12-02T08:00:00.000Z', kind: 'incident.note', actor: 'dkowalski', unit: null, payload: {} })),
  } as Incident;
}

const event = (seq: number, subjectType: string, subjectId: string | null, kind = `${subjectType}.changed`) => ({ seq, kind, subjectType, subjectId });

describe('the console trusts the answer to its own action and skips the stream’s echo of it', () => {
  test('an incident taken from an answer reflects every event up to its newest timeline entry', () => {
    const reflected = new Reflected();
    expect(reflected.incident(incident('26-00042', [10, 12, 11]))).toBe(true);
    expect(lastSeqOf(incident('26-00042', [10, 12, 11]))).toBe(12);
    // the echo of the action's own events: nothing to read again
    expect(refetchFor(event(12, 'incident', '26-00042'), reflected)).toEqual({ incident: null, units: false, alerts: false, openIncidents: false, calls: false });
    expect(refetchFor(event(10, 'incident', '26-00042'), reflected).incident).toBeNull();
  });

  test('a change somebody else made after it (a higher seq) is read again, with the unit board', () => {
    const reflected = new Reflected();
    reflected.incident(incident('26-00042', [10, 12]));
    expect(refetchFor(event(13, 'incident', '26-00042'), reflected)).toMatchObject({ incident: '26-00042', units: true });
    // another incident is not covered by this one's answer
    expect(refetchFor(event(11, 'incident', '26-00043'), reflected)).toMatchObject({ incident: '26-00043', units: true });
  });

  test('an answer older than the record the store already holds is not taken (a slow response overtaken by a newer read)', () => {
    const reflected = new Reflected();
    expect(reflected.incident(incident('26-00042', [10, 15]))).toBe(true);
    expect(reflected.incident(incident('26-00042', [10, 12]))).toBe(false);
    expect(reflected.incidentSeq('26-00042')).toBe(15);
  });

  test('a call taken into an incident: the call’s own events up to the incident’s answer are echoes; a later one (the caller hangs up) is read', () => {
    const reflected = new Reflected();
    reflected.call({ id: 'c1' }, 20);
    expect(refetchFor(event(18, 'call', 'c1', 'call.linked'), reflected).calls).toBe(false);
    expect(refetchFor(event(21, 'call', 'c1', 'call.ended'), reflected).calls).toBe(true);
    expect(refetchFor(event(19, 'call', 'c2', 'call.received'), reflected).calls).toBe(true);
  });

  test('an event withheld from this reader (a confidential incident, 81A §E.2.c) makes the store read all it may see', () => {
    const reflected = new Reflected();
    expect(refetchFor(event(30, 'incident', null), reflected)).toEqual({ incident: null, units: true, alerts: true, openIncidents: true, calls: true });
  });

  test('a unit’s own event is never an echo: the answer to a status change carries the unit, not the board', () => {
    const reflected = new Reflected();
    reflected.incident(incident('26-00042', [40]));
    expect(refetchFor(event(39, 'unit', '411', 'unit.status_changed'), reflected)).toMatchObject({ units: true, incident: null });
    expect(refetchFor(event(41, 'alert', 'a1', 'alert.raised'), reflected).alerts).toBe(true);
  });
});
