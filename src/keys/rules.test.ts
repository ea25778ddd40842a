import { describe, expect, test } from 'vitest';
import { KNOX_REASONS } from './model.ts';
import { apartmentsCovered, knoxAccessAllowed, mayAccessMasterKeys, mayAssignKey, mayAuthorize, mayHoldKey, mayOverrideKeysOut, mayReturnKey, nextStep, rosterShiftEnd, retryDelaySeconds, wentOffDuty, whomToNotify } from './rules.ts';

describe('reasons for taking master keys (O-604 §II)', () => {
  test.each([
    // O-604 §II.A.1 "to check on the well being of an occupant … who has threatened self-harm"
    ['welfare_check', 'housing_authority', true, 'O-604 §II.A.1'],
    // O-604 §II.A.2 "rescue or evacuation of an occupant in the event of fire or other life threatening emergency"
    ['fire_rescue', 'housing_authority', true, 'O-604 §II.A.2'],
    ['fire_rescue', 'school', true, 'O-604 §II.A.2'],
    // O-604 §II.A.3 "calls 9-1-1 and hangs up and who does not respond to an officer at the door"
    ['hang_up_911', 'state_housing', true, 'O-604 §II.A.3'],
    // O-604 §II.A.4 "an occupant is unable to unlock the door of a residence"
    ['medical_assistance', 'housing_authority', true, 'O-604 §II.A.4'],
    // O-604 §II.A.5 "In the case school buildings … active shooter … intruder is inside"
    ['school_emergency', 'school', true, 'O-604 §II.A.5'],
    ['school_emergency', 'housing_authority', false, 'O-604 §II.A.5'],
    ['welfare_check', 'school', false, 'O-604 §II.A.1'],
    // O-604 §II.B "not to be utilized for criminal investigative purposes"
    ['criminal_investigation', 'housing_authority', false, 'O-604 §II.B'],
    // O-604 §II.B "not … in the execution of a search warrant without the expressed authorization"
    ['search_warrant', 'housing_authority', false, 'O-604 §II.B'],
    // O-604 §II.C "not … for the purpose of admitting residents who are locked out"
    ['resident_lockout', 'housing_authority', false, 'O-604 §II.C'],
    ['resident_lockout', 'school', false, 'O-604 §II.C'],
  ] as const)('%s at a %s box: allowed=%s under %s', (reason, boxKind, allowed, clause) => {
    const decision = knoxAccessAllowed({ reason, boxKind });
    expect(decision.allowed).toBe(allowed);
    expect(decision.clause).toBe(clause);
  });

  test('forbidden uses are refused with code knox.forbidden_use and the policy words', () => {
    for (const reason of ['criminal_investigation', 'resident_lockout', 'search_warrant']) {
      const decision = knoxAccessAllowed({ reason, boxKind: 'housing_authority' });
      expect(decision).toMatchObject({ allowed: false, code: 'knox.forbidden_use', status: 422 });
    }
    const lockout = knoxAccessAllowed({ reason: 'resident_lockout', boxKind: 'housing_authority' });
    expect(!lockout.allowed && lockout.detail).toMatch(/locked out of their residences/);
  });

  test('a search warrant is allowed at a residence with the Executive Director’s, Administrator’s or designee’s authorization, naming who gave it (§II.B)', () => {
    expect(knoxAccessAllowed({ reason: 'search_warrant', boxKind: 'housing_authority', warrantAuthorization: { name: 'Patricia Lindgren', title: 'Executive Director' } }))
      .toEqual({ allowed: true, clause: 'O-604 §II.B' });
    expect(knoxAccessAllowed({ reason: 'search_warrant', boxKind: 'state_housing', warrantAuthorization: { name: 'G. Achebe', title: 'Designee' } }).allowed).toBe(true);
    expect(knoxAccessAllowed({ reason: 'search_warrant', boxKind: 'housing_authority', warrantAuthorization: { name: '  ', title: 'Executive Director' } }).allowed).toBe(false);
    expect(knoxAccessAllowed({ reason: 'search_warrant', boxKind: 'housing_authority', warrantAuthorization: { name: 'Sgt. Smith', title: 'Shift sergeant' } }).allowed).toBe(false);
    // the exception is the Housing Authority's; a school has no such authority in §II.B
    expect(knoxAccessAllowed({ reason: 'search_warrant', boxKind: 'school', warrantAuthorization: { name: 'R. Castillo', title: 'Designee' } }).allowed).toBe(false);
  });

  test('an unknown reason is refused', () => {
    expect(knoxAccessAllowed({ reason: 'curiosity', boxKind: 'school' })).toMatchObject({ allowed: false, code: 'knox.unknown_reason' });
  });

  test('the list has the five allowed uses of §II.A and the forbidden uses of §II.B–C', () => {
    expect(KNOX_REASONS.filter((r) => r.allowed).map((r) => r.clause)).toEqual(['O-604 §II.A.1', 'O-604 §II.A.2', 'O-604 §II.A.3', 'O-604 §II.A.4', 'O-604 §II.A.5']);
    expect(KNOX_REASONS.filter((r) => !r.allowed).map((r) => r.clause)).toEqual(['O-604 §II.B', 'O-604 §II.B', 'O-604 §II.C']);
  });
});

