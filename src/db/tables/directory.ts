import type { Generated } from 'kysely';

export interface DirectoryEntryTable {
  id: Generated<string>;
  category: string;
  name: string;
  organization: string | null;
  phone: string | null;
  url: string | null;
  notes: string | null;
  facility: string | null;
  updated_at: Generated<Date>;
}

export interface ResidentialPhoneTable {
  username: string;
  phone: string;
  updated_at: Generated<Date>;
  updated_by: string;
}

export interface RosterTable {
  id: Generated<string>;
  shift_date: string;
  shift: string;
  call_sign: string | null;
  username: string | null;
  assignment: string;
}

/** The tables the directory capability owns. */
export interface DirectoryTables {
  roster: RosterTable;
  directory_entry: DirectoryEntryTable;
  residential_phone: ResidentialPhoneTable;
}
