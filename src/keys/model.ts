import type { AccessStatus, BoxKind, KeyStatus } from '../db/tables/keys.ts';

/** Where a clause of AOM O-604 is cited, it is written like this: `O-604 §II.A.1`. */
export const POLICY = 'O-604';

export const BOX_KINDS: Record<BoxKind, string> = {
  housing_authority: 'Housing Authority residential complex',
  state_housing: 'State Housing Authority residential complex',
  school: 'Public school main entrance',
};

export const KEY_STATUSES: Record<KeyStatus, string> = {
  cabinet: 'In the key cabinet',
  assigned: 'Assigned to an officer',
  lost: 'Lost',
  retired: 'Retired',
};

export const ACCESS_STATUSES: Record<AccessStatus, string> = {
  requested: 'Requested, awaiting authorization',
  authorized: 'Authorized, keys not yet removed',
  removed: 'Master keys out of the box',
  returned: 'Master keys returned',
};

/** Where a reason may be used: in a residence, at a school, or at either. */
export type ReasonScope = 'residence' | 'school' | 'any';

export interface KnoxReason {
  code: string;
  label: string;
  allowed: boolean;
  clause: string;
  scope: ReasonScope;
  /** The policy's words, shown beside the reason in the console. */
  quote: string;
}

/** The five allowed uses of O-604 §II.A and the forbidden uses of §II.B–C, in the policy's order. */
export const KNOX_REASONS: readonly KnoxReason[] = [
  {
    code: 'welfare_check', label: 'Welfare check: occupant may be in distress or danger, or has threatened self-harm',
    allowed: true, clause: 'O-604 §II.A.1', scope: 'residence',
    quote: 'To check on the well being of an occupant, when there is reason to believe that the occupant may be in distress or danger or who has threatened self-harm.',
  },
  {
    code: 'fire_rescue', label: 'Rescue or evacuation: fire or other life-threatening emergency',
    allowed: true, clause: 'O-604 §II.A.2', scope: 'any',
    quote: 'To effect the rescue or evacuation of an occupant in the event of fire or other life threatening emergency.',
  },
  {
    code: 'hang_up_911', label: '9-1-1 hang-up, no answer to the officer at the door',
    allowed: true, clause: 'O-604 §II.A.3', scope: 'residence',
    quote: 'To verify the safety of an occupant, who calls 9-1-1 and hangs up and who does not respond to an officer at the door',
  },
  {
    code: 'medical_assistance', label: 'Medical or other emergency help: occupant cannot unlock the door',
    allowed: true, clause: 'O-604 §II.A.4', scope: 'residence',
    quote: 'To provide medical or other emergency assistance when an occupant is unable to unlock the door of a residence.',
  },
  {
    code: 'school_emergency', label: 'School: medical/emergency help, fire, active shooter, intruder or building emergency after hours',
    allowed: true, clause: 'O-604 §II.A.5', scope: 'school',
    quote: 'In the case school buildings, to provide medical or emergency assistance or to intervene or affect a rescue in a fire, active shooter or other situation where there is an eminent threat or danger to the occupants within. Also, to access a building after hours when there is reason to suspect that an intruder is inside or to prevent damage …',
  },
  {
    code: 'criminal_investigation', label: 'Criminal investigation',
    allowed: false, clause: 'O-604 §II.B', scope: 'any',
    quote: 'The use of the master keys is not to be utilized for criminal investigative purposes.',
  },
  {
    code: 'search_warrant', label: 'Executing a search warrant (only with the Housing Authority Executive Director’s authorization)',
    allowed: false, clause: 'O-604 §II.B', scope: 'residence',
    quote: 'The master keys are not to be used to enter a residence in the execution of a search warrant without the expressed authorization of the Housing Authority’s Executive Director, Administrator, or designee.',
  },
  {
    code: 'resident_lockout', label: 'Letting in a resident who is locked out',
    allowed: false, clause: 'O-604 §II.C', scope: 'any',
    quote: 'Master keys are not to be used for the purpose of admitting residents who are locked out of their residences.',
  },
];

/** The titles of §II.B who may authorize a search-warrant entry. */
export const WARRANT_AUTHORIZERS = ['Executive Director', 'Administrator', 'Designee'] as const;

/** Roles that may authorize an access (§III.C) and assign keys for a shift (§III.B). */
export const AUTHORIZER_ROLES = ['commanding_officer', 'patrol_supervisor'] as const;

/** Roles that may hold a Knox access key for a shift: cruiser and bicycle patrol officers (§III.B). */
export const KEY_HOLDER_ROLES = ['patrol_officer', 'patrol_supervisor', 'commanding_officer'] as const;

/** Unit kinds whose officers may carry a key (§III.B: "cruiser and bicycle patrol officers"). */
export const KEY_HOLDER_UNIT_KINDS = ['cruiser', 'bicycle'] as const;

/** A shift's length when the OIC does not say otherwise. */
export const DEFAULT_SHIFT_HOURS = 8;
