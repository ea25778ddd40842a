import { useState, type FormEvent, type ReactNode } from 'react';
import { More, usePaged } from '../shared/paged.tsx';
import { problemText } from '../shared/problem.ts';
import { PersonPicker, type Picked } from './Pickers.tsx';
import { Link } from './common.tsx';

/** One filter of a list: a text box, an agency day, a choice, or a person from the master names. */
export type Filter = { key: string; label: string } & ({ type: 'text' | 'date' | 'person' } | { type: 'choice'; options: readonly (readonly [string, string])[] });

/**
 * A records list the server answers a page at a time (`{items, next}`): its filters, its table
 * and "More"; `fixed` narrows it for good (a case page's own records).
 */
export function Browse<T>({ title, path, filters = [], fixed = {}, head, row, empty, newLink }: {
  title: string; path: string; filters?: readonly Filter[]; fixed?: Record<string, string>;
  head: readonly string[]; row: (item: T) => ReactNode; empty: string; newLink?: { to: string; label: string } | undefined;
}) {
  const [form, setForm] = useState<Record<string, string>>({});
  const [person, setPerson] = useState<Picked | null>(null);
  const [query, setQuery] = useState(() => new URLSearchParams(fixed).toString());
  const [error, setError] = useState<string | null>(null);
  const list = usePaged<T>(`${path}?${query}`, (e) => setError(problemText(e, 'Could not load the list.')));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = new URLSearchParams({ ...fixed, ...Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()])) });
    if (person) q.set('personId', person.id);
    setError(null); setQuery(q.toString());
  };
  const id = title.toLowerCase().replace(/[^a-z]+/g, '-');
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {newLink && <p><Link to={newLink.to}>{newLink.label}</Link></p>}
      {filters.length > 0 && (
        <form className="records-search" onSubmit={submit} aria-label={`Find ${title.toLowerCase()}`}>
          {filters.map((f) => f.type === 'person'
            ? <PersonPicker key={f.key} form={id} field="personId" label={f.label} picked={person} onPick={setPerson} problem={null} />
            : f.type === 'choice'
              ? <label key={f.key}>{f.label}<select value={form[f.key] ?? ''} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })}>
                  <option value="">any</option>{f.options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
                </select></label>
              : <label key={f.key}>{f.label}<input type={f.type} value={form[f.key] ?? ''} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} /></label>)}
          <button type="submit">Find {title.toLowerCase()}</button>
        </form>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      {list.items && list.items.length === 0 && <p className="muted">{empty}</p>}
      {list.items && list.items.length > 0 && (
        <table className="records-table" aria-label={title}>
          <thead><tr>{head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
          <tbody>{list.items.map(row)}</tbody>
        </table>
      )}
      <More list={list} label={title.toLowerCase()} />
    </section>
  );
}