describe('the steps of an access (O-604 §III.C–G)', () => {
  test.each([
    ['requested', 'authorize', true, undefined], // §III.C obtain authorization first
    ['authorized', 'authorize', false, 'knox.already_authorized'],
    ['requested', 'removed', false, 'knox.not_authorized'], // §III.C "Before accessing master keys … must obtain authorization"
    ['authorized', 'removed', true, undefined], // §III.D notify the Dispatch Center at removal
    ['removed', 'removed', false, 'knox.already_removed'],
    ['authorized', 'returned', false, 'knox.not_removed'], // §III.F a return needs a removal
    ['requested', 'returned', false, 'knox.not_removed'],
    ['removed', 'returned', true, undefined], // §III.G notify of the return
    ['returned', 'returned', false, 'knox.already_returned'],
  ] as const)('an access %s → %s: allowed=%s %s', (status, step, allowed, code) => {
    const decision = nextStep(status, step);
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) expect(decision).toMatchObject({ code, status: 409 });
  });

  test.each([
    [['commanding_officer'], true], // §III.C Officer-In-Charge
    [['patrol_supervisor'], true], // §III.C patrol supervisor
    [['patrol_officer'], false],
    [['dispatcher'], false],
    [['chief'], false],
  ])('roles %j may authorize: %s (§III.C)', (roles, allowed) => {
    expect(mayAuthorize(roles).allowed).toBe(allowed);
  });

  test.each([
    [['commanding_officer'], true], // §III.B "The OIC is responsible to insure the return of Knox Box keys"
    [['patrol_supervisor'], true], // §III.C authorizes as the OIC does
    [['dispatcher'], false], // §III.F the keys come back before the call is closed; the dispatcher cannot waive it
    [['patrol_officer'], false],
    [['chief'], false],
  ])('roles %j may close an incident with its master keys still out: %s (§III.F)', (roles, allowed) => {
    const decision = mayOverrideKeysOut(roles);
    expect(decision).toMatchObject({ allowed, clause: 'O-604 §III.F' });
    if (!decision.allowed) expect(decision.status).toBe(403);
  });

  test.each([
    [['patrol_officer'], true], // §III.C "an officer must obtain authorization"
    [['commanding_officer'], true],
    [['dispatcher'], false], // the dispatcher logs the access; an officer makes it
    [['records_clerk'], false],
  ])('roles %j may be the officer accessing master keys: %s (§III.C, §III.H.6)', (roles, allowed) => {
    expect(mayAccessMasterKeys(roles).allowed).toBe(allowed);
  });

  test('the apartments entered must be named and opened by the box (§III.H.4)', () => {
    expect(apartmentsCovered(['A1A', 'A1B'], ['a1a']).allowed).toBe(true);
    expect(apartmentsCovered(['A1A'], [])).toMatchObject({ allowed: false, code: 'knox.apartments_required' });
    expect(apartmentsCovered(['A1A'], ['Z9'])).toMatchObject({ allowed: false, code: 'knox.unit_not_in_box' });
    expect(apartmentsCovered([], ['anything']).allowed).toBe(true); // a box whose units are not listed
  });
});

