import { sql } from 'kysely';
import type { Db } from '../db/index.ts';

/**
 * The dispatch records that name a code of the agency's code tables, counted, and where an
 * active code is offered: shown to an administrator before a code is changed or deactivated
 * (codes are never deleted: these records keep naming them).
 */
const count = sql<number>`count(*)::int`.as('n');

/** Each dispatch code table's users: how many records name a code, in the words of the screen that shows them. */
export const CODE_USES: Record<string, { offeredIn: string; counts: (db: Db, code: string) => Promise<{ what: string; count: number }[]> }> = {
  incident_type: {
    offeredIn: 'New call and the incident’s type correction (Incident type)',
    counts: async (db, code) => {
      const row = await db.selectFrom('incident').select([count, sql<number>`count(*) filter (where status <> 'closed')::int`.as('open')]).where('type', '=', code).executeTakeFirstOrThrow();
      return [{ what: 'incidents', count: row.n }, { what: 'open incidents', count: row.open }];
    },
  },
  disposition: {
    offeredIn: 'closing an incident (Disposition)',
    counts: async (db, code) => [{ what: 'closed incidents', count: (await db.selectFrom('incident').select(count).where('disposition', '=', code).executeTakeFirstOrThrow()).n }],
  },
  out_of_service_reason: {
    offeredIn: 'a unit’s Out of service status (Reason)',
    counts: async (db, code) => [
      { what: 'units out of service for it now', count: (await db.selectFrom('unit_status').select(count).where('status', '=', 'out_of_service').where('reason', '=', code).executeTakeFirstOrThrow()).n },
    ],
  },
  call_line: {
    offeredIn: 'New call (Line) and the greeting shown to the call taker',
    counts: async (db, code) => [{ what: 'calls', count: (await db.selectFrom('call').select(count).where('line', '=', code).executeTakeFirstOrThrow()).n }],
  },
  call_category: {
    offeredIn: 'the call taker’s questions (Category)',
    counts: async (db, code) => [{ what: 'calls', count: (await db.selectFrom('call').select(count).where('category', '=', code).executeTakeFirstOrThrow()).n }],
  },
  call_no_response: {
    offeredIn: 'closing a call without a police response',
    counts: async (db, code) => [{ what: 'calls', count: (await db.selectFrom('call').select(count).where('no_response_type', '=', code).executeTakeFirstOrThrow()).n }],
  },
};
