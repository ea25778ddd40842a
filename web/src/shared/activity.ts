/**
 * What the person is doing, as the server's idle limit needs it (CJIS AC-11, AC-12): a
 * request sent within a few seconds of a key press, click or touch is the person's; any
 * other (a refresh after a live event, a poll) is marked background and does not keep the
 * session alive. While the person works without causing requests (typing a long
 * narrative), a light request now and then says they are still there.
 */
const USER_ACTION_WINDOW_MS = 5_000;
const HEARTBEAT_EVERY_MS = 60_000;

let lastAction = Date.now();
let lastReported = Date.now();
const listeners = new Set<() => void>();

/** Milliseconds since the person last pressed a key, clicked or touched. */
export function sinceLastAction(): number {
  return Date.now() - lastAction;
}

/** True when a request now is the person's own doing. */
export function isUserAction(): boolean {
  return sinceLastAction() <= USER_ACTION_WINDOW_MS;
}

/** A request marked as the person's own reached the server. */
export function reported(): void {
  lastReported = Date.now();
}

/** Call `listener` on every user action (the idle warning resets on it). */
export function onUserAction(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Count a user action: from the page's own listeners, or the warning's "Stay signed in". */
export function userActed(heartbeat: () => void): void {
  lastAction = Date.now();
  for (const listener of listeners) listener();
  if (Date.now() - lastReported > HEARTBEAT_EVERY_MS) {
    lastReported = Date.now();
    heartbeat();
  }
}

/** Listen for the person's own actions on the page. */
export function watchUserActions(heartbeat: () => void): () => void {
  const handler = () => userActed(heartbeat);
  const events = ['keydown', 'pointerdown', 'touchstart', 'wheel'] as const;
  for (const event of events) window.addEventListener(event, handler, { capture: true, passive: true });
  return () => { for (const event of events) window.removeEventListener(event, handler, { capture: true }); };
}
