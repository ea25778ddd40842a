/**
 * Public records requests for the Records Bureau (S-110 §B.2; M.G.L. c.66 §10): the list by
 * status with days left and reminders, logging a request, gathering its records, reviewing
 * the proposed redactions, and releasing the redacted PDF or denying with a letter.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import { problemText } from '../shared/problem.ts';
import { useAgencyZone } from '../shared/agency.ts';
import { day } from '../shared/time.ts';
import { When, Who } from '../shared/When.tsx';
import { Link } from './common.tsx';
import { More, usePaged } from '../shared/paged.tsx';
import type { Exemption, RecordPreview, RecordsRequest, Reminders, RequestDetail, RequestReleased } from './types.ts';

const STATUS_NAMES: Record<string, string> = { open: 'Open', released: 'Released', partially_released: 'Partially released', denied: 'Denied', withdrawn: 'Withdrawn' };
const VIA_NAMES: Record<string, string> = { in_person: 'In person', mail: 'Mail', email: 'E-mail', phone: 'Phone', web: 'Web' };
const KIND_NAMES: Record<string, string> = { report: 'Report (id)', incident: 'Incident (26-00042)', daily_log: 'Daily log (date)' };

function DaysLeft({ r }: { r: RecordsRequest }) {
  if (r.daysLeft === null) return <>—</>;
  const text = r.daysLeft < 0 ? `${-r.daysLeft} business day(s) overdue` : `${r.daysLeft} business day(s)`;
  return <span className={r.reminder ? `reminder ${r.reminder}` : undefined}>{text}</span>;
}

/** Beside the Records section's link to the requests: how many are overdue or due within two business days. */
export function RequestReminders() {
  const [reminders, setReminders] = useState<Reminders | null>(null);
  useEffect(() => { api<Reminders>('/api/v1/public-records/reminders').then(setReminders, () => undefined); }, []);
  if (!reminders || (reminders.overdue === 0 && reminders.dueSoon === 0)) return null;
  const parts = [reminders.overdue ? `${reminders.overdue} overdue` : '', reminders.dueSoon ? `${reminders.dueSoon} due soon` : ''].filter(Boolean);
  return <span className={`reminder ${reminders.overdue ? 'overdue' : 'due_soon'}`} data-testid="request-reminders">({parts.join(', ')})</span>;
}

