import { describe, expect, test } from 'vitest';
import { permissionsOf } from '../core/permissions.ts';
import { checkTimes, classOf, matchPhoneCall, matchRadio, mayPlay, mayRelease, mayRequestRelease, normalizeAni, purgeCutoff, retentionAllowed, type CandidateCall } from './rules.ts';

const t = (s: string) => new Date(`2026-03-02T${s}Z`);

describe('retention (81A §L)', () => {
  test.each([
    ['e911', 2, false, '81A §L.1.a'], // §L.1.a E-911 calls: not less than three years
    ['call_detail', 1, false, '81A §L.1.b'], // §L.1.b ANI/ALI call detail records
    ['radio', 2, false, '81A §L.2.a'], // §L.2.a radio
    ['business_line', 0, false, '81A §L.2.a'], // §L.2.a business lines
    ['e911', 3, true, '81A §L.1.a'],
    ['radio', 7, true, '81A §L.2.a'],
  ] as const)('%s kept %i years: allowed %s (%s)', (cls, years, allowed, clause) => {
    const decision = retentionAllowed(cls, years);
    expect(decision.allowed).toBe(allowed);
    expect(decision.clause).toBe(clause);
    if (!decision.allowed) expect(decision.code).toBe('retention.below_minimum');
  });

  test('the cutoff is the same moment three calendar years back', () => {
    expect(purgeCutoff(new Date('2029-03-01T12:00:00Z'), 3).toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });

  test('each recorded line belongs to its class', () => {
    expect([classOf('e911'), classOf('radio'), classOf('business'), classOf('emergency')]).toEqual(['e911', 'radio', 'business_line', 'business_line']);
  });
});

describe('recording times', () => {
  test('an end before the start is refused, saying which times', () => {
    const decision = checkTimes(t('10:05:00'), t('10:04:00'), t('12:00:00'));
    expect(decision).toMatchObject({ allowed: false, code: 'recording.end_before_start' });
  });
  test('a recording ending after the server’s time (beyond clock skew) is refused', () => {
    expect(checkTimes(t('10:00:00'), t('10:30:00'), t('10:10:00'))).toMatchObject({ allowed: false, code: 'recording.in_future' });
  });
});

const call = (over: Partial<CandidateCall>): CandidateCall => ({
  id: 'c1', line: 'e911', callbackNumber: '413-555-0142', callTakers: ['dana'], receivedAt: t('10:00:00'), answeredAt: t('10:00:05'), endedAt: t('10:03:00'), incidentNumber: '26-00001', ...over,
});

describe('matching a telephone recording to its call (line, position, time window, ANI)', () => {
  test('the call with the same ANI and a call taker at the position is chosen', () => {
    const result = matchPhoneCall({ line: 'e911', startedAt: t('10:00:05'), endedAt: t('10:03:00'), ani: '14135550142', occupants: ['dana'] },
      [call({}), call({ id: 'c2', callbackNumber: '4135550199', callTakers: ['lee'] })]);
    expect(result).toEqual({ matched: true, match: { callId: 'c1', incidentNumber: '26-00001', units: [], method: 'ani+position+time' } });
  });
  test('a different ANI rules a call out even when the time fits', () => {
    const result = matchPhoneCall({ line: 'e911', startedAt: t('10:00:05'), endedAt: t('10:03:00'), ani: '4135550000', occupants: [] }, [call({})]);
    expect(result.matched).toBe(false);
  });
  test('two calls on the line at once with nothing else to tell them apart are left for a person', () => {
    const result = matchPhoneCall({ line: 'business', startedAt: t('10:00:05'), endedAt: t('10:03:00'), ani: null, occupants: [] },
      [call({ line: 'business', callbackNumber: null }), call({ id: 'c2', line: 'business', callbackNumber: null })]);
    expect(result).toMatchObject({ matched: false, reason: expect.stringContaining('ambiguous') });
  });
  test('the position’s occupant decides between two simultaneous calls', () => {
    const result = matchPhoneCall({ line: 'business', startedAt: t('10:00:05'), endedAt: t('10:03:00'), ani: null, occupants: ['lee'] },
      [call({ line: 'business', callbackNumber: null }), call({ id: 'c2', line: 'business', callbackNumber: null, callTakers: ['lee'] })]);
    expect(result).toMatchObject({ matched: true, match: { callId: 'c2', method: 'position+time' } });
  });
  test('a call on another line never matches', () => {
    expect(matchPhoneCall({ line: 'business', startedAt: t('10:00:05'), endedAt: t('10:03:00'), ani: null, occupants: [] }, [call({})]).matched).toBe(false);
  });
});

describe('matching radio to units and incidents (talkgroup and time)', () => {
  const assignments = [
    { incidentNumber: '26-00007', callSign: '411', service: 'police', dispatchedAt: t('10:00:00'), enRouteAt: t('10:00:40'), arrivedAt: t('10:06:00'), clearedAt: null },
    { incidentNumber: '26-00008', callSign: 'E1', service: 'fire', dispatchedAt: t('10:00:30'), enRouteAt: null, arrivedAt: null, clearedAt: null },
  ];
  test('a radio ID names the unit and the incident it was on', () => {
    expect(matchRadio({ startedAt: t('10:03:00'), endedAt: t('10:03:10'), unit: '411', talkgroup: null }, assignments))
      .toEqual({ matched: true, match: { callId: null, incidentNumber: '26-00007', units: ['411'], method: 'radio_id+time' } });
  });
  test('without a radio ID, the talkgroup’s service and the traffic moments name the incident', () => {
    expect(matchRadio({ startedAt: t('10:05:50'), endedAt: t('10:06:05'), unit: null, talkgroup: { id: '1001', name: 'Police main', service: 'police' } }, assignments))
      .toMatchObject({ matched: true, match: { incidentNumber: '26-00007', units: ['411'], method: 'talkgroup+time' } });
  });
  test('an unknown talkgroup with no radio ID stays unmatched', () => {
    expect(matchRadio({ startedAt: t('10:05:50'), endedAt: t('10:06:05'), unit: null, talkgroup: null }, assignments).matched).toBe(false);
  });
});

describe('review (81A §M)', () => {
  const base = { recording: { position: '1', startedAt: t('10:00:00') }, now: t('10:30:00'), recallMinutes: 60 };
  test('the commanding officer reviews any recording for a purpose of §M.1.a', () => {
    expect(mayPlay({ ...base, permissions: permissionsOf(['commanding_officer']), purpose: 'investigation', seat: null })).toEqual({ allowed: true, clause: '81A §M.1.a' });
  });
  test('a dispatcher may not review for a §M.1.a purpose', () => {
    expect(mayPlay({ ...base, permissions: permissionsOf(['dispatcher']), purpose: 'training', seat: '1' })).toMatchObject({ allowed: false, status: 403, clause: '81A §M.1.a' });
  });
  test('a dispatcher instantly recalls a recent recording of their own position (§M.2)', () => {
    expect(mayPlay({ ...base, permissions: permissionsOf(['dispatcher']), purpose: 'instant_recall', seat: '1' })).toEqual({ allowed: true, clause: '81A §M.2.a' });
  });
  test('…but not another position’s, nor one older than the window', () => {
    expect(mayPlay({ ...base, permissions: permissionsOf(['dispatcher']), purpose: 'instant_recall', seat: '2' })).toMatchObject({ allowed: false, code: 'recording.not_your_position' });
    expect(mayPlay({ ...base, now: t('11:30:01'), permissions: permissionsOf(['dispatcher']), purpose: 'instant_recall', seat: '1' })).toMatchObject({ allowed: false, code: 'recording.outside_recall_window' });
  });
});

describe('litigation holds', () => {
  test('releasing needs a second person: the one who asked cannot confirm', () => {
    expect(mayRelease({ releaseRequestedBy: 'mreyes', releasedAt: null }, 'mreyes')).toMatchObject({ allowed: false, code: 'hold.second_person_required' });
    expect(mayRelease({ releaseRequestedBy: 'mreyes', releasedAt: null }, 'bokafor').allowed).toBe(true);
    expect(mayRelease({ releaseRequestedBy: null, releasedAt: null }, 'bokafor')).toMatchObject({ allowed: false, code: 'hold.release_not_requested' });
    expect(mayRequestRelease({ releaseRequestedBy: 'mreyes', releasedAt: null })).toMatchObject({ allowed: false, code: 'hold.release_pending' });
  });
  test('ANI is compared on its last ten digits', () => {
    expect(normalizeAni('+1 (413) 555-0142')).toBe('4135550142');
  });
});
