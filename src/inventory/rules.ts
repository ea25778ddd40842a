/**
 * Department inventory (S-110 §A.1.f): what may happen to an item in each state. Pure rules;
 * the service reads the item, asks here, then writes the item and its movement together.
 */
import { allow, refuse, type Decision } from '../core/decision.ts';
import type { InventoryStatus, MovementAction } from '../db/tables/inventory.ts';

export const CLAUSE = 'S-110 §A.1.f';
/** Electronic media leave service only through the media register's sanitization or destruction. */
export const MEDIA_CLAUSE = 'S-110 §G.2, §I';

/** The movements a person records; `registered` is the item's first entry, written by the register itself. */
export const MOVEMENTS = ['assigned', 'returned', 'moved', 'repair', 'lost', 'found', 'retired'] as const satisfies readonly MovementAction[];
export type Movement = (typeof MOVEMENTS)[number];

/** The state each movement leaves the item in. */
export const STATUS_AFTER: Record<Movement, InventoryStatus | 'unchanged'> = {
  assigned: 'assigned', returned: 'in_stock', moved: 'unchanged', repair: 'in_repair', lost: 'lost', found: 'in_stock', retired: 'retired',
};

/** The states from which each movement may be recorded. */
const FROM: Record<Movement, readonly InventoryStatus[]> = {
  assigned: ['in_stock'],
  returned: ['assigned', 'in_repair'],
  moved: ['in_stock', 'assigned', 'in_repair'],
  repair: ['in_stock', 'assigned'],
  lost: ['in_stock', 'assigned', 'in_repair'],
  found: ['lost'],
  retired: ['in_stock', 'in_repair', 'lost'],
};

const STATUS_WORDS: Record<InventoryStatus, string> = {
  in_stock: 'in stock', assigned: 'assigned', in_repair: 'out for repair', lost: 'reported lost', retired: 'retired',
};

export function statusWords(status: InventoryStatus): string {
  return STATUS_WORDS[status];
}

/**
 * Whether `movement` may be recorded for an item in `status`. An assigned item is returned
 * before it is issued to someone else (its history then shows both hands); a retired item
 * stays on the books as retired; a drive that is still in the media register, not destroyed,
 * is retired there (sanitized or destroyed, S-110 §I), not here.
 */
export function movementAllowed(status: InventoryStatus, movement: Movement, inMediaRegister = false): Decision {
  if (!FROM[movement].includes(status)) {
    const hint = movement === 'assigned' && status === 'assigned' ? ' Record its return first, then issue it again.' : '';
    return refuse('inventory.not_allowed', CLAUSE, `The item is ${statusWords(status)}: it cannot be ${movement === 'repair' ? 'sent for repair' : movement}.${hint}`, 409);
  }
  if (movement === 'retired' && inMediaRegister) {
    return refuse('inventory.media_register', MEDIA_CLAUSE, 'This drive is in the electronic media register: it leaves service there, sanitized or destroyed with a certificate, not by retiring it here.', 409);
  }
  return allow(CLAUSE);
}
