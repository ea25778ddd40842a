/**
 * Pure decisions that protect officers (81A §E.5.d, §E.6): when to prompt the dispatcher
 * after unanswered calls, and which timers have run out. No I/O; table tests beside it.
 */
import { allow, refuse, type Decision } from '../../core/decision.ts';


export interface Timers {
  /** §E.5.d: re-establish contact with a unit on standby within this many minutes. */
  standbyMinutes: number;
  /** §E.6.c: after this long unreachable, alert field units and the commanding officer. */
  nonResponseMinutes: number;
  /** A unit on scene this long gets a status check (an incident type's `statusCheckMinutes` overrides it). */
  onSceneMinutes: number;
  /** A unit out of service this long gets a status check (a reason's `statusCheckMinutes` overrides it). */
  outOfServiceMinutes: number;
  /** 81A §D.3: a closed incident may be reopened this many hours after its close (0: never); later, a new one names it. */
  reopenHours: number;
  /** How far back an address's history at call time reaches, in days. */
  historyDays: number;
}

export const DEFAULT_TIMERS: Timers = { standbyMinutes: 3, nonResponseMinutes: 5, onSceneMinutes: 45, outOfServiceMinutes: 60, reopenHours: 24, historyDays: 365 };

export interface NonResponsePrompt {
  tryAnotherChannel: boolean;
  dispatchAnother: boolean;
  message: string | null;
  clause: string | null;
}

/**
 * §E.6.a: "If, after calling a unit twice, the dispatcher receives no answer" — keep
 * trying, by cell phone or laptop; §E.6.b: "If the call requires an immediate response,
 * another unit will be dispatched." Priority 1 incidents need an immediate response.
 */
export function nonResponsePrompt(unanswered: number, incidentPriority: number | null): NonResponsePrompt {
  if (unanswered < 2) return { tryAnotherChannel: false, dispatchAnother: false, message: null, clause: null };
  const immediate = incidentPriority === 1;
  return {
    tryAnotherChannel: true,
    dispatchAnother: immediate,
    message: immediate
      ? 'No answer after two calls: try cell phone or laptop, and dispatch another unit to this incident.'
      : 'No answer after two calls: keep calling, and try cell phone or laptop.',
    clause: immediate ? '81A §E.6.a–b' : '81A §E.6.a',
  };
}

/** Whether `since` is at least `minutes` before `now`. */
export function overdue(since: Date | null, minutes: number, now: Date): boolean {
  return since !== null && now.getTime() - since.getTime() >= minutes * 60_000;
}

/** The status-check limit for a unit in this status, or null when the status has none. */
export function statusCheckLimit(status: string, timers: Timers, override: unknown): number | null {
  const own = typeof override === 'number' && override > 0 ? override : null;
  if (status === 'arrived') return own ?? timers.onSceneMinutes;
  if (status === 'out_of_service') return own ?? timers.outOfServiceMinutes;
  return null;
}

/** Alert priorities: 0 is the officer's emergency button, the highest of all (§E.6.e). */
export const ALERT_PRIORITY: Record<string, number> = {
  emergency: 0,
  non_response: 1,
  facility_alarm: 1,
  emergency_message: 1,
  standby_recontact: 2,
  status_check: 2,
  message_undelivered: 2,
  knox_keys_out: 1,
};

/**
 * Alerts that no one acknowledges away: they clear themselves when what they are about
 * is done. Master keys still out on a closed incident stay on the screen until the
 * return is logged (O-604 §III.F–G).
 */
export const SELF_CLEARING: Record<string, { clause: string; until: string }> = {
  knox_keys_out: { clause: 'O-604 §III.F', until: 'the master keys are logged as returned to the Knox Box' },
};

/** An emergency alert is dismissed only with a written acknowledgment of what was done (§E.6.e). */
export function acknowledgmentRefusal(kind: string, text: string | undefined): string | null {
  if (kind === 'emergency' && (!text || text.trim().length < 3)) {
    return 'an emergency alert is acknowledged only with a note of what was done (81A §E.6.e)';
  }
  return null;
}

/** Where an officer in distress was last known to be, and from what (81A §E.6.e "last location"). */
export interface DistressPosition {
  source: 'terminal' | 'avl' | 'radio' | 'assigned_incident' | 'last_reported' | 'unit_area' | 'unknown';
  /** The words a dispatcher reads: "GPS from the officer's terminal", "the incident the unit is on"… */
  sourceText: string;
  address: string;
  lat: number | null;
  lon: number | null;
  accuracyM?: number | null;
}

