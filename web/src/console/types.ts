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
  text?: string;
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
  reportedAt: string;
  status: 'pending' | 'dispatched' | 'on_scene' | 'closed' | string;
  disposition?: string | null;
  confidential?: boolean;
  requiredResponse?: { minUnits: number; supervisor: boolean };
  units?: IncidentUnit[];
  timeline?: TimelineEntry[];
  calls?: { id: string; line?: string; callerName?: string | null; callbackNumber?: string | null; receivedAt?: string }[];
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
  emergency?: boolean;
  [key: string]: unknown;
}

export interface Alert {
  id: string;
  kind: string;
  startedAt?: string;
  at?: string;
  message?: string;
  title?: string;
  unit?: string | null;
  callSign?: string | null;
  incident?: string | null;
  location?: Location | string | null;
  acknowledgedAt?: string | null;
  [key: string]: unknown;
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

export function actorText(actor: TimelineEntry['actor']): string {
  if (!actor) return '';
  if (typeof actor === 'string') return actor;
  return [actor.user, actor.unit && `(${actor.unit})`].filter(Boolean).join(' ');
}
