import { useCallback, useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type * as Identity from '../../../src/identity/schemas.ts';
import { api } from '../shared/api.ts';
import { problemText } from '../shared/problem.ts';
import { When } from '../shared/When.tsx';

export type SessionRow = Static<typeof Identity.SessionView>;

/** Open sessions with an End button: one's own, or everyone's for an administrator. */
export function SessionTable({ list, endPath, showUser }: { list: string; endPath: string; showUser: boolean }) {
  const [rows, setRows] = useState<SessionRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => { api<SessionRow[]>(list).then(setRows, (e: unknown) => setError(problemText(e, 'failed'))); }, [list]);
  useEffect(load, [load]);
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
        <thead><tr>{showUser && <th>Login</th>}<th>Started</th><th>Last activity</th><th>From</th><th /></tr></thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              {showUser && <td>{s.username}</td>}
              <td><When at={s.startedAt} /></td>
              <td><When at={s.lastSeenAt} /></td>
              <td>{s.source ?? '—'} {s.remote ? <span className="tag bad">remote</span> : <span className="tag">station</span>}</td>
              <td>{s.current ? <span className="tag good">this session</span> : <button type="button" onClick={() => void end(s.id)}>End session</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
