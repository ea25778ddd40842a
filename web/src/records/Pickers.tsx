import { useEffect, useState } from 'react';
import { api } from '../shared/api.ts';
import { Field, type FormProblem } from '../admin/config/form.tsx';
import type { Case, CreatedId, IndexHit, NameHit } from './types.ts';

/** A master-index entry chosen on a form: its id and how a person reads it. */
export interface Picked { id: string; label: string }

const CASE_NUMBER = /^[A-Z]{0,3}\d{2}-\d{5,}$/;

/**
 * The case a record is filed under (S-110 §B): typed by its number and confirmed by the case's
 * type and address as the server has them; empty means "a new case" where the record allows one.
 */
export function CasePicker({ form, value, onChange, problem, required = false }: {
  form: string; value: string; onChange: (caseNumber: string) => void; problem: FormProblem | null; required?: boolean;
}) {
  const [found, setFound] = useState<string | null>(null);
  useEffect(() => {
    const number = value.trim().toUpperCase();
    if (!CASE_NUMBER.test(number)) { setFound(null); return; }
    let live = true;
    const timer = setTimeout(() => {
      api<Case>(`/api/v1/cases/${encodeURIComponent(number)}`).then(
        (c) => { if (live) setFound(`${c.type}${c.location?.address ? ` — ${c.location.address}` : ''}`); },
        () => { if (live) setFound('no such case'); },
      );
    }, 300);
    return () => { live = false; clearTimeout(timer); };
  }, [value]);
  return (
    <Field form={form} field="caseNumber" label="File under case" problem={problem} hint={required ? 'the case number, e.g. C26-00012' : 'the case number, e.g. C26-00012; empty: a new case (or the traffic stop’s case)'}>
      {(p) => <>
        <input {...p} value={value} required={required} onChange={(e) => onChange(e.target.value.toUpperCase())} placeholder="C26-00012" />
        {found && <span className="muted" aria-live="polite" data-testid="case-found">{found}</span>}
      </>}
    </Field>
  );
}

/** Find a person in the master names (forgiving search) and pick one; the name is shown, never the id. */
export function PersonPicker({ form, field, label, picked, onPick, problem }: {
  form: string; field: string; label: string; picked: Picked | null; onPick: (p: Picked | null) => void; problem: FormProblem | null;
}) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<NameHit[] | null>(null);
  const find = async () => setHits(await api<NameHit[]>(`/api/v1/names/search?q=${encodeURIComponent(q.trim())}`).catch(() => []));
  return (
    <Field form={form} field={field} label={label} problem={problem}>
      {(p) => picked ? (
        <span><strong data-testid={`${field}-picked`}>{picked.label}</strong> <button type="button" className="link" onClick={() => { onPick(null); setHits(null); }}>Change {label.toLowerCase()}</button></span>
      ) : (
        <span>
          <input {...p} value={q} onChange={(e) => setQ(e.target.value)} placeholder="last, first"
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void find(); } }} />
          <button type="button" onClick={() => void find()} disabled={q.trim().length < 2}>Find {label.toLowerCase()}</button>
          {hits && (hits.length === 0 ? <span className="muted"> No name matches.</span> : (
            <ul aria-label={`${label} found`}>{hits.slice(0, 8).map((h) => (
              <li key={h.id}><button type="button" className="link" onClick={() => { onPick({ id: h.id, label: h.name }); setHits(null); }}>{h.name}{h.dob ? ` (born ${h.dob})` : ''}</button></li>
            ))}</ul>
          ))}
        </span>
      )}
    </Field>
  );
}

/** Find a vehicle by its plate in the vehicle index and pick one; a plate not in the index can be added to it. */
export function VehiclePicker({ form, field, label, picked, onPick, problem, plate: initialPlate = '', canAdd = false }: {
  form: string; field: string; label: string; picked: Picked | null; onPick: (v: Picked | null) => void; problem: FormProblem | null; plate?: string; canAdd?: boolean;
}) {
  const [plate, setPlate] = useState(initialPlate);
  const [state, setState] = useState('MA');
  const [hits, setHits] = useState<IndexHit[] | null>(null);
  const find = async () => setHits(await api<IndexHit[]>(`/api/v1/vehicles/search?q=${encodeURIComponent(plate.trim())}`).catch(() => []));
  const add = async () => {
    const made = await api<CreatedId>('/api/v1/vehicles', { method: 'POST', body: { plate: plate.trim().toUpperCase(), state: state.trim().toUpperCase() } });
    onPick({ id: made.id, label: `${plate.trim().toUpperCase()} ${state.trim().toUpperCase()}` });
  };
  return (
    <Field form={form} field={field} label={label} problem={problem}>
      {(p) => picked ? (
        <span><strong data-testid={`${field}-picked`}>{picked.label}</strong> <button type="button" className="link" onClick={() => { onPick(null); setHits(null); }}>Change vehicle</button></span>
      ) : (
        <span>
          <input {...p} value={plate} onChange={(e) => setPlate(e.target.value)} placeholder="plate" aria-label={`${label}: plate`}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void find(); } }} />
          <button type="button" onClick={() => void find()} disabled={plate.trim().length < 2}>Find vehicle</button>
          {hits && (
            <ul aria-label="Vehicles found">
              {hits.slice(0, 8).map((h) => <li key={h.id}><button type="button" className="link" onClick={() => { onPick({ id: h.id, label: h.label }); setHits(null); }}>{h.label}</button></li>)}
              {canAdd && (
                <li>Not in the index: <label className="inline">State<input value={state} onChange={(e) => setState(e.target.value)} size={3} maxLength={2} /></label>
                  <button type="button" onClick={() => void add()}>Add {plate.trim().toUpperCase()} to the vehicle index</button></li>
              )}
            </ul>
          )}
        </span>
      )}
    </Field>
  );
}
