import { describe, expect, test } from 'vitest';
import { completionAllowed, decisionAllowed, destructionAllowed, lockingAllowed, sanitizationAllowed, visitAllowed } from './rules.ts';

const drive = { serial: 'WD-123 456', status: 'stored' as const };
const whole = {
  lockedInCase: true, vendor: 'Shred-It Certified', witness: { username: 'itadmin', certified: true },
  certificate: { serial: 'WD123456', date: '2026-11-30', fileSha256: 'a'.repeat(64) },
};

describe('IT records rules (S-110 §C, §G, §I)', () => {
  test('software is authorized only with its licence recorded (S-110 §C.2); hardware needs none', () => {
    expect(decisionAllowed({ status: 'requested', kind: 'software', licence: null }, true)).toMatchObject({ allowed: false, code: 'it.licence_required', clause: 'S-110 §C.2' });
    expect(decisionAllowed({ status: 'requested', kind: 'software', licence: 'Site licence 2026-114' }, true).allowed).toBe(true);
    expect(decisionAllowed({ status: 'requested', kind: 'hardware', licence: null }, true).allowed).toBe(true);
    expect(decisionAllowed({ status: 'requested', kind: 'software', licence: null }, false).allowed).toBe(true);
  });

  test('a decided request is not decided again, and no change is made without the Chief’s authorization (S-110 §C.1)', () => {
    expect(decisionAllowed({ status: 'refused', kind: 'hardware', licence: null }, true)).toMatchObject({ allowed: false, code: 'it.change_already_decided', status: 409 });
    expect(completionAllowed('requested')).toMatchObject({ allowed: false, code: 'it.change_not_authorized', clause: 'S-110 §C.1' });
    expect(completionAllowed('refused').allowed).toBe(false);
    expect(completionAllowed('authorized').allowed).toBe(true);
  });

  test('sanitization names its method: three or more overwrites, or degaussing (S-110 §I.1)', () => {
    expect(sanitizationAllowed(drive, undefined, undefined)).toMatchObject({ allowed: false, code: 'it.sanitize_method_required', clause: 'S-110 §I.1' });
    expect(sanitizationAllowed(drive, 'overwrite', 2)).toMatchObject({ allowed: false, code: 'it.too_few_passes' });
    expect(sanitizationAllowed(drive, 'overwrite', undefined)).toMatchObject({ allowed: false, code: 'it.too_few_passes' });
    expect(sanitizationAllowed(drive, 'overwrite', 3).allowed).toBe(true);
    expect(sanitizationAllowed(drive, 'degauss', undefined).allowed).toBe(true);
    expect(sanitizationAllowed({ ...drive, status: 'destroyed' }, 'degauss', undefined)).toMatchObject({ allowed: false, code: 'it.medium_gone' });
  });

  test('media go to destruction in a case locked by IT (S-110 §I.2.c)', () => {
    expect(lockingAllowed(drive).allowed).toBe(true);
    expect(lockingAllowed({ ...drive, status: 'locked_for_destruction' })).toMatchObject({ allowed: false, code: 'it.medium_already_locked' });
    expect(destructionAllowed(drive, { ...whole, lockedInCase: false })).toMatchObject({ allowed: false, code: 'it.not_locked_in_case', clause: 'S-110 §I.2.c' });
  });

  test('a medium is not marked destroyed without a certificate naming its serial (S-110 §I.2)', () => {
    expect(destructionAllowed(drive, { ...whole, certificate: { serial: 'WD123456', date: '2026-11-30', fileSha256: undefined } })).toMatchObject({ allowed: false, code: 'it.certificate_required' });
    expect(destructionAllowed(drive, { ...whole, certificate: { ...whole.certificate, serial: 'WD999' } })).toMatchObject({ allowed: false, code: 'it.certificate_wrong_serial' });
    expect(destructionAllowed(drive, { ...whole, certificate: { ...whole.certificate, date: '' } })).toMatchObject({ allowed: false, code: 'it.certificate_date_required' });
    expect(destructionAllowed(drive, whole)).toEqual({ allowed: true, clause: 'S-110 §I.2' });
  });

  test('the destruction is witnessed by CJIS-certified IT personnel and done by a named vendor (S-110 §I.2.b, §I.2.d)', () => {
    expect(destructionAllowed(drive, { ...whole, witness: undefined })).toMatchObject({ allowed: false, code: 'it.witness_required', clause: 'S-110 §I.2.d' });
    expect(destructionAllowed(drive, { ...whole, witness: { username: 'temp', certified: false } })).toMatchObject({ allowed: false, code: 'it.witness_not_certified' });
    expect(destructionAllowed(drive, { ...whole, vendor: ' ' })).toMatchObject({ allowed: false, code: 'it.vendor_required', clause: 'S-110 §I.2.b' });
  });

  test('an escorted visitor has a named escort and leaves after entering (S-110 §G.1)', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    expect(visitAllowed({ escort: '', enteredAt: at, leftAt: undefined })).toMatchObject({ allowed: false, code: 'it.escort_required', clause: 'S-110 §G.1' });
    expect(visitAllowed({ escort: 'itadmin', enteredAt: at, leftAt: new Date(at.getTime() - 1000) })).toMatchObject({ allowed: false, code: 'it.left_before_entering' });
    expect(visitAllowed({ escort: 'itadmin', enteredAt: at, leftAt: new Date(at.getTime() + 60_000) }).allowed).toBe(true);
  });
});
