import { expect, test } from 'vitest';
import { applyPositionEvents, unitWhere, type Position } from './positions.ts';
import type { DispatchEvent, Unit } from './types.ts';

// 81A §E.1.a: the board shows where each unit is; issue: a stale AVL position is shown as stale and not used.
const unit: Unit = {
  callSign: '411', kind: 'car', service: 'police', area: 'Sector 1', supervisor: false, status: 'arrived', reason: null, detail: null,
  incident: null, incidentType: null, incidentPriority: null, confidential: false, since: '2026-12-02T08:00:00.000Z', location: { address: '12 ELM ST' }, locationAt: null,
  personnel: ['jobrien'], standby: null, unansweredCalls: 0, lastSeq: 40,
};
const at = (address: string | null, stale: boolean): Position => ({ callSign: '411', lat: 42.33, lon: -72.64, fixedAt: '2026-12-02T08:00:00.000Z', stale, address });

test('a fresh AVL position names the nearest address; a stale one, or none, leaves the status location, the stale one marked', () => {
  expect(unitWhere(unit, at('20 OAK ST', false))).toEqual({ text: '20 OAK ST', source: 'avl', stale: false });
  expect(unitWhere(unit, at('20 OAK ST', true))).toEqual({ text: '12 ELM ST', source: 'status', stale: true });
  expect(unitWhere(unit, at(null, false))).toEqual({ text: '12 ELM ST', source: 'status', stale: false });
  expect(unitWhere(unit, undefined)).toEqual({ text: '12 ELM ST', source: 'status', stale: false });
});

test('a unit.position event on the stream makes the position fresh with the address it carries; other events change nothing', () => {
  const event = (seq: number, kind: string, payload: Record<string, unknown>): DispatchEvent => ({ seq, at: '2026-12-02T08:05:00.000Z', kind, subjectType: 'unit_position', subjectId: '411', actor: { user: 'jobrien', unit: '411' }, confidential: false, payload });
  const before = { 411: at('20 OAK ST', true) };
  expect(applyPositionEvents(before, [event(1, 'unit.changed', {})])).toBe(before);
  const after = applyPositionEvents(before, [event(3, 'unit.position', { callSign: '411', lat: 42.32, lon: -72.641, fixedAt: '2026-12-02T08:05:00.000Z', address: '5 ELM ST' }),
    event(2, 'unit.position', { callSign: '411', lat: 42.31, lon: -72.6, fixedAt: '2026-12-02T08:04:00.000Z', address: '9 MAIN ST' })]);
  expect(after['411']).toEqual({ callSign: '411', lat: 42.32, lon: -72.641, fixedAt: '2026-12-02T08:05:00.000Z', stale: false, address: '5 ELM ST' });
});

test('a unit.positions event (one AVL tick) moves every unit it carries, each as its own unit.position would', () => {
  const before = { 411: at('20 OAK ST', true) };
  const batch: DispatchEvent = {
    seq: 7, at: '2026-12-02T08:06:00.000Z', kind: 'unit.positions', subjectType: 'unit_position', subjectId: 'batch', actor: { user: 'avl-feed', unit: null }, confidential: false,
    payload: { positions: [
      { callSign: '411', lat: 42.32, lon: -72.641, fixedAt: '2026-12-02T08:05:59.000Z', address: '5 ELM ST' },
      { callSign: '412', lat: 42.33, lon: -72.65, fixedAt: '2026-12-02T08:05:58.000Z', address: null },
      { callSign: 7, lat: 'north' },
    ] },
  };
  const after = applyPositionEvents(before, [batch]);
  expect(after['411']).toEqual({ callSign: '411', lat: 42.32, lon: -72.641, fixedAt: '2026-12-02T08:05:59.000Z', stale: false, address: '5 ELM ST' });
  expect(after['412']).toEqual({ callSign: '412', lat: 42.33, lon: -72.65, fixedAt: '2026-12-02T08:05:58.000Z', stale: false, address: null });
  expect(Object.keys(after)).toEqual(['411', '412']);
  expect(applyPositionEvents(before, [{ ...batch, payload: { positions: 'none' } }])).toBe(before);
});
