import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import { Who } from '../shared/When.tsx';
import { clock, type Access, type DailyLogEntry as LogEntry } from './types.ts';


const WHAT: Record<string, string> = {
  'knox.access_authorized': 'Access authorized',
  'knox.master_keys_removed': 'Master keys REMOVED',
  'knox.master_keys_returned': 'Master keys returned',
};

/** Today's Knox entries of the Dispatch Daily Log, in the agency's day (O-604 §III.E, §III.G). */
export function DailyLog({ zone, accesses }: { zone: string | undefined; accesses: Access[] }) {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  useEffect(() => {
    if (!zone) return;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    api<LogEntry[]>(`/api/v1/knox/daily-log?date=${today}`).then(setEntries, () => undefined);
  }, [zone, accesses]);
  return (
    <section aria-labelledby="daily-log-title">
      <h3 id="daily-log-title">Today on the Daily Log</h3>
      {entries.length === 0 ? <p>No Knox entries today.</p> : (
        <table className="knox-table" aria-label="Daily Log Knox entries">
          <thead><tr><th>Time</th><th>Entry</th><th>Incident</th><th>Box</th><th>Officer</th><th>Logged by</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}><td>{clock(e.at)}</td><td>{WHAT[e.kind] ?? e.kind}</td><td>{e.incident}</td><td>{e.box}</td><td><Who name={e.officerName} login={e.officer} /></td><td><Who name={e.loggedByName} login={e.loggedBy} /></td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
