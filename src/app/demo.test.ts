import { expect, test } from 'vitest';
import { ROLE_NAMES, ROLES } from '../core/permissions.ts';
import { DEMO_PEOPLE } from './demo.ts';

test('the demo agency has one named person for every role a person holds, a patrol supervisor among them to authorize Knox access (O-604 §III.C)', () => {
  // System logins (the recorder, the AVL gateway) are machines, named "(system login …)" in the role table.
  const personRoles = ROLES.filter((role) => !ROLE_NAMES[role].includes('system login'));
  expect(personRoles).toContain('patrol_supervisor');
  for (const role of personRoles) {
    const holders = DEMO_PEOPLE.filter((p) => p.roles.includes(role));
    expect(holders.length, role).toBeGreaterThanOrEqual(1);
    for (const holder of holders) expect(`${holder.firstName} ${holder.lastName}`.trim().length, role).toBeGreaterThan(3);
  }
  expect(DEMO_PEOPLE.find((p) => p.roles.includes('patrol_supervisor'))).toMatchObject({ username: 'kbrandt', unit: 'Patrol' });
});
