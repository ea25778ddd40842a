import type { Db, Tx } from '../../db/index.ts';
import { appendEvent } from '../../core/events/log.ts';
import { ALERT_PRIORITY, DEFAULT_TIMERS, type Timers } from './rules.ts';
import { defineSetting, readSetting } from '../../core/settings.ts';
import { shiftCommanders as commandersOnRoster } from '../../directory/roster.ts';

export const TIMERS = defineSetting<Partial<Timers>>('dispatch.timers', {});

export interface NewAlert {
  kind: string;
  title: string;
  detail?: Record<string, unknown>;
  callSign?: string | null;
  incident?: string | null;
  /** Who must see it: 'dispatchers', 'field_units', 'commanding_officer', or usernames. */
  audience: string[];
  /** One open alert per key: a timer that fires again does not raise a second alert. */
  dedupeKey?: string;
  confidential?: boolean;
}

export interface AlertView {
  id: string;
  kind: string;
  priority: number;
  title: string;
  detail: Record<string, unknown>;
  callSign: string | null;
  incident: string | null;
  audience: string[];
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgment: string | null;
}

type AlertRow = {
  id: string; kind: string; priority: number; title: string; detail: Record<string, unknown>; call_sign: string | null; incident_number: string | null;
  audience: string[]; raised_at: Date; acknowledged_at: Date | null; acknowledged_by: string | null; acknowledgment: string | null;
};

export function toAlertView(row: AlertRow): AlertView {
  return {
    id: row.id, kind: row.kind, priority: row.priority, title: row.title, detail: row.detail, callSign: row.call_sign, incident: row.incident_number,
    audience: row.audience, raisedAt: row.raised_at.toISOString(), acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: row.acknowledged_by, acknowledgment: row.acknowledgment,
  };
}

/**
 * Raise an alert inside the caller's transaction: the `alert.raised` event reaches every
 * console; the alert row is the projection screens read. Returns null when an alert with
 * the same dedupe key was already raised.
 */
export async function raiseAlert(tx: Tx, actor: { username: string; unit?: string | null }, alert: NewAlert): Promise<AlertView | null> {
  const row = await tx.insertInto('alert').values({
    kind: alert.kind, priority: ALERT_PRIORITY[alert.kind] ?? 3, title: alert.title, detail: JSON.stringify(alert.detail ?? {}),
    call_sign: alert.callSign ?? null, incident_number: alert.incident ?? null, audience: alert.audience, dedupe_key: alert.dedupeKey ?? null,
    acknowledged_at: null, acknowledged_by: null, acknowledgment: null,
  }).onConflict((oc) => oc.column('dedupe_key').doNothing()).returningAll().executeTakeFirst();
  if (!row) return null;
  const view = toAlertView(row);
  await appendEvent(tx, { kind: 'alert.raised', subject: { type: 'alert', id: view.id }, actor, confidential: alert.confidential ?? false, payload: { ...view } });
  return view;
}

export async function readTimers(q: Db | Tx): Promise<Timers> {
  return { ...DEFAULT_TIMERS, ...(await readSetting(q, TIMERS)) };
}

/** Who commands the shift: commanding officers on today's (or last night's) roster. */
export function shiftCommanders(q: Db | Tx, dates: string[]): Promise<string[]> {
  return commandersOnRoster(q, dates);
}

/**
 * Units in distress: those with an emergency alert still open, and the unit whose
 * emergency this incident is (even after its alert was acknowledged). Never recommended.
 */
export async function unitsInDistress(q: Db | Tx, incidentNumber: string): Promise<string[]> {
  const rows = await q.selectFrom('alert').select('call_sign').where('kind', '=', 'emergency').where('call_sign', 'is not', null)
    .where((eb) => eb.or([eb('acknowledged_at', 'is', null), eb('incident_number', '=', incidentNumber)])).execute();
  return [...new Set(rows.map((r) => r.call_sign!))];
}
