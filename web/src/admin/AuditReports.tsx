import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import { stamp } from '../shared/time.ts';
import '../account/account.css';
import type { Static } from 'typebox';
import type { VerifyView } from '../../../src/audit/schemas.ts';
import { problemText } from '../shared/problem.ts';
import { useAgencyZone } from '../shared/agency.ts';

const REPORTS = [
  ['signins', 'Sign-in history'],
  ['failed-signins', 'Failed sign-ins'],
  ['lockouts', 'Lockouts'],
  ['violations', 'Access violations'],
  ['login-verification', 'Annual login verification (S-110 §D.5)'],
] as const;

type Row = Record<string, string | number | boolean | null>;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A cell as the auditor reads it: times in the agency's zone on a 24-hour clock. */
function show(value: Row[string], timeZone: string): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' && ISO_TIME.test(value)) return stamp(value, timeZone);
  return String(value);
}

/** The auditor's reports, on screen and as CSV (S-110 §D.4–5). */
export function AuditReports() {
  const [report, setReport] = useState<string>('signins');
  const [username, setUsername] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [chain, setChain] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timeZone = useAgencyZone();
  const query = new URLSearchParams({ ...(username ? { username } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) });
  const path = `/api/v1/audit/reports/${report}?${query.toString()}`;

  useEffect(() => {
    setError(null);
    api<Row[]>(path).then(setRows, (e: unknown) => { setRows(null); setError(problemText(e, 'The report could not be read.')); });
  }, [path]);

  const verify = async () => {
    const result = await api<Static<typeof VerifyView>>('/api/v1/audit/verify');
    const first = result.breaks[0];
    setChain(result.ok
      ? `Audit chain intact: ${result.rows} rows verified.`
      : `Audit chain BROKEN: ${result.breakCount} ${result.breakCount === 1 ? 'break' : 'breaks'}${first ? `, the first ${first.kind.replace('_', ' ')} at row ${first.id ?? first.position ?? '?'}: ${first.problem}` : ''}.`);
  };
  const columns = rows && rows.length ? Object.keys(rows[0]!) : [];

  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit</h2>
      <div className="filters">
        <label>Report
          <select value={report} onChange={(e) => setReport(e.target.value)} aria-label="Report">
            {REPORTS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        {report !== 'login-verification' && (
          <>
            <label>Login <input value={username} onChange={(e) => setUsername(e.target.value.trim())} placeholder="everyone" /></label>
            <label>From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
            <label>To <input type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
          </>
        )}
        <a href={`${path}&format=csv`} download data-testid="csv-link">Download CSV</a>
        <button type="button" onClick={() => void verify()}>Verify the audit chain</button>
      </div>
      {chain && <p role="status" className={chain.includes('BROKEN') ? 'error' : 'ok'}>{chain}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      {rows && timeZone && (rows.length === 0 ? <p>No rows for this report and period.</p> : (
        <table className="table" aria-label="Report rows">
          <thead><tr>{columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
          <tbody>{rows.map((row, i) => <tr key={i}>{columns.map((c) => <td key={c}>{show(row[c] ?? null, timeZone)}</td>)}</tr>)}</tbody>
        </table>
      ))}
    </section>
  );
}
