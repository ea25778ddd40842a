import { api, ApiError, type ProblemBody } from '../shared/api.ts';
import { endpoints } from '../client/endpoints.ts';
import type { Static } from 'typebox';
import type { EmergencyOutcomeSchema, IssuedCredentialSchema } from '../../../src/dispatch/alerts/schemas.ts';

/**
 * The field terminal's emergency credential (81A §E.6.e): fetched once per shift while
 * signed in, kept on this terminal, and able to do one thing only, raise an emergency
 * for this unit and officer. It works when the session has expired or the screen is
 * locked, which is exactly when the session route would refuse.
 */
interface Held { token: string; callSign: string; username: string; expiresAt: string }

const KEY = 'precinct.emergencyCredential';
export const CREDENTIAL_HEADER = 'x-emergency-credential';

function held(): Held | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Held | null;
    return value && Date.parse(value.expiresAt) > Date.now() ? value : null;
  } catch {
    return null;
  }
}

/** Make sure this terminal holds a credential for this officer and unit (asked for once per shift). */
export async function ensureCredential(username: string, callSign: string): Promise<void> {
  const current = held();
  if (current && current.username === username && current.callSign === callSign) return;
  const issued = await api<Static<typeof IssuedCredentialSchema>>(endpoints.emergencyCredential(callSign), { method: 'POST', body: {} });
  localStorage.setItem(KEY, JSON.stringify({ token: issued.token, callSign, username, expiresAt: issued.expiresAt }));
}

/** The terminal's position when the officer allows it; never waits more than two seconds. */
export function terminalPosition(): Promise<{ lat: number; lon: number; accuracyM: number } | undefined> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 2000);
    navigator.geolocation.getCurrentPosition(
      (p) => { clearTimeout(timer); resolve({ lat: p.coords.latitude, lon: p.coords.longitude, accuracyM: Math.min(100_000, p.coords.accuracy) }); },
      () => { clearTimeout(timer); resolve(undefined); },
      { enableHighAccuracy: true, timeout: 2000, maximumAge: 30_000 },
    );
  });
}

/** The server's answer to an emergency: the alert, the emergency incident and the position used. */
export type Raised = Static<typeof EmergencyOutcomeSchema>;

/** Raise the emergency: with the credential when this terminal holds one, else with the session. */
export async function raiseEmergency(callSign: string): Promise<Raised> {
  const position = await terminalPosition();
  const credential = held();
  if (credential && credential.callSign === callSign) {
    const response = await fetch(endpoints.emergency, {
      method: 'POST', credentials: 'omit',
      headers: { 'content-type': 'application/json', [CREDENTIAL_HEADER]: credential.token },
      body: JSON.stringify(position ? { position } : {}),
    });
    const body = await response.json().catch(() => ({ status: response.status, code: 'http.error', title: response.statusText }));
    if (response.ok) return body as Raised;
    if (response.status !== 403) throw new ApiError(body as ProblemBody);
    localStorage.removeItem(KEY); // revoked or past the shift: try the session
  }
  return api<Raised>(endpoints.unitEmergency(callSign), { method: 'POST', body: position ? { position } : {} });
}
