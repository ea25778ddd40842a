import type { Generated } from 'kysely';
import type { Json } from './columns.ts';

export interface CodeTable {
  table_name: string;
  code: string;
  name: string;
  attrs: Json<Record<string, unknown>>;
  active: Generated<boolean>;
  sort: Generated<number>;
}


/** The tables the agency capability owns. */
export interface AgencyTables {
  code_entry: CodeTable;
}
