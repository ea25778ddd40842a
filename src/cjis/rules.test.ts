import { describe, expect, test } from 'vitest';
import {
  addMonths, agreementsDue, certificationState, confirmationDue, hitMeaning, mayEnterMissing, mayEnterStolen, mayEnterWarrant, mayModifyWms, mayPlaceLocate,
  mayQueryBop, mayRequestConfirmation, mayUseCjis, messageDestinations, purposeDecision, type Destinations, type RecordFacts,
} from './rules.ts';

const TODAY = '2026-12-01';
const OURS = 'MA0999900';

describe('CJIS users: training and certification (81A §J.1.b.i, §J.2)', () => {
  const dispatcher = (certification: { level: 'full_access' | 'query_only'; certifiedOn: string } | null, employedSince: string | null = '2020-01-01') => ({ communications: true, employedSince, certification });
  const officer = (certification: { level: 'full_access' | 'query_only'; certifiedOn: string } | null, employedSince: string | null = '2020-01-01') => ({ communications: false, employedSince, certification });

  test.each([
    // §J.2: Full Access, certified within two years
    ['a dispatcher certified Full Access a year ago', dispatcher({ level: 'full_access', certifiedOn: '2025-12-01' }), 'full', null],
    // §J.1.b.i "every two (2) years thereafter": two years to the day is expired
    ['a dispatcher whose certification is exactly two years old', dispatcher({ level: 'full_access', certifiedOn: '2024-12-01' }), 'query', 'cjis.certification_expired'],
    ['an officer whose certification is three years old', officer({ level: 'query_only', certifiedOn: '2023-11-01' }), 'query', 'cjis.certification_expired'],
    // §J.2: Communications staff shall be certified to the Full Access level
    ['a dispatcher certified Query Only', dispatcher({ level: 'query_only', certifiedOn: '2026-06-01' }), 'query', 'cjis.full_access_required'],
    ['an officer certified Query Only runs a query', officer({ level: 'query_only', certifiedOn: '2026-06-01' }), 'query', null],
    ['an officer certified Query Only makes an entry', officer({ level: 'query_only', certifiedOn: '2026-06-01' }), 'full', 'cjis.full_access_required'],
    // §J.1.b.i: trained within six months of employment
    ['a new dispatcher hired four months ago, not yet trained, queries', dispatcher(null, '2026-08-01'), 'query', null],
    ['a new dispatcher hired four months ago, not yet trained, enters', dispatcher(null, '2026-08-01'), 'full', 'cjis.full_access_required'],
    ['a dispatcher hired seven months ago and never trained', dispatcher(null, '2026-05-01'), 'query', 'cjis.not_trained'],
    ['someone the CJIS Representative never listed', null, 'query', 'cjis.not_a_cjis_user'],
  ] as const)('%s', (_name, facts, fn, code) => {
    const decision = mayUseCjis(facts, fn, TODAY);
    if (code === null) expect(decision.allowed).toBe(true);
    else expect(decision).toMatchObject({ allowed: false, code, status: 403, clause: expect.stringMatching(/81A §J\.(1\.b\.(i|ii|iv)|2)/) });
  });

  test('the refusal says when the training was due', () => {
    const decision = mayUseCjis(dispatcher(null, '2026-05-01'), 'query', TODAY);
    expect(!decision.allowed && decision.detail).toMatch(/employed 2026-05-01, training was due by 2026-11-01/);
  });

  test('the desk shows current, expiring, expired, grace and untrained', () => {
    expect(certificationState({ employedSince: null, certification: { level: 'full_access', certifiedOn: '2025-06-01' } }, TODAY, 60)).toEqual({ state: 'current', until: '2027-06-01' });
    expect(certificationState({ employedSince: null, certification: { level: 'full_access', certifiedOn: '2025-01-15' } }, TODAY, 60)).toEqual({ state: 'expiring', until: '2027-01-15' });
    expect(certificationState({ employedSince: null, certification: { level: 'full_access', certifiedOn: '2024-11-30' } }, TODAY, 60).state).toBe('expired');
    expect(certificationState({ employedSince: '2026-09-01', certification: null }, TODAY, 60)).toEqual({ state: 'grace', until: '2027-03-01' });
    expect(certificationState({ employedSince: '2026-01-01', certification: null }, TODAY, 60)).toEqual({ state: 'untrained', until: '2026-07-01' });
  });

  test('months are calendar months, the end of a month kept', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2024-02-29', 24)).toBe('2026-02-28');
  });
});