describe('keys for a shift (O-604 §III.B)', () => {
  test.each([
    ['cabinet', true, undefined],
    ['assigned', false, 'knox.key_out'], // a key already out cannot be assigned again
    ['lost', false, 'knox.key_lost'],
    ['retired', false, 'knox.key_retired'],
  ] as const)('a key %s may be assigned: %s', (status, allowed, code) => {
    const decision = mayAssignKey(status);
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) expect(decision.code).toBe(code);
  });

  test('only an assigned key can be returned', () => {
    expect(mayReturnKey('assigned').allowed).toBe(true);
    expect(mayReturnKey('cabinet')).toMatchObject({ allowed: false, code: 'knox.key_not_assigned', clause: 'O-604 §III.B' });
  });

  test.each([
    [['patrol_officer'], 'cruiser', true], // "Both cruiser and bicycle patrol officers may be assigned"
    [['patrol_officer'], 'bicycle', true],
    [['patrol_officer'], null, true],
    [['patrol_officer'], 'parking', false],
    [['dispatcher'], null, false],
    [['records_clerk'], 'cruiser', false],
  ] as const)('roles %j on a %s unit may hold a key: %s', (roles, kind, allowed) => {
    expect(mayHoldKey(roles, kind).allowed).toBe(allowed);
  });

  test('a key returned after the shift ended went off duty ("Under no circumstance … when off-duty")', () => {
    const end = new Date('2026-11-25T15:00:00Z');
    expect(wentOffDuty(end, new Date('2026-11-25T14:59:00Z'))).toBe(false);
    expect(wentOffDuty(end, new Date('2026-11-25T15:20:00Z'))).toBe(true);
  });
});

describe('lost keys and missing master keys (O-604 §III.I)', () => {
  const supply = [{ role: 'Supply Supervisor', name: 'Lee Morgan', contact: null }];
  test('housing: the Executive Director, Administrator or designee, and the Supply Supervisor', () => {
    const got = whomToNotify('housing_authority', [
      { role: 'Executive Director', name: 'P. Lindgren', email: 'ed@x.invalid' },
      { role: 'Groundskeeper', name: 'Not notified' },
    ], supply);
    expect(got.map((r) => r.role)).toEqual(['Executive Director', 'Supply Supervisor']);
  });
  test('school: the School Department’s Director of Maintenance or designee, and the Supply Supervisor', () => {
    const got = whomToNotify('school', [
      { role: 'Director of Maintenance', name: 'R. Castillo', email: 'm@x.invalid' },
      { role: 'Executive Director', name: 'Not for schools' },
    ], supply);
    expect(got.map((r) => r.name)).toEqual(['R. Castillo', 'Lee Morgan']);
  });
});

test('undelivered forms are retried sooner first, then at most every half hour', () => {
  expect([1, 2, 3, 10].map(retryDelaySeconds)).toEqual([30, 60, 120, 1800]);
});

describe('the shift end read from the duty roster, in the agency’s time zone (O-604 §III.B: no key off duty)', () => {
  const zone = 'America/New_York';
  test.each([
    ['Day (07:00–15:00)', '2026-07-14', '2026-07-14T19:00:00.000Z'], // EDT, UTC−4
    ['Day (07:00–15:00)', '2026-01-14', '2026-01-14T20:00:00.000Z'], // EST, UTC−5
    ['Evening (15:00-23:00)', '2026-01-14', '2026-01-15T04:00:00.000Z'],
    ['Night (23:00–07:00)', '2026-01-14', '2026-01-15T12:00:00.000Z'], // runs past midnight: ends the next day
    ['Midnight 2300 to 0700', '2026-03-07', '2026-03-08T11:00:00.000Z'], // across the spring change: 07:00 EDT
    ['Late (16:00–24:00)', '2026-07-14', '2026-07-15T04:00:00.000Z'],
  ])('%s on %s ends at %s', (shift, date, end) => {
    expect(rosterShiftEnd(shift, date, zone)?.toISOString()).toBe(end);
  });

  test('a shift named without hours has no end to read; the OIC’s hours or the default apply', () => {
    expect(rosterShiftEnd('Fire/EMS group B (24 h)', '2026-07-14', zone)).toBeNull();
    expect(rosterShiftEnd('Day', '2026-07-14', zone)).toBeNull();
  });

  test('the same roster text ends at another instant in another agency’s time zone', () => {
    expect(rosterShiftEnd('Day (07:00–15:00)', '2026-07-14', 'America/Los_Angeles')?.toISOString()).toBe('2026-07-14T22:00:00.000Z');
  });
});
