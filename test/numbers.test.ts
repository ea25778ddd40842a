import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import type { AppContext } from '../src/core/context.ts';
import { closeContext } from '../src/app/start.ts';
import { inTransaction } from '../src/db/index.ts';
import { nextYearlyNumber } from '../src/db/numbers.ts';
import { forEachDatabase } from './support/databases.ts';
import { agencyYear } from '../src/core/clock.ts';
import { insertNumberedIncident, insertNumberedIncidentCreated } from '../src/dispatch/incidents/store.ts';

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

  // Issue 16 point 2: the incident's number is taken in the statement that writes its row (one round trip).
  const incident = (note: string) => ({
    callId: null, type: 'NOISE', priority: 3, location: { address: '1 Elm Street' }, complainant: null, narrative: note,
    reportingParty: null, createdBy: 'tester', minUnits: 1, supervisor: false,
  });

  test('an incident written with its number in one statement still gets a unique, gap-free number under concurrency, and a rollback gives it back (DESIGN record model 2)', async () => {
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => inTransaction(ctx.db, (tx) => insertNumberedIncident(tx, 2031, incident(`n${i}`)))));
    expect(made.map((m) => m.number).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `31-${String(i + 1).padStart(5, '0')}`));
    await expect(inTransaction(ctx.db, async (tx) => {
      await insertNumberedIncident(tx, 2031, incident('refused'));
      throw new Error('the record was refused');
    })).rejects.toThrow();
    const next = await inTransaction(ctx.db, (tx) => insertNumberedIncident(tx, 2031, incident('after the refusal')));
    expect(next.number).toBe('31-00021');
    const row = await ctx.db.selectFrom('incident').select(['narrative', 'reported_at']).where('number', '=', next.number).executeTakeFirstOrThrow();
    expect(row).toEqual({ narrative: 'after the refusal', reported_at: next.reportedAt });
  });

  // Issue 16 point 2: the number, the row and its incident.created event in one statement, so the counter row is held one round trip less.
  test('incidents written with their incident.created event in one statement get unique, gap-free numbers under concurrency; each event names its number and report time, and a rollback leaves neither number nor event (DESIGN record model 2)', async () => {
    const create = (tx: Parameters<typeof insertNumberedIncidentCreated>[0], note: string) =>
      insertNumberedIncidentCreated(tx, 2033, incident(note), { user: 'tester', unit: null }, JSON.stringify({ note }));
    const made = (await Promise.all(Array.from({ length: 20 }, (_, i) => inTransaction(ctx.db, (tx) => create(tx, `n${i}`))))).map((rows) => rows[0]!);
    expect(made.map((e) => e.subject_id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `33-${String(i + 1).padStart(5, '0')}`));
    const rows = await ctx.db.selectFrom('incident').select(['number', 'narrative', 'reported_at']).where('number', 'like', '33-%').execute();
    for (const event of made) {
      const row = rows.find((r) => r.number === event.subject_id)!;
      expect(event).toMatchObject({ kind: 'incident.created', subject_type: 'incident', actor_user: 'tester', confidential: false });
      expect(event.payload).toEqual({ note: row.narrative, number: row.number, reportedAt: row.reported_at.toISOString() });
    }
    // the log holds each event once, as returned
    const logged = await ctx.db.selectFrom('event').select(['seq', 'subject_id']).where('kind', '=', 'incident.created').where('subject_id', 'like', '33-%').execute();
    expect(logged.map((e) => e.seq).sort()).toEqual(made.map((e) => e.seq).sort());
    await expect(inTransaction(ctx.db, async (tx) => {
      await create(tx, 'refused');
      throw new Error('the record was refused');
    })).rejects.toThrow();
    const [next] = await inTransaction(ctx.db, (tx) => create(tx, 'after the refusal'));
    expect(next!.subject_id).toBe('33-00021');
    expect(await ctx.db.selectFrom('event').select('seq').where(sql<boolean>`payload->>'note' = ${'refused'}`).execute()).toEqual([]);
  });

  test('a number written in the statement is formatted as nextYearlyNumber formats it, past five digits too', async () => {
    await ctx.db.insertInto('number_series').values({ series: 'incident', year: 2032, last: 99_998 }).execute();
    const a = await inTransaction(ctx.db, (tx) => insertNumberedIncident(tx, 2032, incident('a')));
    const b = await inTransaction(ctx.db, (tx) => insertNumberedIncident(tx, 2032, incident('b')));
    const c = await inTransaction(ctx.db, (tx) => nextYearlyNumber(tx, 'incident', 2032));
    expect([a.number, b.number, c]).toEqual(['32-99999', '32-100000', '32-100001']);
    const early = await inTransaction(ctx.db, (tx) => insertNumberedIncident(tx, 2009, incident('early')));
    expect(early.number).toBe('09-00001');
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
