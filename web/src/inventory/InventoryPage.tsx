import { useState, type FormEvent } from 'react';
import { api, type Me } from '../shared/api.ts';
import { More } from '../shared/paged.tsx';
import { useAgencyZone } from '../shared/agency.ts';
import { stamp } from '../shared/time.ts';
import { useFetched } from '../shared/fetched.ts';
import { Message, useLoadedPages } from '../it/shared.tsx';
import { problemText } from '../shared/problem.ts';
import './inventory.css';

/** Shapes as the server answers them (src/inventory/routes.ts). */
interface Item {
  tag: string; category: string; description: string; make: string | null; model: string | null; serial: string | null;
  valueCents: number | null; acquiredOn: string | null; status: string; holder: string | null; holderKind: string | null; holderName: string | null;
  location: string; registeredByName: string; registeredAt: string;
}
interface Movement { at: string; action: string; holderName: string | null; location: string; reason: string | null; byName: string }
interface ItemRecord extends Item { mediaRegister: { serial: string; status: string; location: string } | null; movements: Movement[] }
interface Holders { people: { login: string; name: string }[]; units: { callSign: string; description: string | null }[] }
interface Code { code: string; name: string; active: boolean }

const STATUS: Record<string, string> = { in_stock: 'In stock', assigned: 'Issued', in_repair: 'Out for repair', lost: 'Reported lost', retired: 'Retired' };
const ACTIONS: Record<string, string> = {
  registered: 'Registered', assigned: 'Issued', returned: 'Returned', moved: 'Moved', repair: 'Sent for repair', lost: 'Reported lost', found: 'Found', retired: 'Retired',
};
const blank = { tag: '', category: '', description: '', make: '', model: '', serial: '', location: '' };
const optional = (v: string) => v.trim() || undefined;

/** Department inventory (S-110 §A.1.f): equipment by asset tag, who holds it, where it is, and its history. */
export function InventoryPage({ me }: { me: Me }) {
  const canManage = me.permissions.includes('inventory.manage');
  const timeZone = useAgencyZone();
  // inactive categories too, for the names of items registered under them
  const codes = useFetched<Code[]>('/api/v1/code-tables/inventory_category?inactive=true').data ?? [];
  const [filter, setFilter] = useState({ category: '', status: '', q: '' });
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
  const { data, list, message, act } = useLoadedPages<Item>(`/api/v1/inventory${query ? `?${query}` : ''}`);
  const [form, setForm] = useState(blank);
  const [open, setOpen] = useState<string | null>(null);
  const nameOf = (code: string) => codes.find((c) => c.code === code)?.name ?? code;
  if (!timeZone) return <p className="loading">Loading…</p>;

  const register = (e: FormEvent) => {
    e.preventDefault();
    const body = { ...form, make: optional(form.make), model: optional(form.model), serial: optional(form.serial) };
    void act(() => api('/api/v1/inventory', { method: 'POST', body }), `Item ${form.tag.toUpperCase()} registered.`).then((ok) => { if (ok) { setOpen(form.tag.toUpperCase()); setForm(blank); } });
  };
  const input = (k: keyof typeof blank, label: string, required = false) => (
    <label>{label}<input value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} required={required} maxLength={k === 'description' ? 300 : 200} /></label>
  );
  return (
    <section className="inventory" aria-labelledby="inventory-title">
      <h2 id="inventory-title">Department inventory</h2>
      <p className="hint">S-110 §A.1.f: every item by its asset tag, who holds it and where it is. Items are retired, never deleted.</p>
      <form className="row" role="search" aria-label="Find equipment" onSubmit={(e) => e.preventDefault()}>
        <label>Category<select value={filter.category} onChange={(e) => setFilter({ ...filter, category: e.target.value })}>
          <option value="">Any</option>{codes.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
        </select></label>
        <label>Status<select value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
          <option value="">Any</option>{Object.entries(STATUS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select></label>
        <label>Tag, serial or description<input type="search" value={filter.q} onChange={(e) => setFilter({ ...filter, q: e.target.value })} maxLength={100} /></label>
      </form>
      {canManage && (
        <form className="row" onSubmit={register} aria-label="Register an item">
          {input('tag', 'Asset tag', true)}
          <label>Category<select value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })} required>
            <option value="">Choose…</option>{codes.filter((c) => c.active).map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
          </select></label>
          {input('description', 'Description', true)}{input('make', 'Make')}{input('model', 'Model')}{input('serial', 'Serial number')}{input('location', 'Kept at', true)}
          <button type="submit">Register</button>
        </form>
      )}
      <Message text={message} />
      <table aria-label="Inventory">
        <thead><tr><th scope="col">Tag</th><th scope="col">Category</th><th scope="col">Description</th><th scope="col">Serial</th><th scope="col">Status</th><th scope="col">Held by</th><th scope="col">Where</th></tr></thead>
        <tbody>{data.map((i) => (
          <tr key={i.tag} aria-selected={open === i.tag}>
            <td><button type="button" className="link" onClick={() => setOpen(i.tag)}>{i.tag}</button></td>
            <td>{nameOf(i.category)}</td><td>{[i.description, i.make, i.model].filter(Boolean).join(' · ')}</td><td>{i.serial ?? '—'}</td>
            <td>{STATUS[i.status] ?? i.status}</td><td>{i.holderName ?? '—'}</td><td>{i.location}</td>
          </tr>
        ))}</tbody>
      </table>
      {data.length === 0 && <p className="muted">No item matches.</p>}
      <More list={list} label="items" />
      {open && <ItemPanel key={open} tag={open} timeZone={timeZone} canManage={canManage} categoryName={nameOf} onChanged={() => void list.reload()} />}
    </section>
  );
}