/** The list of requests by status, a page at a time, with the overdue and due-soon reminders. */
export function RequestsPage() {
  const [status, setStatus] = useState('open');
  const [error, setError] = useState<string | null>(null);
  const [reminders, setReminders] = useState<Reminders | null>(null);
  const list = usePaged<RecordsRequest>(`/api/v1/public-records/requests${status ? `?status=${status}` : ''}`, (e) => setError(problemText(e, 'Could not load the requests.')));
  useEffect(() => { api<Reminders>('/api/v1/public-records/reminders').then(setReminders, () => undefined); }, []);
  return (
    <section>
      <h2>Public records requests</h2>
      {reminders && (reminders.overdue > 0 || reminders.dueSoon > 0) && (
        <p role="alert" className="reminder-bar">
          {reminders.overdue > 0 && <strong>{reminders.overdue} overdue. </strong>}
          {reminders.dueSoon > 0 && <>{reminders.dueSoon} due within two business days.</>}
        </p>
      )}
      <NewRequest />
      <label>Status<select value={status} onChange={(e) => setStatus(e.target.value)}>
        <option value="">All</option>{Object.entries(STATUS_NAMES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
      </select></label>
      {error && <p role="alert" className="error">{error}</p>}
      {list.items && (list.items.length === 0 ? <p>No requests.</p> : (
        <table className="records-table" aria-label="Requests">
          <thead><tr><th>Request</th><th>Requester</th><th>Asked for</th><th>Received</th><th>Deadline</th><th>Days left</th><th>Status</th></tr></thead>
          <tbody>{list.items.map((r) => (
            <tr key={r.id}>
              <td><Link to={`/records/requests/${r.id}`}>{r.label}</Link></td><td>{r.requester.name}</td><td>{r.description}</td>
              <td>{r.receivedOn} ({VIA_NAMES[r.receivedVia]})</td><td>{r.deadline}</td><td><DaysLeft r={r} /></td><td>{STATUS_NAMES[r.status]}</td>
            </tr>
          ))}</tbody>
        </table>
      ))}
      <More list={list} label="requests" />
    </section>
  );
}

function NewRequest() {
  const zone = useAgencyZone();
  const [form, setForm] = useState({ name: '', contact: '', via: 'in_person', description: '', receivedOn: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const receivedOn = form.receivedOn || (zone ? day(new Date().toISOString(), zone) : '');
  const log = async () => {
    try {
      const created = await api<RecordsRequest>('/api/v1/public-records/requests', {
        method: 'POST', body: { requester: { name: form.name, contact: form.contact }, receivedVia: form.via, description: form.description, receivedOn },
      });
      navigate(`/records/requests/${created.id}`);
    } catch (e) { setError(problemText(e, 'The request was not logged.')); }
  };
  return (
    <fieldset className="new-request"><legend>Log a request</legend>
      <label>Requester<input value={form.name} onChange={set('name')} /></label>
      <label>Contact<input value={form.contact} onChange={set('contact')} placeholder="address, e-mail or phone" /></label>
      <label>Received by<select value={form.via} onChange={set('via')}>{Object.entries(VIA_NAMES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select></label>
      <label>Received on<input type="date" value={receivedOn} onChange={set('receivedOn')} /></label>
      <label className="wide">Records asked for<textarea value={form.description} onChange={set('description')} rows={2} /></label>
      <button type="button" onClick={log}>Log request</button>
      {error && <p role="alert" className="error">{error}</p>}
    </fieldset>
  );
}

/** One request: its records, the review of its redactions, and its release or denial. */
export function RequestPage({ id }: { id: string }) {
  const [r, setR] = useState<RequestDetail | null>(null);
  const [exemptions, setExemptions] = useState<Exemption[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => api<RequestDetail>(`/api/v1/public-records/requests/${id}`).then(setR, (e: unknown) => setMessage(problemText(e, 'Could not load the request.'))), [id]);
  useEffect(() => { void load(); api<Exemption[]>('/api/v1/public-records/exemptions').then(setExemptions, () => undefined); }, [load]);
  const act = async (path: string, body?: unknown, done?: string) => {
    try {
      const answer = await api<RequestDetail | RequestReleased>(`/api/v1/public-records/requests/${id}${path}`, { method: 'POST', ...(body === undefined ? {} : { body }) });
      setR('request' in answer ? answer.request : answer);
      setMessage(done ?? null);
      return true;
    } catch (e) { setMessage(problemText(e, 'Refused.')); return false; }
  };
  if (!r) return <p>{message ?? 'Loading…'}</p>;
  const open = r.status === 'open';
  const undecided = r.redactions.filter((x) => x.decision === 'proposed').length;
  return (
    <section className="records-request">
      <h2>Request {r.label} — {STATUS_NAMES[r.status]}</h2>
      <p>{r.requester.name} ({r.requester.contact}), received {r.receivedOn} by {VIA_NAMES[r.receivedVia]?.toLowerCase()}; logged by <Who name={r.loggedByName} login={r.loggedBy} />.</p>
      <p>Asked for: {r.description}</p>
      <p>Response due <strong>{r.deadline}</strong>{r.daysLeft !== null && <> (<DaysLeft r={r} />)</>}.</p>
      {message && <p role="status">{message}</p>}
      <h3>Records</h3>
      {r.items.length === 0 ? <p className="muted">No records gathered yet.</p> : (
        <ul aria-label="Records gathered">{r.items.map((i) => <li key={i.id}><Preview requestId={id} item={i} /></li>)}</ul>
      )}
      {open && <Gather onGather={(kind, ref) => act('/records', { kind, ref })} />}
      <h3>Redactions</h3>
      <Redactions r={r} open={open} act={act} />
      {open && r.items.length > 0 && <AddRedaction r={r} exemptions={exemptions} act={act} />}
      {open && (
        <>
          <h3>Review and release</h3>
          <p>{r.reviewedBy ? <>Reviewed by <Who name={r.reviewedByName} login={r.reviewedBy} /> <When at={r.reviewedAt} />.</> : `Not reviewed${undecided ? `: ${undecided} proposed redaction(s) to decide` : ''}.`}</p>
          <button type="button" onClick={() => act('/review', undefined, 'Review complete.')} disabled={Boolean(r.reviewedBy)}>Complete review</button>
          {' '}<button type="button" onClick={() => act('/release', {}, 'Released.')}>Release</button>
          <Deny exemptions={exemptions} act={act} />
        </>
      )}
      <h3>Releases</h3>
      {r.releases.length === 0 ? <p className="muted">Nothing released yet.</p> : (
        <ul aria-label="Releases">{r.releases.map((x) => (
          <li key={x.id}>
            {STATUS_NAMES[x.outcome]} to {x.recipient} by <Who name={x.releasedByName} login={x.releasedBy} />, <When at={x.releasedAt} />; {x.redactionCount} redaction(s){x.exemptions.length ? `, citing ${x.exemptions.map((c) => exemptions.find((e) => e.code === c)?.clause ?? c).join('; ')}` : ''}.
            {x.hasRelease && <> <a href={`/api/v1/public-records/releases/${x.id}/records.pdf`} target="_blank" rel="noreferrer">Released records (PDF)</a></>}
            {x.hasLetter && <> · <a href={`/api/v1/public-records/releases/${x.id}/letter.pdf`} target="_blank" rel="noreferrer">Response letter (PDF)</a></>}
          </li>
        ))}</ul>
      )}
      <p><Link to="/records/requests">All requests</Link></p>
    </section>
  );
}

function Preview({ requestId, item }: { requestId: string; item: RequestDetail['items'][number] }) {
  const [preview, setPreview] = useState<RecordPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const show = () => api<RecordPreview>(`/api/v1/public-records/requests/${requestId}/records/${item.id}`).then(setPreview, (e: unknown) => setError(problemText(e, 'Could not read the record.')));
  return (
    <>
      {item.title} <span className="muted">(gathered by <Who name={item.addedByName} login={item.addedBy} />)</span>
      {' '}<button type="button" className="link" onClick={() => (preview ? setPreview(null) : void show())}>{preview ? 'Hide' : 'Show as released'}</button>
      {error && <span role="alert" className="error"> {error}</span>}
      {preview && (
        <div className="release-preview" aria-label={`${item.title} as released`}>
          {preview.withheld ? <p><strong>Withheld in full</strong> ({preview.withheld})</p> : preview.released.map((s) => <div key={s.heading}><h4>{s.heading}</h4><p className="preserve">{s.text}</p></div>)}
          {preview.notIncluded.map((n) => <p key={n} className="muted">Not included: {n}</p>)}
        </div>
      )}
    </>
  );
}

function Gather({ onGather }: { onGather: (kind: string, ref: string) => Promise<boolean> }) {
  const [kind, setKind] = useState('report');
  const [ref, setRef] = useState('');
  return (
    <div className="new-report">
      <label>Kind of record<select value={kind} onChange={(e) => setKind(e.target.value)}>{Object.entries(KIND_NAMES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select></label>
      <label>Number, id or date<input value={ref} onChange={(e) => setRef(e.target.value)} /></label>
      <button type="button" onClick={async () => { if (await onGather(kind, ref.trim())) setRef(''); }}>Gather</button>
    </div>
  );
}

type Act = (path: string, body?: unknown, done?: string) => Promise<boolean>;

function Redactions({ r, open, act }: { r: RequestDetail; open: boolean; act: Act }) {
  const [reasons, setReasons] = useState<Record<string, string>>({});
  if (r.redactions.length === 0) return <p className="muted">No redactions.</p>;
  const title = (itemId: string) => r.items.find((i) => i.id === itemId)?.title ?? '';
  return (
    <table className="records-table" aria-label="Redactions">
      <thead><tr><th>Record</th><th>What</th><th>Text</th><th>Exemption</th><th>Decision</th><th /></tr></thead>
      <tbody>{r.redactions.map((x) => (
        <tr key={x.id} className={`redaction ${x.decision}`}>
          <td>{title(x.itemId)}</td><td>{x.what}{x.origin === 'clerk' ? ' (added)' : ''}</td>
          <td>{x.scope === 'item' ? 'the whole record' : x.terms.join(' · ')}</td><td>{x.clause}</td>
          <td>{x.decision === 'proposed' ? 'Proposed' : x.decision === 'accepted' ? 'Redacted' : 'Released'}{x.reason ? `: ${x.reason}` : ''}{x.decidedBy && <> — <Who name={x.decidedByName} login={x.decidedBy} /></>}</td>
          <td>{open && (
            <>
              {x.decision !== 'accepted' && <button type="button" onClick={() => act(`/redactions/${x.id}`, { decision: 'accept' })}>Redact</button>}
              {x.decision !== 'removed' && (
                <>
                  <input aria-label={`Reason to release: ${x.what}`} placeholder="reason to release" value={reasons[x.id] ?? ''} onChange={(e) => setReasons({ ...reasons, [x.id]: e.target.value })} />
                  <button type="button" onClick={() => act(`/redactions/${x.id}`, { decision: 'remove', reason: reasons[x.id] ?? '' })}>Release it</button>
                </>
              )}
            </>
          )}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}

function AddRedaction({ r, exemptions, act }: { r: RequestDetail; exemptions: Exemption[]; act: Act }) {
  const [form, setForm] = useState({ itemId: '', scope: 'text', text: '', exemption: 'privacy', reason: '' });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const itemId = form.itemId || r.items[0]!.id;
  const add = async () => {
    const ok = await act('/redactions', { itemId, scope: form.scope, exemption: form.exemption, reason: form.reason, ...(form.scope === 'text' ? { text: form.text } : {}) }, 'Redaction added.');
    if (ok) setForm({ ...form, text: '', reason: '' });
  };
  return (
    <fieldset className="new-request"><legend>Add a redaction</legend>
      <label>Record<select value={itemId} onChange={set('itemId')}>{r.items.map((i) => <option key={i.id} value={i.id}>{i.title}</option>)}</select></label>
      <label>Redact<select value={form.scope} onChange={set('scope')}><option value="text">this text</option><option value="item">the whole record</option></select></label>
      {form.scope === 'text' && <label>Text<input value={form.text} onChange={set('text')} /></label>}
      <label>Exemption<select value={form.exemption} onChange={set('exemption')}>{exemptions.map((x) => <option key={x.code} value={x.code}>{x.title} ({x.clause})</option>)}</select></label>
      <label>Reason<input value={form.reason} onChange={set('reason')} /></label>
      <button type="button" onClick={add}>Add redaction</button>
    </fieldset>
  );
}

function Deny({ exemptions, act }: { exemptions: Exemption[]; act: Act }) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [explanation, setExplanation] = useState('');
  return (
    <details className="deny"><summary>Deny the request</summary>
      {exemptions.map((x) => (
        <label key={x.code} className="check"><input type="checkbox" checked={chosen.includes(x.code)} onChange={(e) => setChosen(e.target.checked ? [...chosen, x.code] : chosen.filter((c) => c !== x.code))} />{x.title} ({x.clause})</label>
      ))}
      <label>Explanation<textarea value={explanation} onChange={(e) => setExplanation(e.target.value)} rows={2} /></label>
      <button type="button" onClick={() => act('/release', { deny: { exemptions: chosen, ...(explanation.trim() ? { explanation } : {}) } }, 'Denied; the response letter is ready.')}>Deny with letter</button>
    </details>
  );
}
