import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import { endpoints } from './endpoints.ts';
import type { Agency, Code, Disposition, IncidentType } from './types.ts';

/** The code tables and agency profile a console needs; loaded once per screen. */
export interface Reference {
  timeZone: string;
  agencyName: string;
  incidentTypes: IncidentType[];
  /** Every incident type, deactivated ones included: an old incident still shows its type's name. */
  allTypes: Code[];
  dispositions: Disposition[];
  reasons: Code[];
  lines: Code[];
  /** Call categories with their questions (81A §C.3), from the call-taking code table. */
  categories: Code[];
  /** Why a call needed no police response (81A §D.1). */
  noResponseTypes: Code[];
  myCallSign: string | null;
  /**
   * What could not be read (the agency profile, a code table, the roster): shown as a warning on the
   * screen and read again until it is (`retryDelayMs`). While the profile is missing, times are in the
   * zone this workstation last read from it, or in UTC when it never read it.
   */
  missing: string[];
}

/**
 * How long before the next read of a reference that could not be read: 5 s after the first failure,
 * doubling to at most a minute, each spread by up to a fifth either way, so that the consoles of a
 * whole floor do not all ask a struggling server again at the same instant.
 */
export function retryDelayMs(failures: number, random: number = Math.random()): number {
  const base = Math.min(60_000, 5000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

/** Where a workstation keeps the agency profile it last read (its zone and name; nothing confidential). */
const LAST_PROFILE = 'precinct.agencyProfile';

interface LastProfile { timeZone: string; name: string; readAt: string }

/** The profile last read on this workstation, if a usable one was kept. */
export function lastProfile(stored: string | null): LastProfile | null {
  try {
    const value = JSON.parse(stored ?? 'null') as Partial<LastProfile> | null;
    if (typeof value?.timeZone !== 'string' || typeof value.name !== 'string' || typeof value.readAt !== 'string') return null;
    new Intl.DateTimeFormat('en', { timeZone: value.timeZone }); // throws on a zone this browser does not know
    return { timeZone: value.timeZone, name: value.name, readAt: value.readAt };
  } catch {
    return null;
  }
}

/**
 * What the warning says when the profile cannot be read: the times are in the zone this workstation
 * last read from it (a reload during an outage keeps the agency's clock), or in UTC when it never did.
 */
export function missingProfile(last: LastProfile | null): string {
  return last ? `the agency profile (times are shown in ${last.timeZone}, as last read)` : 'the agency profile (times are shown in UTC)';
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage refused by the browser's settings
  }
}

const EMPTY: Reference = { timeZone: 'UTC', agencyName: '', incidentTypes: [], allTypes: [], dispositions: [], reasons: [], lines: [], categories: [], noResponseTypes: [], myCallSign: null, missing: [] };

const quietly = <T,>(path: string, fallback: T) => api<T>(path).catch(() => fallback);

/** The roster's call sign for this user today (the unit they ride in), if any. */
export async function rosterCallSign(username: string, read: <T>(path: string, fallback: T) => Promise<T> = quietly): Promise<string | null> {
  const roster = await read<{ callSign: string | null; username: string | null }[]>(endpoints.roster, []);
  return roster.find((r) => r.username === username && r.callSign)?.callSign ?? null;
}

export function useReference(username: string): Reference | null {
  const [reference, setReference] = useState<Reference | null>(null);
  useEffect(() => {
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const load = () => {
      const missing: string[] = [];
      // a failed read is named, not hidden: the screen says what it lacks, and it is read again
      const read = <T,>(path: string, what: string, fallback: T) => api<T>(path).catch(() => { missing.push(what); return fallback; });
      const last = lastProfile(storage()?.getItem(LAST_PROFILE) ?? null);
      void Promise.all([
        read<Agency | null>(endpoints.agency, missingProfile(last), null),
        read<IncidentType[]>(endpoints.incidentTypes, 'incident types', []),
        read<Disposition[]>(endpoints.dispositions, 'dispositions', []),
        read<Code[]>(endpoints.outOfServiceReasons, 'out-of-service reasons', []),
        read<Code[]>(endpoints.callLines, 'call lines', []),
        read<Code[]>(endpoints.callCategories, 'call categories', []),
        read<Code[]>(endpoints.noResponseTypes, 'no-response types', []),
        rosterCallSign(username, (path, fallback) => read(path, "today's roster (your unit)", fallback)),
        read<Code[]>(endpoints.allIncidentTypes, 'incident types', []),
      ]).then(([agency, incidentTypes, dispositions, reasons, lines, categories, noResponseTypes, myCallSign, allTypes]) => {
        if (!live) return;
        if (agency) storage()?.setItem(LAST_PROFILE, JSON.stringify({ timeZone: agency.timeZone, name: agency.name, readAt: new Date().toISOString() }));
        const profile = agency ?? last;
        setReference({
          ...EMPTY,
          timeZone: profile?.timeZone ?? 'UTC',
          agencyName: profile?.name ?? '',
          incidentTypes, allTypes, dispositions, reasons, lines, categories, noResponseTypes, myCallSign,
          missing: [...new Set(missing)],
        });
        failures = missing.length > 0 ? failures + 1 : 0;
        if (failures > 0) retry = setTimeout(load, retryDelayMs(failures));
      });
    };
    load();
    return () => { live = false; clearTimeout(retry); };
  }, [username]);
  return reference;
}

export function typeName(reference: Reference, code: string): string {
  return (reference.incidentTypes.find((t) => t.code === code) ?? reference.allTypes.find((t) => t.code === code))?.name ?? code;
}

export function codeName(codes: Pick<Code, 'code' | 'name'>[], code: string | null | undefined): string {
  if (!code) return '';
  return codes.find((c) => c.code === code)?.name ?? code;
}
