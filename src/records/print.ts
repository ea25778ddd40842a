/** What printed records show: people by name and badge (never a login), times on the agency's 24-hour clock. */
import type { Db, Tx } from '../db/index.ts';
import { displayName, peopleByUsername } from '../identity/people.ts';

/** "2026-05-01 14:02" in the agency's zone. */
export { agencyStamp as agencyDateTime } from '../core/clock.ts';

/** A function naming each login as the person ("Miguel Reyes #207"); a login that is not a person prints as given. */
export async function namer(db: Db | Tx, usernames: readonly (string | null | undefined)[]): Promise<(username: string | null | undefined) => string> {
  const people = await peopleByUsername(db, usernames);
  return (username) => (username ? displayName(people.get(username), username) : '');
}
