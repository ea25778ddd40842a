import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { problemText } from '../shared/problem.ts';
import { When } from '../shared/When.tsx';
import { Link } from './common.tsx';
import type { NameHit, Person } from './types.ts';

/** Send one change; the answer is the person as the server now has it (every change audited there). */
function useChange(id: string, onChanged: () => void) {
  const [error, setError] = useState<string | null>(null);
  const send = async (method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<boolean> => {
    try { await api<Person>(`/api/v1/names/${id}${path}`, { method, ...(body === undefined ? {} : { body }) }); onChanged(); setError(null); return true; } catch (e) { setError(problemText(e, 'Refused.')); return false; }
  };
  return { error, send };
}

const KINDS = {
  alias: { title: 'Aliases', field: 'aliases' },
  identifier: { title: 'Identifiers', field: 'identifiers' },
  address: { title: 'Addresses', field: 'addresses' },
  phone: { title: 'Phones', field: 'phones' },
} as const;
type Kind = keyof typeof KINDS;

const describe = (kind: Kind, d: Record<string, unknown>) => kind === 'alias' ? `${String(d.last)}, ${String(d.first)}${d.middle ? ` ${String(d.middle)}` : ''}`
  : kind === 'identifier' ? `${String(d.kind)} ${String(d.value)}${d.state ? ` (${String(d.state)})` : ''}`
    : kind === 'address' ? `${String(d.address)} (${String(d.kind)})` : `${String(d.number)} (${String(d.kind)})`;

/** Aliases, identifiers, addresses and phones: each listed with Remove, and a form to add one (S-110 §A.1.o). */
export function PersonDetailsEditor({ person, onChanged }: { person: Person; onChanged: () => void }) {
  const { error, send } = useChange(person.id, onChanged);
  const [form, setForm] = useState<Record<string, string>>({ identifierKind: 'license', addressKind: 'home', phoneKind: 'mobile' });
  const set = (k: string) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const add = async (e: FormEvent, kind: Kind) => {
    e.preventDefault();
    const f = form;
    const body = kind === 'alias' ? { aliases: [{ first: f.aliasFirst ?? '', last: f.aliasLast ?? '' }] }
      : kind === 'identifier' ? { identifiers: [{ kind: f.identifierKind, value: f.identifierValue ?? '', ...(f.identifierState ? { state: f.identifierState.toUpperCase() } : {}) }] }
        : kind === 'address' ? { addresses: [{ address: f.address ?? '', kind: f.addressKind }] } : { phones: [{ number: f.phone ?? '', kind: f.phoneKind }] };
    if (await send('POST', '/details', body)) setForm({ identifierKind: f.identifierKind!, addressKind: f.addressKind!, phoneKind: f.phoneKind! });
  };
  return (
    <section aria-labelledby="edit-details" className="person-edit">
      <h3 id="edit-details">Aliases, identifiers, addresses and phones</h3>
      {error && <p role="alert" className="error">{error}</p>}
      {(Object.keys(KINDS) as Kind[]).map((kind) => {
        const list = person[KINDS[kind].field] as unknown as (Record<string, unknown> & { id: number; fromMerged: boolean })[];
        return (
          <div key={kind} className="detail-kind">
            <h4>{KINDS[kind].title}</h4>
            <ul aria-label={KINDS[kind].title}>
              {list.length === 0 && <li className="muted">None.</li>}
              {list.map((d) => (
                <li key={d.id}>{describe(kind, d)}
                  {d.fromMerged ? <span className="muted"> (from a merged entry)</span>
                    : <button type="button" className="link" onClick={() => void send('DELETE', `/${kind}/${d.id}`)}>Remove {describe(kind, d)}</button>}
                </li>
              ))}
            </ul>
            <form onSubmit={(e) => void add(e, kind)} className="row">
              {kind === 'alias' && <><label>Alias last name<input value={form.aliasLast ?? ''} onChange={set('aliasLast')} required /></label>
                <label>Alias first name<input value={form.aliasFirst ?? ''} onChange={set('aliasFirst')} required /></label></>}
              {kind === 'identifier' && <><label>Identifier kind<select value={form.identifierKind} onChange={set('identifierKind')}>
                {['license', 'state_id', 'passport', 'fbi', 'sid', 'other'].map((k) => <option key={k}>{k}</option>)}</select></label>
                <label>Identifier number<input value={form.identifierValue ?? ''} onChange={set('identifierValue')} required /></label>
                <label>Issuing state<input value={form.identifierState ?? ''} onChange={set('identifierState')} maxLength={2} size={3} /></label></>}
              {kind === 'address' && <><label>Address<input value={form.address ?? ''} onChange={set('address')} required /></label>
                <label>Address kind<select value={form.addressKind} onChange={set('addressKind')}>{['home', 'work', 'mailing', 'other'].map((k) => <option key={k}>{k}</option>)}</select></label></>}
              {kind === 'phone' && <><label>Phone number<input value={form.phone ?? ''} onChange={set('phone')} required /></label>
                <label>Phone kind<select value={form.phoneKind} onChange={set('phoneKind')}>{['mobile', 'home', 'work', 'other'].map((k) => <option key={k}>{k}</option>)}</select></label></>}
              <button type="submit">Add {kind}</button>
            </form>
          </div>
        );
      })}
    </section>
  );
}

const SEX = { '': 'unknown', M: 'Male', F: 'Female', X: 'Non-binary', U: 'Unknown' };
const RACE = { '': 'unknown', A: 'Asian', B: 'Black', I: 'American Indian / Alaska Native', P: 'Native Hawaiian / Pacific Islander', W: 'White', U: 'Unknown' };

/** The name, date of birth and physical description, changed in place (PATCH; audited). */
export function PersonDescriptionEditor({ person, onChanged }: { person: Person; onChanged: () => void }) {
  const { error, send } = useChange(person.id, onChanged);
  const [f, setF] = useState({
    last: person.name.last, first: person.name.first, middle: person.name.middle ?? '', dob: person.dob ?? '', sex: person.sex ?? '', race: person.race ?? '',
    feet: person.heightIn ? String(Math.floor(person.heightIn / 12)) : '', inches: person.heightIn ? String(person.heightIn % 12) : '', weight: person.weightLb ? String(person.weightLb) : '',
  });
  const [saved, setSaved] = useState('');
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => { setF({ ...f, [k]: e.target.value }); setSaved(''); };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const height = f.feet ? Number(f.feet) * 12 + Number(f.inches || 0) : null;
    const ok = await send('PATCH', '', {
      last: f.last, first: f.first, middle: f.middle, dob: f.dob || null, sex: f.sex || null, race: f.race || null, heightIn: height, weightLb: f.weight ? Number(f.weight) : null,
    });
    if (ok) setSaved('Saved.');
  };
  return (
    <details className="person-edit">
      <summary>Edit name and physical description</summary>
      <form onSubmit={(e) => void save(e)} className="row" aria-label="Name and physical description">
        <label>Last name<input value={f.last} onChange={set('last')} required /></label>
        <label>First name<input value={f.first} onChange={set('first')} required /></label>
        <label>Middle name<input value={f.middle} onChange={set('middle')} /></label>
        <label>Date of birth<input type="date" value={f.dob} onChange={set('dob')} /></label>
        <label>Sex<select value={f.sex} onChange={set('sex')}>{Object.entries(SEX).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select></label>
        <label>Race<select value={f.race} onChange={set('race')}>{Object.entries(RACE).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select></label>
        <label>Height (feet)<input type="number" min={1} max={8} value={f.feet} onChange={set('feet')} /></label>
        <label>Height (inches)<input type="number" min={0} max={11} value={f.inches} onChange={set('inches')} /></label>
        <label>Weight (lb)<input type="number" min={1} max={1500} value={f.weight} onChange={set('weight')} /></label>
        <button type="submit">Save description</button>
      </form>
      <p aria-live="polite">{saved}</p>
      {error && <p role="alert" className="error">{error}</p>}
    </details>
  );
}

const facts = (p: Person | null) => p ? [
  ['Name', `${p.name.last}, ${p.name.first}${p.name.middle ? ` ${p.name.middle}` : ''}`], ['Date of birth', p.dob ?? 'unknown'], ['Sex / race', `${p.sex ?? '—'} / ${p.race ?? '—'}`],
  ['Identifiers', p.identifiers.map((i) => `${i.kind} ${i.value}`).join('; ') || '—'], ['Addresses', p.addresses.map((a) => a.address).join('; ') || '—'],
  ['Phones', p.phones.map((ph) => ph.number).join('; ') || '—'], ['Records', String(p.records.length + (p.juvenileRecords?.length ?? 0))],
] : [];

/**
 * Merge a duplicate into this master name: find it by name, see both side by side, and
 * confirm with a reason. Nothing is moved (an undo gives both their histories back).
 */
export function MergeScreen({ person, onChanged }: { person: Person; onChanged: () => void }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<NameHit[] | null>(null);
  const [other, setOther] = useState<Person | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const search = async (e: FormEvent) => {
    e.preventDefault();
    try { setHits((await api<NameHit[]>(`/api/v1/names/search?q=${encodeURIComponent(q)}`)).filter((h) => h.id !== person.id)); setError(null); } catch (err) { setError(problemText(err, 'Search refused.')); }
  };
  const choose = async (id: string) => {
    try { setOther(await api<Person>(`/api/v1/names/${id}`)); setError(null); } catch (err) { setError(problemText(err, 'Could not load that entry.')); }
  };
  const merge = async () => {
    try {
      await api(`/api/v1/names/${person.id}/merge`, { method: 'POST', body: { duplicateId: other!.id, reason } });
      setOther(null); setHits(null); setReason(''); setError(null); onChanged();
    } catch (err) { setError(problemText(err, 'Merge refused.')); }
  };
  const mine = facts(person); const theirs = facts(other);
  return (
    <details className="person-edit merge">
      <summary>Merge a duplicate into this person</summary>
      <form onSubmit={(e) => void search(e)} className="row">
        <label>Find the duplicate<input value={q} onChange={(e) => setQ(e.target.value)} required /></label>
        <button type="submit">Find duplicates</button>
      </form>
      {hits && (hits.length === 0 ? <p className="muted">No other entry matches.</p> : (
        <ul aria-label="Possible duplicates">{hits.map((h) => <li key={h.id}><button type="button" className="link" onClick={() => void choose(h.id)}>Compare {h.name}{h.dob ? ` (${h.dob})` : ''}</button></li>)}</ul>
      ))}
      {other && (
        <>
          <table className="records-table" aria-label="Side by side">
            <thead><tr><th scope="col">Field</th><th scope="col">This person (kept)</th><th scope="col">Duplicate (merged into it)</th></tr></thead>
            <tbody>{mine.map(([label, value], i) => <tr key={label}><th scope="row">{label}</th><td>{value}</td><td>{theirs[i]![1]}</td></tr>)}</tbody>
          </table>
          <label>Reason for the merge<textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} /></label>
          <button type="button" disabled={!reason.trim()} onClick={() => void merge()}>Merge {other.name.last}, {other.name.first} into this person</button>
        </>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </details>
  );
}

/** The merges this person took part in, each with who made it and when, and Undo with a reason. */
export function MergeHistory({ person, canWrite, onChanged }: { person: Person; canWrite: boolean; onChanged: () => void }) {
  const [undoing, setUndoing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (person.merges.length === 0) return null;
  const undo = async (mergeId: string) => {
    try { await api(`/api/v1/names/merges/${mergeId}/undo`, { method: 'POST', body: { reason } }); setUndoing(null); setReason(''); setError(null); onChanged(); } catch (err) { setError(problemText(err, 'Undo refused.')); }
  };
  return (
    <section aria-labelledby="merge-history">
      <h3 id="merge-history">Merges</h3>
      <ul>{person.merges.map((m) => {
        const other = m.survivorId === person.id ? m.mergedId : m.survivorId;
        return (
          <li key={m.id}>
            {m.survivorId === person.id ? 'Merged in ' : 'Merged into '}<Link to={`/records/names/${other}`}>{m.otherName || 'another entry'}</Link>
            {' '}by {m.byName}, <When at={m.at} />: {m.reason}
            {m.undoneAt ? <> — undone by {m.undoneByName}, <When at={m.undoneAt} />{m.undoReason ? `: ${m.undoReason}` : ''}</>
              : canWrite && (undoing === m.id
                ? <span className="row"><label>Reason for the undo<input value={reason} onChange={(e) => setReason(e.target.value)} /></label>
                  <button type="button" disabled={!reason.trim()} onClick={() => void undo(m.id)}>Confirm undo</button></span>
                : <button type="button" className="link" onClick={() => setUndoing(m.id)}>Undo this merge</button>)}
          </li>
        );
      })}</ul>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
