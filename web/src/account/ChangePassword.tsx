import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import './account.css';
import type { Static } from 'typebox';
import type * as Identity from '../../../src/identity/schemas.ts';
import { problemText } from '../shared/problem.ts';
import { agencyProfile } from '../shared/agency.ts';
import { day } from '../shared/time.ts';

/**
 * Change one's own password (S-110 §D.1). Shown on its own after sign-in when the
 * initial password must be changed or the password has expired.
 */
export function ChangePassword({ forced, onChanged }: { forced: boolean; onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(null);
    if (next !== again) {
      setError('The two new passwords are not the same.');
      return;
    }
    setBusy(true);
    try {
      const result = await api<Static<typeof Identity.PasswordChanged>>('/api/v1/me/password', { method: 'POST', body: { currentPassword: current, newPassword: next } });
      setCurrent('');
      setNext('');
      setAgain('');
      const zone = (await agencyProfile().catch(() => null))?.timeZone ?? 'UTC';
      setDone(`Password changed. It expires on ${day(result.passwordExpiresAt, zone)}.`);
      onChanged();
    } catch (e) {
      setError(problemText(e, 'The password could not be changed.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="change-password-title">
      <h3 id="change-password-title">{forced ? 'Choose a new password before going on' : 'Change password'}</h3>
      {forced && <p className="hint">Your password is the initial one or has expired (S-110 §D.1). Choose your own now.</p>}
      <p className="hint">At least 12 characters; not your name or login, not a common password, none of your last 10.</p>
      <form className="stack" onSubmit={submit} aria-label="Change password">
        <label>Current password <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required /></label>
        <label>New password <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required /></label>
        <label>New password again <input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required /></label>
        {error && <p role="alert" className="error">{error}</p>}
        {done && <p role="status" className="ok">{done}</p>}
        <button type="submit" disabled={busy}>Change password</button>
      </form>
    </section>
  );
}
