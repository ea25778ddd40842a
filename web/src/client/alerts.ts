import { locationText, type Alert, type Location } from './types.ts';

/** An officer's emergency (81A §E.6.e): it outranks every other alert on every screen. */
export const isEmergency = (a: Alert) => a.kind === 'emergency';

/** Alerts that make a unit overdue on the board itself (81A §E.5.d, §E.6.c, status checks). */
export const OVERDUE_KINDS: Record<string, string> = { status_check: 'status check due', non_response: 'not answering', standby_recontact: 're-contact due' };

/** Where: the last known position and where it came from (terminal GPS, assigned incident, unit area). */
export function alertLocation(a: Alert): string {
  const d = a.detail ?? {};
  const position = d.position as { address?: string; sourceText?: string } | undefined;
  if (position?.address) return `${position.address} — ${position.sourceText ?? 'last known position'}`;
  const where = (d.reportedLocation ?? d.lastLocation ?? d.location) as Location | string | null | undefined;
  return locationText(where);
}
