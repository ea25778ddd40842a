/**
 * The Trends roll-up's clock (migration 0049). The roll-up rows carry the agency-clock month,
 * day of week and hour, worked out by triggers in the zone held in `trend_clock`; the agency's
 * zone is read from the config at start, so the server sets it here at every start. When it
 * differs from the one held (the first start after the migration, or a zone changed in the
 * config), every row is worked out again in that one transaction.
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/index.ts';

/** Hold `timeZone` as the roll-up's clock; true when the rows were worked out again. */
export async function setTrendClock(db: Db, timeZone: string): Promise<boolean> {
  const held = await db.selectFrom('trend_clock').select('time_zone').executeTakeFirst();
  if (held?.time_zone === timeZone) return false;
  return inTransaction(db, async (tx) => {
    const { rows } = await sql<{ changed: boolean }>`select trend_clock_set(${timeZone}) as changed`.execute(tx);
    return rows[0]?.changed ?? false;
  });
}
