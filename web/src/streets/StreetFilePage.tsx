import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type * as S from '../../../src/streets/schemas.ts';
import { api, type Me } from '../shared/api.ts';
import { useAgencyZone } from '../shared/agency.ts';
import { stamp } from '../shared/time.ts';
import { useFetched } from '../shared/fetched.ts';
import { problemText } from '../shared/problem.ts';
import { Message } from '../it/shared.tsx';
import './street-file.css';

type StreetList = Static<typeof S.StreetList>;
type Street = StreetList['streets'][number];
type StreetPage = Static<typeof S.StreetPage>;
type Note = StreetPage['notes'][number];

const STATE: Record<Note['state'], string> = { in_force: 'In force', scheduled: 'Not yet in force', expired: 'Expired', ended: 'Ended' };
const range = (r: Street['odd']) => (r ? `${r.low}–${r.high}` : '—');
const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const number = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * Street files (S-110 §A.1.v): the town's street index (ranges, sectors, cross streets, from the
 * geography layers or entered by hand), and each street's premises notes and hazards; the
 * commanding officer and the records clerk add and end them.
 */
export function StreetFilePage({ me }: { me: Me }) {
  const canKeep = me.permissions.includes('streets.keep');
  const [q, setQ] = useState('');
  const [round, setRound] = useState(0);
  const { data, error } = useFetched<StreetList>(`/api/v1/street-file/streets${q.trim() ? `?q=${encodeURIComponent(q.trim())}` : ''}`, round);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="street-file" aria-labelledby="street-file-title">
      <h2 id="street-file-title">Street file</h2>
      <p className="hint">S-110 §A.1.v: every street of the town with its house-number ranges (from the address points, and from the centerline file’s ranges where it has them), sectors and cross streets, and the department’s premises notes and hazards, shown to the dispatcher when a call’s location is on them.</p>
      <form className="row" role="search" aria-label="Find a street" onSubmit={(e) => e.preventDefault()}>
        <label>Street name<input type="search" value={q} onChange={(e) => setQ(e.target.value)} maxLength={100} /></label>
      </form>
      <Message text={error} />
      <div className="columns">
        <div>
          <table aria-label="Street index">
            <thead><tr><th scope="col">Street</th><th scope="col" title="from the address points">Odd</th><th scope="col" title="from the address points">Even</th><th scope="col">Centerline odd</th><th scope="col">Centerline even</th><th scope="col">Sectors</th><th scope="col">Cross streets</th></tr></thead>
            <tbody>{(data?.streets ?? []).map((s) => (
              <tr key={s.name} aria-selected={open === s.name}>
                <td><button type="button" className="link" onClick={() => setOpen(s.name)}>{s.name}</button>{s.source === 'hand' && <span className="muted"> (entered by hand)</span>}</td>
                <td>{range(s.odd)}</td><td>{range(s.even)}</td><td>{range(s.centerlineOdd)}</td><td>{range(s.centerlineEven)}</td><td>{s.sectors.join(', ') || '—'}</td><td>{s.crossStreets.join(', ') || '—'}</td>
              </tr>
            ))}</tbody>
          </table>
          {data && <p className="muted">{data.total === data.streets.length ? `${data.total} street${data.total === 1 ? '' : 's'}` : `${data.streets.length} of ${data.total} streets: narrow the search`}</p>}
          {canKeep && <HandStreetForm onDone={(name) => { setRound((r) => r + 1); setOpen(name); }} />}
        </div>
        {open && <StreetPanel key={open} name={open} canKeep={canKeep} />}
      </div>
    </section>
  );
}

