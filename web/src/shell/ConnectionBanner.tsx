import type { LiveState } from '../client/live.ts';
import { clock } from '../shared/time.ts';

/** Shown while the stream is down; the console catches up by itself when it returns. */
export function ConnectionBanner({ state, timeZone }: { state: LiveState; timeZone: string }) {
  if (state.connection === 'ended') {
    return (
      <p className="banner offline" role="alert" data-testid="ended-banner">
        No longer live: {state.endedReason} at {clock(state.droppedAt, timeZone)} — this screen is NOT current. Sign in again to go on.
      </p>
    );
  }
  if (state.connection !== 'disconnected') return null;
  return (
    <p className="banner offline" role="alert" data-testid="offline-banner">
      Connection to the server lost at {clock(state.droppedAt, timeZone)} — this screen is NOT current. Reconnecting…
    </p>
  );
}

/** Shown while part of the screen's reference (the agency profile, a code table) could not be read; it is read again until it is. */
export function ReferenceBanner({ missing }: { missing: readonly string[] }) {
  if (missing.length === 0) return null;
  return (
    <p className="notice" role="alert" data-testid="reference-missing">
      Could not read {missing.join(', ')} from the server: trying again.
    </p>
  );
}
