import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type Me } from '../shared/api.ts';
import { refusalText, uploadDocument, type AgreementsView, type AuditView, type BopItem, type CjisUser, type Codes, type QueryLogItem, type ValidationView } from './api.ts';
import { When, Who } from '../shared/When.tsx';
import { More, usePaged } from '../shared/paged.tsx';
import { agencyToday } from '../shared/agency.ts';

const STATES: Record<string, string> = { current: 'Current', expiring: 'Expiring soon', expired: 'EXPIRED', grace: 'In first six months', untrained: 'NOT TRAINED', unknown: 'Not on the list' };

function useLoad<T>(path: string): [T | null, () => void, string | null] {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => { api<T>(path).then(setValue, (e: unknown) => setError(refusalText(e))); }, [path]);
  useEffect(load, [load]);
  return [value, load, error];
}

function Users({ codes }: { codes: Codes }) {
  const [users, load, error] = useLoad<CjisUser[]>('/api/v1/cjis/users');
  const [message, setMessage] = useState<string | null>(null);
  const certify = async (u: CjisUser, level: string, certifiedOn: string, file: File | undefined) => {
    try {
      const documentId = file ? (await uploadDocument('certificate', file)).id : undefined;
      await api(`/api/v1/cjis/users/${u.username}/certifications`, { method: 'POST', body: { level, certifiedOn, ...(documentId ? { documentId } : {}) } });
      setMessage(`Certification of ${u.name} recorded.`);
      load();
    } catch (e) { setMessage(refusalText(e)); }
  };
  const employ = (u: CjisUser, date: string) => api(`/api/v1/cjis/users/${u.username}/employment`, { method: 'PUT', body: { employedSince: date || null } }).then(load, (e: unknown) => setMessage(refusalText(e)));
  return (
    <section aria-labelledby="cjis-users-title">
      <h3 id="cjis-users-title">CJIS users (81A §J.1.b.i–ii, §J.2)</h3>
      {error && <p role="alert" className="error">{error}</p>}
      {message && <p role="status">{message}</p>}
      <table className="cjis-table" aria-label="CJIS users">
        <thead><tr><th>User</th><th>Employed</th><th>Level</th><th>Certified</th><th>Expires</th><th>Standing</th><th>Record a certification</th></tr></thead>
        <tbody>
          {(users ?? []).map((u) => (
            <tr key={u.username} className={u.queryAllowed ? '' : 'cjis-refused'} data-testid="cjis-user">
              <td>{u.name}<br /><small>{u.roles.join(', ')}{u.communications ? ' · Communications' : ''}</small></td>
              <td><input type="date" defaultValue={u.employedSince ?? ''} aria-label={`Employed since (${u.username})`} onBlur={(e) => { if (e.target.value !== (u.employedSince ?? '')) void employ(u, e.target.value); }} /></td>
              <td>{codes.levels.find((l) => l.code === u.level)?.name ?? '—'}</td>
              <td>{u.certifiedOn ?? '—'}{u.certificationId && <> · <a href={`/api/v1/cjis/certifications/${u.certificationId}/certificate`} target="_blank" rel="noreferrer">certificate</a></>}</td>
              <td>{u.expiresOn ?? (u.until ? `training due ${u.until}` : '—')}</td>
              <td><strong>{STATES[u.state] ?? u.state}</strong>{u.reminderSentAt && <><br /><small>reminded <When at={u.reminderSentAt} as="day" /></small></>}{u.refusal && <><br /><small>{u.refusal.detail} ({u.refusal.clause})</small></>}</td>
              <td><CertifyForm user={u} codes={codes} onSubmit={certify} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A date field starts at today's UTC date, then at the agency's, unless the person has changed it meanwhile. */
function useStartAtAgencyDate(set: (update: (value: string) => string) => void, pick: (agencyDate: string) => string) {
  useEffect(() => {
    const utc = pick(new Date().toISOString().slice(0, 10));
    void agencyToday().then((d) => set((value) => (value === utc ? pick(d) : value)));
  }, []); // once, on the first render
}

function CertifyForm({ user, codes, onSubmit }: { user: CjisUser; codes: Codes; onSubmit: (u: CjisUser, level: string, on: string, file: File | undefined) => Promise<void> }) {
  const [level, setLevel] = useState(user.communications ? 'full_access' : 'query_only');
  const [on, setOn] = useState(new Date().toISOString().slice(0, 10));
  useStartAtAgencyDate(setOn, (d) => d);
  const [file, setFile] = useState<File | undefined>(undefined);
  return (
    <form className="row" onSubmit={(e) => { e.preventDefault(); void onSubmit(user, level, on, file); }}>
      <select value={level} onChange={(e) => setLevel(e.target.value)} aria-label="Level">{codes.levels.map((l) => <option key={l.code} value={l.code}>{l.name}</option>)}</select>
      <input type="date" value={on} onChange={(e) => setOn(e.target.value)} aria-label="Certified on" />
      <input type="file" accept="application/pdf" aria-label="Certificate (PDF; generated when none)" onChange={(e) => setFile(e.target.files?.[0])} />
      <button type="submit">Record</button>
    </form>
  );
}

function Agreement() {
  const [view, load] = useLoad<AgreementsView>('/api/v1/cjis/agreements');
  const [signedOn, setSignedOn] = useState('');
  const [official, setOfficial] = useState({ role: 'cjis_rep', name: '', assignedOn: '' });
  const [error, setError] = useState<string | null>(null);
  const post = (path: string, body: unknown) => api(path, { method: 'POST', body }).then(load, (e: unknown) => setError(refusalText(e)));
  return (
    <section aria-labelledby="cjis-agreement-title">
      <h3 id="cjis-agreement-title">Users Agreement (81A §J.1.b.vii–viii)</h3>
      <ul aria-label="Agreements due">{view?.due.map((d) => <li key={d.reason} className={d.overdue ? 'cjis-overdue' : ''}>{d.overdue ? 'OVERDUE — ' : ''}{d.reason}: due {d.due} ({d.clause})</li>)}</ul>
      <p className="muted">On file: {view?.agreements.map((a) => `signed ${a.signedOn}${a.filedWithRecordsOn ? `, filed with Records ${a.filedWithRecordsOn}` : ''}${a.filedWithChsbOn ? `, with the CHSB ${a.filedWithChsbOn}` : ''}`).join('; ') || 'none'}</p>
      <form className="row" onSubmit={(e: FormEvent) => { e.preventDefault(); void post('/api/v1/cjis/agreements', { signedOn, filedWithRecordsOn: signedOn, filedWithChsbOn: signedOn }); }}>
        <label>Agreement signed and filed on <input type="date" value={signedOn} onChange={(e) => setSignedOn(e.target.value)} required /></label>
        <button type="submit">Record agreement</button>
      </form>
      <form className="row" onSubmit={(e: FormEvent) => { e.preventDefault(); void post('/api/v1/cjis/officials', official); }}>
        <label>New <select value={official.role} onChange={(e) => setOfficial({ ...official, role: e.target.value })}><option value="cjis_rep">CJIS Representative</option><option value="backup_rep">Backup CJIS Representative</option><option value="chief">Chief of Police</option></select></label>
        <label>Name <input value={official.name} onChange={(e) => setOfficial({ ...official, name: e.target.value })} required /></label>
        <label>Assigned on <input type="date" value={official.assignedOn} onChange={(e) => setOfficial({ ...official, assignedOn: e.target.value })} required /></label>
        <button type="submit">Record assignment</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}

function Validation() {
  const [month, setMonth] = useState(new Date().toISOString().slice(0, 7));
  useStartAtAgencyDate(setMonth, (d) => d.slice(0, 7));
  const [view, setView] = useState<ValidationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { api<ValidationView>(`/api/v1/cjis/validations/${month}`).then(setView, () => setView(null)); }, [month]);
  const call = (path: string, body?: unknown) => api<ValidationView>(path, { method: 'POST', body: body ?? {} }).then(setView, (e: unknown) => setError(refusalText(e)));
  return (
    <section aria-labelledby="cjis-validation-title">
      <h3 id="cjis-validation-title">Monthly validation (81A §J.1.b.iii)</h3>
      <div className="row">
        <label>Month <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} /></label>
        <button type="button" onClick={() => void call(`/api/v1/cjis/validations/${month}`)}>Get the validation list from the switch</button>
        {view?.complete && <strong className="cjis-confirmed">Complete</strong>}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <table className="cjis-table" aria-label="Validation list">
        <thead><tr><th>NIC</th><th>Entry</th><th>Entered</th><th>Validated</th></tr></thead>
        <tbody>{view?.items.map((i) => (
          <tr key={i.nic}>
            <td>{i.nic}</td><td>{i.summary}</td><td>{i.enteredOn}</td>
            <td>{i.outcome ? <>{i.outcome} by <Who name={i.validatedByName} login={i.validatedBy} /></> : (
              <>
                <button type="button" onClick={() => void call(`/api/v1/cjis/validations/${month}/${i.nic}`, { outcome: 'valid' })}>Valid</button>{' '}
                <button type="button" onClick={() => void call(`/api/v1/cjis/validations/${month}/${i.nic}`, { outcome: 'removed' })}>Removed</button>
              </>
            )}</td>
          </tr>
        ))}</tbody>
      </table>
    </section>
  );
}

/** The Chief's list of employees authorized for BOP (CORI) queries, by position, title or name (81A §J.4). */
export function BopList({ me }: { me: Me }) {
  const [items, load] = useLoad<BopItem[]>('/api/v1/cjis/bop-list');
  const [kind, setKind] = useState('position');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const chief = me.permissions.includes('cjis.bop_list');
  const add = (e: FormEvent) => { e.preventDefault(); api('/api/v1/cjis/bop-list', { method: 'POST', body: { kind, value } }).then(() => { setValue(''); load(); }, (err: unknown) => setError(refusalText(err))); };
  return (
    <section aria-labelledby="cjis-bop-title">
      <h3 id="cjis-bop-title">Board of Probation (CORI) authorized employees (81A §J.4)</h3>
      <p><a href="/api/v1/cjis/bop-list.pdf" target="_blank" rel="noreferrer">Print for inspection (PDF)</a></p>
      <ul aria-label="BOP list">{items?.map((i) => <li key={i.id}>{i.kindName}: <span title={i.value}>{i.valueName}</span> <small>added by <Who name={i.addedByName} login={i.addedBy} /></small>{chief && <button type="button" className="link" onClick={() => void api(`/api/v1/cjis/bop-list/${i.id}`, { method: 'DELETE' }).then(load)}>remove</button>}</li>)}</ul>
      {chief && (
        <form className="row" onSubmit={add}>
          <select value={kind} onChange={(e) => setKind(e.target.value)} aria-label="By"><option value="position">Position (role)</option><option value="title">Title / assignment</option><option value="name">Name (login)</option></select>
          <input value={value} onChange={(e) => setValue(e.target.value)} required aria-label="Position, title or login" />
          <button type="submit">Add</button>
        </form>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}

function QueryLog() {
  const [rows] = useLoad<QueryLogItem[]>('/api/v1/cjis/queries?limit=200');
  return (
    <section aria-labelledby="cjis-log-title">
      <h3 id="cjis-log-title">Query log (CJIS AU-3)</h3>
      <table className="cjis-table" aria-label="Query log">
        <thead><tr><th>When</th><th>Operator</th><th>Terminal</th><th>Query</th><th>Purpose</th><th>Incident / case</th><th>Requester</th><th>Result</th></tr></thead>
        <tbody>{rows?.map((q) => (
          <tr key={q.id}><td><When at={q.at} as="stamp" /></td><td><Who name={q.operatorName} login={q.operator} /></td><td>{q.terminal}</td><td>{q.mke} {Object.values(q.criteria).join(' ')}</td><td>{q.purpose}</td>
            <td>{q.incident ?? q.caseNumber ?? ''}</td><td>{q.requester ? `${q.requester.name}, ${q.requester.agency}` : ''}</td><td>{q.status}, {q.hitCount} hit(s){q.training ? ' · TRAINING' : ''}</td></tr>
        ))}</tbody>
      </table>
    </section>
  );
}

function Audits() {
  const [error, setError] = useState<string | null>(null);
  const audits = usePaged<AuditView>('/api/v1/cjis/audits', (e) => setError(refusalText(e)));
  const load = () => void audits.reload();
  const [form, setForm] = useState({ auditDate: '', auditor: '', result: '', filedWithRecordsOn: '' });
  return (
    <section aria-labelledby="cjis-audits-title">
      <h3 id="cjis-audits-title">CJIS audits filed with Records (81A §J.1.b.ix)</h3>
      <ul>{audits.items?.map((a) => <li key={a.id}>{a.auditDate} by {a.auditor}: {a.result} — filed {a.filedWithRecordsOn}</li>)}</ul>
      <More list={audits} label="audits" />
      <form className="row" onSubmit={(e) => { e.preventDefault(); api('/api/v1/cjis/audits', { method: 'POST', body: form }).then(load, (err: unknown) => setError(refusalText(err))); }}>
        <input type="date" aria-label="Audit date" value={form.auditDate} onChange={(e) => setForm({ ...form, auditDate: e.target.value })} required />
        <input aria-label="Auditor" placeholder="Auditor" value={form.auditor} onChange={(e) => setForm({ ...form, auditor: e.target.value })} required />
        <input aria-label="Result" placeholder="Result" value={form.result} onChange={(e) => setForm({ ...form, result: e.target.value })} required />
        <input type="date" aria-label="Filed with Records on" value={form.filedWithRecordsOn} onChange={(e) => setForm({ ...form, filedWithRecordsOn: e.target.value })} required />
        <button type="submit">File</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}

/** The CJIS Representative's desk. */
export function Desk({ codes, me }: { codes: Codes; me: Me }) {
  return (
    <div className="cjis-desk">
      <Users codes={codes} />
      <Agreement />
      <Validation />
      <BopList me={me} />
      <QueryLog />
      <Audits />
    </div>
  );
}
