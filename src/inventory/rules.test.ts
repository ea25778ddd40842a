import { describe, expect, test } from 'vitest';
import { MOVEMENTS, movementAllowed, STATUS_AFTER } from './rules.ts';

describe('inventory movements (S-110 §A.1.f)', () => {
  test('an item in stock is issued; an issued one is returned before it is issued again', () => {
    expect(movementAllowed('in_stock', 'assigned').allowed).toBe(true);
    const again = movementAllowed('assigned', 'assigned');
    expect(again).toMatchObject({ allowed: false, code: 'inventory.not_allowed', status: 409, clause: 'S-110 §A.1.f' });
    expect(again.allowed || again.detail).toMatch(/return first/);
    expect(movementAllowed('assigned', 'returned').allowed).toBe(true);
  });

  test('a retired item stays retired: no movement is recorded for it', () => {
    for (const movement of MOVEMENTS) expect(movementAllowed('retired', movement).allowed, movement).toBe(false);
  });

  test('a lost item is only found (or retired); an issued item is returned before it is retired', () => {
    expect(MOVEMENTS.filter((m) => movementAllowed('lost', m).allowed)).toEqual(['found', 'retired']);
    expect(movementAllowed('assigned', 'retired').allowed).toBe(false);
  });

  test('S-110 §G.2, §I: a drive still in the media register is not retired from the inventory', () => {
    expect(movementAllowed('in_stock', 'retired', true)).toMatchObject({ allowed: false, code: 'inventory.media_register', clause: 'S-110 §G.2, §I' });
    expect(movementAllowed('in_stock', 'retired', false).allowed).toBe(true);
  });

  test('each movement names the state it leaves the item in', () => {
    expect(STATUS_AFTER).toMatchObject({ assigned: 'assigned', returned: 'in_stock', repair: 'in_repair', lost: 'lost', found: 'in_stock', retired: 'retired', moved: 'unchanged' });
  });
});
