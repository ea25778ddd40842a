import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import { RecordList } from './common.tsx';
import type { OffenderHistory } from './types.ts';
import { problemText } from '../shared/problem.ts';


/**
 * The offender history of a master name and its CSV export, as the server gives them:
 * juvenile entries only for records.juvenile, separate and marked (S-110 §B.1).
 */
export function History({ personId }: { personId: string }) {
  const [history, setHistory] = useState<OffenderHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { api<OffenderHistory>(`/api/v1/names/${personId}/history`).then(setHistory, (e: unknown) => setError(problemText(e, 'Could not load the history.'))); }, [personId]);
  return (
    <section aria-labelledby="offender-history" className="history">
      <h3 id="offender-history">Offender history</h3>
      <p><a href={`/api/v1/names/${personId}/history.csv`} download>Export CSV</a></p>
      {error && <p role="alert" className="error">{error}</p>}
      {!history && !error && <p>Loading…</p>}
      {history && <RecordList records={history.adult} empty="No adult offender history." label="Offender history" />}
      {history?.juvenile && history.juvenile.length > 0 && (
        <div className="juvenile-section">
          <h4 className="juvenile-heading">Juvenile offender history</h4>
          <RecordList records={history.juvenile} empty="" label="Juvenile offender history" />
        </div>
      )}
    </section>
  );
}
