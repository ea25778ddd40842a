import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AppContext } from '../src/core/context.ts';
import { closeContext } from '../src/app/start.ts';
import { inTransaction } from '../src/db/index.ts';
import { nextYearlyNumber } from '../src/db/numbers.ts';
import { forEachDatabase } from './support/databases.ts';
import { agencyYear } from '../src/core/clock.ts';

forEachDatabase('yearly record numbers', (database) => {
  let ctx: AppContext;
  beforeAll(async () => { ctx = await database().open(); });
  afterAll(async () => closeContext(ctx));

  test('numbers are unique, sequential and gap-free per year, even when created at the same moment (DESIGN record model 2)', async () => {
    const numbers = await Promise.all(Array.from({ length: 20 }, () => inTransaction(ctx.db, (tx) => nextYearlyNumber(tx, 'test-series', 2026))));
    expect(numbers.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `26-${String(i + 1).padStart(5, '0')}`));
  });

  test('a creating transaction that fails gives its number back', async () => {
    await expect(inTransaction(ctx.db, async (tx) => {
      await nextYearlyNumber(tx, 'rollback-series', 2026);
      throw new Error('the record was refused');
    })).rejects.toThrow();
    const next = await inTransaction(ctx.db, (tx) => nextYearlyNumber(tx, 'rollback-series', 2026));
    expect(next).toBe('26-00001');
  });

  test('each year starts again at 1', async () => {
    const a = await inTransaction(ctx.db, (tx) => nextYearlyNumber(tx, 'year-series', 2026));
    const b = await inTransaction(ctx.db, (tx) => nextYearlyNumber(tx, 'year-series', 2027));
    expect([a, b]).toEqual(['26-00001', '27-00001']);
  });
});

test('the agency year is read in the agency time zone: 03:00 UTC on Jan 1 is still Dec 31 in Boston', () => {
  expect(agencyYear('America/New_York', new Date('2027-01-01T03:00:00Z'))).toBe(2026);
  expect(agencyYear('UTC', new Date('2027-01-01T03:00:00Z'))).toBe(2027);
});
