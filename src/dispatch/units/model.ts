/** The words of the status board (81A §E.1.a, §E.2, §E.5). */
export const UNIT_STATUSES = ['available', 'dispatched', 'en_route', 'arrived', 'out_of_service'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export function isUnitStatus(value: string): value is UnitStatus {
  return (UNIT_STATUSES as readonly string[]).includes(value);
}

/** Out-of-service reasons that begin a transport (§E.5.a.iv–v); going available ends it. */
export const TRANSPORT_REASONS = new Set(['PRISONER_TRANSPORT', 'CITIZEN_TRANSPORT']);

/** Which service answers an incident type: the code's `service` attribute, else fire and medical codes by name. */
export function serviceFor(type: string, attrs: Record<string, unknown>): 'police' | 'fire' | 'ems' {
  const declared = attrs.service;
  if (declared === 'police' || declared === 'fire' || declared === 'ems') return declared;
  if (type === 'FIRE' || type === 'LARGE_FIRE') return 'fire';
  if (type === 'MEDICAL') return 'ems';
  return 'police';
}

/** Specialist units answer their own calls (81A §E.5.c.ii: Meter 1, ACO). */
export function specialistKindFor(type: string): string | undefined {
  if (type === 'PARKING') return 'parking';
  if (type === 'ANIMAL') return 'animal_control';
  return undefined;
}

/** What GET /units shows of a unit. */
export interface UnitView {
  callSign: string;
  kind: string;
  service: string;
  area: string | null;
  supervisor: boolean;
  status: UnitStatus;
  reason: string | null;
  detail: Record<string, unknown> | null;
  incident: string | null;
  incidentType: string | null;
  incidentPriority: number | null;
  confidential: boolean;
  since: string;
  location: Record<string, unknown> | null;
  locationAt: string | null;
  personnel: string[];
  standby: { since: string; reason: string | null } | null;
  unansweredCalls: number;
  /** The sequence number of the last event about this unit the row reflects: the client knows the stream's echo of it. */
  lastSeq: number;
}
