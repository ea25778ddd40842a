import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type * as Dir from '../../../../src/directory/schemas.ts';
import type * as Identity from '../../../../src/identity/schemas.ts';
import { api } from '../../shared/api.ts';
import { Field, FormAlert, formProblem, type FormProblem } from './form.tsx';
import { useFetched } from '../../shared/fetched.ts';

type Entry = Static<typeof Dir.Entry>;
type Directory = Static<typeof Dir.DirectoryAnswer>;
type UserRow = Static<typeof Identity.UserAdminView>;

const CATEGORIES = [
  ['utility', 'Utility'], ['town_department', 'Town department'], ['facility_contact', 'Facility contact'],
  ['law_enforcement', 'Law enforcement'], ['plan', 'Plan'], ['other', 'Other'],
] as const;
const TEXT_FIELDS = [['name', 'Name'], ['organization', 'Organization'], ['phone', 'Telephone'], ['url', 'Link (plan or web page)'], ['notes', 'Notes']] as const;

function EntryForm({ entry, onDone }: { entry: Entry | null; onDone: (note: string | null) => void }) {
  const [form, setForm] = useState<Record<string, string>>({
    category: entry?.category ?? 'utility', name: entry?.name ?? '', organization: entry?.organization ?? '', phone: entry?.phone ?? '',
    url: entry?.url ?? '', notes: entry?.notes ?? '',
  });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const id = entry ? `entry-${entry.id}` : 'entry-new';
  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const body: Record<string, string> = { category: form.category!, name: form.name! };
    for (const key of ['organization', 'phone', 'url', 'notes']) if (form[key]?.trim()) body[key] = form[key]!.trim();
    if (entry?.facility) body.facility = entry.facility;
    try {
      await api(entry ? `/api/v1/directory/entries/${entry.id}` : '/api/v1/directory/entries', { method: entry ? 'PUT' : 'POST', body });
      onDone(`${entry ? 'Saved' : 'Added'} ${form.name}.`);
    } catch (e) {
      setProblem(formProblem(e));
    }
  }
  return (
    <form className="grid" aria-label={entry ? `Edit ${entry.name}` : 'Add a directory entry'} onSubmit={(e) => void submit(e)} noValidate>
      <Field form={id} field="category" label="Category" problem={problem}>
        {(props) => <select {...props} value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })}>{CATEGORIES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select>}
      </Field>
      {TEXT_FIELDS.map(([key, label]) => (
        <Field key={key} form={id} field={key} label={label} problem={problem}>
          {(props) => <input {...props} value={form[key] ?? ''} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />}
        </Field>
      ))}
      <FormAlert problem={problem} fields={['category', ...TEXT_FIELDS.map((f) => f[0])]} />
      <div className="actions"><button type="submit">{entry ? 'Save entry' : 'Add entry'}</button>{entry && <button type="button" onClick={() => onDone(null)}>Cancel</button>}</div>
    </form>
  );
}

interface Posting { callSign: string; username: string; assignment: string }

