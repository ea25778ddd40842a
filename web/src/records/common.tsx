import type { ReactNode } from 'react';
import { navigate } from '../shared/router.ts';
import type { LinkedRecord } from './types.ts';
export type { LinkedRecord } from './types.ts';

export function Link({ to, children }: { to: string; children: ReactNode }) {
  return <a href={to} onClick={(e) => { e.preventDefault(); navigate(to); }}>{children}</a>;
}

/** The red "Juvenile" banner every juvenile record carries at the top (S-110 §B.1). */
export function JuvenileBanner() {
  return <p className="juvenile-banner" role="note">Juvenile</p>;
}

/** A case number that opens the case page. */
export function CaseLink({ number }: { number: string | null }) {
  return number ? <Link to={`/records/cases/${number}`}>{number}</Link> : <>—</>;
}


export const KIND_NAMES: Record<string, string> = { incident: 'Incident report', arrest: 'Arrest booking', field_interview: 'Field interview', supplement: 'Supplement' };

export function RecordList({ records, empty, label }: { records: LinkedRecord[]; empty: string; label?: string }) {
  if (records.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="records-table" aria-label={label}>
      <thead><tr><th>Case</th><th>Record</th><th>Role</th><th>Event date</th><th>Status</th></tr></thead>
      <tbody>
        {records.map((r) => (
          <tr key={`${r.reportId}-${r.role}`} className={r.juvenile ? 'juvenile-row' : undefined}>
            <td><CaseLink number={r.caseNumber} /></td>
            <td><Link to={`/records/reports/${r.reportId}`}>{KIND_NAMES[r.kind] ?? r.kind}</Link>{r.juvenile && <span className="juvenile-tag"> Juvenile</span>}</td>
            <td>{r.role}</td><td>{r.eventDate}</td><td>{r.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
