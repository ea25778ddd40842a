/** What the Knox API answers: the server's own types (type-only imports from src/keys/schemas.ts). */
import type { Static } from 'typebox';
import type * as K from '../../../src/keys/schemas.ts';
import type * as A from '../../../src/agency/schemas.ts';
import { minute } from '../shared/time.ts';

export type BoardKey = Static<typeof K.KnoxBoardAnswer>[number];
export type KnoxAlert = Static<typeof K.KnoxAlertsAnswer>[number];
export type Box = Static<typeof K.Box>;
export type Reason = Static<typeof K.KnoxReasonsAnswer>[number];
export type Delivery = Static<typeof K.Delivery>;
export type Access = Static<typeof K.Access>;
export type KeyRow = Static<typeof K.KnoxKeysAnswer>[number];
export type DailyLogEntry = Static<typeof K.KnoxDailyLogAnswer>[number];
export type Deliveries = Static<typeof K.KnoxDeliveriesAnswer>;
export type RosterEntry = Static<typeof A.AgencyRosterAnswer>[number];
export type DistributionRow = Exclude<Static<typeof K.KnoxDistributionAnswer>, string>[number];

export const BOX_KIND_NAMES: Record<Box['kind'], string> = {
  housing_authority: 'Housing Authority',
  state_housing: 'State Housing Authority',
  school: 'School',
};

export const KEY_STATUS_NAMES: Record<BoardKey['status'], string> = {
  cabinet: 'In the key cabinet',
  assigned: 'Out',
  lost: 'LOST',
  retired: 'Retired',
};

let agencyZone: string | undefined;
/** Times on the Knox screens are the agency's local time, whatever the workstation's clock says. */
export function setAgencyZone(zone: string | undefined): void {
  agencyZone = zone;
}

/** "2026-11-25 14:05" on the agency's 24-hour clock; nothing until the agency's zone is known. */
export function clock(iso: string | null): string {
  if (!iso) return '—';
  return agencyZone ? minute(iso, agencyZone) : '';
}

