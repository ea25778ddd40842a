import type { Assignment, DispatchEvent, Incident, IncidentUnit, Unit } from './types.ts';
import { isWithheld } from './types.ts';

/** The incident a unit's assignment gives the unit's own officers, even when it is confidential (81A §E.2.c). */
export type AssignedIncident = NonNullable<Assignment['incident']>;

/**
 * What the field view shows of its unit's incident: what the assignment carries (number,
 * type, location, narrative, status, the units on it), and the rest of the incident record
 * when this terminal may read it (complainant, timeline…).
 */
export type FieldIncident = Pick<Incident, 'number' | 'type' | 'priority' | 'narrative' | 'confidential' | 'reportedAt'> & {
  status: string;
  location: Incident['location'] | AssignedIncident['location'];
  units: (Pick<IncidentUnit, 'callSign'> & Partial<Pick<IncidentUnit, 'clearedAt'>>)[];
} & Partial<Omit<Incident, 'number' | 'type' | 'priority' | 'narrative' | 'confidential' | 'reportedAt' | 'status' | 'location' | 'units'>>;

/**
 * The unit's incident as the field view shows it: the store's record, or, where the record
 * is withheld from this terminal (a confidential incident, read without dispatch.confidential),
 * the assignment's details with the record's timeline.
 */
export function fieldIncident(record: Incident | undefined, assigned: AssignedIncident | null): FieldIncident | undefined {
  if (!assigned || (record && !isWithheld(record))) return record;
  return { ...record, ...assigned, timeline: record?.timeline ?? [] };
}

/** The officer at a field terminal and the unit they ride in. */
export interface FieldTerminal {
  username: string;
  callSign: string;
}

/**
 * Whether an event changes what the field view shows of its unit and the incident it is on:
 * an event about the unit, about the incident, or naming either in its payload (a unit
 * dispatched to it or cleared from it). Not an event the officer caused from this unit: that
 * was this terminal's own action, whose answer the view already holds.
 */
export function concernsUnit(event: DispatchEvent, terminal: FieldTerminal, incident: string | null): boolean {
  if (event.actor.user === terminal.username && event.actor.unit === terminal.callSign) return false;
  if (event.subjectType === 'unit' && event.subjectId === terminal.callSign) return true;
  const p = event.payload;
  if (p.unit === terminal.callSign || (Array.isArray(p.units) && p.units.includes(terminal.callSign))) return true;
  if (!incident) return false;
  return (event.subjectType === 'incident' && event.subjectId === incident) || p.incident === incident;
}

/**
 * After the live store has acted on some events (its own refetches done): does the field view
 * read its unit's assignment again? Only when one of them concerns the unit or its incident,
 * and the view relies on the assignment, because the store's copy of the incident is missing
 * or withheld from this terminal (81A §E.2.c). Every other event costs the terminal nothing.
 */
export function rereadAssignment(events: readonly DispatchEvent[], terminal: FieldTerminal, units: readonly Unit[], incidents: Readonly<Record<string, Incident>>): boolean {
  const incident = units.find((u) => u.callSign === terminal.callSign)?.incident ?? null;
  if (!incident) return false;
  const record = incidents[incident];
  if (record && !isWithheld(record)) return false;
  return events.some((e) => concernsUnit(e, terminal, incident));
}
