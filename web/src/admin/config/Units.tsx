import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { When } from '../../shared/When.tsx';
import { Field, FormAlert, formProblem, type FormProblem } from './form.tsx';
import { useFetched } from '../../shared/fetched.ts';

interface RegisterUnit {
  callSign: string; kind: string; service: 'police' | 'fire' | 'ems'; area: string | null; description: string | null;
  supervisor: boolean; retiredAt: string | null; retiredReason: string | null;
}

const SERVICES = [['police', 'Police'], ['fire', 'Fire'], ['ems', 'EMS']] as const;

function ServiceSelect(props: { id: string; name: string; value: string; onChange: (v: string) => void }) {
  const { onChange, ...rest } = props;
  return <select {...rest} onChange={(e) => onChange(e.target.value)}>{SERVICES.map(([v, label]) => <option key={v} value={v}>{label}</option>)}</select>;
}

function AddUnit({ onAdded }: { onAdded: (note: string) => void }) {
  const empty = { callSign: '', kind: 'patrol', service: 'police', area: '', description: '' };
  const [form, setForm] = useState(empty);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const id = 'unit-add';
  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      await api('/api/v1/units', { method: 'POST', body: {
        callSign: form.callSign, kind: form.kind, service: form.service,
        ...(form.area ? { area: form.area } : {}), ...(form.description ? { description: form.description } : {}),
      } });
      onAdded(`Unit ${form.callSign} added to the board.`);
      setForm(empty);
    } catch (e) {
      setProblem(formProblem(e));
    }
  }
  const text = (key: keyof typeof form) => (props: { id: string; name: string }) => <input {...props} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />;
  return (
    <form className="grid" aria-label="Add a unit" onSubmit={(e) => void submit(e)} noValidate>
      <Field form={id} field="callSign" label="Call sign" problem={problem}>{text('callSign')}</Field>
      <Field form={id} field="kind" label="Kind" hint="patrol, supervisor, detail, parking, animal_control…" problem={problem}>{text('kind')}</Field>
      <Field form={id} field="service" label="Service" problem={problem}>{(props) => <ServiceSelect {...props} value={form.service} onChange={(service) => setForm({ ...form, service })} />}</Field>
      <Field form={id} field="area" label="Sector" problem={problem}>{text('area')}</Field>
      <Field form={id} field="description" label="Description" problem={problem}>{text('description')}</Field>
      <FormAlert problem={problem} fields={['callSign', 'kind', 'service', 'area', 'description']} />
      <div className="actions"><button type="submit">Add unit</button></div>
    </form>
  );
}

