import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import type * as S from '../../../src/alarms/schemas.ts';
import { api, type Me } from '../shared/api.ts';
import { More } from '../shared/paged.tsx';
import { useAgencyZone } from '../shared/agency.ts';
import { stamp } from '../shared/time.ts';
import { useFetched } from '../shared/fetched.ts';
import { Message, useLoadedPages } from '../it/shared.tsx';
import { problemText } from '../shared/problem.ts';
import { FalseAlarmCount, PERMIT_WORDS } from './AlarmsHere.tsx';
import './alarms.css';

type Premises = Static<typeof S.PremisesView>;
type Body = Static<typeof S.PremisesBody>;
interface Code { code: string; name: string; active: boolean }

/** The form's fields as text, as a person types them. */
interface Draft {
  name: string; address: string; alarmTypes: string[]; companyName: string; companyPhone: string; companyAccount: string;
  permitNumber: string; permitIssued: string; permitExpires: string; keyHolders: { name: string; phones: string; canRespond: boolean }[]; notes: string; active: boolean;
}

const blank: Draft = {
  name: '', address: '', alarmTypes: [], companyName: '', companyPhone: '', companyAccount: '', permitNumber: '', permitIssued: '', permitExpires: '',
  keyHolders: [{ name: '', phones: '', canRespond: true }], notes: '', active: true,
};

function draftOf(p: Premises): Draft {
  return {
    name: p.name, address: p.address, alarmTypes: p.alarmTypes, companyName: p.company?.name ?? '', companyPhone: p.company?.phone ?? '', companyAccount: p.company?.account ?? '',
    permitNumber: p.permit?.number ?? '', permitIssued: p.permit?.issuedOn ?? '', permitExpires: p.permit?.expiresOn ?? '',
    keyHolders: p.keyHolders.map((k) => ({ name: k.name, phones: k.phones.join(', '), canRespond: k.canRespond })), notes: p.notes ?? '', active: p.active,
  };
}

/** The body the server takes (src/alarms/schemas.ts); empty optional parts are left out, so the server names what is missing. */
function bodyOf(d: Draft): Body {
  const company = d.companyName.trim() || d.companyPhone.trim() ? { name: d.companyName, phone: d.companyPhone, ...(d.companyAccount.trim() ? { account: d.companyAccount } : {}) } : undefined;
  const permit = d.permitNumber.trim() || d.permitIssued || d.permitExpires ? { number: d.permitNumber, issuedOn: d.permitIssued, expiresOn: d.permitExpires } : undefined;
  return {
    name: d.name, address: d.address, alarmTypes: d.alarmTypes, ...(company ? { company } : {}), ...(permit ? { permit } : {}),
    keyHolders: d.keyHolders.filter((k) => k.name.trim() || k.phones.trim()).map((k) => ({ name: k.name, phones: k.phones.split(/[,;]/).map((p) => p.trim()).filter(Boolean), canRespond: k.canRespond })),
    ...(d.notes.trim() ? { notes: d.notes } : {}), active: d.active,
  };
}

