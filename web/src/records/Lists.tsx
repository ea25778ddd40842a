import { useEffect, useState } from 'react';
import { api, ApiError } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import { CaseLink, KIND_NAMES, Link } from './common.tsx';
import type { CaseFromIncident, ReportCreated, ReportSummary as Summary } from './types.ts';
import { problemText } from '../shared/problem.ts';
import { Who } from '../shared/When.tsx';
import { More, usePaged } from '../shared/paged.tsx';


function ReportTable({ url, empty, label }: { url: string; empty: string; label: string }) {
  const [rows, setRows] = useState<Summary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { api<Summary[]>(url).then(setRows, (e: unknown) => setError(problemText(e, 'Could not load.'))); }, [url]);
  return <ReportRows rows={rows} error={error} empty={empty} label={label} />;
}

function ReportRows({ rows, error, empty, label }: { rows: Summary[] | null; error: string | null; empty: string; label: string }) {
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!rows) return <p>Loading…</p>;
  if (rows.length === 0) return <p>{empty}</p>;
  return (
    <table className="records-table" aria-label={label}>
      <thead><tr><th>Case</th><th>Report</th><th>Author</th><th>Event date</th><th>Status</th></tr></thead>
      <tbody>{rows.map((r) => (
        <tr key={r.id} className={r.juvenile ? 'juvenile-row' : undefined}>
          <td><CaseLink number={r.caseNumber} /></td>
          <td><Link to={`/records/reports/${r.id}`}>{KIND_NAMES[r.kind]}</Link>{r.juvenile && <span className="juvenile-tag"> Juvenile</span>}</td>
          <td><Who name={r.authorName} login={r.author} /></td><td>{r.eventDate}</td><td>{r.status}{r.returnComments && r.status === 'returned' ? ` — ${r.returnComments}` : ''}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}

export function Queue() {
  const [error, setError] = useState<string | null>(null);
  const queue = usePaged<Summary>('/api/v1/reports/queue', (e) => setError(problemText(e, 'Could not load.')));
  return (
    <section>
      <h2>Approval queue</h2>
      <ReportRows rows={queue.items} error={error} empty="Nothing is waiting for approval." label="Waiting for approval" />
      <More list={queue} label="reports waiting" />
    </section>
  );
}

export function MyReports() {
  const [kind, setKind] = useState('incident');
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    try {
      const created = await api<ReportCreated>('/api/v1/reports', { method: 'POST', body: { kind } });
      navigate(`/records/reports/${created.id}`);
    } catch (e) { setError(problemText(e, 'Could not start the report.')); }
  };
  return (
    <section>
      <h2>My reports</h2>
      <div className="new-report">
        <label>New<select value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="incident">Incident report</option><option value="arrest">Arrest booking</option><option value="field_interview">Field interview</option>
        </select></label>
        <button type="button" onClick={start}>Start report</button>
        {error && <p role="alert" className="error">{error}</p>}
      </div>
      <FromIncident />
      <ReportTable url="/api/v1/reports/mine" empty="You have no reports yet." label="My reports" />
    </section>
  );
}

/** One action turns a CAD incident into a case (S-110 §B). */
function FromIncident() {
  const [number, setNumber] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [caseNumber, setCaseNumber] = useState<string | null>(null);
  const open = async () => {
    try {
      const created = await api<CaseFromIncident>('/api/v1/cases/from-incident', { method: 'POST', body: { incidentNumber: number.trim() } });
      setMessage(`Case ${created.number} opened from incident ${number.trim()}.`); setCaseNumber(created.number);
    } catch (e) {
      setMessage(problemText(e, 'Refused.'));
      setCaseNumber(e instanceof ApiError && typeof e.problem.caseNumber === 'string' ? e.problem.caseNumber : null); // already a case: offer it
    }
  };
  return (
    <div className="new-report">
      <label>CAD incident number<input value={number} onChange={(e) => setNumber(e.target.value)} placeholder="26-00042" /></label>
      <button type="button" onClick={open} disabled={!/^\d{2}-\d{5,}$/.test(number.trim())}>Open case from incident</button>
      {message && <p role="status">{message}{caseNumber && <> <Link to={`/records/cases/${caseNumber}`}>Open case {caseNumber}</Link></>}</p>}
    </div>
  );
}
