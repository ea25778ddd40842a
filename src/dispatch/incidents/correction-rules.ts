/**
 * Pure decisions for correcting an incident without rewriting it (81A §D.3: the record
 * is kept, a correction is a new entry): what a correction changes, when a closed
 * incident may be reopened, and which two incidents may be merged (81A §C "Multiple
 * Calls": several calls about one incident). No I/O; table tests beside it.
 */
import { allow, refuse, type Decision } from '../../core/decision.ts';

const JOURNAL = '81A §D.3';
const MULTIPLE_CALLS = '81A §C "Multiple Calls" 2.d';

/** One field a correction changed: the value before and after, both kept on the timeline. */
export interface FieldChange {
  field: 'type' | 'priority' | 'location' | 'complainant';
  from: unknown;
  to: unknown;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields whose corrected value differs from the recorded one, in a fixed order. */
export function changedFields(before: Record<FieldChange['field'], unknown>, after: Partial<Record<FieldChange['field'], unknown>>): FieldChange[] {
  const fields: FieldChange['field'][] = ['type', 'priority', 'location', 'complainant'];
  return fields.filter((f) => f in after && after[f] !== undefined && !same(before[f], after[f])).map((f) => ({ field: f, from: before[f] ?? null, to: after[f] }));
}

/**
 * A closed incident may be reopened within the agency's window (hours after its close,
 * a dispatch timer). Later, a new incident is opened and names the old one: the closed
 * record is by then part of the shift's log and the daily log.
 */
export function mayReopen(incident: { status: string; closedAt: Date | null; mergedInto: string | null }, now: Date, windowHours: number): Decision {
  if (incident.mergedInto) return refuse('incident.merged', JOURNAL, `This incident was merged into ${incident.mergedInto} as a duplicate; reopen or correct ${incident.mergedInto} instead.`, 409);
  if (incident.status !== 'closed' || !incident.closedAt) return refuse('incident.not_closed', JOURNAL, 'Only a closed incident can be reopened; this one is still open.', 409);
  const hours = (now.getTime() - incident.closedAt.getTime()) / 3_600_000;
  if (hours > windowHours) {
    return refuse('incident.reopen_window_passed', JOURNAL,
      `It was closed more than ${windowHours} hours ago, the agency's window for reopening: open a new incident and name this one in its narrative.`, 409);
  }
  return allow(JOURNAL);
}

export interface MergeSide {
  number: string;
  status: string;
  confidential: boolean;
  mergedInto: string | null;
}

/**
 * A duplicate is merged into the incident it repeats: both open, neither already merged,
 * and both equally confidential (merging would otherwise move a confidential caller onto
 * an open record, or the reverse; 81A §E.2.c).
 */
export function mayMerge(duplicate: MergeSide, into: MergeSide): Decision {
  if (duplicate.number === into.number) return refuse('incident.merge_self', MULTIPLE_CALLS, 'An incident cannot be merged into itself.', 422);
  for (const side of [duplicate, into]) {
    if (side.mergedInto) return refuse('incident.merged', MULTIPLE_CALLS, `Incident ${side.number} was already merged into ${side.mergedInto}.`, 409);
    if (side.status === 'closed') return refuse('incident.closed', MULTIPLE_CALLS, `Incident ${side.number} is closed: reopen it first, or leave the two apart.`, 409);
  }
  if (duplicate.confidential !== into.confidential) {
    return refuse('incident.merge_confidential', '81A §E.2.c', 'One of the two incidents is confidential and the other is not: mark both confidential first, or leave them apart.', 409);
  }
  return allow(MULTIPLE_CALLS);
}

/** The status an incident takes when units come over from a duplicate: the further of the two. */
export function statusAfterMerge(current: string, moved: readonly { arrived: boolean }[]): string {
  if (moved.length === 0 || current === 'on_scene') return current;
  return moved.some((u) => u.arrived) ? 'on_scene' : current === 'pending' ? 'dispatched' : current;
}
