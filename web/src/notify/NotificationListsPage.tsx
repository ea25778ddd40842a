import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import { api, type Me } from '../shared/api.ts';
import { useFetched } from '../shared/fetched.ts';
import { useAgencyZone } from '../shared/agency.ts';
import { stamp } from '../shared/time.ts';
import { problemText } from '../shared/problem.ts';
import type { ListView } from '../../../src/notify/schemas.ts';
import './notify.css';

type List = Static<typeof ListView>;
interface Choices { contacts: { id: string; name: string; organization: string | null; phone: string | null }[]; people: { login: string; name: string; residentialOnFile: boolean }[] }
/** A row of the editor: what it names (a directory contact, a person, or a name typed in) and one number typed in. */
interface Row { source: 'directory' | 'person' | 'other'; ref: string; name: string; role: string; label: string; number: string; more: { label: string; number: string }[]; notes: string; required: boolean; callNext: string }

const blankRow = (): Row => ({ source: 'other', ref: '', name: '', role: '', label: '', number: '', more: [], notes: '', required: true, callNext: '' });
const SOURCES = { directory: 'Directory contact', person: 'One of our people', other: 'Name and phones' } as const;

/** Rows from a saved list: the directory's own number is not typed in again (the server adds it). */
function rowsOf(list: List): Row[] {
  return list.entries.map((e) => {
    const typed = e.phones.filter((p) => !(e.source === 'directory' && p.label.startsWith('Directory: ')));
    return {
      source: e.source as Row['source'], ref: e.directoryEntryId ?? e.person ?? '', name: e.source === 'other' ? e.name : '', role: e.role ?? '',
      label: typed[0]?.label ?? '', number: typed[0]?.number ?? '', more: typed.slice(1), notes: e.notes ?? '', required: e.required,
      callNext: e.callNextAfterMinutes === null ? '' : String(e.callNextAfterMinutes),
    };
  });
}

/**
 * S-110 §A.1.h: the emergency notification lists, kept by the commanding officer and the system
 * administrator: for each kind of town emergency, whom to call, in order, with the notes.
 */
export function NotificationListsPage({ me: _me }: { me: Me }) {
  const timeZone = useAgencyZone();
  const lists = useFetched<List[]>('/api/v1/notification-lists?inactive=true');
  const choices = useFetched<Choices>('/api/v1/notification-lists/choices').data;
  const [editing, setEditing] = useState<{ kind: string; isNew: boolean } | null>(null);
  const current = lists.data?.find((l) => l.kind === editing?.kind);
  return (
    <section className="notify" aria-labelledby="notify-title">
      <h2 id="notify-title">Emergency notification lists</h2>
      <p className="hint">S-110 §A.1.h: for each kind of town emergency, whom the dispatcher calls, in order. Dispatchers run the call-down from the floor (<kbd>NOTIFY</kbd>). A person’s residential number is never shown here (81A §B.2.b.iii).</p>
      <table aria-label="Notification lists">
        <thead><tr><th scope="col">Kind of emergency</th><th scope="col">Code</th><th scope="col">To call</th><th scope="col">Kept by</th><th scope="col">In use</th></tr></thead>
        <tbody>{lists.data?.map((l) => (
          <tr key={l.kind} aria-selected={editing?.kind === l.kind}>
            <td><button type="button" className="link" onClick={() => setEditing({ kind: l.kind, isNew: false })}>{l.name}</button></td>
            <td>{l.kind}</td><td>{l.entries.map((e) => e.name).join(' → ')}</td>
            <td>{l.updatedByName}, {timeZone ? stamp(l.updatedAt, timeZone) : ''}</td><td>{l.active ? 'yes' : 'retired'}</td>
          </tr>
        ))}</tbody>
      </table>
      <button type="button" onClick={() => setEditing({ kind: '', isNew: true })}>New list</button>
      {editing && choices && (
        <ListEditor key={editing.isNew ? 'new' : editing.kind} list={editing.isNew ? undefined : current} choices={choices}
          onSaved={(kind) => { setEditing({ kind, isNew: false }); lists.reload(); }} />
      )}
    </section>
  );
}