/** One street: its ranges, sectors and cross streets, its notes and hazards, and (for keepers) the forms to add and end them. */
function StreetPanel({ name, canKeep }: { name: string; canKeep: boolean }) {
  const timeZone = useAgencyZone();
  const { data: street, error, reload } = useFetched<StreetPage>(`/api/v1/street-file/streets/${encodeURIComponent(name)}`);
  if (error) return <Message text={error} />;
  if (!street || !timeZone) return <p className="loading">Loading {name}…</p>;
  return (
    <article className="panel" aria-labelledby="street-title">
      <h3 id="street-title">{street.name}</h3>
      <dl className="facts">
        <dt>Odd numbers</dt><dd>{range(street.odd)}{street.addresses > 0 && <span className="muted"> (address points)</span>}</dd>
        <dt>Even numbers</dt><dd>{range(street.even)}{street.addresses > 0 && <span className="muted"> (address points)</span>}</dd>
        <dt>Centerline ranges</dt><dd>{street.centerlineOdd || street.centerlineEven ? `odd ${range(street.centerlineOdd)}, even ${range(street.centerlineEven)}` : 'none in the centerline file'}</dd>
        <dt>Sectors</dt><dd>{street.sectors.join(', ') || '—'}</dd>
        <dt>Cross streets</dt><dd>{street.crossStreets.join(', ') || '—'}</dd>
        <dt>From</dt><dd>{street.source === 'hand' ? 'entered by hand (no centerline file)' : `the town’s geography (${street.addresses} address points)`}</dd>
      </dl>
      <table aria-label={`Notes and hazards on ${street.name}`}>
        <thead><tr><th scope="col">Kind</th><th scope="col">Where</th><th scope="col">Note</th><th scope="col">In force</th><th scope="col">State</th><th scope="col">Entered by</th></tr></thead>
        <tbody>{street.notes.map((n) => (
          <tr key={n.id}>
            <td>{n.kind === 'hazard' ? 'Hazard' : 'Premises'}</td><td>{n.place}</td><td>{n.text}</td>
            <td>{n.effectiveFrom} to {n.effectiveUntil ?? 'until ended'}</td>
            <td>{STATE[n.state]}{n.endedByName ? `: ${n.endedByName}, ${stamp(n.endedAt, timeZone)}, ${n.endedReason ?? ''}` : ''}</td>
            <td>{n.enteredByName}, {stamp(n.enteredAt, timeZone)}</td>
          </tr>
        ))}</tbody>
      </table>
      {street.notes.length === 0 && <p className="muted">No notes or hazards on this street.</p>}
      {canKeep && <NoteForm street={street.name} onDone={reload} />}
      {canKeep && <EndForm notes={street.notes.filter((n) => n.state === 'in_force' || n.state === 'scheduled')} street={street.name} onDone={reload} />}
    </article>
  );
}

const blankNote = { kind: 'hazard', where: 'range', number: '', low: '', high: '', side: 'both', text: '', effectiveFrom: '', effectiveUntil: '' };

function NoteForm({ street, onDone }: { street: string; onDone: () => void }) {
  const [form, setForm] = useState(blankNote);
  const [message, setMessage] = useState<string | null>(null);
  const set = (k: keyof typeof blankNote) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const body = {
      street, kind: form.kind, text: form.text,
      ...(form.where === 'address' ? { number: form.number } : {}),
      ...(form.where === 'range' ? { low: number(form.low), high: number(form.high), side: form.side } : {}),
      ...(form.effectiveFrom ? { effectiveFrom: form.effectiveFrom } : {}), ...(form.effectiveUntil ? { effectiveUntil: form.effectiveUntil } : {}),
    };
    api('/api/v1/street-file/notes', { method: 'POST', body }).then(() => { setForm(blankNote); setMessage('Note added.'); onDone(); }, (err: unknown) => setMessage(problemText(err)));
  };
  return (
    <form className="row" onSubmit={submit} aria-label={`Add a note on ${street}`}>
      <label>Kind<select value={form.kind} onChange={set('kind')}><option value="hazard">Hazard</option><option value="premises">Premises note</option></select></label>
      <label>Where<select value={form.where} onChange={set('where')}><option value="street">The whole street</option><option value="range">A range</option><option value="address">One address</option></select></label>
      {form.where === 'address' && <label>House number<input value={form.number} onChange={set('number')} maxLength={14} required /></label>}
      {form.where === 'range' && <>
        <label>From no.<input inputMode="numeric" value={form.low} onChange={set('low')} maxLength={6} required /></label>
        <label>To no.<input inputMode="numeric" value={form.high} onChange={set('high')} maxLength={6} required /></label>
        <label>Side<select value={form.side} onChange={set('side')}><option value="both">Both sides</option><option value="odd">Odd side</option><option value="even">Even side</option></select></label>
      </>}
      <label>Note text<input value={form.text} onChange={set('text')} maxLength={1000} required size={40} /></label>
      <label>In force from<input type="date" value={form.effectiveFrom} onChange={set('effectiveFrom')} /></label>
      <label>Until (last day)<input type="date" value={form.effectiveUntil} onChange={set('effectiveUntil')} /></label>
      <button type="submit">Add note</button>
      {message && <p role="alert" className="message">{message}</p>}
    </form>
  );
}

