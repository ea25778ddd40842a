import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { BOX_KIND_NAMES, type Box } from './types.ts';

/** The Supply Supervisor registers a Knox Box with its authority's contact (O-604 §I.B, §III.A, §III.I). */
export function BoxForm({ act }: { act: (work: () => Promise<unknown>) => Promise<void> }) {
  const [f, setF] = useState({ id: '', building: '', address: '', kind: 'housing_authority' as Box['kind'], authority: '', contactRole: 'Executive Director', contactName: '', contactEmail: '', reportTo: '', units: '' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act(() => api('/api/v1/knox/boxes', {
      method: 'POST',
      body: {
        id: f.id.trim().toUpperCase(), building: f.building.trim(), address: f.address.trim(), kind: f.kind, authority: f.authority.trim(),
        contacts: [{ role: f.contactRole, name: f.contactName.trim(), email: f.contactEmail.trim() || null }],
        reportTo: f.reportTo.trim(), units: f.units.split(',').map((u) => u.trim()).filter(Boolean),
      },
    }));
  };
  const roles = f.kind === 'school' ? ['Director of Maintenance', 'Designee'] : ['Executive Director', 'Administrator', 'Designee'];
  return (
    <form className="knox-form" onSubmit={submit} aria-label="Register a Knox Box">
      <h3>Register a Knox Box</h3>
      <label>Short name (e.g. MHA-HILLSIDE) <input value={f.id} onChange={set('id')} required pattern="[A-Za-z0-9-]{2,20}" /></label>
      <label>Building <input value={f.building} onChange={set('building')} required /></label>
      <label>Address <input value={f.address} onChange={set('address')} required /></label>
      <label>Kind
        <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as Box['kind'], contactRole: e.target.value === 'school' ? 'Director of Maintenance' : 'Executive Director' })}>
          {Object.entries(BOX_KIND_NAMES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select>
      </label>
      <label>Owning authority <input value={f.authority} onChange={set('authority')} required /></label>
      <label>Contact’s title <select value={f.contactRole} onChange={set('contactRole')}>{roles.map((r) => <option key={r}>{r}</option>)}</select></label>
      <label>Contact’s name <input value={f.contactName} onChange={set('contactName')} required /></label>
      <label>Contact’s e-mail (for §III.I notices) <input type="email" value={f.contactEmail} onChange={set('contactEmail')} /></label>
      <label>Reporting form goes to (e-mail or fax-gateway address) <input value={f.reportTo} onChange={set('reportTo')} required /></label>
      <label>Apartments / units its master keys open, comma-separated <input value={f.units} onChange={set('units')} /></label>
      <button type="submit">Register box</button>
    </form>
  );
}
