import type { Tx } from './index.ts';

/**
 * The next number of a yearly series (`26-00042`): unique, sequential and gap-free.
 * The counter row is locked by the update until the creating transaction ends, so
 * concurrent creators take turns, and a transaction that rolls back gives its number
 * back. `year` is the agency's calendar year of the record.
 *
 * @example const number = await nextYearlyNumber(tx, 'incident', 2026); // '26-00042'
 */
export async function nextYearlyNumber(tx: Tx, series: string, year: number, digits = 5): Promise<string> {
  const row = await tx
    .insertInto('number_series')
    .values({ series, year, last: 1 })
    .onConflict((oc) => oc.columns(['series', 'year']).doUpdateSet((eb) => ({ last: eb('number_series.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return `${String(year % 100).padStart(2, '0')}-${String(row.last).padStart(digits, '0')}`;
}

