import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../shared/api.ts';
import { sessionResumed, useSession } from '../shared/session.ts';
import { SYSTEM_USE_NOTICE } from './Login.tsx';
import { unlockSound } from '../shared/sound.ts';
import { problemText } from '../shared/problem.ts';

/**
 * "NOT LIVE — SIGN IN", in large type, the moment the session ends (idle limit, expiry,
 * sign-out elsewhere). The screen under it stays as it was, with whatever was being typed;
 * signing in here resumes it. The field view's emergency button stays usable below it:
 * it does not need the session (81A §E.6.e).
 */
export function SessionLock({ username, onResumed }: { username: string; onResumed: () => void }) {
  const session = useSession();
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [needsOtp, setNeedsOtp] = useState(false);
  const [acknowledged, setAcknowledged] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!session.ended) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    unlockSound();
    setError(null);
    try {
      await api('/api/v1/session', { method: 'POST', body: { username, password, ...(otp ? { otp } : {}) } });
      setPassword('');
      setOtp('');
      sessionResumed();
      onResumed();
    } catch (err) {
      if (err instanceof ApiError && ['auth.mfa_required', 'auth.otp_invalid', 'auth.otp_reused'].includes(err.problem.code)) setNeedsOtp(true);
      setError(problemText(err, 'Sign-in failed.'));
    }
  };
  return (
    <section className="session-lock" role="alert" aria-labelledby="session-lock-title" data-testid="session-lock">
      <h2 id="session-lock-title">NOT LIVE — SIGN IN</h2>
      <p>{session.reason ?? 'Your session has ended.'} This screen is not current until you sign in again; what you were typing is kept.</p>
      <div className="notice small">{SYSTEM_USE_NOTICE.map((line) => <p key={line}>{line}</p>)}</div>
      <form onSubmit={(e) => void submit(e)} aria-label="Sign in again">
        <label>Login <input value={username} readOnly /></label>
        <label>Password <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
        {needsOtp && <label>Authenticator code <input autoComplete="one-time-code" value={otp} onChange={(e) => setOtp(e.target.value)} required /></label>}
        <label className="check">
          <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} required />
          I have read the notice above and consent to monitoring.
        </label>
        <button type="submit" disabled={!acknowledged}>Sign in</button>
        {error && <p className="error">{error}</p>}
      </form>
    </section>
  );
}
