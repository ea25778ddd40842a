import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import { CaseLink, Link } from './common.tsx';
import type { AuthorizationMade, Item, ItemCreated, ItemSummary, Recipient } from './types.ts';
import { useFetched } from '../shared/fetched.ts';
import { problemText } from '../shared/problem.ts';
import { When, Who } from '../shared/When.tsx';
export type { ItemSummary } from './types.ts';


const fail = problemText;

/** The items filed under a case, and a form to add one (S-110 §A.1.j, u). */
export function CaseProperty({ caseNumber, canWrite }: { caseNumber: string; canWrite: boolean }) {
  const [items, setItems] = useState<ItemSummary[]>([]);
  useEffect(() => { api<ItemSummary[]>(`/api/v1/cases/${caseNumber}/property`).then(setItems, () => setItems([])); }, [caseNumber]);
  const [form, setForm] = useState<Record<string, string>>({ kind: 'evidence' });
  const [error, setError] = useState<string | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = { caseNumber, ...Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== '')) };
    if (typeof body.value === 'string') body.value = Number(body.value);
    try { const made = await api<ItemCreated>('/api/v1/property', { method: 'POST', body }); navigate(`/records/property/${made.id}`); } catch (err) { setError(fail(err, 'Could not record the item.')); }
  };
  const field = (key: string, label: string) => <label key={key}>{label}<input value={form[key] ?? ''} onChange={(e) => setForm({ ...form, [key]: e.target.value })} /></label>;
  return (
    <section aria-label="Property and evidence">
      <h3>Property and evidence</h3>
      {items.length === 0 ? <p className="muted">No items.</p> : (
        <table className="records-table" aria-label="Items">
          <thead><tr><th>Tag</th><th>Kind</th><th>Description</th><th>Status</th><th>Location</th></tr></thead>
          <tbody>{items.map((i) => <tr key={i.id}><td><Link to={`/records/property/${i.id}`}>{i.tag}</Link></td><td>{i.kind}</td><td>{i.category}: {i.description}</td><td>{i.status}</td><td>{i.location ?? '—'}</td></tr>)}</tbody>
        </table>
      )}
      {canWrite && (
        <details><summary>Add an item</summary>
          <form className="records-search" onSubmit={add}>
            <label>Kind<select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
              <option value="evidence">Evidence</option><option value="found">Found property</option><option value="safekeeping">Safekeeping</option><option value="stolen">Stolen (reported)</option>
            </select></label>
            {field('category', 'Category')}{field('description', 'Description')}{field('make', 'Make')}{field('model', 'Model')}{field('serial', 'Serial number')}{field('value', 'Value ($)')}{form.kind !== 'stolen' && field('location', 'Location (shelf)')}
            <button type="submit">Record item</button>
            {error && <p role="alert" className="error">{error}</p>}
          </form>
        </details>
      )}
    </section>
  );
}

const ACTIONS = [['transfer', 'Transfer'], ['lab', 'To the lab'], ['court', 'To court'], ['returned', 'Returned'], ['release', 'Release to owner'], ['destruction', 'Destruction']] as const;

/** One item: where it is, its chain of custody, its label, and the next movement. */
export function PropertyPage({ id, permissions }: { id: string; permissions: string[] }) {
  const [item, setItem] = useState<Item | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => { api<Item>(`/api/v1/property/${id}`).then(setItem, (e: unknown) => setError(fail(e, 'Could not load the item.'))); }, [id]);
  useEffect(reload, [reload]);
  if (!item) return error ? <p role="alert" className="error">{error}</p> : <p>Loading…</p>;
  return (
    <section aria-labelledby="item-title">
      <h2 id="item-title">Item {item.tag}</h2>
      <dl className="facts">
        <dt>Case</dt><dd><CaseLink number={item.caseNumber} /></dd>
        <dt>Kind</dt><dd>{item.kind}</dd>
        <dt>Description</dt><dd>{item.category}: {item.description}{item.make ? `, ${item.make}` : ''}{item.model ? ` ${item.model}` : ''}</dd>
        {item.serial && <><dt>Serial number</dt><dd>{item.serial}</dd></>}
        {item.owner && <><dt>Owner</dt><dd>{item.owner}</dd></>}
        <dt>Status</dt><dd>{item.status}</dd>
        <dt>Location</dt><dd aria-label="Location">{item.location ?? '—'}{item.holder && <> ({item.holderOutside ? item.holderName : <Who name={item.holderName} login={item.holder} />})</>}</dd>
      </dl>
      <p><a href={`/api/v1/property/${item.id}/label.pdf`} target="_blank" rel="noreferrer">Print label (PDF)</a> · <a href={`/api/v1/property/${item.id}/custody.pdf`} target="_blank" rel="noreferrer">Print custody history (PDF)</a></p>
      <h3>Chain of custody</h3>
      <table className="records-table" aria-label="Chain of custody">
        <thead><tr><th>When</th><th>Action</th><th>From</th><th>To</th><th>Why</th><th>Recorded by</th><th>Authorized by</th></tr></thead>
        <tbody>{item.custody.map((c, n) => (
          <tr key={n}><td><When at={c.at} /></td><td>{c.action}</td><td>{c.fromLocation ?? '—'}</td><td>{c.toLocation} ({c.toOutside ? c.toHolderName : <Who name={c.toHolderName} login={c.toHolder} />})</td><td>{c.reason}</td><td><Who name={c.recordedByName} login={c.recordedBy} /></td><td><Who name={c.authorizedByName} login={c.authorizedBy} /></td></tr>
        ))}</tbody>
      </table>
      {permissions.includes('records.write') && ['in_custody', 'out'].includes(item.status) && <Move item={item} onDone={reload} />}
      {permissions.includes('property.authorize') && ['in_custody', 'out'].includes(item.status) && <Authorize item={item} onDone={reload} />}
    </section>
  );
}

