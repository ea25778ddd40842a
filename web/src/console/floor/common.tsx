import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useFetched } from '../../shared/fetched.ts';
import { navigate } from '../../shared/router.ts';
import { problemText } from '../../client/actions.ts';
import { endpoints } from '../../client/endpoints.ts';
import { useLiveDispatch } from '../../client/live.ts';
import type { Reference } from '../../client/reference.ts';
import './floor.css';

/** The dispatch floor's screens, each named by its command on the console's command line. */
export const FLOOR_SCREENS = [
  { path: '/floor/transfer', command: 'XFER', label: 'Transfer and relay' },
  { path: '/floor/callbacks', command: 'CB', label: 'E-911 call backs' },
  { path: '/floor/screening', command: 'SCR', label: 'Report screening' },
  { path: '/floor/messages', command: 'MSG', label: 'Emergency messages' },
  { path: '/floor/alarms', command: 'ALM', label: 'Facility alarms' },
  { path: '/floor/directory', command: 'DIR', label: 'Directory and roster' },
  { path: '/floor/notify', command: 'NOTIFY', label: 'Call-down' },
  { path: '/floor/timers', command: 'TMR', label: 'Timers' },
  { path: '/calls', command: 'LOG', label: 'Closed calls' },
  { path: '/floor/log', command: 'DLOG', label: 'The day’s log' },
] as const;

const isTyping = (el: Element | null) => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

/**
 * A floor screen: its heading takes the focus on opening, Escape (outside a field) goes back
 * to the console, and the other floor screens are one link away.
 */
/**
 * The agency's profile and code tables, loaded once by the floor page before any screen shows:
 * a time on a floor screen is always in the agency's zone, never UTC while the profile is on its way.
 */
export const FloorReference = createContext<Reference | null>(null);

export function useFloorReference(): Reference {
  const reference = useContext(FloorReference);
  if (!reference) throw new Error('a floor screen is shown only inside the floor page, once its reference has loaded');
  return reference;
}

export function FloorFrame({ id, title, clause, children }: { id: string; title: string; clause: string; children: ReactNode }) {
  useEffect(() => { document.getElementById(`${id}-title`)?.focus(); }, [id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape' && !isTyping(document.activeElement)) navigate('/console'); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <section className="panel floor-screen" aria-labelledby={`${id}-title`} data-testid={`floor-${id}`}>
      <h1 id={`${id}-title`} tabIndex={-1}>{title} <small className="clause">{clause}</small></h1>
      <nav aria-label="Floor screens" className="floor-nav">
        <a href="/console" onClick={(e) => { e.preventDefault(); navigate('/console'); }}>Console (Esc)</a>
        {FLOOR_SCREENS.map((s) => (
          <a key={s.path} href={s.path} aria-current={window.location.pathname === s.path ? 'page' : undefined}
            onClick={(e) => { e.preventDefault(); navigate(s.path); }}>{s.label} <kbd>{s.command}</kbd></a>
        ))}
      </nav>
      {children}
    </section>
  );
}

/**
 * Read a path, and again whenever the floor's live stream carries an event whose kind starts
 * with one of `watch` (another console's change shows without a reload); `reload` reads it again.
 * The error is in the dispatcher's words.
 */
export function useLoad<T>(path: string | null, watch: readonly string[] = []): { data: T | null; error: string | null; reload: () => void } {
  const [, live] = useLiveDispatch();
  const heard = watch.length ? live.feed.find((e) => watch.some((w) => e.kind.startsWith(w)))?.seq ?? 0 : 0;
  return useFetched<T>(path, heard);
}

type RosterRow = { username: string | null; name: string | null; badge: string | null };

/** People's names by login, from the duty roster (every date): a screen names people, the login only when nobody is on a roster under it. */
export function usePeople(): (login: string | null | undefined) => string {
  const { data } = useLoad<RosterRow[]>(endpoints.roster);
  return useCallback((login) => {
    if (!login) return '—';
    const person = data?.find((r) => r.username === login && r.name);
    return person ? `${person.name}${person.badge ? ` #${person.badge}` : ''}` : login;
  }, [data]);
}

/** A write from a floor screen: its refusal shown beside the form, in the server's words. */
export function useAction(): { busy: boolean; error: string | null; done: string | null; run: (what: () => Promise<unknown>, done: string) => Promise<boolean> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(async (what: () => Promise<unknown>, doneText: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await what();
      setDone(doneText);
      return true;
    } catch (e) {
      setError(problemText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, done, run };
}

/** The outcome of the last action: a refusal as an alert, a success as a status. */
export function ActionOutcome({ action }: { action: { error: string | null; done: string | null } }) {
  return (
    <div aria-live="polite">
      {action.error && <p role="alert" className="error" data-testid="floor-error">{action.error}</p>}
      {action.done && <p role="status" className="ok" data-testid="floor-done">{action.done}</p>}
    </div>
  );
}