/** Alarm premises (S-110 §A.1.a): the register the records clerk and the OIC keep, with false alarms counted from the CAD. */
export function AlarmsPage({ me }: { me: Me }) {
  const canManage = me.permissions.includes('alarms.manage');
  const timeZone = useAgencyZone();
  const types = useFetched<Code[]>('/api/v1/code-tables/alarm_type?inactive=true').data ?? [];
  const [q, setQ] = useState('');
  const [showInactive, setShowInactive] = useState(false);
  const query = new URLSearchParams({ ...(q.trim() ? { q: q.trim() } : {}), ...(showInactive ? {} : { active: 'true' }) }).toString();
  const { data, list, message, act } = useLoadedPages<Premises>(`/api/v1/alarm-premises${query ? `?${query}` : ''}`);
  const [open, setOpen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const typeName = (code: string) => types.find((t) => t.code === code)?.name ?? code;
  if (!timeZone) return <p className="loading">Loading…</p>;
  return (
    <section className="alarms" aria-labelledby="alarms-title">
      <h2 id="alarms-title">Alarm premises</h2>
      <p className="hint">S-110 §A.1.a: premises with an alarm, its company, permit and key holders. False alarms are alarm incidents the CAD closed as “False alarm” at the address.</p>
      <form className="row" role="search" aria-label="Find alarm premises" onSubmit={(e) => e.preventDefault()}>
        <label>Name, address, company, account or permit<input type="search" value={q} onChange={(e) => setQ(e.target.value)} maxLength={100} /></label>
        <label className="check"><input type="checkbox" checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} /> Show inactive</label>
        {canManage && <button type="button" onClick={() => { setAdding(true); setOpen(null); }}>Register premises</button>}
      </form>
      <Message text={message} />
      {adding && (
        <PremisesForm title="Register alarm premises" initial={blank} types={types} onCancel={() => setAdding(false)}
          save={(body) => act(() => api<Premises>('/api/v1/alarm-premises', { method: 'POST', body }).then((p) => { setAdding(false); setOpen(p.id); }), `${body.name} registered.`)} />
      )}
      <table aria-label="Alarm premises">
        <thead><tr>
          <th scope="col">Premises</th><th scope="col">Address</th><th scope="col">Alarm</th><th scope="col">Company</th><th scope="col">Permit</th>
          <th scope="col">Key holders</th><th scope="col">False alarms, last 12 months</th><th scope="col">In permit year</th>
        </tr></thead>
        <tbody>{data.map((p) => (
          <tr key={p.id} aria-selected={open === p.id}>
            <td><button type="button" className="link" onClick={() => { setOpen(p.id); setAdding(false); }}>{p.name}</button>{p.active ? '' : ' (inactive)'}</td>
            <td>{p.address}{p.verified ? '' : ' (unverified)'}</td><td>{p.alarmTypes.map(typeName).join(', ')}</td>
            <td>{p.company ? `${p.company.name} ${p.company.phone ?? ''}` : '—'}</td>
            <td>{p.permit ? `${p.permit.number} ${PERMIT_WORDS[p.permit.status] ?? p.permit.status}` : 'No permit'}</td>
            <td>{p.keyHolders.length}</td><td>{p.falseAlarms.last12Months}</td><td>{p.falseAlarms.permitYear?.count ?? '—'}</td>
          </tr>
        ))}</tbody>
      </table>
      {data.length === 0 && <p className="muted">No premises match.</p>}
      <More list={list} label="premises" />
      {open && <PremisesPanel key={open} id={open} timeZone={timeZone} canManage={canManage} types={types} onChanged={() => void list.reload()} />}
    </section>
  );
}

function PremisesPanel({ id, timeZone, canManage, types, onChanged }: { id: string; timeZone: string; canManage: boolean; types: Code[]; onChanged: () => void }) {
  const { data: p, reload } = useFetched<Premises>(`/api/v1/alarm-premises/${id}`);
  const [editing, setEditing] = useState(false);
  if (!p) return <p className="loading">Loading…</p>;
  if (editing) {
    return (
      <PremisesForm title={`Change ${p.name}`} initial={draftOf(p)} types={types} editing onCancel={() => setEditing(false)}
        save={async (body) => { await api(`/api/v1/alarm-premises/${p.id}`, { method: 'PUT', body }); setEditing(false); reload(); onChanged(); return true; }} />
    );
  }
  return (
    <article className="panel" aria-labelledby="premises-title">
      <h3 id="premises-title">{p.name}</h3>
      <dl className="facts">
        <dt>Address</dt><dd>{p.address}{p.verified ? ' (in the town’s address file)' : ' (not verified against the town’s address file)'}</dd>
        <dt>Alarm</dt><dd>{p.alarmTypes.map((c) => types.find((t) => t.code === c)?.name ?? c).join(', ')}</dd>
        <dt>Company</dt><dd>{p.company ? `${p.company.name}, ${p.company.phone ?? 'no phone'}${p.company.account ? `, account ${p.company.account}` : ''}` : '—'}</dd>
        <dt>Permit</dt><dd>{p.permit ? `${p.permit.number}, issued ${p.permit.issuedOn}, expires ${p.permit.expiresOn}: ${PERMIT_WORDS[p.permit.status] ?? p.permit.status}` : 'No permit'}</dd>
        <dt>Notes and hazards</dt><dd>{p.notes ?? '—'}</dd>
        <dt>Status</dt><dd>{p.active ? 'Active' : 'Inactive'}; last changed by {p.updatedByName}, {stamp(p.updatedAt, timeZone)}</dd>
      </dl>
      <table aria-label={`Key holders of ${p.name}`}>
        <thead><tr><th scope="col">Call order</th><th scope="col">Name</th><th scope="col">Phones</th><th scope="col">Can respond with a key</th></tr></thead>
        <tbody>{p.keyHolders.map((k, n) => <tr key={n}><td>{n + 1}</td><td>{k.name}</td><td>{k.phones.join(', ')}</td><td>{k.canRespond ? 'Yes' : 'No'}</td></tr>)}</tbody>
      </table>
      <p><FalseAlarmCount premises={p} /></p>
      <table aria-label={`False alarms at ${p.name}`}>
        <thead><tr><th scope="col">Incident</th><th scope="col">Reported</th><th scope="col">Type</th><th scope="col">Last 12 months</th><th scope="col">Permit year</th></tr></thead>
        <tbody>{p.falseAlarms.incidents.map((i, n) => (
          <tr key={i.number ?? `c${n}`}><td>{i.number ?? 'Confidential incident'}</td><td>{stamp(i.reportedAt, timeZone)}</td><td>{i.typeName}</td><td>{i.inLast12Months ? 'Yes' : ''}</td><td>{i.inPermitYear ? 'Yes' : ''}</td></tr>
        ))}</tbody>
      </table>
      {canManage && <button type="button" onClick={() => setEditing(true)}>Change</button>}
    </article>
  );
}

