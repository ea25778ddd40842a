/** What the console reads from the dispatch API (fixed points in shared/API.md; extra fields are optional). */
export interface DispatchEvent {
  seq: number;
  at: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  actor: { user: string | null; unit: string | null };
  confidential: boolean;
  payload: Record<string, unknown>;
}

export interface Location {
  address: string;
  lat?: number | null;
  lon?: number | null;
  commonName?: string | null;
}

export interface IncidentUnit {
  callSign: string;
  role: 'primary' | 'backup';
  dispatchedAt: string | null;
  enRouteAt?: string | null;
  arrivedAt: string | null;
  clearedAt: string | null;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  kind: string;
  actor: string | { user: string | null; unit: string | null } | null;
  unit?: string | null;
  /** The event's payload (empty for confidential entries the reader may not see); older CAD builds called it `detail`. */
  payload?: Record<string, unknown>;
  detail?: Record<string, unknown>;
  correctedBy?: number[];
  [key: string]: unknown;
}

export interface Incident {
  number: string;
  type: string;
  typeName?: string;
  priority: number;
  location: Location;
  complainant?: { name?: string; address?: string; phone?: string; confidentialShelter?: boolean } | null;
  narrative?: string | null;
  /** 81A §D.2.c WHAT / WHERE / WHEN / HOW / WHO / WHY */
  reportingParty?: Record<string, string | null | undefined> | null;
  reportedAt: string;
  status: 'pending' | 'dispatched' | 'on_scene' | 'closed' | string;
  disposition?: string | null;
  confidential?: boolean;
  requiredResponse?: { minUnits: number; supervisor: boolean };
  units?: IncidentUnit[];
  timeline?: TimelineEntry[];
  callers?: { callId: string; line?: string; callerName?: string | null; callbackNumber?: string | null; receivedAt?: string }[];
  [key: string]: unknown;
}

export type UnitStatus = 'available' | 'dispatched' | 'en_route' | 'arrived' | 'out_of_service' | 'standby' | string;

export interface Unit {
  callSign: string;
  status: UnitStatus;
  incident?: string | null;
  since: string;
  reason?: string | null;
  location?: Location | string | null;
  kind?: string;
  service?: string;
  area?: string;
  standby?: { since: string; reason: string | null } | null;
  unansweredCalls?: number;
  supervisor?: boolean;
  personnel?: string[];
  [key: string]: unknown;
}

export interface Alert {
  id: string;
  kind: string;
  priority?: number;
  title?: string;
  detail?: Record<string, unknown>;
  callSign?: string | null;
  incident?: string | null;
  raisedAt?: string;
  acknowledgedAt?: string | null;
  [key: string]: unknown;
}

/** A call waiting in the queue (CAD part 1, GET /api/v1/calls/queue). */
export interface Call {
  id: string;
  line: string;
  lineName?: string | null;
  greeting?: string | null;
  status: 'ringing' | 'active' | 'on_hold' | 'ended' | string;
  priority: number;
  category?: string | null;
  callerName?: string | null;
  callbackNumber?: string | null;
  ali?: Record<string, unknown> | null;
  hold?: { reason: string | null; since: string; seconds: number; overLimit: boolean } | null;
  receivedAt: string;
  waitingSeconds?: number;
  transferredFrom?: string | null;
}

export interface IncidentType {
  code: string;
  name: string;
  priority: number;
  minUnits: number;
  supervisor: boolean;
}

export interface Code {
  code: string;
  name: string;
  attrs?: Record<string, unknown>;
}

export interface Agency {
  name: string;
  ori: string;
  timeZone: string;
}

export function locationText(location: Location | string | null | undefined): string {
  if (!location) return '';
  if (typeof location === 'string') return location;
  return location.commonName ? `${location.address} (${location.commonName})` : location.address ?? '';
}

export function actorText(actor: TimelineEntry['actor'], unit?: string | null): string {
  if (!actor) return unit ?? '';
  if (typeof actor === 'string') return unit ? `${actor} (${unit})` : actor;
  return [actor.user, actor.unit && `(${actor.unit})`].filter(Boolean).join(' ');
}

/** A confidential incident read without the right to see it (81A §E.2.c): number and times only. */
export function isWithheld(incident: Incident): boolean {
  return Boolean(incident.confidential) && !incident.location;
}