/** One item: what it is, where it is, its media-register entry for a drive, its history, and the movement form. */
function ItemPanel({ tag, timeZone, canManage, categoryName, onChanged }: { tag: string; timeZone: string; canManage: boolean; categoryName: (code: string) => string; onChanged: () => void }) {
  const { data: item, reload } = useFetched<ItemRecord>(`/api/v1/inventory/${encodeURIComponent(tag)}`);
  if (!item) return <p className="loading">Loading {tag}…</p>;
  return (
    <article className="panel" aria-labelledby="item-title">
      <h3 id="item-title">{item.tag}: {item.description}</h3>
      <dl className="facts">
        <dt>Category</dt><dd>{categoryName(item.category)}</dd>
        <dt>Make and model</dt><dd>{[item.make, item.model].filter(Boolean).join(' ') || '—'}</dd>
        <dt>Serial</dt><dd>{item.serial ?? '—'}</dd>
        <dt>Status</dt><dd>{STATUS[item.status] ?? item.status}{item.holderName ? `, to ${item.holderName}` : ''}</dd>
        <dt>Where</dt><dd>{item.location}</dd>
        {item.acquiredOn && <><dt>Acquired</dt><dd>{item.acquiredOn}</dd></>}
        {item.mediaRegister && <><dt>Media register</dt><dd>{item.mediaRegister.serial}: {item.mediaRegister.status.replaceAll('_', ' ')}, {item.mediaRegister.location}</dd></>}
      </dl>
      <table aria-label={`History of ${item.tag}`}>
        <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">To</th><th scope="col">Where</th><th scope="col">Why</th><th scope="col">Recorded by</th></tr></thead>
        <tbody>{item.movements.map((m, n) => (
          <tr key={n}><td>{stamp(m.at, timeZone)}</td><td>{ACTIONS[m.action] ?? m.action}</td><td>{m.holderName ?? '—'}</td><td>{m.location}</td><td>{m.reason ?? ''}</td><td>{m.byName}</td></tr>
        ))}</tbody>
      </table>
      {canManage && item.status !== 'retired' && <MovementForm item={item} onDone={() => { void reload(); onChanged(); }} />}
    </article>
  );
}

/** The movements an item in this state may have (src/inventory/rules.ts decides; this only offers them). */
const OFFERED: Record<string, string[]> = {
  in_stock: ['assigned', 'moved', 'repair', 'lost', 'retired'], assigned: ['returned', 'moved', 'repair', 'lost'],
  in_repair: ['returned', 'moved', 'lost', 'retired'], lost: ['found', 'retired'],
};

function MovementForm({ item, onDone }: { item: ItemRecord; onDone: () => void }) {
  const offered = OFFERED[item.status] ?? [];
  const [action, setAction] = useState(offered[0] ?? '');
  const [holder, setHolder] = useState('');
  const [location, setLocation] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const holders = useFetched<Holders>(action === 'assigned' ? '/api/v1/inventory-holders' : null).data;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const [kind, who] = holder.split(':', 2) as [string, string | undefined];
    const body = {
      action, ...(action === 'assigned' && who ? { holder: who, holderKind: kind } : {}),
      ...(location.trim() ? { location } : {}), ...(reason.trim() ? { reason } : {}),
    };
    try {
      await api(`/api/v1/inventory/${encodeURIComponent(item.tag)}/movements`, { method: 'POST', body });
      setHolder(''); setLocation(''); setReason('');
      onDone();
    } catch (err) { setError(problemText(err)); }
  };
  return (
    <form className="row" onSubmit={(e) => void submit(e)} aria-label={`Record a movement of ${item.tag}`}>
      <label>Movement<select value={action} onChange={(e) => setAction(e.target.value)}>{offered.map((a) => <option key={a} value={a}>{ACTIONS[a]}</option>)}</select></label>
      {action === 'assigned' && (
        <label>Issue to<select value={holder} onChange={(e) => setHolder(e.target.value)} required>
          <option value="">Choose…</option>
          <optgroup label="People">{holders?.people.map((p) => <option key={p.login} value={`person:${p.login}`}>{p.name}</option>)}</optgroup>
          <optgroup label="Units">{holders?.units.map((u) => <option key={u.callSign} value={`unit:${u.callSign}`}>Unit {u.callSign}{u.description ? ` (${u.description})` : ''}</option>)}</optgroup>
        </select></label>
      )}
      <label>Where<input value={location} onChange={(e) => setLocation(e.target.value)} maxLength={200} /></label>
      <label>Why<input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} /></label>
      <button type="submit">Record</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
