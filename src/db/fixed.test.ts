import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { inTransaction, openDatabase, type DatabaseHandle } from './index.ts';
import { fixedStatement } from './fixed.ts';

// The statements on every request's path are compiled once and run with each call's values
// (issue 16 point 2): the answers must be those of the query built afresh, values in their places.
let handle: DatabaseHandle;
// a table of the test's own, outside the schema's types
type Loose = Kysely<Record<string, Record<string, unknown>>>;
const loose = (db: unknown) => db as Loose;
beforeAll(async () => {
  handle = await openDatabase({});
  await sql`create table fixed_probe (name text, rank int, kind text)`.execute(handle.db);
  await sql`insert into fixed_probe values ('ada', 1, 'a'), ('bob', 2, 'a'), ('cy', 3, 'b'), ('dee', 4, 'b')`.execute(handle.db);
});
afterAll(async () => { await handle?.close(); });

// a constant the builder writes itself ('b'), two values, one of them used before the other in the SQL
const probe = fixedStatement((db, above: number, name: string) => loose(db).selectFrom('fixed_probe').select(['name', 'rank'])
  .where((eb) => eb.or([eb('name', '=', name), eb.and([eb('kind', '=', 'b'), eb('rank', '>', above)])])).orderBy('rank'));

test('a fixed statement answers as the query built afresh, with each call’s values, inside a transaction too', async () => {
  expect(await probe(handle.db, 3, 'ada')).toEqual([{ name: 'ada', rank: 1 }, { name: 'dee', rank: 4 }]);
  expect(await probe(handle.db, 2, 'bob')).toEqual([{ name: 'bob', rank: 2 }, { name: 'cy', rank: 3 }, { name: 'dee', rank: 4 }]);
  const inside = await inTransaction(handle.db, (tx) => probe(tx, 9, 'cy'));
  expect(inside).toEqual([{ name: 'cy', rank: 3 }]);
  // a value that looks like SQL is a value
  expect(await probe(handle.db, 9, "x' or '1'='1")).toEqual([]);
});

test('a statement whose values do not each come out as one parameter is refused at its first use, naming its SQL', async () => {
  const transformed = fixedStatement((db, name: string) => loose(db).selectFrom('fixed_probe').select('rank').where('name', '=', name.toUpperCase()));
  await expect(transformed(handle.db, 'ada')).rejects.toThrow(/must use each of its 1 values once as a parameter: select "rank" from "fixed_probe"/);
  const unused = fixedStatement((db, _name: string) => loose(db).selectFrom('fixed_probe').select('rank'));
  await expect(unused(handle.db, 'ada')).rejects.toThrow(/must use each of its 1 values once/);
});
