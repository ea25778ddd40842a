import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { useKnoxAction } from './action.ts';
import { BoxForm } from './BoxForm.tsx';
import { BOX_KIND_NAMES, clock, KEY_STATUS_NAMES, type BoardKey, type Box, type Deliveries } from './types.ts';


/** The Supply Supervisor's register of boxes and keys, the outbound channel, and the reports (O-604 §III.A). */
export function Register({ boxes, keys, canRegister, canReport, onChange }: { boxes: Box[]; keys: BoardKey[]; canRegister: boolean; canReport: boolean; onChange: () => void }) {
  const [error, act] = useKnoxAction(onChange);
  const [number, setNumber] = useState('');
  const [deliveries, setDeliveries] = useState<Deliveries | null>(null);
  useEffect(() => { api<Deliveries>('/api/v1/knox/deliveries').then(setDeliveries, () => undefined); }, [keys]);
  const addKey = (e: FormEvent) => {
    e.preventDefault();
    void act(() => api('/api/v1/knox/keys', { method: 'POST', body: { number: number.trim() } })).then(() => setNumber(''));
  };
  // §III.A: the Supply Supervisor keeps the register; a key given back to the Housing Authority is retired, its history kept.
  // A key out with an officer is not offered: it comes back first (§III.B).
  const retire = (k: BoardKey) => {
    const details = window.prompt(`Retire key ${k.number} from the register: why (e.g. returned to the Housing Authority)?`);
    if (details) void act(() => api(`/api/v1/knox/keys/${k.number}/retire`, { method: 'POST', body: { details } }));
  };
  const missing = (b: Box) => {
    const details = window.prompt(`Master keys missing from ${b.location.building}: what was found?`);
    if (details) void act(() => api(`/api/v1/knox/boxes/${b.id}/missing-keys`, { method: 'POST', body: { details } }));
  };
  return (
    <section aria-labelledby="register-title">
      <h3 id="register-title">Knox Boxes</h3>
      {error && <p role="alert" className="error">{error}</p>}
      <table className="knox-table" aria-label="Knox Boxes">
        <thead><tr><th>Box</th><th>Location</th><th>Kind</th><th>Authority and contacts</th><th>Form goes to</th><th>Units</th>{canReport && <th />}</tr></thead>
        <tbody>
          {boxes.map((b) => (
            <tr key={b.id}>
              <td>{b.id}</td>
              <td>{b.location.building}<br />{b.location.address}</td>
              <td>{BOX_KIND_NAMES[b.kind]}</td>
              <td>{b.authority}<ul>{b.contacts.map((c) => <li key={c.name}>{c.role}: {c.name} {c.phone ?? ''}</li>)}</ul></td>
              <td>{b.reportTo}</td>
              <td className="knox-units">{b.units.join(' ')}</td>
              {canReport && <td><button type="button" className="danger" onClick={() => missing(b)}>Master keys missing</button></td>}
            </tr>
          ))}
        </tbody>
      </table>
      {canRegister && <BoxForm act={act} />}
      <h3>Access keys</h3>
      <ul className="knox-keylist" aria-label="Access keys">
        {keys.map((k) => (
          <li key={k.number} data-key={k.number}>
            {k.number}: {KEY_STATUS_NAMES[k.status]}{k.out ? ` (${k.out.officerName})` : ''}{k.status === 'retired' && k.note ? ` — ${k.note}` : ''}
            {canRegister && (k.status === 'cabinet' || k.status === 'lost') && (
              <>{' '}<button type="button" onClick={() => retire(k)}>Retire {k.number}</button></>
            )}
          </li>
        ))}
      </ul>
      {canRegister && (
        <form className="knox-form" onSubmit={addKey} aria-label="Register a key">
          <label>Key number (as numbered by the Housing Authority) <input value={number} onChange={(e) => setNumber(e.target.value)} required pattern="[A-Za-z0-9-]{1,20}" /></label>
          <button type="submit">Register key</button>
        </form>
      )}
      <h3>Reports</h3>
      <ul>
        <li><a href="/api/v1/knox/distribution?format=csv">Key distribution record (CSV)</a></li>
        <li><a href="/api/v1/knox/accesses?format=csv">Access history, all boxes (CSV)</a></li>
        <li><a href="/api/v1/knox/accesses?open=true&amp;format=csv">Open (unreturned) accesses (CSV)</a></li>
        {boxes.map((b) => <li key={b.id}><a href={`/api/v1/knox/accesses?box=${b.id}&format=csv`}>Access history, {b.location.building} (CSV)</a></li>)}
      </ul>
      {deliveries && (
        <>
          <h3>Forms and notices sent</h3>
          <p>Outbound channel: {deliveries.channel.configured ? `${deliveries.channel.server}, from ${deliveries.channel.from}` : <strong>not configured — forms wait until it is</strong>}</p>
          {canRegister && <ChannelForm act={act} />}
          <table className="knox-table" aria-label="Deliveries">
            <thead><tr><th>To</th><th>Subject</th><th>Status</th><th>Tries</th><th>Last error</th></tr></thead>
            <tbody>
              {deliveries.deliveries.map((d) => (
                <tr key={d.id} className={d.status === 'pending' ? 'knox-overdue' : ''}>
                  <td>{d.recipientName} &lt;{d.recipient}&gt;</td><td>{d.subject}</td>
                  <td>{d.status === 'delivered' ? `delivered ${clock(d.deliveredAt)}` : `pending, next try ${clock(d.nextAttemptAt)}`}</td>
                  <td>{d.attempts}</td><td>{d.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** The outbound SMTP channel (an e-mail server or an e-mail-to-fax gateway) for forms and notices. */
function ChannelForm({ act }: { act: (work: () => Promise<unknown>) => Promise<void> }) {
  const [smtpUrl, setSmtpUrl] = useState('');
  const [from, setFrom] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act(() => api('/api/v1/knox/outbound', { method: 'PUT', body: { smtpUrl: smtpUrl.trim(), from: from.trim() } })).then(() => setSmtpUrl(''));
  };
  return (
    <form className="knox-form" onSubmit={submit} aria-label="Outbound channel">
      <label>SMTP server URL (smtp://host:25 or smtps://user:password@host:465) <input value={smtpUrl} onChange={(e) => setSmtpUrl(e.target.value)} required /></label>
      <label>Sender address <input type="email" value={from} onChange={(e) => setFrom(e.target.value)} required /></label>
      <button type="submit">Set outbound channel</button>
    </form>
  );
}
