/** Types the identity capability shares between its services and routes. */

import type { PublicUser } from '../core/actor.ts';

export type { Origin, PublicUser } from '../core/actor.ts';

export interface SignedIn {
  token: string;
  user: PublicUser;
  passwordExpiresAt: string;
  mustChangePassword: boolean;
  /** CJIS IA-2(2), security.requireMfaForAll: enroll an authenticator before anything else. */
  mustEnrollMfa: boolean;
}

export function publicUser(row: { username: string; first_name: string; last_name: string; badge: string | null; unit: string | null; roles: string[] }): PublicUser {
  return { username: row.username, firstName: row.first_name, lastName: row.last_name, badge: row.badge, unit: row.unit, roles: row.roles };
}

/** "Locked until an administrator unlocks it" is stored as this far-off time. */
export const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');