function PremisesForm({ title, initial, types, editing = false, save, onCancel }: {
  title: string; initial: Draft; types: Code[]; editing?: boolean; save: (body: Body) => Promise<boolean>; onCancel: () => void;
}) {
  const [d, setD] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setD({ ...d, [k]: e.target.value });
  const holder = (n: number, change: Partial<Draft['keyHolders'][number]>) => setD({ ...d, keyHolders: d.keyHolders.map((k, i) => (i === n ? { ...k, ...change } : k)) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try { await save(bodyOf(d)); } catch (err) { setError(problemText(err)); }
  };
  return (
    <form className="panel premises-form" aria-label={title} onSubmit={(e) => void submit(e)}>
      <h3>{title}</h3>
      <div className="row">
        <label>Premises name<input value={d.name} onChange={set('name')} required maxLength={200} /></label>
        <label>Address<input value={d.address} onChange={set('address')} required maxLength={300} /></label>
      </div>
      <fieldset><legend>Alarm type</legend>
        {types.filter((t) => t.active || d.alarmTypes.includes(t.code)).map((t) => (
          <label key={t.code} className="check"><input type="checkbox" checked={d.alarmTypes.includes(t.code)}
            onChange={(e) => setD({ ...d, alarmTypes: e.target.checked ? [...d.alarmTypes, t.code] : d.alarmTypes.filter((c) => c !== t.code) })} /> {t.name}</label>
        ))}
      </fieldset>
      <div className="row">
        <label>Alarm company<input value={d.companyName} onChange={set('companyName')} maxLength={200} /></label>
        <label>Company phone<input value={d.companyPhone} onChange={set('companyPhone')} maxLength={40} /></label>
        <label>Account number<input value={d.companyAccount} onChange={set('companyAccount')} maxLength={100} /></label>
      </div>
      <div className="row">
        <label>Permit number<input value={d.permitNumber} onChange={set('permitNumber')} maxLength={60} /></label>
        <label>Permit issued<input type="date" value={d.permitIssued} onChange={set('permitIssued')} /></label>
        <label>Permit expires<input type="date" value={d.permitExpires} onChange={set('permitExpires')} /></label>
      </div>
      <fieldset><legend>Key holders, in the order to call them</legend>
        {d.keyHolders.map((k, n) => (
          <div className="row" key={n} role="group" aria-label={`Key holder ${n + 1}`}>
            <label>Name<input value={k.name} onChange={(e) => holder(n, { name: e.target.value })} maxLength={200} /></label>
            <label>Phones (comma between)<input value={k.phones} onChange={(e) => holder(n, { phones: e.target.value })} maxLength={200} /></label>
            <label className="check"><input type="checkbox" checked={k.canRespond} onChange={(e) => holder(n, { canRespond: e.target.checked })} /> Can respond with a key</label>
            <button type="button" onClick={() => setD({ ...d, keyHolders: d.keyHolders.filter((_, i) => i !== n) })}>Remove key holder {n + 1}</button>
          </div>
        ))}
        <button type="button" onClick={() => setD({ ...d, keyHolders: [...d.keyHolders, { name: '', phones: '', canRespond: true }] })}>Add key holder</button>
      </fieldset>
      <label className="wide">Notes and hazards<textarea value={d.notes} onChange={set('notes')} maxLength={2000} rows={2} /></label>
      {editing && <label className="check"><input type="checkbox" checked={d.active} onChange={(e) => setD({ ...d, active: e.target.checked })} /> Active (shown to dispatchers at call time)</label>}
      <div className="row">
        <button type="submit">Save</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
