/** Why an entry is on the non-public daily log (M.G.L. c.41 §98F; 81A §D.3.c, §E.2.c). */
export type NonPublicReason = 'confidential' | 'shelter_address' | 'domestic_violence' | 'sexual_assault' | 'protective_order_arrest' | 'minor';

/** How a requester's identity was known or verified (81A §K.1.b.ii). */
export const IDENTITY_METHODS = ['known_personally', 'callback_to_agency', 'cjis_message', 'credentials_in_person'] as const;
export type IdentityMethod = (typeof IDENTITY_METHODS)[number];

/** One line of a daily police log, in the order of the day. */
export interface LogEntry {
  /** `incident:26-00042` or `arrest:<report id>`. */
  ref: string;
  kind: 'incident' | 'arrest';
  at: string;
  type: string;
  typeName: string;
  location: string;
  officers: string[];
  disposition: string | null;
  /** Arrests: the arrestee's name, address and charges. */
  arrestee?: { name: string; address: string | null } | undefined;
  charges?: string[] | undefined;
}

export interface RestrictedEntry extends LogEntry { reasons: NonPublicReason[] }

/** How many records checks or CORI log entries a page holds: by default, and at most. */
export const CORI_PAGE = { default: 100, max: 500 } as const;

/** Public records requests are listed this many at a time (default, most). */
export const REQUESTS_PAGE = { default: 50, max: 200 } as const;
