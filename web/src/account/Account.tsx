import type { Me } from '../shared/api.ts';
import { ChangePassword } from './ChangePassword.tsx';
import { SecondFactor } from './SecondFactor.tsx';
import { SessionTable } from './Sessions.tsx';
import './account.css';

/** My account: password, authenticator, my sessions (S-110 §D, §H). */
export function Account({ me }: { me: Me }) {
  const expiresAt = (me as Me & { passwordExpiresAt?: string }).passwordExpiresAt;
  const expires = expiresAt ? new Date(expiresAt) : null;
  return (
    <section aria-labelledby="account-title">
      <h2 id="account-title">My account — {me.user.firstName} {me.user.lastName}</h2>
      {expires && <p className="hint" data-testid="password-expires">Your password expires on {expires.toLocaleDateString()} (S-110 §D.1: passwords are changed when they expire).</p>}
      <ChangePassword forced={false} onChanged={() => undefined} />
      <SecondFactor />
      <section className="panel" aria-labelledby="my-sessions-title">
        <h3 id="my-sessions-title">My sessions</h3>
        <p className="hint">Every place you are signed in. End any you do not recognise, and tell the system administrator.</p>
        <SessionTable list="/api/v1/me/sessions" endPath="/api/v1/me/sessions" showUser={false} />
      </section>
    </section>
  );
}
