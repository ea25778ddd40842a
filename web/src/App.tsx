import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type Me } from './shared/api.ts';
import { navigate, usePath } from './shared/router.ts';
import { sections } from './shell/sections.ts';
import { Home } from './shell/Home.tsx';
import { Login } from './shell/Login.tsx';
import { ChangePassword } from './account/ChangePassword.tsx';
import { SecondFactor } from './account/SecondFactor.tsx';
import { CjisDock } from './cjis/CjisDock.tsx';
import { SessionLock } from './shell/SessionLock.tsx';
import { AlertStrip, FloorTones, SoundSwitch } from './shell/AlertStrip.tsx';
import { LiveProvider } from './client/live.ts';
import { watchSession } from './shared/session.ts';
import { IdleWarning } from './shell/IdleWarning.tsx';

/** The page a person starts on: the board for dispatch, their unit for a field officer, else Home. */
export function landingPath(permissions: readonly string[]): string | null {
  if (permissions.includes('dispatch.dispatch') || permissions.includes('dispatch.calls')) return '/console';
  if (permissions.includes('dispatch.own_unit')) return '/field';
  return null;
}

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const path = usePath();
  const refresh = useCallback(() => {
    api<Me>('/api/v1/me').then(setMe, (e: unknown) => {
      if (e instanceof ApiError && e.problem.status === 401) setMe(null);
      else setMe(null);
    });
  }, []);
  useEffect(refresh, [refresh]);
  useEffect(() => watchSession(Boolean(me)), [me]);
  // Where a person lands on signing in: dispatchers and call-takers on the board, officers on
  // their unit; the Home link still leads to Home afterwards.
  const landed = useRef(false);
  useEffect(() => {
    if (!me || me.mustChangePassword || me.mustEnrollMfa || landed.current) return;
    landed.current = true;
    if (window.location.pathname !== '/') return;
    const home = landingPath(me.permissions);
    if (home) navigate(home);
  }, [me]);

  if (me === undefined) return <p className="loading">Loading…</p>;
  if (me === null) return <Login onSignedIn={refresh} />;

  const signOutNow = async () => {
    await api('/api/v1/session', { method: 'DELETE' }).catch(() => undefined);
    navigate('/');
    setMe(null);
  };
  if (me.mustChangePassword) {
    // S-110 §D.1–2: nothing else until the initial or expired password is replaced.
    return (
      <main className="login">
        <h1>Precinct</h1>
        <p>Signed in as {me.user.firstName} {me.user.lastName} ({me.user.username}).</p>
        <ChangePassword forced onChanged={refresh} />
        <button type="button" onClick={() => void signOutNow()}>Sign out</button>
      </main>
    );
  }

  if (me.mustEnrollMfa) {
    // CJIS IA-2(2): the agency requires a second factor of everyone; nothing else until one is set up.
    return (
      <main className="login">
        <h1>Precinct</h1>
        <p>Signed in as {me.user.firstName} {me.user.lastName} ({me.user.username}).</p>
        <p role="note">This agency requires an authenticator app for every login. Set one up to go on; every sign-in will then ask for a code.</p>
        <SecondFactor onDone={refresh} />
        <button type="button" onClick={() => void signOutNow()}>Sign out</button>
      </main>
    );
  }

  const mine = sections.filter((s) => s.anyOf.length === 0 || s.anyOf.some((p) => me.permissions.includes(p)));
  const current = mine.find((s) => path === s.path || path.startsWith(`${s.path}/`));
  const signOut = signOutNow;
  const Page = current?.component;
  // S-110 §H: the remote roles sign in from outside only with an authenticator; remind them to enroll.
  const remoteRole = me.user.roles.some((r) => ['system_administrator', 'chief', 'captain', 'court_administrator'].includes(r));
  const needsAuthenticator = remoteRole && (me as Me & { mfaEnrolled?: boolean }).mfaEnrolled === false;
  const readsFloor = me.permissions.includes('events.read');
  const takesCalls = me.permissions.includes('dispatch.calls');
  const floorHome = me.permissions.includes('dispatch.dispatch') || takesCalls ? '/console' : '/field';
  const ownBar = current?.path === '/console' || current?.path === '/field';
  const shell = (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Precinct</span>
        <nav aria-label="Sections">
          <a href="/" aria-current={!current ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate('/'); }}>Home</a>
          {mine.map((s) => (
            <a key={s.path} href={s.path} aria-current={current === s ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate(s.path); }}>{s.label}</a>
          ))}
        </nav>
        {readsFloor && <SoundSwitch />}
        <span className="who">{me.user.firstName} {me.user.lastName}</span>
        <button type="button" onClick={signOut}>Sign out</button>
      </header>
      <SessionLock username={me.user.username} onResumed={refresh} />
      {readsFloor && !ownBar && <AlertStrip takesCalls={takesCalls} home={floorHome} username={me.user.username} />}
      {needsAuthenticator && (
        <p className="notice" role="note">Your role may sign in from outside the station only with an authenticator app (S-110 §H). Set one up under My account.</p>
      )}
      <main><Suspense fallback={<p className="loading">Loading…</p>}>{Page ? <Page me={me} /> : <Home me={me} />}</Suspense></main>
      <CjisDock me={me} />
      <IdleWarning idleMinutes={me.idleMinutes ?? 30} onExpired={refresh} />
    </div>
  );
  // One live picture for the whole app: the console, the field view and every page's alert bar share it.
  return readsFloor ? <LiveProvider takesCalls={takesCalls}><FloorTones takesCalls={takesCalls} />{shell}</LiveProvider> : shell;
}
