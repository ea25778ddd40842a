import { useState, type FormEvent } from 'react';
import { More, usePaged } from '../shared/paged.tsx';
import { CaseLink } from './common.tsx';
import type { CasePage } from './types.ts';
import { problemText } from '../shared/problem.ts';
import { When, Who } from '../shared/When.tsx';

const FIELDS = [['number', 'Case number'], ['address', 'Address'], ['from', 'From (date)'], ['to', 'To (date)'], ['officer', 'Officer (login)'], ['type', 'Type']] as const;

/** Cases by number, date range, address, officer, type and status, newest first, 25 at a time with *More* (S-110 §B). */
export function CaseBrowse() {
  const [form, setForm] = useState<Record<string, string>>({ status: '' });
  const [path, setPath] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const found = usePaged<CasePage['items'][number]>(path, (e) => setError(problemText(e, 'The search failed.')));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const query = new URLSearchParams(Object.entries(form).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
    setError(null);
    const next = `/api/v1/cases?${query.toString()}`;
    if (next === path) void found.reload(); else setPath(next);
  };
  const items = found.items;
  return (
    <section aria-labelledby="cases-title">
      <h2 id="cases-title">Cases</h2>
      <form className="records-search" onSubmit={submit}>
        {FIELDS.map(([key, label]) => (
          <label key={key}>{label}<input value={form[key] ?? ''} type={key === 'from' || key === 'to' ? 'date' : 'text'} onChange={(e) => setForm({ ...form, [key]: e.target.value })} /></label>
        ))}
        <label>Status<select value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value })}>
          <option value="">any</option><option value="open">open</option><option value="closed">closed</option><option value="inactive">inactive</option>
        </select></label>
        <button type="submit">Find cases</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {items && items.length === 0 && <p>No case matches.</p>}
      {items && items.length > 0 && (
        <>
          <table className="records-table" aria-label="Cases found">
            <thead><tr><th>Case</th><th>Type</th><th>Address</th><th>Occurred</th><th>Status</th><th>CAD incident</th><th>Opened by</th></tr></thead>
            <tbody>{items.map((c) => (
              <tr key={c.number}><td><CaseLink number={c.number} /></td><td>{c.type}</td><td>{c.address}</td><td><When at={c.occurredAt} /></td><td>{c.status}</td><td>{c.incidentNumber ?? '—'}</td><td><Who name={c.openedByName} login={c.openedBy} /></td></tr>
            ))}</tbody>
          </table>
          <More list={found} label="cases" />
        </>
      )}
    </section>
  );
}
