import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import type { Static } from 'typebox';
import type * as Identity from '../../../src/identity/schemas.ts';
import { problemText } from '../shared/problem.ts';

type MfaStatus = Static<typeof Identity.MfaStatus>;
type Enrollment = Static<typeof Identity.MfaEnrollment>;

const message = (e: unknown) => problemText(e, 'Something went wrong.');

/** TOTP enrollment with a QR code; the recovery codes are shown once (S-110 §H). */
export function SecondFactor({ onDone }: { onDone?: () => void } = {}) {
  const [status, setStatus] = useState<MfaStatus | null>(null);
  const [password, setPassword] = useState('');
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => { api<MfaStatus>('/api/v1/me/mfa').then(setStatus, (e: unknown) => setError(message(e))); }, []);
  useEffect(load, [load]);

  async function start(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      setEnrollment(await api<Enrollment>('/api/v1/me/mfa/enrollment', { method: 'POST', body: { password } }));
      setPassword('');
    } catch (e) {
      setError(message(e));
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const result = await api<Static<typeof Identity.MfaRecoveryCodes>>('/api/v1/me/mfa/confirmation', { method: 'POST', body: { code } });
      setRecoveryCodes(result.recoveryCodes);
      setEnrollment(null);
      setCode('');
      load();
    } catch (e) {
      setError(message(e));
    }
  }

  return (
    <section className="panel" aria-labelledby="mfa-title">
      <h3 id="mfa-title">Authenticator (second factor)</h3>
      {recoveryCodes && (
        <div className="once" role="region" aria-label="Recovery codes">
          <p><strong>Recovery codes — shown this once.</strong> Write them down and keep them somewhere safe. Each signs you in once if you lose the authenticator.</p>
          <ol className="codes" data-testid="recovery-codes">{recoveryCodes.map((c) => <li key={c}>{c}</li>)}</ol>
          <button type="button" onClick={() => { setRecoveryCodes(null); onDone?.(); }}>I have written them down</button>
        </div>
      )}
      {status?.enrolled && !recoveryCodes && (
        <p data-testid="mfa-status"><span className="tag good">Enrolled</span> since {new Date(status.enrolledAt ?? '').toLocaleDateString()}; {status.recoveryCodesLeft} recovery codes left. A lost device is reset by a system administrator.</p>
      )}
      {status && !status.enrolled && !enrollment && (
        <form className="stack" onSubmit={start} aria-label="Start enrollment">
          <p className="hint">Remote access (system administrators, the chief, captains, the court administrator) needs an authenticator app. Anyone may enroll.</p>
          <label>Your password <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
          <button type="submit">Set up an authenticator</button>
        </form>
      )}
      {enrollment && (
        <form className="stack" onSubmit={confirm} aria-label="Confirm authenticator">
          <p>Scan this code with the authenticator app, then enter the 6-digit code it shows.</p>
          <img className="qr" src={enrollment.qr} alt="QR code for the authenticator app" width={240} height={240} />
          <p className="hint">Cannot scan? Enter this key by hand: <code data-testid="mfa-secret">{enrollment.secret}</code></p>
          <label>Code from the app <input name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required /></label>
          <button type="submit">Confirm</button>
        </form>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
