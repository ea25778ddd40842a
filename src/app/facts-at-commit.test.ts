import { expect, test } from 'vitest';
import './record-rules.ts';
import type { DispatchEvent } from '../core/events/log.ts';
import { factsKnownAtCommit } from '../core/events/visibility.ts';

let seq = 0;
const event = (kind: string, subjectType: string, subjectId: string, payload: Record<string, unknown> = {}, confidential = false): DispatchEvent => ({
  seq: (seq += 1), at: new Date().toISOString(), kind, subjectType, subjectId, actor: { user: 'dkowalski', unit: null }, confidential, payload,
});

// 81A §E.2.c: the stream decides who sees an event from the facts of the records it names; the facts a
// transaction's own writes settle are taken from them, everything else is read as before.
test('an incident the transaction created, not confidential, is settled: its event and a call event naming it need no read', () => {
  const created = event('incident.created', 'incident', '26-00001');
  const call = event('call.linked', 'call', 'c-1', { incident: '26-00001' });
  const known = factsKnownAtCommit([created, call]);
  expect(known.get(created)?.get('incident')?.get('26-00001')).toEqual({ confidential: false, assignedOfficers: [] });
  expect(known.get(call)?.get('incident')?.get('26-00001')).toEqual({ confidential: false, assignedOfficers: [] });
});

test('a confidential incident, one the transaction also changed, or one it did not create is not settled: it is read', () => {
  const secret = event('incident.created', 'incident', '26-00002', {}, true);
  expect(factsKnownAtCommit([secret]).has(secret)).toBe(false);
  const created = event('incident.created', 'incident', '26-00003');
  const changed = event('incident.updated', 'incident', '26-00003', { confidential: true });
  const both = factsKnownAtCommit([created, changed]);
  expect(both.has(created)).toBe(false);
  expect(both.has(changed)).toBe(false);
  const dispatched = event('unit.status_changed', 'unit', '411', { incident: '26-00004' });
  expect(factsKnownAtCommit([dispatched]).has(dispatched)).toBe(false);
});

test('an event naming another ruled record (a Knox access) beside a settled incident is read whole', () => {
  const created = event('incident.created', 'incident', '26-00005');
  const knox = event('knox.keys_removed', 'knox_box', 'BOX-1', { incident: '26-00005', accessId: 'a-1' });
  const known = factsKnownAtCommit([created, knox]);
  expect(known.has(created)).toBe(true);
  expect(known.has(knox)).toBe(false);
});
