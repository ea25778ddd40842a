import { useEffect, useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type { ExtractCheck, TrailRow } from '../../../src/audit/schemas.ts';
import { useAgencyZone } from '../shared/agency.ts';
import { More, usePaged } from '../shared/paged.tsx';
import { problemText, responseProblemText } from '../shared/problem.ts';
import { navigate } from '../shared/router.ts';
import { auditTrailPath, type TrailFilter as Filter } from '../shared/audit-link.tsx';
import { stamp } from '../shared/time.ts';
import '../account/account.css';
import './audit-trail.css';

type Row = Static<typeof TrailRow>;

/** The kinds of record the audit rows name, as the browser offers them. */
export const RECORD_TYPES = [
  ['incident', 'Incident (number)'], ['case', 'Case (number)'], ['report', 'Report'], ['person', 'Person (master name)'],
  ['knox_access', 'Knox access'], ['user', 'Login (about a user)'], ['recording', 'Recording'], ['call', 'Call'],
  ['cjis_query', 'CJIS query'], ['property', 'Property'], ['order', 'Order'], ['records_request', 'Public records request'],
] as const;
const ACTIONS = ['records.juvenile.read', 'incident.read_confidential', 'session.signin', 'user.locked', 'audit.trail.read', 'audit.trail.exported', 'cori.log.read'];
const FIELDS = ['person', 'recordType', 'recordId', 'action', 'outcome', 'access', 'from', 'to'] as const satisfies readonly (keyof Filter)[];

function filterFromAddress(): Filter {
  const query = new URLSearchParams(window.location.search);
  return Object.fromEntries(FIELDS.flatMap((f) => (query.get(f) ? [[f, query.get(f)!]] : [])));
}

const recordLabel = (type: string | null, id: string | null) => (type ? `${RECORD_TYPES.find(([t]) => t === type)?.[1].replace(/ \(.*\)$/, '') ?? type} ${id ?? ''}` : '');

/**
 * The audit browser (issue 24 point 4; S-110 §D.4; CJIS AU-6): the whole trail searched by person, record, action,
 * period and outcome, newest first; "who read this" and "what did this person do" from any row; CSV and signed PDF.
 */
export function AuditTrail() {
  const [filter, setFilter] = useState<Filter>(filterFromAddress);
  const [draft, setDraft] = useState<Filter>(filter);
  const [error, setError] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ ok: boolean; text: string } | null>(null);
  const timeZone = useAgencyZone();
  useEffect(() => {
    const update = () => { const f = filterFromAddress(); setFilter(f); setDraft(f); };
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
  const list = usePaged<Row>(`/api/v1/audit/trail${query ? `?${query}` : ''}`, (e) => setError(problemText(e, 'The audit trail could not be read.')));
  useEffect(() => setError(null), [query]);
  const open = (f: Filter) => navigate(auditTrailPath(f));
  const submit = (e: FormEvent) => { e.preventDefault(); open(draft); };
  const field = (name: keyof Filter) => ({ value: draft[name] ?? '', onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [name]: e.target.value }) });
  const checkExtract = async (file: File | undefined) => {
    if (!file) return;
    setChecked(null);
    const answer = await fetch('/api/v1/audit/extracts/verify', { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: file, credentials: 'same-origin' });
    if (!answer.ok) { setChecked({ ok: false, text: await responseProblemText(answer, 'The extract could not be checked.') }); return; }
    const result = await answer.json() as Static<typeof ExtractCheck>;
    setChecked(result.ok
      ? { ok: true, text: `Extract verified: signature valid; its ${result.rows} rows match the audit chain (produced ${result.producedAt && timeZone ? stamp(result.producedAt, timeZone) : ''} by ${result.producedBy ?? '?'}).` }
      : { ok: false, text: `Extract NOT verified: signature ${result.signature}. ${result.problems.slice(0, 3).map((p) => p.problem).join('; ')}${result.problems.length > 3 ? ` and ${result.problems.length - 3} more` : ''}` });
  };
  const exportHref = (format: 'csv' | 'pdf') => `/api/v1/audit/trail/export?${query ? `${query}&` : ''}format=${format}`;

  return (
    <section className="audit-trail" aria-labelledby="trail-title">
      <h2 id="trail-title">Audit trail</h2>
      <form className="filters" onSubmit={submit} aria-label="Search the audit trail">
        <label>Person (login) <input {...field('person')} placeholder="everyone" autoComplete="off" /></label>
        <label>Record type
          <select {...field('recordType')}>
            <option value="">any record</option>
            {RECORD_TYPES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <label>Record number or id <input {...field('recordId')} autoComplete="off" /></label>
        <label>Action <input {...field('action')} list="trail-actions" placeholder="any action" autoComplete="off" /></label>
        <datalist id="trail-actions">{ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
        <label>Outcome
          <select {...field('outcome')}>
            <option value="">any outcome</option>
            <option value="allowed">allowed</option>
            <option value="denied">denied</option>
            <option value="failed">failed</option>
          </select>
        </label>
        <label>Reads or changes
          <select {...field('access')}>
            <option value="">reads and changes</option>
            <option value="read">reads only</option>
            <option value="change">changes only</option>
          </select>
        </label>
        <label>From <input type="date" {...field('from')} /></label>
        <label>To <input type="date" {...field('to')} /></label>
        <button type="submit">Search</button>
        <button type="button" onClick={() => open({})}>Clear</button>
      </form>
      <p className="exports">
        <a href={exportHref('csv')} download data-testid="trail-csv">Download CSV</a>{' · '}
        <a href={exportHref('pdf')} download data-testid="trail-pdf">Download signed PDF extract</a>
      </p>
      <p className="exports">
        <label>Check a signed extract <input type="file" accept="application/pdf" onChange={(e) => void checkExtract(e.target.files?.[0])} /></label>
      </p>
      {checked && <p role="status" className={checked.ok ? 'ok' : 'error'}>{checked.text}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      {filter.person && list.items?.[0]?.username === filter.person.toLowerCase() && (
        <p className="trail-caption">What {list.items[0].name ?? filter.person} ({filter.person}) did, newest first.</p>
      )}
      {list.items && timeZone && (list.items.length === 0 ? <p role="status">No audit rows match.</p> : (
        <table className="table" aria-label="Audit rows">
          <thead>
            <tr><th scope="col">Time ({timeZone})</th><th scope="col">Person</th><th scope="col">Action</th><th scope="col">Record</th><th scope="col">Outcome</th><th scope="col">Chain position</th></tr>
          </thead>
          <tbody>
            {list.items.map((r) => (
              <tr key={r.id}>
                <td>{stamp(r.at, timeZone)}</td>
                <td>
                  {r.username ? <>{r.name ?? r.username} <span className="muted">({r.username})</span>{' '}
                    <button type="button" className="audit-link" onClick={() => open({ person: r.username! })} aria-label={`Actions of ${r.name ?? r.username}`}>Actions</button></> : (r.source ?? 'system')}
                </td>
                <td>{r.action}</td>
                <td>
                  {r.subjectType && <>{recordLabel(r.subjectType, r.subjectId)}{' '}
                    <button type="button" className="audit-link" onClick={() => open({ recordType: r.subjectType!, recordId: r.subjectId ?? '', access: 'read' })} aria-label={`Who read ${recordLabel(r.subjectType, r.subjectId)}`}>Who read</button></>}
                  {r.also.length > 0 && <div className="muted">also showed {r.also.slice(0, 5).join(', ')}{r.also.length > 5 ? ` and ${r.also.length - 5} more` : ''}</div>}
                </td>
                <td>{r.outcome}{r.reason ? `: ${r.reason}` : ''}</td>
                <td>{r.position ?? 'linking…'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <More list={list} label="audit rows" />
    </section>
  );
}
