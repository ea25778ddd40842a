import { useState } from 'react';
import type { Static } from 'typebox';
import { navigate } from '../../shared/router.ts';
import { stamp, today } from '../../shared/time.ts';
import type { PublicLog } from '../../../../src/release/schemas.ts';
import { FloorFrame, useFloorReference, useLoad, usePeople } from './common.tsx';

type Log = Static<typeof PublicLog>;

/**
 * The day's log of the floor (the Dispatch Daily Log, M.G.L. c.41 §98F): the incidents and
 * arrests of an agency day, as published with its corrections or as a draft, and its PDF.
 * The calls finished stay on the closed-call log (LOG, F8), linked from here and back.
 */
export function DayLogScreen() {
  const tz = useFloorReference().timeZone;
  const [chosen, setDate] = useState(new URLSearchParams(window.location.search).get('q') ?? '');
  const date = chosen || today(tz);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
  const log = useLoad<Log>(day ? `/api/v1/daily-logs/${day}` : null, ['incident.', 'records.']);
  const nameOf = usePeople();
  return (
    <FloorFrame id="daylog" title="The day’s log" clause="M.G.L. c.41 §98F">
      <p className="hint">Incidents and arrests of the agency day. The calls finished are on the <a href="/calls" onClick={(e) => { e.preventDefault(); navigate('/calls'); }}>closed-call log</a> (<kbd>LOG</kbd>, F8).</p>
      <form aria-label="Choose the day" onSubmit={(e) => e.preventDefault()}>
        <label>Day <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required /></label>
        {day && <a href={`/api/v1/daily-logs/${day}/log.pdf`} target="_blank" rel="noreferrer">PDF of {day}</a>}
      </form>
      {log.error && <p role="alert" className="error">{log.error}</p>}
      {log.data && (
        <>
          <p data-testid="daylog-status">{log.data.status === 'published' ? `Published ${stamp(log.data.publishedAt, tz)} by ${nameOf(log.data.publishedBy)}` : 'Draft: not yet published'}</p>
          {log.data.entries.length === 0 ? <p className="hint">Nothing logged on {log.data.date}.</p> : (
            <table data-testid="daylog">
              <thead><tr><th>Time</th><th>Number</th><th>Kind</th><th>Type</th><th>Location</th><th>Units / officers</th><th>Disposition</th></tr></thead>
              <tbody>
                {log.data.entries.map((e) => (
                  <tr key={`${e.kind}-${e.ref}`}>
                    <td>{stamp(e.at, tz)}</td><td>{e.ref}</td><td>{e.kind}</td><td>{e.typeName}</td><td>{e.location}</td>
                    <td>{e.officers.map(nameOf).join(', ') || '—'}</td>
                    <td>{e.kind === 'arrest' ? `${e.arrestee?.name ?? ''}${e.charges?.length ? `: ${e.charges.join(', ')}` : ''}` : e.disposition ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {log.data.corrections.length > 0 && (
            <>
              <h2>Corrections</h2>
              <ul>{log.data.corrections.map((c) => <li key={c.id}>{stamp(c.madeAt, tz)} by {nameOf(c.madeBy)}{c.entryRef ? ` (${c.entryRef})` : ''}: {c.text}</li>)}</ul>
            </>
          )}
        </>
      )}
    </FloorFrame>
  );
}