function RosterForm({ users, onPosted }: { users: UserRow[]; onPosted: (note: string) => void }) {
  const [shift, setShift] = useState('');
  const [date, setDate] = useState('');
  const [rows, setRows] = useState<Posting[]>([{ callSign: '', username: '', assignment: '' }]);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const entries = rows.filter((r) => r.callSign || r.username || r.assignment).map((r) => ({
      ...(r.callSign ? { callSign: r.callSign } : {}), ...(r.username ? { username: r.username } : {}), assignment: r.assignment,
    }));
    try {
      await api('/api/v1/directory/roster', { method: 'POST', body: { shift, ...(date ? { date } : {}), entries } });
      onPosted(`Roster posted for ${shift}.`);
      setRows([{ callSign: '', username: '', assignment: '' }]);
    } catch (e) {
      const p = formProblem(e);
      setProblem(p.field?.startsWith('entries') ? { ...p, field: 'entries' } : p);
    }
  }
  const set = (i: number, patch: Partial<Posting>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <form className="grid" aria-label="Post a roster" onSubmit={(e) => void submit(e)} noValidate>
      <Field form="roster" field="shift" label="Shift" hint="e.g. Day 07-15" problem={problem}>{(props) => <input {...props} value={shift} onChange={(e) => setShift(e.target.value)} />}</Field>
      <Field form="roster" field="date" label="Date" hint="empty: today" problem={problem}>{(props) => <input {...props} type="date" value={date} onChange={(e) => setDate(e.target.value)} />}</Field>
      <fieldset className="wide">
        <legend>Postings</legend>
        {rows.map((r, i) => (
          <div className="row-actions" key={i}>
            <label>Call sign {i + 1} <input value={r.callSign} onChange={(e) => set(i, { callSign: e.target.value })} /></label>
            <label>Person {i + 1} <select value={r.username} onChange={(e) => set(i, { username: e.target.value })}>
              <option value="">(none)</option>
              {users.filter((u) => !u.disabledAt).map((u) => <option key={u.username} value={u.username}>{u.firstName} {u.lastName}{u.badge ? ` (${u.badge})` : ''}</option>)}
            </select></label>
            <label>Assignment {i + 1} <input value={r.assignment} onChange={(e) => set(i, { assignment: e.target.value })} /></label>
          </div>
        ))}
        <button type="button" onClick={() => setRows([...rows, { callSign: '', username: '', assignment: '' }])}>Another posting</button>
        {problem?.field === 'entries' && <p className="field-error" role="alert">{problem.text}</p>}
      </fieldset>
      <FormAlert problem={problem} fields={['shift', 'date', 'entries']} />
      <div className="actions"><button type="submit">Post roster</button></div>
    </form>
  );
}

/** Directory entries and personnel on the roster (81A §B.2.b). People themselves are kept under Users. */
export function DirectoryAndRoster() {
  const directory = useFetched<Directory>('/api/v1/directory');
  const users = useFetched<{ items: UserRow[] }>('/api/v1/users?limit=500');
  const [editing, setEditing] = useState<Entry | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const done = (n: string | null) => { setEditing(null); if (n) setNote(n); void directory.reload(); };
  return (
    <>
      <section className="panel" aria-labelledby="directory-admin-title">
        <h3 id="directory-admin-title">Directory entries</h3>
        {note && <p role="status">{note}</p>}
        {directory.error && <p role="alert" className="error">{directory.error}</p>}
        {editing && <EntryForm key={editing.id} entry={editing} onDone={done} />}
        <table className="table" aria-label="Directory entries">
          <thead><tr><th>Category</th><th>Name</th><th>Organization</th><th>Telephone</th><th>Notes</th><th>Actions</th></tr></thead>
          <tbody>
            {(directory.data?.entries ?? []).map((e) => (
              <tr key={e.id}><td>{CATEGORIES.find((c) => c[0] === e.category)?.[1] ?? e.category}</td><td>{e.name}</td><td>{e.organization ?? ''}</td><td>{e.phone ?? ''}</td><td>{e.notes ?? ''}</td>
                <td><button type="button" aria-label={`Edit ${e.name}`} onClick={() => { setNote(null); setEditing(e); }}>Edit…</button></td></tr>
            ))}
          </tbody>
        </table>
        <h4>Add a directory entry</h4>
        <EntryForm key="new" entry={null} onDone={done} />
      </section>
      <section className="panel" aria-labelledby="roster-admin-title">
        <h3 id="roster-admin-title">Personnel on today’s roster</h3>
        <p className="hint">Logins, names, badges and roles are kept under Users; the residential telephone numbers are restricted (81A §B.2.b.iii).</p>
        <table className="table" aria-label="Today’s roster">
          <thead><tr><th>Shift</th><th>Call sign</th><th>Person</th><th>Assignment</th></tr></thead>
          <tbody>
            {(directory.data?.roster ?? []).map((r, i) => <tr key={`${r.shift}-${i}`}><td>{r.shift}</td><td>{r.callSign ?? ''}</td><td>{r.name ?? ''}{r.badge ? ` (${r.badge})` : ''}</td><td>{r.assignment}</td></tr>)}
          </tbody>
        </table>
        <h4>Post a shift’s roster</h4>
        <RosterForm users={users.data?.items ?? []} onPosted={(n) => { setNote(n); void directory.reload(); }} />
      </section>
    </>
  );
}