describe('criminal justice purposes only (81A §J.1.b.x(a–b))', () => {
  test.each([
    [undefined, undefined, 'cjis.purpose_required', '81A §J.1.b.x(a)'],
    ['Z', undefined, 'cjis.unknown_purpose', '81A §J.1.b.x(a)'],
    ['H', undefined, 'cjis.not_criminal_justice', '81A §J.1.b.x(a)'],
    ['M', undefined, 'cjis.town_department', '81A §J.1.b.x(b)'],
    ['C', { name: 'Pat Doyle', agency: 'Millbrook DPW', kind: 'town_department' }, 'cjis.town_department', '81A §J.1.b.x(b)'],
    ['C', { name: 'Sam Ortiz', agency: 'Acme Staffing', kind: 'other' }, 'cjis.not_criminal_justice', '81A §J.1.b.x(a)'],
  ])('purpose %s, requester %j is refused', (purpose, requester, code, clause) => {
    expect(purposeDecision(purpose, requester)).toMatchObject({ allowed: false, code, clause, status: 422 });
  });

  test.each([
    ['C', undefined],
    ['D', { name: 'Det. Lowe', agency: 'Springdale PD', kind: 'criminal_justice_agency' }],
    ['J', { name: 'Sgt. Reyes', agency: 'Millbrook PD', kind: 'officer' }],
  ])('purpose %s for %j is allowed', (purpose, requester) => {
    expect(purposeDecision(purpose, requester).allowed).toBe(true);
  });
});

describe('what a hit means (81A §J.1.b.x(c), §J.3, §J.5.e)', () => {
  const doe = { NAM: 'DOE, JOHN', DOB: '1985-04-12', SEX: 'M', RAC: 'W' };
  const wms: RecordFacts = { type: 'warrant', source: 'WMS', ori: 'MA013013J', descriptors: doe };

  test('a WMS warrant whose descriptors match exactly is probable cause (§J.3.a.iii)', () => {
    const meaning = hitMeaning(wms, { nam: 'DOE, JOHN', dob: '1985-04-12', sex: 'M' }, OURS);
    expect(meaning).toMatchObject({ isHit: true, probableCause: true, match: 'exact', needsConfirmation: false, clause: '81A §J.3.a.iii' });
    expect(meaning.advice).toMatch(/probable cause to arrest/);
  });

  test('a WMS warrant whose date of birth differs is not, and says which descriptor differs', () => {
    const meaning = hitMeaning(wms, { nam: 'DOE, JOHN', dob: '1985-04-21' }, OURS);
    expect(meaning).toMatchObject({ probableCause: false, match: 'partial', differences: [{ field: 'date of birth', query: '1985-04-21', record: '1985-04-12' }] });
    expect(meaning.advice).toMatch(/reasonably sure the subject is the same individual/);
  });

  test('a WMS warrant found without a date of birth in the query is not an exact match', () => {
    expect(hitMeaning(wms, { nam: 'DOE, JOHN' }, OURS)).toMatchObject({ probableCause: false, differences: [{ field: 'date of birth', query: null }] });
  });

  test.each([
    ['an NCIC warrant', { type: 'warrant', source: 'NCIC' }, '81A §J.3.b.v; §J.1.b.x(c)'],
    ['a CJIS warrant', { type: 'warrant', source: 'CJIS' }, '81A §J.3.b.v; §J.1.b.x(c)'],
    ['a stolen vehicle', { type: 'stolen_vehicle', source: 'NCIC' }, '81A §J.5.e; §J.1.b.x(c)'],
    ['a stolen plate', { type: 'stolen_plate', source: 'CJIS' }, '81A §J.5.e; §J.1.b.x(c)'],
    ['a missing person', { type: 'missing_person', source: 'NCIC' }, '81A §J.1.b.x(c)'],
  ] as const)('%s, even matching exactly, is NOT probable cause: confirm with the entering agency', (_n, record, clause) => {
    const meaning = hitMeaning({ ...record, ori: 'NH0070100', descriptors: doe }, { nam: 'DOE, JOHN', dob: '1985-04-12' }, OURS);
    expect(meaning).toMatchObject({ isHit: true, probableCause: false, needsConfirmation: true, clause });
    expect(meaning.advice).toMatch(/^NOT probable cause: confirm with the entering agency/);
  });

  test('a registration is not a hit', () => {
    expect(hitMeaning({ type: 'registration', source: 'RMV', ori: 'MARMV0000', descriptors: { LIC: 'ABC123' } }, { plate: 'ABC123', state: 'MA' }, OURS)).toMatchObject({ isHit: false, needsConfirmation: false });
  });

  test('a record this agency entered is confirmed from its own file, not by a YQ to itself', () => {
    expect(hitMeaning({ type: 'stolen_vehicle', source: 'NCIC', ori: OURS, descriptors: {} }, { plate: 'MBK100' }, OURS)).toMatchObject({ needsConfirmation: false, probableCause: false });
  });
});

