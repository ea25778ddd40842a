import { useState, type FormEvent } from 'react';
import { api, type Me } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import { Link } from './common.tsx';
import type { Case, CreatedId, IndexHit, NameHit, Person } from './types.ts';
import { problemText } from '../shared/problem.ts';

type Index = 'names' | 'vehicles' | 'businesses' | 'cases';

/** A case is found by its number (C26-00042); the one hit opens the case page. */
async function findCase(q: string): Promise<IndexHit[]> {
  const number = q.trim().toUpperCase();
  if (!/^[A-Z]{0,3}\d{2}-\d{5,}$/.test(number)) throw new Error('A case number looks like C26-00042.');
  const c = await api<Case>(`/api/v1/cases/${number}`);
  return [{ id: c.number, label: `Case ${c.number} — ${c.type}, ${c.location?.address ?? 'location withheld'}`, score: 1, matchedBy: ['case number'] }];
}

export function Search({ me }: { me: Me }) {
  const [index, setIndex] = useState<Index>('names');
  const [q, setQ] = useState('');
  const [dob, setDob] = useState('');
  const [hits, setHits] = useState<(NameHit | IndexHit)[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const query = `q=${encodeURIComponent(q)}${index === 'names' && dob ? `&dob=${encodeURIComponent(dob)}` : ''}`;
    try {
      setHits(index === 'cases' ? await findCase(q) : await api<(NameHit | IndexHit)[]>(`/api/v1/${index}/search?${query}`));
    } catch (err) {
      setHits(null);
      setError(problemText(err, 'The search failed.'));
    }
  };
  return (
    <section aria-labelledby="records-search">
      <h2 id="records-search">Records search</h2>
      <form className="records-search" onSubmit={run}>
        <label>Index
          <select value={index} onChange={(e) => { setIndex(e.target.value as Index); setHits(null); }}>
            <option value="names">Master names</option><option value="vehicles">Vehicles</option><option value="businesses">Businesses</option><option value="cases">Case number</option>
          </select>
        </label>
        <label>{index === 'names' ? 'Name (last, or first last)' : index === 'vehicles' ? 'Plate, VIN or description' : index === 'cases' ? 'Case number (C26-00042)' : 'Name or address'}
          <input value={q} onChange={(e) => setQ(e.target.value)} required />
        </label>
        {index === 'names' && <label>Date of birth (1984, 1984-03 or 1984-03-12)<input value={dob} onChange={(e) => setDob(e.target.value)} /></label>}
        <button type="submit">Search</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {hits && hits.length === 0 && <p>No match. Check the spelling, or add a new entry.</p>}
      {hits && hits.length > 0 && (
        <ol className="hits" aria-label="Results">
          {hits.map((h) => (
            <li key={h.id}>
              <Link to={`/records/${index}/${h.id}`}>{'name' in h ? h.name : h.label}</Link>
              {'dob' in h && h.dob && <span> — born {h.dob}</span>}
              {'juvenile' in h && h.juvenile && <span className="juvenile-tag"> Juvenile records</span>}
              <span className="score"> score {h.score.toFixed(2)}</span>
              <div className="why">matched by: {h.matchedBy.join('; ')}</div>
            </li>
          ))}
        </ol>
      )}
      {me.permissions.includes('records.write') && index === 'names' && <NewPerson />}
      {me.permissions.includes('records.write') && index === 'vehicles' && <NewEntry kind="vehicles" fields={[['plate', 'Plate'], ['state', 'State'], ['vin', 'VIN'], ['make', 'Make'], ['model', 'Model'], ['color', 'Color'], ['year', 'Year']]} />}
      {me.permissions.includes('records.write') && index === 'businesses' && <NewEntry kind="businesses" fields={[['name', 'Business name'], ['address', 'Address'], ['phone', 'Phone'], ['contactName', 'After-hours contact'], ['contactPhone', 'Contact phone']]} />}
    </section>
  );
}

function NewPerson() {
  const [form, setForm] = useState({ first: '', last: '', middle: '', dob: '', sex: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== ''));
    try {
      const created = await api<Person>('/api/v1/names', { method: 'POST', body });
      navigate(`/records/names/${created.id}`);
    } catch (err) {
      setError(problemText(err, 'Could not add the person.'));
    }
  };
  return (
    <details className="new-person">
      <summary>Add a master name</summary>
      <form onSubmit={save}>
        <label>First name<input value={form.first} onChange={set('first')} required /></label>
        <label>Middle<input value={form.middle} onChange={set('middle')} /></label>
        <label>Last name<input value={form.last} onChange={set('last')} required /></label>
        <label>Date of birth<input type="date" value={form.dob} onChange={set('dob')} /></label>
        <label>Sex<select value={form.sex} onChange={set('sex')}><option value="">—</option><option value="M">M</option><option value="F">F</option><option value="X">X</option><option value="U">Unknown</option></select></label>
        <button type="submit">Add person</button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    </details>
  );
}

/** Add a vehicle or a business (with one after-hours emergency contact) to the master index. */
function NewEntry({ kind, fields }: { kind: 'vehicles' | 'businesses'; fields: [string, string][] }) {
  const [form, setForm] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const { contactName, contactPhone, year, ...rest } = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== ''));
    const body: Record<string, unknown> = { ...rest, ...(year ? { year: Number(year) } : {}) };
    if (contactName && contactPhone) body.emergencyContacts = [{ name: contactName, phone: contactPhone }];
    try {
      const created = await api<CreatedId>(`/api/v1/${kind}`, { method: 'POST', body });
      navigate(`/records/${kind}/${created.id}`);
    } catch (err) {
      setError(problemText(err, 'Could not add the entry.'));
    }
  };
  return (
    <details className="new-person">
      <summary>{kind === 'vehicles' ? 'Add a vehicle' : 'Add a business'}</summary>
      <form onSubmit={save}>
        {fields.map(([key, label]) => (
          <label key={key}>{label}<input value={form[key] ?? ''} onChange={(e) => setForm({ ...form, [key]: e.target.value })} /></label>
        ))}
        <button type="submit">Add</button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    </details>
  );
}
