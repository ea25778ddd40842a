/** What the console reads from the dispatch API: the server's own answer types (type-only imports). */
import type { Static } from 'typebox';
import type * as D from '../../../src/dispatch/schemas.ts';
import type * as A from '../../../src/agency/schemas.ts';

export type DispatchEvent = Static<typeof D.DispatchEvent>;
export type Location = Static<typeof D.IncidentLocation>;
export type IncidentUnit = Static<typeof D.IncidentUnitView>;
export type TimelineEntry = Static<typeof D.TimelineEntry>;
export type Incident = Static<typeof D.IncidentRecord>;
export type Unit = Static<typeof D.UnitView>;
export type UnitStatus = Unit['status'];
export type Alert = Static<typeof D.AlertView>;
export type Call = Static<typeof D.CallView>;

export type IncidentType = Static<typeof A.IncidentTypesAnswer>[number];
export type Disposition = Static<typeof A.DispositionsAnswer>[number];
export type Code = Static<typeof A.CodeEntry>;
export type Agency = Static<typeof A.AgencyAnswer>;
export type Assignment = Static<typeof D.UnitsAssignmentAnswer>;
export type IncidentSuggestion = Static<typeof D.Suggestion>;

/** An address with its place name: an incident's location, or a unit's last reported one. */
export function locationText(location: Location | Record<string, unknown> | string | null | undefined): string {
  if (!location) return '';
  if (typeof location === 'string') return location;
  const address = typeof location.address === 'string' ? location.address : '';
  return typeof location.placeName === 'string' && location.placeName ? `${address} (${location.placeName})` : address;
}

export function actorText(actor: TimelineEntry['actor'], unit?: string | null): string {
  if (!actor) return unit ?? '';
  return unit ? `${actor} (${unit})` : actor;
}

/** A confidential incident read without the right to see it (81A §E.2.c): number and times only. */
export function isWithheld(incident: Pick<Incident, 'confidential'> & { location: unknown }): boolean {
  return Boolean(incident.confidential) && !incident.location;
}
