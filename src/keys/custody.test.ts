import { expect, test } from 'vitest';
import { accessKeyFor, keyStillHeld } from './custody.ts';

const held = [{ key: 'MHA-01', assignmentId: 'a1' }, { key: 'MHA-04', assignmentId: 'a4' }];

test('O-604 §III.C: an officer holding no access key is refused with 409, naming the officer', () => {
  expect(accessKeyFor('jobrien', [], undefined).decision).toMatchObject({ allowed: false, code: 'knox.no_access_key', clause: 'O-604 §III.C', status: 409 });
  expect(accessKeyFor('jobrien', [], 'MHA-01').decision).toMatchObject({ allowed: false, code: 'knox.no_access_key' });
});

test('O-604 §III.C: the officer’s one key is used when none is named; a named key must be one they hold', () => {
  expect(accessKeyFor('jobrien', held.slice(0, 1), undefined).key).toEqual(held[0]);
  expect(accessKeyFor('jobrien', held, 'MHA-04').key).toEqual(held[1]);
  expect(accessKeyFor('jobrien', held, 'MHA-02').decision).toMatchObject({ allowed: false, code: 'knox.key_not_held', status: 409 });
});

test('O-604 §III.C: an officer holding several keys must name the one used', () => {
  expect(accessKeyFor('jobrien', held, undefined).decision).toMatchObject({ allowed: false, code: 'knox.access_key_required', status: 422 });
});

test('O-604 §III.C: the removal goes ahead only while the officer still holds the key the access was requested with', () => {
  expect(keyStillHeld('jobrien', held, 'MHA-04')).toMatchObject({ allowed: true });
  expect(keyStillHeld('jobrien', held.slice(0, 1), 'MHA-04')).toMatchObject({ allowed: false, code: 'knox.key_not_held', clause: 'O-604 §III.C', status: 409 });
  expect(keyStillHeld('jobrien', [], 'MHA-04')).toMatchObject({ allowed: false, code: 'knox.key_not_held' });
  expect(keyStillHeld('jobrien', [], null)).toMatchObject({ allowed: true }); // an access from before keys were tied to accesses
});
