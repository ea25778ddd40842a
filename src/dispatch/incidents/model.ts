/** What an incident is in the dispatcher's words (81A §D.3; CALEA 81.2.3 a–j). */

export interface IncidentLocation {
  address: string;
  lat?: number | null;
  lon?: number | null;
  /** A common place name ("Town Hall", "Route 2 rest area"). */
  placeName?: string | null;
  /** 81A §D.3.c: the address shown is the police department's; the real one is restricted. */
  confidentialShelter?: boolean;
  /** The patrol sector (81A §E.2.b.i area of assignment), from the town's sectors or as given. */
  area?: string | null;
  fireDistrict?: string | null;
  emsDistrict?: string | null;
  /** True when the address is in the town's address file (or is an intersection or place name it knows). */
  verified?: boolean;
  /** 81A §C.2.b.ii: where the E-911 caller's phone was, as the ALI gave it (Phase II: a point and its uncertainty). */
  ali?: { lat: number; lon: number; uncertaintyMetres: number | null } | null;
}

export interface Complainant {
  name: string;
  address: string;
  phone: string;
  confidentialShelter?: boolean;
}

/** 81A §D.2.c: the nature of the incident as the reporting party tells it. */
export interface ReportingParty {
  what?: string;
  where?: string;
  when?: string;
  how?: string;
  who?: string;
  why?: string;
}

export interface NewIncident {
  callId?: string | undefined;
  type: string;
  location: IncidentLocation;
  complainant?: Complainant | undefined;
  narrative?: string | undefined;
  priority?: number | undefined;
  reportingParty?: ReportingParty | undefined;
  /** Confidential from its first event (81A §E.2.c). */
  confidential?: boolean | undefined;
}

export interface RequiredResponse {
  minUnits: number;
  supervisor: boolean;
}

export interface IncidentTypeEntry {
  code: string;
  name: string;
  attrs: Record<string, unknown>;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  kind: string;
  actor: string | null;
  unit: string | null;
  payload: Record<string, unknown>;
  /** 81A §D.3: nothing is edited; a correction is a later entry pointing here. */
  correctedBy?: number[];
}

export interface IncidentUnitView {
  callSign: string;
  role: 'primary' | 'backup';
  dispatchedAt: string;
  enRouteAt: string | null;
  arrivedAt: string | null;
  clearedAt: string | null;
}

export interface LinkedCaller {
  callId: string;
  line: string;
  callerName: string | null;
  callbackNumber: string | null;
  receivedAt: string;
}

export interface IncidentRecord {
  number: string;
  type: string;
  typeName: string | null;
  priority: number;
  /** null only for a confidential incident (81A §E.2.c) read without dispatch.confidential. */
  location: IncidentLocation | null;
  complainant: Complainant | null;
  reportingParty: ReportingParty | null;
  narrative: string | null;
  reportedAt: string;
  status: string;
  disposition: string | null;
  closedAt: string | null;
  confidential: boolean;
  createdBy: string;
  requiredResponse: RequiredResponse;
  callId: string | null;
  /** A duplicate: the incident it was merged into (81A §C "Multiple Calls"). */
  mergedInto: string | null;
  callers: LinkedCaller[];
  units: IncidentUnitView[];
  timeline: TimelineEntry[];
}

export interface IncidentSummary {
  number: string;
  type: string;
  priority: number;
  location: IncidentLocation;
  status: string;
  reportedAt: string;
}
