import { useState } from 'react';
import type { Static } from 'typebox';
import type * as Identity from '../../../src/identity/schemas.ts';
import { api } from '../shared/api.ts';
import { problemText } from '../shared/problem.ts';
import { When, Who } from '../shared/When.tsx';
import { More, usePaged } from '../shared/paged.tsx';

export type SessionRow = Static<typeof Identity.SessionView>;

/** Open sessions with an End button: one's own, or everyone's for an administrator. */
export function SessionTable({ list, endPath, showUser }: { list: string; endPath: string; showUser: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const sessions = usePaged<SessionRow>(list, (e) => setError(problemText(e, 'failed')));
  const load = () => void sessions.reload();
  const end = async (id: string) => {
    try {
      await api(`${endPath}/${id}`, { method: 'DELETE' });
      load();
    } catch (e) {
      setError(problemText(e, 'The session could not be ended.'));
    }
  };
  return (
    <>
      {error && <p role="alert" className="error">{error}</p>}
      <table className="table" aria-label="Open sessions">
        <thead><tr>{showUser && <th>Person</th>}<th>Started</th><th>Last activity</th><th>From</th><th /></tr></thead>
        <tbody>
          {(sessions.items ?? []).map((s) => (
            <tr key={s.id}>
              {showUser && <td><Who name={s.name} login={s.username} /></td>}
              <td><When at={s.startedAt} /></td>
              <td><When at={s.lastSeenAt} /></td>
              <td>{s.source ?? '—'} {s.remote ? <span className="tag bad">remote</span> : <span className="tag">station</span>}</td>
              <td>{s.current ? <span className="tag good">this session</span> : <button type="button" onClick={() => void end(s.id)}>End session</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <More list={sessions} label="sessions" />
    </>
  );
}
