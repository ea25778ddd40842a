import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_dispatch_core.ts';
import * as m0006 from './0006_knox.ts';

/**
 * Every migration, in order. Names are numbered; a capability adds its own file
 * and one line here. Migrations are never edited once released: a change is a new file.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_dispatch_core': m0002,
  '0006_knox': m0006,
};