export interface PositionClues {
  /** The terminal's own geolocation, when the officer allowed it. */
  terminal?: { lat: number; lon: number; accuracyM?: number | null | undefined } | null | undefined;
  /** The unit's fresh vehicle location from the AVL feed (stale ones are left out by the caller). */
  avl?: { lat: number; lon: number } | null | undefined;
  /** A location the radio system reported with the activation. */
  radio?: { address?: string | undefined; lat?: number | undefined; lon?: number | undefined } | null | undefined;
  /** The incident the unit is assigned to. */
  assigned?: { number: string; location: { address: string; lat?: number | null; lon?: number | null } } | null | undefined;
  /** A location the unit itself reported (typed or from a position feed), with its time. */
  lastReported?: { address?: unknown; lat?: unknown; lon?: unknown } | null | undefined;
  /** The unit's area of assignment. */
  area?: string | null | undefined;
}

const coord = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The best position for an emergency: the terminal's geolocation, else the unit's fresh
 * vehicle location (AVL), else what the radio system reported, else the assigned incident's location, else the unit's last reported
 * location, else its area, always saying which (81A §E.6.e).
 */
export function distressPosition(clues: PositionClues): DistressPosition {
  const t = clues.terminal;
  if (t) {
    const gps = `${t.lat.toFixed(5)}, ${t.lon.toFixed(5)}`;
    const near = clues.assigned ? ` (assigned to ${clues.assigned.location.address})` : '';
    return { source: 'terminal', sourceText: 'GPS from the officer’s terminal', address: `GPS ${gps}${near}`, lat: t.lat, lon: t.lon, accuracyM: t.accuracyM ?? null };
  }
  if (clues.avl) {
    const near = clues.assigned ? ` (assigned to ${clues.assigned.location.address})` : '';
    return { source: 'avl', sourceText: 'the unit’s vehicle location (AVL)', address: `GPS ${clues.avl.lat.toFixed(5)}, ${clues.avl.lon.toFixed(5)}${near}`, lat: clues.avl.lat, lon: clues.avl.lon };
  }
  const r = clues.radio;
  if (r && (r.address || (r.lat !== undefined && r.lon !== undefined))) {
    return { source: 'radio', sourceText: 'reported by the radio system', address: r.address ?? `GPS ${r.lat}, ${r.lon}`, lat: coord(r.lat), lon: coord(r.lon) };
  }
  if (clues.assigned) {
    const l = clues.assigned.location;
    return { source: 'assigned_incident', sourceText: `the location of incident ${clues.assigned.number}, which the unit is on`, address: l.address, lat: coord(l.lat), lon: coord(l.lon) };
  }
  const last = clues.lastReported;
  if (last && typeof last.address === 'string' && last.address) {
    return { source: 'last_reported', sourceText: 'the unit’s last reported location', address: last.address, lat: coord(last.lat), lon: coord(last.lon) };
  }
  if (clues.area) return { source: 'unit_area', sourceText: 'the unit’s area of assignment (no better position known)', address: clues.area, lat: null, lon: null };
  return { source: 'unknown', sourceText: 'no position known', address: 'Position unknown', lat: null, lon: null };
}

/** "EMERGENCY — Priya Nguyen #318 · 412 · on 26-00012": who, which unit, which incident. */
export function emergencyTitle(who: { officer: string | null; callSign: string | null; incident: string | null; radioId: string }): string {
  if (!who.callSign && !who.officer) return `EMERGENCY — unknown radio ${who.radioId}`;
  return ['EMERGENCY —', [who.officer, who.callSign, who.incident ? `on ${who.incident}` : null].filter(Boolean).join(' · ')].join(' ');
}

/** A field terminal's emergency credential (81A §E.6.e) as the rule sees it. */
export interface CredentialState { revokedAt: Date | null; expiresAt: Date; officerDisabled: boolean }

/**
 * Whether an emergency credential may raise an emergency now. It deliberately ignores
 * sessions: idle locks and session expiry do not stop it (81A §E.6.e, the officer's life
 * first); only revocation, the end of the shift or a disabled login do.
 */
export function credentialDecision(c: CredentialState | undefined, now: Date): Decision {
  if (!c) return refuse('emergency.credential_unknown', '81A §E.6.e', 'This terminal has no valid emergency credential: use the radio’s emergency button, then sign in again.', 403);
  if (c.revokedAt) return refuse('emergency.credential_revoked', '81A §E.6.e', 'This terminal’s emergency credential was revoked by an administrator: use the radio’s emergency button.', 403);
  if (c.expiresAt.getTime() <= now.getTime()) return refuse('emergency.credential_expired', '81A §E.6.e', 'This terminal’s emergency credential ended with the shift: use the radio’s emergency button, then sign in again.', 403);
  if (c.officerDisabled) return refuse('emergency.credential_disabled', '81A §E.6.e', 'The officer’s login is disabled: use the radio’s emergency button.', 403);
  return allow('81A §E.6.e');
}
