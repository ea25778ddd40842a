import { CompiledQuery, type Compilable, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Every fixed statement's SQL → the name it is prepared under on PostgreSQL. Parsing and planning
 * a statement sent unnamed cost PostgreSQL more than running it: for the session check 0.28 ms of
 * a 0.32 ms statement, and about 0.8 of the 2 ms of PostgreSQL's CPU per incident created (issue 16
 * point 2). A named statement is parsed once per connection, and after five runs PostgreSQL keeps a
 * generic plan when it costs no more than the custom ones. The names are this process's own,
 * one per SQL text; `openPostgres` (db/index.ts) sends a statement by its name when it has one.
 */
const preparedNames = new Map<string, string>();

/** The prepared statement's name of this SQL, when it is a fixed statement's. */
export function preparedNameOf(text: string): string | undefined {
  return preparedNames.get(text);
}

/**
 * A statement whose SQL never depends on its values (no list that grows with them, no part left out
 * for some), built and compiled by Kysely once per dialect and then run with each call's values put
 * in their places. Building and compiling a query is most of Kysely's cost, and the statements on
 * every request's path (the session check, the audit row) paid it each time: 15 % of the server's
 * CPU per incident (issue 16 point 2).
 *
 * `build` receives placeholders in place of the values and returns a query builder or a `sql`
 * template, with each placeholder put into it as it is (a value it transforms, such as a text it
 * cuts, is transformed before the call); a constant it writes itself is kept as compiled. A placeholder that does not come out as one parameter is a
 * statement this cannot hold, and throws at its first use, in every test that runs it.
 */
export function fixedStatement<V extends readonly unknown[], R>(build: (db: Kysely<Database>, ...values: V) => Compilable<R> | RawBuilder<R>) {
  const compiled = new WeakMap<object, { sql: string; places: ({ value: number } | { constant: unknown })[] }>();
  const compile = (db: Kysely<Database>, count: number) => {
    const placeholders = Array.from({ length: count }, (_, i) => `\u0000fixed-statement-value-${i}\u0000`);
    const built = build(db, ...(placeholders as unknown as V));
    // a `sql` template compiles against the database it is given; a query builder knows its own
    const query = 'isRawBuilder' in built ? built.compile(db) : built.compile();
    const places = query.parameters.map((parameter) => {
      const value = typeof parameter === 'string' ? placeholders.indexOf(parameter) : -1;
      return value >= 0 ? { value } : { constant: parameter };
    });
    const used = places.flatMap((p) => ('value' in p ? [p.value] : []));
    if (used.length !== count || new Set(used).size !== count) throw new Error(`a fixed statement must use each of its ${count} values once as a parameter: ${query.sql}`);
    if (!preparedNames.has(query.sql)) preparedNames.set(query.sql, `precinct_fixed_${preparedNames.size + 1}`);
    return { sql: query.sql, places };
  };
  return async (db: Kysely<Database>, ...values: V): Promise<R[]> => {
    const adapter = db.getExecutor().adapter;
    let statement = compiled.get(adapter);
    if (!statement) {
      statement = compile(db, values.length);
      compiled.set(adapter, statement);
    }
    const parameters = statement.places.map((p) => ('value' in p ? values[p.value] : p.constant));
    const { rows } = await db.executeQuery<R>(CompiledQuery.raw(statement.sql, parameters));
    return rows;
  };
}
