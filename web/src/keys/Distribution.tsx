import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import { clock, type BoardKey, type DistributionRow } from './types.ts';

/** The key distribution record kept for the Supply Supervisor (O-604 §III.A), newest first. */
export function Distribution({ keys }: { keys: BoardKey[] }) {
  const [rows, setRows] = useState<DistributionRow[]>([]);
  useEffect(() => { api<DistributionRow[]>('/api/v1/knox/distribution').then(setRows, () => undefined); }, [keys]);
  return (
    <section aria-labelledby="distribution-title">
      <h3 id="distribution-title">Key distribution record</h3>
      <table className="knox-table" aria-label="Key distribution record">
        <thead><tr><th>Key</th><th>Officer</th><th>Unit</th><th>Assigned by</th><th>Out</th><th>Shift ended</th><th>Back</th><th>Received by</th><th>Note</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.wentOffDuty || r.lostAt ? 'knox-overdue' : ''}>
              <td>{r.key}</td><td>{r.officerName}</td><td>{r.callSign ?? ''}</td><td>{r.assignedByName}</td>
              <td>{clock(r.assignedAt)}</td><td>{clock(r.dueBackAt)}</td><td>{r.returnedAt ? clock(r.returnedAt) : r.lostAt ? 'LOST' : 'still out'}</td>
              <td>{r.returnedToName ?? ''}</td><td>{r.wentOffDuty ? 'went off duty' : ''}{r.lostAt ? `lost ${clock(r.lostAt)}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
