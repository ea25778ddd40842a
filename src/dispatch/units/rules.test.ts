import { describe, expect, test } from 'vitest';
import { missingDetail, proposeSet, rankUnits, responseShortfall, statusChangeRefusal, type Candidate, type ResponderUnit } from './rules.ts';
import type { UnitStatus } from './model.ts';

const unit = (callSign: string, extra: Partial<Candidate> = {}): Candidate => ({
  callSign, service: 'police', officers: 1, supervisor: false, status: 'available', kind: 'cruiser', area: null, lat: null, lon: null, ...extra,
});

describe('status transitions (81A §E.2.d–f: dispatched, arrived, back to available)', () => {
  test.each<[UnitStatus, UnitStatus, boolean, string | null]>([
    ['available', 'out_of_service', false, null], // §E.5.a.vii: out of service for reports, dinner…
    ['available', 'dispatched', false, 'unit.status_transition'], // §E.2.d: only a dispatch sets "Dispatched"
    ['available', 'en_route', false, 'unit.no_incident'],
    ['available', 'arrived', false, 'unit.no_incident'],
    ['dispatched', 'en_route', true, null],
    ['dispatched', 'arrived', true, null], // §E.2.e "As each responder arrives … Arrived"
    ['en_route', 'arrived', true, null],
    ['arrived', 'available', true, null], // §E.2.f "finish the call and go back in service"
    ['arrived', 'out_of_service', true, null], // §E.5.a.iv prisoner transport from the scene
    ['en_route', 'out_of_service', true, 'unit.status_transition'],
    ['out_of_service', 'available', false, null], // §E.5.a.i "When available for calls"
    ['out_of_service', 'en_route', false, 'unit.no_incident'],
  ])('%s → %s (incident: %s) is %s', (from, to, hasIncident, code) => {
    expect(statusChangeRefusal(from, to, hasIncident)?.code ?? null).toBe(code);
  });
});

describe('motor vehicle stops are logged with plate and location (81A §E.5.a.vi)', () => {
  test.each<[string, Record<string, unknown> | undefined, boolean]>([
    ['MV_STOP', { plate: '1ABC23', location: 'Main St at Elm' }, true],
    ['MV_STOP', { plate: '1ABC23' }, false],
    ['MV_STOP', undefined, false],
    ['DINNER', undefined, true],
  ])('%s with %j complete: %s', (reason, detail, complete) => {
    expect(missingDetail(reason, detail) === null).toBe(complete);
  });
});

describe('required response (81A §E.3 two or more officers; §E.4 a supervisor)', () => {
  const two = { minUnits: 2, supervisor: false };
  const sup = { minUnits: 1, supervisor: true };
  test.each<[string, { minUnits: number; supervisor: boolean }, ResponderUnit[], string | null]>([
    ['§E.3.a disturbance, one one-officer cruiser', two, [unit('411')], 'response.too_few_units'],
    ['§E.3.a disturbance, two cruisers', two, [unit('411'), unit('412')], null],
    ['§E.3.a disturbance, one two-officer cruiser', two, [unit('411', { officers: 2 })], null],
    ['§E.3 an ambulance is not an officer', two, [unit('411'), unit('A1', { service: 'ems' })], 'response.too_few_units'],
    ['§E.4.a.i missing child without a supervisor', sup, [unit('411')], 'response.supervisor_required'],
    ['§E.4.a.i missing child with the patrol supervisor', sup, [unit('414', { supervisor: true })], null],
    ['§E.4.a.ii robbery: two officers and a supervisor', { minUnits: 2, supervisor: true }, [unit('411'), unit('412')], 'response.supervisor_required'],
  ])('%s', (_name, required, units, code) => {
    expect(responseShortfall(required, units)?.code ?? null).toBe(code);
  });

  test('fire and EMS calls count units of their own service', () => {
    expect(responseShortfall({ minUnits: 1, supervisor: false }, [unit('E1', { service: 'fire' })], 'fire')).toBeNull();
    expect(responseShortfall({ minUnits: 1, supervisor: false }, [unit('411')], 'ems')?.code).toBe('response.too_few_units');
  });
});

describe('recommendation (81A §E.2.b: area, availability, nature of the call, location)', () => {
  const incident = { service: 'police' as const, area: 'Sector 2', lat: 42.45, lon: -71.23, required: { minUnits: 2, supervisor: true } };
  const units = [
    unit('411', { area: 'Sector 1', lat: 42.40, lon: -71.20 }),
    unit('412', { area: 'Sector 2', lat: 42.46, lon: -71.23 }),
    unit('413', { area: 'Sector 3', status: 'dispatched' }),
    unit('414', { area: 'Sector 1', supervisor: true, lat: 42.44, lon: -71.22 }),
    unit('Meter 1', { kind: 'parking', area: 'Sector 2' }),
    unit('E1', { service: 'fire', area: 'Sector 2' }),
  ];

  test('ranks only available units of the call’s service, own area and nearest first', () => {
    const ranked = rankUnits(incident, units);
    expect(ranked.map((r) => r.callSign)).toEqual(['412', '414', '411']);
    expect(ranked[0]!.reasons).toContain('same sector');
  });

  test('a parking complaint puts Meter 1 first (§E.5.c.ii)', () => {
    expect(rankUnits({ ...incident, required: { minUnits: 1, supervisor: false } }, units, 'parking')[0]!.callSign).toBe('Meter 1');
  });

  test('proposes a set that meets two officers and a supervisor', () => {
    const ranked = rankUnits(incident, units);
    const proposal = proposeSet(incident.required, ranked, new Map(units.map((u) => [u.callSign, u])));
    expect(proposal).toEqual({ units: ['412', '414'], met: true });
  });

  test('says when the available units cannot meet the response', () => {
    const few = [unit('411')];
    const proposal = proposeSet({ minUnits: 2, supervisor: false }, rankUnits(incident, few), new Map(few.map((u) => [u.callSign, u])));
    expect(proposal.met).toBe(false);
  });
});

describe('the incident-type code table carries both policy lists by default', async () => {
  const { DEFAULT_CODE_TABLES } = await import('../../agency/codes.ts');
  const types = DEFAULT_CODE_TABLES.incident_type!;
  const clauses = types.flatMap((t) => (t.attrs?.clauses as string[]) ?? []);

  test.each('abcdefghijklmn'.split(''))('81A §E.3.%s needs two or more officers', (letter) => {
    const listed = types.filter((t) => (t.attrs?.clauses as string[]).includes(`81A §E.3.${letter}`));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((t) => Number(t.attrs?.minUnits) >= 2)).toBe(true);
  });

  test.each(['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii', 'xiii'])('81A §E.4.a.%s needs a supervisor', (numeral) => {
    expect(clauses).toContain(`81A §E.4.a.${numeral}`);
    const listed = types.filter((t) => (t.attrs?.clauses as string[]).includes(`81A §E.4.a.${numeral}`));
    expect(listed.every((t) => t.attrs?.supervisor === true)).toBe(true);
  });
});
