import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { useFetched } from '../../shared/fetched.ts';
import { When, Who } from '../../shared/When.tsx';
import { Field, FormAlert, formProblem, type FormProblem } from '../../admin/config/form.tsx';
import type { Mapping, OffenseCode } from './types.ts';

const FIELDS = ['agencyCode', 'nibrsCode', 'description'] as const;

/**
 * The offense mapping (S-110 §A.1.q): the agency's offense codes and the NIBRS offense each is
 * reported as. A change is audited and runs the edits again on every incident not yet sent.
 */
export function OffenseMapping() {
  const mapping = useFetched<Mapping[]>('/api/v1/nibrs/offense-map');
  const offenses = useFetched<OffenseCode[]>('/api/v1/nibrs/offenses').data ?? [];
  const [form, setForm] = useState({ agencyCode: '', nibrsCode: '', description: '' });
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [notice, setNotice] = useState('');
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setNotice('');
    try {
      const code = form.agencyCode.trim();
      if (!code) { setProblem({ field: 'agencyCode', text: 'Give the agency offense code to map.' }); return; }
      const made = await api<Mapping>(`/api/v1/nibrs/offense-map/${encodeURIComponent(code)}`, { method: 'PUT', body: { nibrsCode: form.nibrsCode, description: form.description } });
      setProblem(null); setNotice(`${made.agencyCode} is reported as ${made.nibrsCode} ${made.nibrsName}.`); setForm({ agencyCode: '', nibrsCode: '', description: '' });
      mapping.reload();
    } catch (err) { setProblem(formProblem(err)); }
  };
  const remove = async (code: string) => {
    try { await api(`/api/v1/nibrs/offense-map/${encodeURIComponent(code)}`, { method: 'DELETE' }); setNotice(`${code} is no longer mapped.`); mapping.reload(); } catch (err) { setProblem(formProblem(err)); }
  };
  return (
    <section aria-labelledby="nibrs-mapping-title">
      <h2 id="nibrs-mapping-title">Offense mapping</h2>
      <p className="muted">Each agency offense code is reported to the FBI as the NIBRS offense beside it. A change runs the edits again on every incident not yet sent.</p>
      <form className="record-form" aria-label="Map an agency offense code" onSubmit={save}>
        <Field form="nibrs-map" field="agencyCode" label="Agency offense code" problem={problem}>
          {(p) => <input {...p} value={form.agencyCode} onChange={(e) => setForm({ ...form, agencyCode: e.target.value })} />}
        </Field>
        <Field form="nibrs-map" field="nibrsCode" label="NIBRS offense" problem={problem}>
          {(p) => <select {...p} value={form.nibrsCode} onChange={(e) => setForm({ ...form, nibrsCode: e.target.value })}>
            <option value="">— choose —</option>
            {offenses.map((o) => <option key={o.code} value={o.code}>{`${o.code} ${o.name} (Group ${o.group})`}</option>)}
          </select>}
        </Field>
        <Field form="nibrs-map" field="description" label="Description" problem={problem}>
          {(p) => <input {...p} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />}
        </Field>
        <button type="submit">Save mapping</button>
        <FormAlert problem={problem} fields={FIELDS} />
        <p role="status" className="notice">{notice}</p>
      </form>
      {mapping.error && <p role="alert" className="error">{mapping.error}</p>}
      {mapping.data && (
        <table className="records-table" aria-label="Offense mapping">
          <thead><tr><th>Agency code</th><th>NIBRS offense</th><th>Group</th><th>Description</th><th>Changed</th><th>Change</th></tr></thead>
          <tbody>{mapping.data.map((m) => (
            <tr key={m.agencyCode}>
              <td>{m.agencyCode}</td><td>{m.nibrsCode} {m.nibrsName}</td><td>{m.group}</td><td>{m.description}</td>
              <td><When at={m.updatedAt} /> by <Who name={m.updatedByName} login={m.updatedBy} /></td>
              <td>
                <button type="button" className="link" onClick={() => setForm({ agencyCode: m.agencyCode, nibrsCode: m.nibrsCode, description: m.description })}>Change {m.agencyCode}</button>
                <button type="button" className="link" onClick={() => void remove(m.agencyCode)}>Remove {m.agencyCode}</button>
              </td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}
