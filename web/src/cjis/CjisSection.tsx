import { useEffect, useState } from 'react';
import { api, type Me } from '../shared/api.ts';
import { cjisCodes, type CjisUser, type Codes, type OpenConfirmation, type QueryView, readQuery } from './api.ts';
import { QueryForm } from './QueryForm.tsx';
import { QueryResult, TrainingBanner } from './QueryResult.tsx';
import { Entries } from './Entries.tsx';
import { Messages } from './Messages.tsx';
import { BopList, Desk } from './Desk.tsx';
import './cjis.css';

type Tab = 'query' | 'waiting' | 'entries' | 'messages' | 'desk' | 'bop';

/** My own standing: a refusal or a reminder before the certification expires (81A §J.1.b.i, §J.2). */
function MyStanding() {
  const [me, setMe] = useState<CjisUser | null>(null);
  useEffect(() => { api<CjisUser>('/api/v1/cjis/me').then(setMe, () => undefined); }, []);
  if (!me) return null;
  if (me.refusal && !me.queryAllowed) return <p className="cjis-alert" role="alert" data-testid="cjis-standing">CJIS is closed to you: {me.refusal.detail} ({me.refusal.clause})</p>;
  if (me.state === 'expiring') return <p className="notice" role="note" data-testid="cjis-standing">Your CJIS certification expires on {me.expiresOn}: recertify with the CJIS Representative.</p>;
  if (me.state === 'grace') return <p className="notice" role="note" data-testid="cjis-standing">You may run queries until you are trained; training is due by {me.until}.</p>;
  return null;
}

function Waiting({ onOpen }: { onOpen: (id: string) => void }) {
  const [rows, setRows] = useState<OpenConfirmation[]>([]);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const load = () => api<OpenConfirmation[]>('/api/v1/cjis/confirmations').then(setRows, () => undefined);
    load();
    const poll = window.setInterval(load, 5000);
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    return () => { window.clearInterval(poll); window.clearInterval(tick); };
  }, []);
  return (
    <table className="cjis-table" aria-label="Hits waiting for confirmation">
      <thead><tr><th>Record</th><th>Entering agency</th><th>Incident</th><th>Request</th><th>Answer due</th><th /></tr></thead>
      <tbody>{rows.map((c) => {
        const leftMs = Date.parse(c.dueAt) - now;
        return (
          <tr key={c.id} className={leftMs <= 0 ? 'cjis-overdue' : ''}>
            <td>{c.recordType.replace(/_/g, ' ')} {c.nic}</td><td>{c.agency ?? c.ori}</td><td>{c.incident ?? ''}</td><td>{c.number} ({c.priority})</td>
            <td>{leftMs <= 0 ? 'OVERDUE — send the next request' : `${Math.floor(leftMs / 60000)}:${String(Math.floor(leftMs / 1000) % 60).padStart(2, '0')}`}</td>
            <td><button type="button" onClick={() => onOpen(c.queryId)}>Open</button></td>
          </tr>
        );
      })}</tbody>
    </table>
  );
}

/** CJIS (81A §J): queries, hits waiting for confirmation, the agency's entries, administrative messages, the CJIS Representative's desk. */
export function CjisSection({ me }: { me: Me }) {
  const can = (p: string) => me.permissions.includes(p);
  const [codes, setCodes] = useState<Codes | null>(null);
  const [tab, setTab] = useState<Tab>(can('cjis.query') ? 'query' : can('cjis.manage') ? 'desk' : 'bop');
  const [result, setResult] = useState<QueryView | null>(null);
  useEffect(() => { cjisCodes().then(setCodes, () => undefined); }, []);
  if (!codes) return <p className="loading">Loading CJIS…</p>;
  const tabs: [Tab, string, boolean][] = [
    ['query', 'Query', can('cjis.query')], ['waiting', 'Waiting for confirmation', can('cjis.query')], ['entries', 'Entries', can('cjis.query')],
    ['messages', 'Messages', can('cjis.query')], ['desk', 'CJIS Representative', can('cjis.manage')], ['bop', 'BOP list', can('cjis.bop_list') && !can('cjis.manage')],
  ];
  const open = (id: string) => { readQuery(id).then((v) => { setResult(v); setTab('query'); }, () => undefined); };
  return (
    <section className="cjis" aria-labelledby="cjis-title">
      <h2 id="cjis-title">CJIS</h2>
      <TrainingBanner text={codes.banner} />
      {can('cjis.query') && <MyStanding />}
      <div className="cjis-tabs" role="tablist">
        {tabs.filter(([, , shown]) => shown).map(([t, label]) => <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>{label}</button>)}
      </div>
      {tab === 'query' && (<><QueryForm codes={codes} onResult={setResult} />{result && <QueryResult initial={result} />}</>)}
      {tab === 'waiting' && <Waiting onOpen={open} />}
      {tab === 'entries' && <Entries codes={codes} />}
      {tab === 'messages' && <Messages codes={codes} />}
      {tab === 'desk' && <Desk codes={codes} me={me} />}
      {tab === 'bop' && <BopList me={me} />}
    </section>
  );
}
