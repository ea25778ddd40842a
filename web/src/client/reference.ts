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
}

const EMPTY: Reference = { timeZone: 'UTC', agencyName: '', incidentTypes: [], allTypes: [], dispositions: [], reasons: [], lines: [], categories: [], noResponseTypes: [], myCallSign: null };

const quietly = <T,>(path: string, fallback: T) => api<T>(path).catch(() => fallback);

/** The roster's call sign for this user today (the unit they ride in), if any. */
export async function rosterCallSign(username: string): Promise<string | null> {
  const roster = await quietly<{ callSign: string | null; username: string | null }[]>(endpoints.roster, []);
  return roster.find((r) => r.username === username && r.callSign)?.callSign ?? null;
}

export function useReference(username: string): Reference | null {
  const [reference, setReference] = useState<Reference | null>(null);
  useEffect(() => {
    let live = true;
    void Promise.all([
      quietly<Agency | null>(endpoints.agency, null),
      quietly<IncidentType[]>(endpoints.incidentTypes, []),
      quietly<Disposition[]>(endpoints.dispositions, []),
      quietly<Code[]>(endpoints.outOfServiceReasons, []),
      quietly<Code[]>(endpoints.callLines, []),
      quietly<Code[]>(endpoints.callCategories, []),
      quietly<Code[]>(endpoints.noResponseTypes, []),
      rosterCallSign(username),
      quietly<Code[]>(endpoints.allIncidentTypes, []),
    ]).then(([agency, incidentTypes, dispositions, reasons, lines, categories, noResponseTypes, myCallSign, allTypes]) => {
      if (!live) return;
      setReference({
        ...EMPTY,
        timeZone: agency?.timeZone ?? 'UTC',
        agencyName: agency?.name ?? '',
        incidentTypes, allTypes, dispositions, reasons, lines, categories, noResponseTypes, myCallSign,
      });
    });
    return () => { live = false; };
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
