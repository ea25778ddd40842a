import { describe, expect, test } from 'vitest';
import { aliForStream, callMayJoinIncident, callTakersSpokenTo, maskAliForShelter, needsCallback, incidentAcceptsCalls, mayPickUp, mayTransfer, orderQueue, unknownAnswers } from './rules.ts';
import type { CallState } from './model.ts';

const t0 = new Date('2026-05-01T12:00:00Z');
const call = (over: Partial<CallState> = {}): CallState => ({
  id: 'c1', line: 'e911', status: 'active', outcome: null, priority: 1, transferred_from: null, call_takers: ['dk'],
  incident_number: null, held_at: null, received_at: t0, ...over,
});

describe('transfers (81A §C.4–5, CALEA 81.2.12)', () => {
  test.each([
    ['a call first received here may be transferred (§C.4.a)', call(), null],
    ['a call that came as a transfer may not be transferred again (§C.4.b)', call({ transferred_from: 'State Police PSAP' }), 'call.second_transfer'],
    ['a business-line call that came as a transfer is not transferred again either (§C.5.a.ii)', call({ line: 'emergency', transferred_from: 'Fire Alarm' }), 'call.second_transfer'],
    ['an E-911 caller who already spoke to two call takers is not sent to a third (§C.4.b)', call({ call_takers: ['dk', 'mr'] }), 'call.two_call_takers'],
    ['an ended call cannot be transferred', call({ status: 'ended' }), 'call.ended'],
  ])('%s', (_name, c, code) => {
    if (code === null) expect(() => mayTransfer(c)).not.toThrow();
    else expect(() => mayTransfer(c)).toThrowError(expect.objectContaining({ code }));
  });

  test('the refusal of a second transfer says to record the information and relay it (§C.5.a.ii)', () => {
    expect(() => mayTransfer(call({ transferred_from: 'Boston PSAP' }))).toThrowError(/Record the information and relay it/);
  });
});

describe('two call takers per E-911 caller (81A §C.4.b)', () => {
  test.each([
    ['a ringing call is answered by the first call taker', call({ status: 'ringing', call_takers: [] }), 'mr', null],
    ['a held call is picked back up by the same call taker', call({ status: 'on_hold' }), 'dk', null],
    ['a second local call taker may take over a held call', call({ status: 'on_hold' }), 'mr', null],
    ['a transferred-in call held by its call taker stays with them', call({ status: 'on_hold', transferred_from: 'State Police' }), 'mr', 'call.two_call_takers'],
    ['a call already in someone’s hands is not answered twice', call({ status: 'active' }), 'mr', 'call.already_answered'],
    ['a business line has no such limit', call({ line: 'business', status: 'on_hold', call_takers: ['a', 'b'] }), 'c', null],
  ])('%s', (_name, c, who, code) => {
    if (code === null) expect(() => mayPickUp(c, who)).not.toThrow();
    else expect(() => mayPickUp(c, who)).toThrowError(expect.objectContaining({ code }));
  });

  test('the transferring PSAP counts as one call taker', () => {
    expect(callTakersSpokenTo({ transferred_from: 'State Police', call_takers: ['dk'] })).toBe(2);
    expect(callTakersSpokenTo({ transferred_from: null, call_takers: ['dk', 'dk'] })).toBe(1);
  });
});

