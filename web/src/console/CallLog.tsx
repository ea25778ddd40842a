import { useEffect, useState } from 'react';
import { More, usePaged } from '../shared/paged.tsx';
import type { Me } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import { stamp } from '../shared/time.ts';
import { endpoints } from '../client/endpoints.ts';
import { problemText } from '../client/actions.ts';
import { useReference } from '../client/reference.ts';
import { ReferenceBanner } from '../shell/ConnectionBanner.tsx';
import type { Call } from '../client/types.ts';
import { Who } from '../shared/When.tsx';

const OUTCOME: Record<string, string> = {
  incident: 'incident', no_response: 'no police response', transferred: 'transferred', screening: 'to screening', abandoned: 'abandoned',
};

/**
 * The closed-call log of the shift: every call whose handling is finished (ended, or made
 * an incident, transferred, closed without a response or sent to screening), newest first,
 * a page at a time. Calls are kept, whatever became of them (81A §D.1). Reached from the
 * console's command line (LOG) or F8; Escape goes back to the console.
 */
export function CallLog({ me }: { me: Me }) {
  const reference = useReference(me.user.username);
  const [error, setError] = useState<string | null>(null);
  const log = usePaged<Call>(endpoints.callLog, (e: unknown) => setError(problemText(e)));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') navigate('/console'); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => { document.getElementById('call-log-title')?.focus(); }, []);
  const calls = log.items;
  // a time shows only in the agency's zone: the rows wait for its profile
  const shown = reference ? calls ?? [] : [];
  const tz = reference?.timeZone ?? 'UTC';
  return (
    <section className="panel call-log" aria-labelledby="call-log-title">
      <h1 id="call-log-title" tabIndex={-1}>Closed calls</h1>
      <p className="muted">Calls whose handling is finished, newest first. <a href="/console" onClick={(e) => { e.preventDefault(); navigate('/console'); }}>Back to the console</a> (Esc). The incidents and arrests of the day: <a href="/floor/log" onClick={(e) => { e.preventDefault(); navigate('/floor/log'); }}>the day’s log</a> (<kbd>DLOG</kbd>).</p>
      {error && <p role="alert" className="error">{error}</p>}
      {reference && <ReferenceBanner missing={reference.missing} />}
      {calls && reference && shown.length === 0 && <p className="muted">No closed call.</p>}
      {shown.length > 0 && (
        <table data-testid="call-log">
          <thead><tr><th>Received</th><th>Line</th><th>Caller</th><th>Category</th><th>Outcome</th><th>Incident</th><th>Call takers</th><th>Ended</th></tr></thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.id} data-call={c.id}>
                <td>{stamp(c.receivedAt, tz)}</td>
                <td>{c.lineName ?? c.line}</td>
                <td>{[c.callerName, c.callbackNumber].filter(Boolean).join(' · ') || '—'}</td>
                <td>{c.category ?? '—'}</td>
                <td>{c.outcome ? OUTCOME[c.outcome] ?? c.outcome : '—'}{c.noResponseType ? ` (${c.noResponseType})` : ''}</td>
                <td>{c.incidentNumber ?? '—'}</td>
                <td>{c.callTakers.length === 0 ? '—' : c.callTakers.map((u, i) => <span key={u}>{i > 0 && ', '}<Who name={c.callTakerNames?.[i]} login={u} /></span>)}</td>
                <td>{c.endedAt ? stamp(c.endedAt, tz) : 'line open'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <More list={log} label="closed calls" />
    </section>
  );
}
