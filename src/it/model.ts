/** The IT records of S-110: change requests (§C), the media register (§G.2), sanitization and destruction (§I), the server room (§G.1). */

export const CLAUSE = {
  changes: 'S-110 §C.1',
  licence: 'S-110 §C.2',
  room: 'S-110 §G.1',
  media: 'S-110 §G.2',
  sanitize: 'S-110 §I.1',
  dispose: 'S-110 §I.2',
  lockedCase: 'S-110 §I.2.c',
  witness: 'S-110 §I.2.d',
  vendor: 'S-110 §I.2.b',
} as const;

export const CHANGE_KINDS = ['software', 'hardware'] as const;
export const CHANGE_ACTIONS = ['add', 'modify', 'transfer'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];
export type ChangeStatus = 'requested' | 'authorized' | 'refused' | 'completed';

/** Electronic media of S-110 §G.2: internal and external drives, removable media, other storage devices. */
export const MEDIA_TYPES = {
  internal_drive: 'Internal hard drive',
  external_drive: 'External hard drive',
  ssd: 'Solid-state drive',
  thumb_drive: 'Thumb drive',
  dvd: 'DVD',
  cd: 'CD',
  tape: 'Backup tape',
  other: 'Other storage device',
} as const;
export type MediaType = keyof typeof MEDIA_TYPES;

export const MEDIA_STATUSES = ['in_use', 'stored', 'sanitized', 'locked_for_destruction', 'destroyed'] as const;
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

export const SANITIZE_METHODS = ['overwrite', 'degauss'] as const;
export type SanitizeMethod = (typeof SANITIZE_METHODS)[number];

/** The least number of overwrites that sanitizes a medium (S-110 §I.1). */
export const MINIMUM_PASSES = 3;

export interface MediumFacts {
  serial: string;
  status: MediaStatus;
}

export interface DestructionFacts {
  lockedInCase: boolean;
  vendor: string | undefined;
  witness: { username: string; certified: boolean } | undefined;
  certificate: { serial: string; date: string; fileSha256: string | undefined } | undefined;
}
