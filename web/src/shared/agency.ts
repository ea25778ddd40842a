import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type * as AgencySchemas from '../../../src/agency/schemas.ts';
import { api } from './api.ts';
import { today } from './time.ts';

export type Agency = Static<typeof AgencySchemas.AgencyAnswer>;

let profile: Promise<Agency> | undefined;

/** The agency profile, read once per page (a failed read is tried again by the next caller). */
export function agencyProfile(): Promise<Agency> {
  profile ??= api<Agency>('/api/v1/agency').catch((error: unknown) => {
    profile = undefined;
    throw error;
  });
  return profile;
}

/**
 * The agency's time zone, in which every screen shows its times (whatever zone the
 * workstation is set to). Null until the profile is read: a screen shows no time rather
 * than one in the wrong zone.
 */
export function useAgencyZone(): string | null {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    agencyProfile().then((a) => { if (live) setZone(a.timeZone); }, () => undefined);
    return () => { live = false; };
  }, []);
  return zone;
}

/** Today's date in the agency's zone ("2026-11-25"), for a date the person's action records. */
export async function agencyToday(): Promise<string> {
  const zone = (await agencyProfile().catch(() => null))?.timeZone ?? 'UTC';
  return today(zone);
}
