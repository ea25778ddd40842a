import { useSyncExternalStore } from 'react';

/**
 * Whether this screen's session is still live. The first request refused for an ended,
 * expired or unknown session marks it ended; every screen then shows "not live — sign
 * in" in large type over what it was showing (nothing typed is lost) until the person
 * signs in again, when the live stores resume where they were.
 */
type SessionState = { ended: boolean; reason: string | null; resumedAt: number };

let state: SessionState = { ended: false, reason: null, resumedAt: 0 };
const listeners = new Set<() => void>();
let watching = false;

const notify = () => { for (const l of listeners) l(); };

/** Start watching once the person has signed in (before that a 401 is just "not signed in"). */
export function watchSession(on: boolean): void {
  watching = on;
}

const ENDED = new Set(['auth.session_expired', 'auth.session_ended', 'auth.required', 'auth.remote_session']);

/** Called by the API client on every 401. */
export function noteUnauthenticated(code: string, detail: string | undefined): void {
  if (!watching || state.ended || !ENDED.has(code)) return;
  state = { ended: true, reason: detail ?? null, resumedAt: state.resumedAt };
  notify();
}

/** The person signed in again: screens resume. */
export function sessionResumed(): void {
  state = { ended: false, reason: null, resumedAt: Date.now() };
  notify();
}

export function sessionState(): SessionState {
  return state;
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribeSession, sessionState);
}
