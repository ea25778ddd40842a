import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../shared/api.ts';
import { unlockSound } from '../shared/sound.ts';
import { problemText } from '../shared/problem.ts';

/** CJIS AC-8 system-use notice, acknowledged before sign-in. */
export const SYSTEM_USE_NOTICE = [
  'This is a restricted law-enforcement information system, including criminal justice information protected by the FBI CJIS Security Policy and Massachusetts CORI law.',
  'Use is limited to authorized users for authorized purposes. All use is monitored, recorded and audited.',
  'Unauthorized use or disclosure is prohibited and may be punished under federal and state law and department policy.',
  'By signing in you consent to this monitoring and recording.',
];

export function Login({ onSignedIn }: { onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [needsOtp, setNeedsOtp] = useState(false);
  const [acknowledged, setAcknowledged] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    unlockSound(); // the sign-in click lets the page sound its alert tones, so the first one is never silent
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/session', { method: 'POST', body: { username, password, ...(otp ? { otp } : {}) } });
      onSignedIn();
    } catch (e) {
      // S-110 §H: the second-factor step; the field stays for a wrong or reused code.
      if (e instanceof ApiError && ['auth.mfa_required', 'auth.otp_invalid', 'auth.otp_reused'].includes(e.problem.code)) setNeedsOtp(true);
      if (e instanceof ApiError && e.problem.code !== 'auth.mfa_required') setOtp('');
      setError(problemText(e, 'Sign-in failed.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <h1>Precinct</h1>
      <section className="notice" aria-labelledby="notice-title">
        <h2 id="notice-title">System use notice</h2>
        {SYSTEM_USE_NOTICE.map((line) => <p key={line}>{line}</p>)}
      </section>
      <form onSubmit={submit} aria-label="Sign in">
        <label>Login <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus /></label>
        <label>Password <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
        {needsOtp && (
          <label>Authenticator code <input name="otp" autoComplete="one-time-code" value={otp} onChange={(e) => setOtp(e.target.value)} required autoFocus /></label>
        )}
        <label className="check">
          <input type="checkbox" name="acknowledge" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} required />
          I have read the notice above and consent to monitoring.
        </label>
        {needsOtp && <p className="hint">The 6-digit code from your authenticator app, or one of your recovery codes.</p>}
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" disabled={busy || !acknowledged}>Sign in</button>
      </form>
    </main>
  );
}