describe('the pending queue (81A §C.2.a, §C.3, "Placing Calls on Hold")', () => {
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  test('emergency calls first, then by age; a hold over the limit comes back to the top', () => {
    const queue = orderQueue([
      { id: 'business-old', status: 'ringing' as const, priority: 3, received_at: at(0), held_at: null },
      { id: 'e911-new', status: 'ringing' as const, priority: 1, received_at: at(30), held_at: null },
      { id: 'e911-older', status: 'ringing' as const, priority: 1, received_at: at(10), held_at: null },
      { id: 'held-long', status: 'on_hold' as const, priority: 3, received_at: at(5), held_at: at(6) },
    ], at(100), 60);
    expect(queue.map((c) => c.id)).toEqual(['held-long', 'e911-older', 'e911-new', 'business-old']);
    expect(queue[0]).toMatchObject({ overHoldLimit: true, heldSeconds: 94, waitingSeconds: 95 });
    expect(queue[3]!.waitingSeconds).toBe(100);
  });

  test('a hold within the limit keeps its place by priority', () => {
    const queue = orderQueue([
      { id: 'held', status: 'on_hold' as const, priority: 3, received_at: at(0), held_at: at(50) },
      { id: 'e911', status: 'ringing' as const, priority: 1, received_at: at(40), held_at: null },
    ], at(100), 60);
    expect(queue.map((c) => c.id)).toEqual(['e911', 'held']);
  });
});

describe('multiple calls about one incident (81A §C "Multiple Calls")', () => {
  test.each([
    ['an open call joins an open incident', call(), { number: '26-00001', status: 'dispatched' }, null],
    ['a call already on an incident cannot join another', call({ incident_number: '26-00001' }), { number: '26-00002', status: 'pending' }, 'call.already_linked'],
    ['a call closed as needing no response cannot join', call({ outcome: 'no_response' }), { number: '26-00002', status: 'pending' }, 'call.closed'],
    ['no call joins a closed incident', call(), { number: '26-00003', status: 'closed' }, 'incident.closed'],
    ['a report waiting for the OIC’s screening does not become an incident yet (§D.4)', { ...call({ outcome: 'screening' }), screening: { status: 'waiting' } }, { number: '26-00004', status: 'pending' }, 'screening.pending'],
    ['a report the OIC screened for a response does', { ...call({ outcome: 'screening' }), screening: { status: 'respond' } }, { number: '26-00004', status: 'pending' }, null],
  ])('%s', (_name, c, incident, code) => {
    const check = () => { callMayJoinIncident(c); incidentAcceptsCalls(incident); };
    if (code === null) expect(check).not.toThrow();
    else expect(check).toThrowError(expect.objectContaining({ code }));
  });
});

test('answers to questions the category does not ask are named (81A §C.3)', () => {
  expect(unknownAnswers([{ code: 'valid', text: '', clause: '' }], { valid: true, colour: 'red' })).toEqual(['colour']);
});

test.each([
  ['e911', 'abandoned', true], // 81A §C.2.f: E-911 hang-ups are called back
  ['business', 'abandoned', false], // a business-line hang-up is not
  ['e911', 'incident', false],
] as const)('a %s call with outcome %s needs a call back: %s (81A §C.2.f)', (line, outcome, expected) => {
  expect(needsCallback({ line, outcome })).toBe(expected);
});

describe('ALI and shelter addresses (81A §D.3.c)', () => {
  const ali = { callbackNumber: '5085550100', address: '7 Safe St', lat: 42.1, lon: -71.1, classOfService: 'RESD', customerName: 'HARBOR HOUSE' };
  test('the stream carries how to call back, never where the caller is', () => {
    expect(aliForStream(ali)).toEqual({ callbackNumber: '5085550100', classOfService: 'RESD', hasLocation: true });
    expect(aliForStream(null)).toBeNull();
  });
  test('a call from a shelter shows the department’s address; the location and its corrections move to the restricted field', () => {
    const masked = maskAliForShelter(ali, { address: { status: 'corrected', received: '7 Safe St', corrected: '7 Safe St rear' }, callbackNumber: { status: 'verified' } }, '100 Main St');
    expect(masked.ali).toEqual({ callbackNumber: '5085550100', classOfService: 'RESD', address: '100 Main St', confidentialShelter: true });
    expect(masked.checks).toEqual({ callbackNumber: { status: 'verified' } });
    expect(masked.removed).toMatchObject({ address: '7 Safe St', lat: 42.1, customerName: 'HARBOR HOUSE', addressCheck: { corrected: '7 Safe St rear' } });
  });
});
