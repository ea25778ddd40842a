import { describe, expect, test } from 'vitest';
import { addressKey, isActive, orderAllowed } from './rules.ts';

describe('restraining orders and trespass notices (S-110 §A.1.t, x)', () => {
  test('an order whose expiry is before its issue is refused with the clause (S-110 §A.1.t)', () => {
    expect(orderAllowed({ kind: 'restraining', issuedOn: '2026-05-02', expiresOn: '2026-05-01', court: 'Northampton District Court', docket: '2611RO0042' }, '2026-06-01'))
      .toMatchObject({ allowed: false, code: 'order.expires_before_issue', clause: 'S-110 §A.1.t' });
  });
  test('a restraining order names its court and docket; a trespass notice need not (S-110 §A.1.t, x)', () => {
    expect(orderAllowed({ kind: 'restraining', issuedOn: '2026-05-02' }, '2026-06-01')).toMatchObject({ allowed: false, code: 'order.court_required' });
    expect(orderAllowed({ kind: 'trespass', issuedOn: '2026-05-02' }, '2026-06-01')).toEqual({ allowed: true, clause: 'S-110 §A.1.x' });
    expect(orderAllowed({ kind: 'trespass', issuedOn: '2026-07-02' }, '2026-06-01')).toMatchObject({ allowed: false, code: 'order.future_issue' });
  });
  test('an order is active through its expiry day and expires by itself the day after, or when vacated', () => {
    const order = { issuedOn: '2026-05-01', expiresOn: '2026-06-01', vacatedAt: null };
    expect(isActive(order, '2026-06-01')).toBe(true);
    expect(isActive(order, '2026-06-02')).toBe(false);
    expect(isActive({ ...order, expiresOn: null }, '2030-01-01')).toBe(true);
    expect(isActive({ ...order, vacatedAt: new Date() }, '2026-05-15')).toBe(false);
  });
  test('an address matches however the dispatcher writes it', () => {
    expect(addressKey('12 Elm Street, Millbrook')).toBe(addressKey('12 ELM ST.'));
    expect(addressKey('40 North Maple Avenue Apt 3')).toBe(addressKey('40 N Maple Ave #3'));
    expect(addressKey('12 Elm St')).not.toBe(addressKey('14 Elm St'));
  });
});
