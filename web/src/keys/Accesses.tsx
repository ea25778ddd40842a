import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { useKnoxAction } from './action.ts';
import { clock, type Access, type Box, type Reason } from './types.ts';

/** Master-key accesses: request, authorize, removed, returned, and the reporting form (O-604 §II, §III.C–H). */
export function Accesses({ accesses, boxes, reasons, canAuthorize, canRequest, onChange, filter, onFilter }: {
  accesses: Access[]; boxes: Box[]; reasons: Reason[]; canAuthorize: boolean; canRequest: boolean; onChange: () => void;
  filter: { box: string; officer: string; open: string }; onFilter: (f: { box: string; officer: string; open: string }) => void;
}) {
  const [error, act] = useKnoxAction(onChange);
  const step = (a: Access, what: 'authorize' | 'removed' | 'returned') => act(() => api(`/api/v1/knox/accesses/${a.id}/${what}`, { method: 'POST' }));
  return (
    <section aria-labelledby="accesses-title">
      <h3 id="accesses-title">Master-key accesses</h3>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="knox-filter" aria-label="Access history filter">
        <label>Box{' '}
          <select value={filter.box} onChange={(e) => onFilter({ ...filter, box: e.target.value })}>
            <option value="">All boxes</option>
            {boxes.map((b) => <option key={b.id} value={b.id}>{b.location.building}</option>)}
          </select>
        </label>{' '}
        <label>Officer (login){' '}
          <input value={filter.officer} onChange={(e) => onFilter({ ...filter, officer: e.target.value.trim() })} size={12} />
        </label>{' '}
        <label><input type="checkbox" checked={filter.open === 'true'} onChange={(e) => onFilter({ ...filter, open: e.target.checked ? 'true' : '' })} /> Open (keys not yet returned) only</label>
      </div>
      <table className="knox-table" aria-label="Accesses">
        <thead><tr><th>Incident</th><th>Box</th><th>Reason</th><th>Apts</th><th>Officer</th><th>Access key</th><th>Authorized</th><th>Removed</th><th>Returned</th><th>Form</th><th /></tr></thead>
        <tbody>
          {accesses.map((a) => (
            <tr key={a.id} data-access={a.id}>
              <td>{a.incident}</td>
              <td>{a.box.building}</td>
              <td title={a.reason.label}>{a.reason.clause}{a.warrantAuthorizedBy && ` (warrant: ${a.warrantAuthorizedBy.name}, ${a.warrantAuthorizedBy.title})`}</td>
              <td>{a.apartments.join(', ')}</td>
              <td>{a.officerName}{a.officerUnit ? ` (${a.officerUnit})` : ''}</td>
              <td>{a.accessKey ?? '—'}</td>
              <td>{a.authorizedByName ? `${a.authorizedByName}, ${clock(a.authorizedAt)}` : 'awaiting'}</td>
              <td>{clock(a.removedAt)}</td>
              <td>{clock(a.returnedAt)}</td>
              <td>
                {a.report ? <a href={a.report.url} target="_blank" rel="noreferrer">PDF</a> : <a href={`/api/v1/knox/accesses/${a.id}/report.pdf`} target="_blank" rel="noreferrer">draft</a>}
                {a.deliveries.map((d) => (
                  <span key={d.id} className={`knox-delivery knox-${d.status}`} title={d.lastError ?? ''}>
                    {' '}{d.status === 'delivered' ? `sent ${clock(d.deliveredAt)}` : `NOT SENT (${d.attempts} tries${d.lastError ? `: ${d.lastError}` : ''})`}
                    {d.status === 'pending' && <button type="button" onClick={() => act(() => api(`/api/v1/knox/deliveries/${d.id}/retry`, { method: 'POST' }))}>Retry</button>}
                  </span>
                ))}
              </td>
              <td>
                {a.status === 'requested' && canAuthorize && <button type="button" onClick={() => step(a, 'authorize')}>Authorize</button>}
                {a.status === 'authorized' && canRequest && <button type="button" onClick={() => step(a, 'removed')}>Keys removed</button>}
                {a.status === 'removed' && canRequest && <button type="button" onClick={() => step(a, 'returned')}>Keys returned</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canRequest && <RequestForm boxes={boxes} reasons={reasons} act={act} />}
    </section>
  );
}

function RequestForm({ boxes, reasons, act }: { boxes: Box[]; reasons: Reason[]; act: (w: () => Promise<unknown>) => Promise<void> }) {
  // prefilled when the request comes from an incident with a Knox Box at its address
  const asked = new URLSearchParams(window.location.search);
  const [box, setBox] = useState(asked.get('request') ?? '');
  const [incident, setIncident] = useState(asked.get('incident') ?? '');
  const [reason, setReason] = useState('');
  const [apartments, setApartments] = useState('');
  const [occupant, setOccupant] = useState('');
  const [officer, setOfficer] = useState('');
  const [accessKey, setAccessKey] = useState('');
  const [warrantName, setWarrantName] = useState('');
  const [warrantTitle, setWarrantTitle] = useState('Executive Director');
  const chosen = reasons.find((r) => r.code === reason);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      box: box || boxes[0]?.id, incident: incident.trim(), reason: reason || reasons[0]?.code,
      apartments: apartments.split(',').map((s) => s.trim()).filter(Boolean),
    };
    if (occupant.trim()) body.occupant = occupant.trim();
    if (officer.trim()) body.officer = officer.trim();
    if (accessKey.trim()) body.accessKey = accessKey.trim();
    if (reason === 'search_warrant' && warrantName.trim()) body.warrantAuthorization = { name: warrantName.trim(), title: warrantTitle };
    void act(() => api('/api/v1/knox/accesses', { method: 'POST', body }));
  };
  return (
    <form className="knox-form" onSubmit={submit} aria-label="Request access to master keys">
      <h3>Request access to master keys</h3>
      <label>Knox Box
        <select value={box} onChange={(e) => setBox(e.target.value)}>
          {boxes.map((b) => <option key={b.id} value={b.id}>{b.location.building} — {b.location.address}</option>)}
        </select>
      </label>
      <label>CAD incident <input value={incident} onChange={(e) => setIncident(e.target.value)} placeholder="26-00042" required /></label>
      <label>Reason
        <select value={reason} onChange={(e) => setReason(e.target.value)}>
          {reasons.map((r) => <option key={r.code} value={r.code}>{r.allowed ? '' : 'NOT ALLOWED: '}{r.label} ({r.clause})</option>)}
        </select>
      </label>
      {chosen && <p className={chosen.allowed ? 'knox-quote' : 'knox-quote knox-forbidden'}>{chosen.clause}: “{chosen.quote}”</p>}
      {reason === 'search_warrant' && (
        <fieldset>
          <legend>Housing Authority authorization (O-604 §II.B)</legend>
          <label>Given by <input value={warrantName} onChange={(e) => setWarrantName(e.target.value)} /></label>
          <label>Title
            <select value={warrantTitle} onChange={(e) => setWarrantTitle(e.target.value)}>
              {['Executive Director', 'Administrator', 'Designee'].map((t) => <option key={t}>{t}</option>)}
            </select>
          </label>
        </fieldset>
      )}
      <label>Apartment(s) / unit(s), comma-separated <input value={apartments} onChange={(e) => setApartments(e.target.value)} required /></label>
      <label>Resident / occupant <input value={occupant} onChange={(e) => setOccupant(e.target.value)} /></label>
      <label>Accessing officer (login; blank = me) <input value={officer} onChange={(e) => setOfficer(e.target.value)} /></label>
      <label>Access key the officer holds (O-604 §III.C; blank = their one key) <input value={accessKey} onChange={(e) => setAccessKey(e.target.value)} placeholder="MHA-01" size={10} /></label>
      <button type="submit">Request access</button>
    </form>
  );
}