function ListEditor({ list, choices, onSaved }: { list: List | undefined; choices: Choices; onSaved: (kind: string) => void }) {
  const [kind, setKind] = useState(list?.kind ?? '');
  const [name, setName] = useState(list?.name ?? '');
  const [notes, setNotes] = useState(list?.notes ?? '');
  const [active, setActive] = useState(list?.active ?? true);
  const [rows, setRows] = useState<Row[]>(list ? rowsOf(list) : [blankRow()]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (i: number, change: Partial<Row>) => setRows(rows.map((r, n) => (n === i ? { ...r, ...change } : r)));
  const move = (i: number, by: number) => {
    const next = [...rows];
    const [row] = next.splice(i, 1);
    next.splice(i + by, 0, row!);
    setRows(next);
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const entries = rows.map((r) => ({
      ...(r.source === 'directory' && r.ref ? { directoryEntryId: r.ref } : {}), ...(r.source === 'person' && r.ref ? { person: r.ref } : {}),
      ...(r.source === 'other' ? { name: r.name } : {}), role: r.role, notes: r.notes, required: r.required,
      ...(r.callNext.trim() ? { callNextAfterMinutes: Number(r.callNext) } : {}),
      phones: [...(r.number.trim() ? [{ label: r.label, number: r.number }] : []), ...r.more],
    }));
    try {
      await api(`/api/v1/notification-lists/${encodeURIComponent(kind.trim().toUpperCase())}`, { method: 'PUT', body: { name, notes, active, entries } });
      setMessage({ ok: true, text: `List “${name}” saved.` });
      onSaved(kind.trim().toUpperCase());
    } catch (err) { setMessage({ ok: false, text: problemText(err) }); }
  };
  return (
    <form className="panel list-editor" aria-label={list ? `Edit the list ${list.name}` : 'New notification list'} onSubmit={(e) => void save(e)}>
      <div className="row">
        <label>Code<input value={kind} onChange={(e) => setKind(e.target.value)} readOnly={Boolean(list)} required maxLength={40} placeholder="WATER_MAIN" /></label>
        <label>Kind of emergency<input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="Water main break" /></label>
        <label className="check"><input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> In use</label>
      </div>
      <label>Notes for the dispatcher<textarea value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} rows={2} /></label>
      <table aria-label="Calling order">
        <thead><tr><th scope="col">#</th><th scope="col">Who</th><th scope="col">Role</th><th scope="col">Phone</th><th scope="col">Notes</th><th scope="col">Required</th><th scope="col">No answer within (min): call the next</th><th scope="col">Order</th></tr></thead>
        <tbody>{rows.map((r, i) => (
          <tr key={i}>
            <td>{i + 1}</td>
            <td>
              <select aria-label={`Entry ${i + 1}: kind`} value={r.source} onChange={(e) => set(i, { source: e.target.value as Row['source'], ref: '' })}>
                {Object.entries(SOURCES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
              </select>
              {r.source === 'directory' && (
                <select aria-label={`Entry ${i + 1}: directory contact`} value={r.ref} onChange={(e) => set(i, { ref: e.target.value })} required>
                  <option value="">Choose…</option>
                  {choices.contacts.map((c) => <option key={c.id} value={c.id}>{c.name}{c.organization ? ` (${c.organization})` : ''}: {c.phone}</option>)}
                </select>
              )}
              {r.source === 'person' && (
                <select aria-label={`Entry ${i + 1}: person`} value={r.ref} onChange={(e) => set(i, { ref: e.target.value })} required>
                  <option value="">Choose…</option>
                  {choices.people.map((p) => <option key={p.login} value={p.login}>{p.name}{p.residentialOnFile ? ' (residential number on file)' : ''}</option>)}
                </select>
              )}
              {r.source === 'other' && <input aria-label={`Entry ${i + 1}: name`} value={r.name} onChange={(e) => set(i, { name: e.target.value })} required maxLength={200} />}
            </td>
            <td><input aria-label={`Entry ${i + 1}: role`} value={r.role} onChange={(e) => set(i, { role: e.target.value })} maxLength={200} /></td>
            <td>
              <input aria-label={`Entry ${i + 1}: phone label`} value={r.label} onChange={(e) => set(i, { label: e.target.value })} maxLength={60} placeholder="Cell" />
              <input aria-label={`Entry ${i + 1}: phone number`} value={r.number} onChange={(e) => set(i, { number: e.target.value })} maxLength={40} placeholder="413-555-0100" />
              {r.more.map((p, n) => <div key={n}><small>{p.label ? `${p.label}: ` : ''}{p.number}</small></div>)}
            </td>
            <td><input aria-label={`Entry ${i + 1}: notes`} value={r.notes} onChange={(e) => set(i, { notes: e.target.value })} maxLength={1000} /></td>
            <td><input type="checkbox" aria-label={`Entry ${i + 1}: required`} checked={r.required} onChange={(e) => set(i, { required: e.target.checked })} /></td>
            <td><input type="number" min="1" max="240" size={4} aria-label={`Entry ${i + 1}: if no answer within minutes, call the next`} value={r.callNext} onChange={(e) => set(i, { callNext: e.target.value })} disabled={i === rows.length - 1 && !r.callNext} /></td>
            <td>
              <button type="button" aria-label={`Move entry ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
              <button type="button" aria-label={`Move entry ${i + 1} down`} disabled={i === rows.length - 1} onClick={() => move(i, 1)}>↓</button>
              <button type="button" aria-label={`Remove entry ${i + 1}`} onClick={() => setRows(rows.filter((_, n) => n !== i))}>✕</button>
            </td>
          </tr>
        ))}</tbody>
      </table>
      <div className="row">
        <button type="button" onClick={() => setRows([...rows, blankRow()])}>Add an entry</button>
        <button type="submit">Save list</button>
      </div>
      {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
    </form>
  );
}
