import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import { clock } from '../shared/time.ts';
import { recordingLabel, seconds, type Recording } from './types.ts';

/** The recordings matched or linked to an incident (81A §L), on the incident's page. */
export function IncidentRecordings({ number, timeZone, refreshKey }: { number: string; timeZone: string; refreshKey?: unknown }) {
  const [rows, setRows] = useState<Recording[] | null>(null);
  useEffect(() => {
    let live = true;
    api<Recording[]>(`/api/v1/recordings?incident=${encodeURIComponent(number)}`).then((r) => { if (live) setRows(r); }, () => { if (live) setRows(null); });
    return () => { live = false; };
  }, [number, refreshKey]);
  if (!rows) return null;
  return (
    <>
      <h3>Recordings</h3>
      {rows.length === 0 ? <p className="muted">No recording linked yet.</p> : (
        <ul className="calls" data-testid="incident-recordings">
          {rows.map((r) => (
            <li key={r.id}>{clock(r.startedAt, timeZone)} {recordingLabel(r)} · {seconds(r)}{r.units.length ? ` · ${r.units.join(' ')}` : ''}</li>
          ))}
        </ul>
      )}
    </>
  );
}