describe('hit confirmation requests', () => {
  const ncic = { needsConfirmation: true, advice: 'NOT probable cause' };
  const now = new Date('2026-12-01T15:00:00Z');

  test('urgent requests are answered within 10 minutes, routine within an hour', () => {
    expect(confirmationDue('urgent', now).toISOString()).toBe('2026-12-01T15:10:00.000Z');
    expect(confirmationDue('routine', now).toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });

  test('a second request only once the first is overdue; none once answered; three at most', () => {
    expect(mayRequestConfirmation(ncic, [], now).allowed).toBe(true);
    const first = { requestNumber: 1, dueAt: new Date('2026-12-01T15:05:00Z'), answeredAt: null };
    expect(mayRequestConfirmation(ncic, [first], now)).toMatchObject({ allowed: false, code: 'cjis.confirmation_pending', status: 409 });
    expect(mayRequestConfirmation(ncic, [first], new Date('2026-12-01T15:05:00Z')).allowed).toBe(true);
    expect(mayRequestConfirmation(ncic, [{ ...first, answeredAt: now }], now)).toMatchObject({ code: 'cjis.confirmation_answered' });
    const three = [1, 2, 3].map((n) => ({ requestNumber: n, dueAt: new Date('2026-12-01T14:00:00Z'), answeredAt: null }));
    expect(mayRequestConfirmation(ncic, three, now)).toMatchObject({ code: 'cjis.confirmation_exhausted' });
    expect(mayRequestConfirmation({ needsConfirmation: false, advice: 'WMS' }, [], now)).toMatchObject({ code: 'cjis.no_confirmation_needed', clause: '81A §J.3.a.iii' });
  });
});

describe('locates and WMS modifications (81A §J.3.a)', () => {
  const wms: RecordFacts = { type: 'warrant', source: 'WMS', ori: 'MA013013J', descriptors: {} };
  test('a Warrant Locate goes on another agency’s warrant, once (§J.3.a.iv)', () => {
    expect(mayPlaceLocate(wms, OURS, false).allowed).toBe(true);
    expect(mayPlaceLocate(wms, OURS, true)).toMatchObject({ code: 'cjis.locate_exists' });
    expect(mayPlaceLocate({ ...wms, ori: OURS }, OURS, false)).toMatchObject({ code: 'cjis.locate_own_entry', clause: '81A §J.3.a.iv' });
    expect(mayPlaceLocate({ ...wms, type: 'missing_person' }, OURS, false)).toMatchObject({ code: 'cjis.locate_not_applicable' });
  });
  test('only Caution and Remarks of a WMS warrant are modified (§J.3.a.ii)', () => {
    expect(mayModifyWms(wms, { caution: 'ARMED' }).allowed).toBe(true);
    expect(mayModifyWms({ ...wms, source: 'NCIC' }, { remarks: 'x' })).toMatchObject({ code: 'cjis.not_wms' });
    expect(mayModifyWms(wms, {})).toMatchObject({ code: 'cjis.nothing_to_modify' });
  });
});

describe('entries (81A §J.3.b, §J.5, §J.6)', () => {
  const all = ['warrant_printout', 'da_authorization', 'incident_report'] as const;
  test.each([
    ['no need outside the Commonwealth', { outOfStateNeed: '' }, 'cjis.out_of_state_need_required', '81A §J.3.b.ii'],
    ['no DA authorization for rendition', { documents: ['warrant_printout', 'incident_report'] }, 'cjis.da_authorization_required', '81A §J.3.b.iii'],
    ['no warrant printout', { documents: ['da_authorization', 'incident_report'] }, 'cjis.document_missing', '81A §J.3.b.iv'],
    ['no incident report', { documents: ['warrant_printout', 'da_authorization'] }, 'cjis.document_missing', '81A §J.3.b.iv'],
    ['fingerprints available but not attached', { fingerprintsAvailable: true }, 'cjis.document_missing', '81A §J.3.b.iv'],
    ['a photograph available but not attached', { photoAvailable: true }, 'cjis.document_missing', '81A §J.3.b.iv'],
  ] as const)('a warrant entry with %s is refused', (_n, change, code, clause) => {
    const facts = { outOfStateNeed: 'fled to New Hampshire', documents: [...all], reportLinked: false, fingerprintsAvailable: false, photoAvailable: false, ...change };
    expect(mayEnterWarrant({ ...facts, documents: [...facts.documents] })).toMatchObject({ allowed: false, code, clause });
  });

  test('a warrant entry with every document, or the report linked in Records, is accepted', () => {
    const facts = { outOfStateNeed: 'fled to New Hampshire', reportLinked: false, fingerprintsAvailable: true, photoAvailable: false };
    expect(mayEnterWarrant({ ...facts, documents: [...all, 'fingerprint_card'] }).allowed).toBe(true);
    expect(mayEnterWarrant({ ...facts, fingerprintsAvailable: false, reportLinked: true, documents: ['warrant_printout', 'da_authorization'] }).allowed).toBe(true);
  });

  test('stolen vehicles and plates need a signed theft report filed in Records (§J.5.b–d)', () => {
    expect(mayEnterStolen({ kind: 'vehicle', reportFound: false, signedReportAttached: true })).toMatchObject({ code: 'cjis.theft_report_required', clause: '81A §J.5.b; §J.5.d' });
    expect(mayEnterStolen({ kind: 'plate', reportFound: true, signedReportAttached: false })).toMatchObject({ code: 'cjis.theft_report_unsigned', clause: '81A §J.5.c' });
    expect(mayEnterStolen({ kind: 'vehicle', reportFound: true, signedReportAttached: true }).allowed).toBe(true);
  });

  test.each([
    ['no criterion', { category: undefined }, 'cjis.missing_criteria_required', '81A §J.6.a'],
    ['juvenile abduction of a 19-year-old', { category: 'juvenile_abduction', dob: '2007-01-01' }, 'cjis.missing_not_juvenile', '81A §J.6.a.ii(b)'],
    ['an endangered 40-year-old without a signed report', { category: 'endangered', dob: '1986-01-01' }, 'cjis.missing_report_required', '81A §J.6.b.ii'],
    ['an endangered 18-year-old with an unsigned report', { category: 'endangered', dob: '2008-11-30', reportFound: true }, 'cjis.missing_report_required', '81A §J.6.b.ii'],
  ] as const)('a missing-person entry with %s is refused', (_n, change, code, clause) => {
    const facts = Object.assign({ category: 'disability' as string | undefined, dob: '2012-01-01', notifiedOn: TODAY, reportFound: false, signedReportAttached: false }, change);
    expect(mayEnterMissing(facts)).toMatchObject({ allowed: false, code, clause });
  });

  test('under 18: entered immediately on notification, report or not (§J.6.b.i); 18 or older once a signed report exists (§J.6.b.ii)', () => {
    expect(mayEnterMissing({ category: 'juvenile_foul_play', dob: '2009-12-02', notifiedOn: TODAY, reportFound: false, signedReportAttached: false })).toEqual({ allowed: true, clause: '81A §J.6.b.i' });
    expect(mayEnterMissing({ category: 'catastrophe_victim', dob: '1950-03-03', notifiedOn: TODAY, reportFound: true, signedReportAttached: true })).toEqual({ allowed: true, clause: '81A §J.6.b.ii' });
  });
});

describe('administrative message destinations (81A §J.7)', () => {
  const five = ['MA0130100', 'MA0130200', 'MA0130300', 'MA0130400', 'MA0130500'];
  test.each<[string, 'LP' | 'BC' | 'NL' | 'AF', Destinations, true | string]>([
    ['LP to five agencies', 'LP', { agencies: five }, true],
    ['LP to a sixth agency', 'LP', { agencies: [...five, 'MA0130600'] }, 'cjis.too_many_destinations'],
    ['LP out of state', 'LP', { agencies: ['NH0070100'] }, 'cjis.wrong_message_type'],
    ['BC to five areas', 'BC', { areas: ['A', 'B', 'C', 'D', 'E'] }, true],
    ['BC to six areas', 'BC', { areas: ['A', 'B', 'C', 'D', 'E', 'H'] }, 'cjis.too_many_destinations'],
    ['BC statewide', 'BC', { statewide: true }, true],
    ['NL to five states', 'NL', { states: ['NH', 'VT', 'ME', 'CT', 'RI'] }, true],
    ['NL to six states', 'NL', { states: ['NH', 'VT', 'ME', 'CT', 'RI', 'NY'] }, 'cjis.too_many_destinations'],
    ['NL to our own state', 'NL', { states: ['MA'] }, 'cjis.wrong_message_type'],
    ['NL to five regions', 'NL', { regions: ['A', 'B', 'C', 'D', 'E'] }, true],
    ['NL to the whole country', 'NL', { nationwide: true }, true],
    ['NL to states and regions at once', 'NL', { states: ['NH'], regions: ['A'] }, 'cjis.wrong_destination'],
    ['AF for a robbery', 'AF', { reason: 'robbery' }, true],
    ['AF without an urgent reason', 'AF', {}, 'cjis.flash_reason_required'],
  ])('%s', (_n, type, to, outcome) => {
    const decision = messageDestinations(type, to, 'MA');
    if (outcome === true) expect(decision.allowed).toBe(true);
    else expect(decision).toMatchObject({ allowed: false, code: outcome, clause: expect.stringMatching(/^81A §J\.7/) });
  });
});

describe('the Users Agreement (81A §J.1.b.vii–viii)', () => {
  test('due by the March 1 after the last one; overdue once it has passed', () => {
    expect(agreementsDue([{ signedOn: '2026-02-20' }], [], TODAY)).toEqual([{ due: '2027-03-01', reason: expect.stringMatching(/annual/), clause: '81A §J.1.b.viii(a)', overdue: false }]);
    expect(agreementsDue([{ signedOn: '2025-02-20' }], [], TODAY)[0]).toMatchObject({ due: '2026-03-01', overdue: true });
    expect(agreementsDue([], [], TODAY)[0]).toMatchObject({ overdue: true, clause: '81A §J.1.b.vii' });
  });

  test('a new CJIS Rep, backup Rep or Chief makes one due within ten days, until one is signed', () => {
    const officials = [{ role: 'backup_rep' as const, name: 'Lee Park', assignedOn: '2026-11-25' }];
    expect(agreementsDue([{ signedOn: '2026-02-20' }], officials, TODAY)[0]).toMatchObject({ due: '2026-12-05', clause: '81A §J.1.b.viii(b)', overdue: false });
    expect(agreementsDue([{ signedOn: '2026-02-20' }], officials, '2026-12-06')[0]).toMatchObject({ due: '2026-12-05', overdue: true });
    expect(agreementsDue([{ signedOn: '2026-02-20' }, { signedOn: '2026-11-30' }], officials, TODAY).map((d) => d.clause)).toEqual(['81A §J.1.b.viii(a)']);
  });
});

describe('the Chief’s BOP list (81A §J.4)', () => {
  const list = [{ kind: 'position' as const, value: 'commanding_officer' }, { kind: 'title' as const, value: 'Detective Bureau' }, { kind: 'name' as const, value: 'tcarver' }];
  test.each([
    ['by position', { username: 'x', roles: ['commanding_officer'], unit: 'Patrol' }, true],
    ['by title', { username: 'y', roles: ['patrol_officer'], unit: 'detective bureau' }, true],
    ['by name', { username: 'tcarver', roles: ['cjis_representative'], unit: null }, true],
    ['not on the list', { username: 'z', roles: ['dispatcher'], unit: 'Communications' }, false],
  ])('%s', (_n, employee, allowed) => {
    const decision = mayQueryBop(employee, list);
    expect(decision.allowed).toBe(allowed);
    if (!allowed) expect(decision).toMatchObject({ code: 'cjis.bop_not_authorized', clause: '81A §J.4.a', status: 403 });
  });
});
