import type { Generated } from 'kysely';
import type { Json, StampedAt } from './columns.ts';

/** A person the dispatcher calls to open the premises, in the order the register gives. */
export interface KeyHolder {
  name: string;
  phones: string[];
  /** Can come to the premises with a key. */
  canRespond: boolean;
}

/** Premises with an alarm (S-110 §A.1.a): who monitors it, its permit, who holds a key. */
export interface AlarmPremisesTable {
  id: Generated<string>;
  name: string;
  address: string;
  /** The address as the CAD compares addresses ("12 elm st"): one active entry per key. */
  address_key: string;
  verified: boolean;
  lat: number | null;
  lon: number | null;
  alarm_types: Json<string[]>;
  company_name: string | null;
  company_phone: string | null;
  company_account: string | null;
  permit_number: string | null;
  permit_issued_on: string | null;
  permit_expires_on: string | null;
  key_holders: Json<KeyHolder[]>;
  notes: string | null;
  active: Generated<boolean>;
  created_by: string;
  created_at: StampedAt;
  updated_by: string;
  updated_at: Generated<Date>;
}

/** The tables the alarms capability owns (migration 0046). */
export interface AlarmsTables {
  alarm_premises: AlarmPremisesTable;
}
