import type { ColumnType } from 'kysely';

/** A value the server assigns: it can be read, but an insert or update cannot set it. */
export type ServerAssigned<T> = ColumnType<T, never, never>;
/** A time the database stamps at insert (`default now()`), never sent by a client. */
export type StampedAt = ColumnType<Date, never, never>;
/** jsonb column: objects go in, objects come out. */
export type Json<T = unknown> = ColumnType<T, string, string>;