function EndForm({ notes, street, onDone }: { notes: Note[]; street: string; onDone: () => void }) {
  const [id, setId] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  if (notes.length === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    api(`/api/v1/street-file/notes/${encodeURIComponent(id)}/end`, { method: 'POST', body: { reason } })
      .then(() => { setId(''); setReason(''); setMessage('Note ended.'); onDone(); }, (err: unknown) => setMessage(problemText(err)));
  };
  return (
    <form className="row" onSubmit={submit} aria-label={`End a note on ${street}`}>
      <label>Note<select value={id} onChange={(e) => setId(e.target.value)} required>
        <option value="">Choose…</option>{notes.map((n) => <option key={n.id} value={n.id}>{n.place}: {n.text.slice(0, 60)}</option>)}
      </select></label>
      <label>Why it ends<input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required /></label>
      <button type="submit">End note</button>
      {message && <p role="status" className="message">{message}</p>}
    </form>
  );
}

const blankStreet = { name: '', oddLow: '', oddHigh: '', evenLow: '', evenHigh: '', sectors: '', crossStreets: '' };

/** A street entered by hand, for a town whose geography has no centerline or address file for it. */
function HandStreetForm({ onDone }: { onDone: (name: string) => void }) {
  const [form, setForm] = useState(blankStreet);
  const [message, setMessage] = useState<string | null>(null);
  const set = (k: keyof typeof blankStreet) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const body = {
      name: form.name, oddLow: number(form.oddLow), oddHigh: number(form.oddHigh), evenLow: number(form.evenLow), evenHigh: number(form.evenHigh),
      sectors: list(form.sectors), crossStreets: list(form.crossStreets),
    };
    api<StreetPage>('/api/v1/street-file/streets', { method: 'POST', body }).then((s) => { setForm(blankStreet); onDone(s.name); }, (err: unknown) => setMessage(problemText(err)));
  };
  return (
    <details>
      <summary>Enter a street by hand</summary>
      <form className="row" onSubmit={submit} aria-label="Enter a street by hand">
        <label>Name<input value={form.name} onChange={set('name')} maxLength={100} required /></label>
        <label>Odd from<input inputMode="numeric" value={form.oddLow} onChange={set('oddLow')} maxLength={6} size={5} /></label>
        <label>Odd to<input inputMode="numeric" value={form.oddHigh} onChange={set('oddHigh')} maxLength={6} size={5} /></label>
        <label>Even from<input inputMode="numeric" value={form.evenLow} onChange={set('evenLow')} maxLength={6} size={5} /></label>
        <label>Even to<input inputMode="numeric" value={form.evenHigh} onChange={set('evenHigh')} maxLength={6} size={5} /></label>
        <label>Sectors (comma between)<input value={form.sectors} onChange={set('sectors')} maxLength={200} /></label>
        <label>Cross streets (comma between)<input value={form.crossStreets} onChange={set('crossStreets')} maxLength={500} /></label>
        <button type="submit">Enter street</button>
        {message && <p role="alert" className="message">{message}</p>}
      </form>
    </details>
  );
}