function EditUnit({ unit, onDone }: { unit: RegisterUnit; onDone: (note: string | null) => void }) {
  const [form, setForm] = useState({ service: unit.service as string, area: unit.area ?? '', description: unit.description ?? '', supervisor: unit.supervisor });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const id = `unit-${unit.callSign}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      await api(`/api/v1/unit-register/${encodeURIComponent(unit.callSign)}`, { method: 'PATCH', body: {
        service: form.service, area: form.area.trim() || null, description: form.description.trim() || null, supervisor: form.supervisor,
      } });
      onDone(`Unit ${unit.callSign} saved.`);
    } catch (e) {
      setProblem(formProblem(e));
    }
  }
  return (
    <form className="grid" aria-label={`Edit unit ${unit.callSign}`} onSubmit={(e) => void submit(e)} noValidate>
      <Field form={id} field="service" label="Service" problem={problem}>{(props) => <ServiceSelect {...props} value={form.service} onChange={(service) => setForm({ ...form, service })} />}</Field>
      <Field form={id} field="area" label="Sector" problem={problem}>{(props) => <input {...props} value={form.area} onChange={(e) => setForm({ ...form, area: e.target.value })} />}</Field>
      <Field form={id} field="description" label="Description" problem={problem}>{(props) => <input {...props} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />}</Field>
      <label className="check"><input type="checkbox" checked={form.supervisor} onChange={(e) => setForm({ ...form, supervisor: e.target.checked })} /> Supervisor’s unit (81A §E.4)</label>
      <p className="impact">A change of service or sector applies to the next recommendation; incidents already dispatched keep their units.</p>
      <FormAlert problem={problem} fields={['service', 'area', 'description']} />
      <div className="actions"><button type="submit">Save unit</button><button type="button" onClick={() => onDone(null)}>Cancel</button></div>
    </form>
  );
}

function RetireUnit({ unit, onDone }: { unit: RegisterUnit; onDone: (note: string | null) => void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const id = `retire-${unit.callSign}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      await api(`/api/v1/unit-register/${encodeURIComponent(unit.callSign)}/retire`, { method: 'POST', body: { reason } });
      onDone(`Unit ${unit.callSign} retired: it has left the board; incidents that name it keep it.`);
    } catch (e) {
      setProblem(formProblem(e));
    }
  }
  return (
    <form className="grid" aria-label={`Retire unit ${unit.callSign}`} onSubmit={(e) => void submit(e)} noValidate>
      <p className="impact">Retiring {unit.callSign} takes it off the status board and out of recommendations; it can no longer be dispatched. Its record stays: old incidents name it.</p>
      <Field form={id} field="reason" label="Why is the unit retired?" problem={problem}>{(props) => <input {...props} value={reason} onChange={(e) => setReason(e.target.value)} />}</Field>
      <FormAlert problem={problem} fields={['reason']} />
      <div className="actions"><button type="submit">Retire {unit.callSign}</button><button type="button" onClick={() => onDone(null)}>Cancel</button></div>
    </form>
  );
}

/** Units and call signs (81A §E.5.c): add, change service or sector, retire. */
export function Units() {
  const units = useFetched<RegisterUnit[]>('/api/v1/unit-register');
  const [acting, setActing] = useState<{ unit: RegisterUnit; what: 'edit' | 'retire' } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const done = (n: string | null) => { setActing(null); if (n) setNote(n); void units.reload(); };
  return (
    <section className="panel" aria-labelledby="units-admin-title">
      <h3 id="units-admin-title">Units and call signs</h3>
      {note && <p role="status">{note}</p>}
      {units.error && <p role="alert" className="error">{units.error}</p>}
      {acting?.what === 'edit' && <EditUnit key={acting.unit.callSign} unit={acting.unit} onDone={done} />}
      {acting?.what === 'retire' && <RetireUnit key={acting.unit.callSign} unit={acting.unit} onDone={done} />}
      <table className="table" aria-label="Unit register">
        <thead><tr><th>Call sign</th><th>Kind</th><th>Service</th><th>Sector</th><th>Description</th><th>State</th><th>Actions</th></tr></thead>
        <tbody>
          {(units.data ?? []).map((u) => (
            <tr key={u.callSign} data-unit={u.callSign}>
              <td>{u.callSign}</td><td>{u.kind}</td><td>{u.service}</td><td>{u.area ?? ''}</td><td>{u.description ?? ''}{u.supervisor ? ' (supervisor)' : ''}</td>
              <td>{u.retiredAt ? <><span className="tag bad">retired</span> <When at={u.retiredAt} /> {u.retiredReason}</> : <span className="tag good">in service</span>}</td>
              <td className="row-actions">{!u.retiredAt && <>
                <button type="button" aria-label={`Edit unit ${u.callSign}`} onClick={() => { setNote(null); setActing({ unit: u, what: 'edit' }); }}>Edit…</button>
                <button type="button" aria-label={`Retire unit ${u.callSign}`} onClick={() => { setNote(null); setActing({ unit: u, what: 'retire' }); }}>Retire…</button>
              </>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Add a unit</h4>
      <AddUnit onAdded={(n) => { setNote(n); void units.reload(); }} />
    </section>
  );
}
