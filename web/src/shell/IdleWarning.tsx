import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import { sinceLastAction, userActed, watchUserActions } from '../shared/activity.ts';

const WARN_BEFORE_MS = 60_000;

function stillHere(): void {
  void api('/api/v1/me').catch(() => undefined);
}

/**
 * The idle lock, seen coming (CJIS AC-11): a minute before the session ends for want of
 * a user action, a warning counts down and lets the person go on. When it runs out the
 * console asks the server, which has ended the session, and shows the sign-in.
 */
export function IdleWarning({ idleMinutes, onExpired }: { idleMinutes: number; onExpired: () => void }) {
  const limit = idleMinutes * 60_000;
  const [left, setLeft] = useState(limit);
  useEffect(() => watchUserActions(stillHere), []);
  useEffect(() => {
    const timer = window.setInterval(() => {
      const remaining = limit - sinceLastAction();
      setLeft(remaining);
      if (remaining <= 0) onExpired();
    }, 1000);
    return () => window.clearInterval(timer);
  }, [limit, onExpired]);
  if (left > WARN_BEFORE_MS || left <= 0) return null;
  return (
    <div className="idle-warning" role="alertdialog" aria-labelledby="idle-title">
      <h2 id="idle-title">Still there?</h2>
      <p>Without any action you will be signed out in {Math.ceil(left / 1000)} seconds (CJIS AC-11).</p>
      <button type="button" onClick={() => { userActed(stillHere); stillHere(); }}>Stay signed in</button>
    </div>
  );
}