/** "Received by": one of the agency's people, picked by name, or an outside recipient typed and marked as such. */
function Move({ item, onDone }: { item: Item; onDone: () => void }) {
  const [m, setM] = useState({ action: 'transfer', from: item.location ?? '', to: '', reason: '', authorizationId: '' });
  const [who, setWho] = useState({ kind: 'person', username: '', outside: '' });
  const people = useFetched<Recipient[]>('/api/v1/property/recipients').data ?? [];
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { authorizationId, ...rest } = m;
    const receivedBy = who.kind === 'person' ? { username: who.username } : { outside: who.outside };
    try {
      await api(`/api/v1/property/${item.id}/custody`, { method: 'POST', body: { ...rest, receivedBy, ...(authorizationId.trim() ? { authorizationId: authorizationId.trim() } : {}) } });
      setM({ ...m, from: m.to, to: '', reason: '', authorizationId: '' }); setWho({ ...who, username: '', outside: '' }); setError(null); onDone();
    } catch (err) { setError(fail(err, 'The movement was refused.')); }
  };
  const set = (key: keyof typeof m) => (e: { target: { value: string } }) => setM({ ...m, [key]: e.target.value });
  return (
    <form className="records-search" onSubmit={submit} aria-label="Move the item">
      <label>Movement<select value={m.action} onChange={set('action')}>{ACTIONS.map(([a, label]) => <option key={a} value={a}>{label}</option>)}</select></label>
      <label>From (where it is now)<input value={m.from} onChange={set('from')} required /></label>
      <label>To<input value={m.to} onChange={set('to')} required /></label>
      <fieldset className="received-by">
        <legend>Received by</legend>
        <label className="check"><input type="radio" name="received-kind" checked={who.kind === 'person'} onChange={() => setWho({ ...who, kind: 'person' })} /> One of our people</label>
        <label className="check"><input type="radio" name="received-kind" checked={who.kind === 'outside'} onChange={() => setWho({ ...who, kind: 'outside' })} /> Outside recipient (lab, court, owner)</label>
        {who.kind === 'person'
          ? <><label htmlFor="received-person">Person</label><select id="received-person" value={who.username} onChange={(e) => setWho({ ...who, username: e.target.value })} required>
            <option value="">— choose —</option>
            {people.map((p) => <option key={p.username} value={p.username}>{p.name}{p.unit ? `, ${p.unit}` : ''}</option>)}
          </select></>
          : <label>Outside recipient's name<input value={who.outside} onChange={(e) => setWho({ ...who, outside: e.target.value })} required /></label>}
      </fieldset>
      <label>Why<input value={m.reason} onChange={set('reason')} required /></label>
      {(m.action === 'release' || m.action === 'destruction') && (
        <label>Authorization<select value={m.authorizationId} onChange={set('authorizationId')}>
          <option value="">none</option>
          {item.authorizations.filter((a) => a.action === m.action).map((a) => <option key={a.id} value={a.id} title={a.authorizedBy}>{a.authorizedByName}: {a.reason}</option>)}
        </select></label>
      )}
      <button type="submit">Record movement</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

function Authorize({ item, onDone }: { item: Item; onDone: () => void }) {
  const [action, setAction] = useState('release');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try { await api<AuthorizationMade>(`/api/v1/property/${item.id}/authorizations`, { method: 'POST', body: { action, reason } }); setMessage(`Authorized: ${action === 'release' ? 'release to owner' : 'destruction'}.`); onDone(); } catch (err) { setMessage(fail(err, 'Refused.')); }
  };
  return (
    <form className="records-search" onSubmit={submit} aria-label="Authorize release or destruction">
      <label>Authorize<select value={action} onChange={(e) => setAction(e.target.value)}><option value="release">Release to owner</option><option value="destruction">Destruction</option></select></label>
      <label>Reason<input value={reason} onChange={(e) => setReason(e.target.value)} required /></label>
      <button type="submit">Authorize</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
