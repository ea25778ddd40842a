import { sql, type RawBuilder } from 'kysely';
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
  const { rows: [row] } = await sql<{ last: number }>`with ${yearlyNumberInStatement(series, year).taken} select last from taken`.execute(tx);
  return formatYearlyNumber(year, row!.last, digits);
}

function formatYearlyNumber(year: number, last: number, digits: number): string {
  return `${String(year % 100).padStart(2, '0')}-${String(last).padStart(digits, '0')}`;
}

/**
 * The same next number as `nextYearlyNumber`, taken inside the statement that writes the record
 * (one round trip to the database instead of two): `taken` is the counter's update as a common
 * table expression (\`taken as (…)\`) for that statement's `with`, and `number` is the value to
 * insert, formatted in SQL exactly as `nextYearlyNumber` formats it (at least `digits` digits, never cut).
 *
 * @example const next = yearlyNumberInStatement('incident', 2026); sql`with ${next.taken} insert into incident (number, …) values (${next.number}, …) returning number`
 */
export function yearlyNumberInStatement(series: string, year: number, digits = 5, prefix = yearPrefix(year)): { taken: RawBuilder<unknown>; number: RawBuilder<string> } {
  return {
    taken: sql`taken as (insert into number_series (series, year, last) values (${series}, ${year}, 1)
      on conflict (series, year) do update set last = number_series.last + 1 returning last)`,
    number: sql<string>`(select ${prefix} || lpad(taken.last::text, greatest(${digits}::int, length(taken.last::text)), '0') from taken)`,
  };
}

/** The "26-" an incident or case number of 2026 starts with. */
export function yearPrefix(year: number): string {
  return formatYearlyNumber(year, 0, 0).slice(0, 3);
}

