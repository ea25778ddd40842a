import type { Db, Tx } from '../db/index.ts';

/**
 * Settings the agency changes at run time (timers, ALI layouts, the outbound mail
 * channel…), kept as JSON in the platform's `setting` table. A capability declares
 * each of its settings once with its type and default, and reads and writes it only
 * through these functions.
 *
 * @example
 * export const HOLD_LIMIT = defineSetting('calls.holdLimitSeconds', 60);
 * const seconds = await readSetting(db, HOLD_LIMIT); // number
 */
export interface Setting<T> {
  key: string;
  fallback: T;
}

export function defineSetting<T>(key: string, fallback: T): Setting<T> {
  return { key, fallback };
}

/** The stored value, or the setting's default when none was ever stored. */
export async function readSetting<T>(q: Db | Tx, setting: Setting<T>): Promise<T> {
  const row = await q.selectFrom('setting').select('value').where('key', '=', setting.key).executeTakeFirst();
  return row === undefined ? setting.fallback : (row.value as T);
}

/** Store a value in the caller's transaction (which also appends the change's event and audit row). */
export async function writeSetting<T>(tx: Tx, setting: Setting<T>, value: T): Promise<void> {
  const json = JSON.stringify(value);
  await tx.insertInto('setting').values({ key: setting.key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json })).execute();
}

/** True when the database answers (the health check). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  await db.selectFrom('setting').select('key').limit(1).execute();
  return true;
}
