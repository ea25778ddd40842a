import { useState } from 'react';
import { api } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import { useFetched } from '../shared/fetched.ts';
import { useAgencyZone } from '../shared/agency.ts';
import { agencyInstant } from '../shared/time.ts';
import { When } from '../shared/When.tsx';
import { Field, FormAlert } from '../admin/config/form.tsx';
import { CaseLink, Link } from './common.tsx';
import { Browse } from './Browse.tsx';
import { CasePicker, PersonPicker, type Picked } from './Pickers.tsx';
import { useRecordForm } from './Traffic.tsx';
import type { Order, OrderCreated } from './types.ts';

const KIND: Record<string, string> = { restraining: 'Restraining order', trespass: 'Trespass notice' };
const status = (o: Order) => (o.vacatedAt ? 'vacated' : o.active ? 'in force' : 'not in force (expired)');

/** A new restraining order or trespass notice (S-110 §A.1.t, x), under a case chosen by its number. */
export function NewOrderForm() {
  const [q] = useState(() => new URLSearchParams(window.location.search));
  const zone = useAgencyZone();
  const [f, setF] = useState({ kind: 'restraining', caseNumber: q.get('case') ?? '', addresses: '', terms: '', court: '', docket: '', issuedOn: '', expiresOn: '', servedAt: '' });
  const [respondent, setRespondent] = useState<Picked | null>(null);
  const [protectedPerson, setProtected] = useState<Picked | null>(null);
  const { problem, busy, submit } = useRecordForm();
  const form = 'order';
  const set = (key: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [key]: e.target.value });
  const save = submit(async () => {
    const body = Object.fromEntries(Object.entries({
      kind: f.kind, caseNumber: f.caseNumber.trim(), respondentId: respondent?.id ?? '', protectedId: f.kind === 'restraining' ? protectedPerson?.id ?? '' : '',
      addresses: f.addresses.split('\n').map((a) => a.trim()).filter(Boolean), terms: f.terms.trim(), court: f.court.trim(), docket: f.docket.trim(),
      issuedOn: f.issuedOn, expiresOn: f.expiresOn, servedAt: f.servedAt && zone ? agencyInstant(f.servedAt, zone) : '',
    }).filter(([, v]) => v !== ''));
    const made = await api<OrderCreated>('/api/v1/orders', { method: 'POST', body });
    navigate(`/records/orders/${made.id}`);
  });
  const text = (field: keyof typeof f, label: string, required = false, type = 'text') => (
    <Field form={form} field={field} label={label} problem={problem}>{(p) => <input {...p} type={type} value={f[field]} onChange={set(field)} required={required} />}</Field>
  );
  return (
    <section aria-labelledby="new-order-title">
      <h2 id="new-order-title">New restraining order or trespass notice</h2>
      <form className="record-form" onSubmit={save} aria-label="New order">
        <Field form={form} field="kind" label="Kind" problem={problem}>{(p) => (
          <select {...p} value={f.kind} onChange={set('kind')}><option value="restraining">Restraining order</option><option value="trespass">Trespass notice</option></select>
        )}</Field>
        <CasePicker form={form} value={f.caseNumber} onChange={(caseNumber) => setF({ ...f, caseNumber })} problem={problem} required />
        <PersonPicker form={form} field="respondentId" label="Respondent" picked={respondent} onPick={setRespondent} problem={problem} />
        {f.kind === 'restraining' && <PersonPicker form={form} field="protectedId" label="Protected person" picked={protectedPerson} onPick={setProtected} problem={problem} />}
        <Field form={form} field="addresses" label="Addresses to stay away from (one a line)" problem={problem}>{(p) => <textarea {...p} rows={3} value={f.addresses} onChange={set('addresses')} required />}</Field>
        <Field form={form} field="terms" label="Terms" problem={problem}>{(p) => <textarea {...p} rows={3} value={f.terms} onChange={set('terms')} required />}</Field>
        {text('court', 'Issuing court')}{text('docket', 'Docket number')}
        {text('issuedOn', 'Issued on', true, 'date')}{text('expiresOn', 'Expires on', false, 'date')}{text('servedAt', 'Served (if already)', false, 'datetime-local')}
        <FormAlert problem={problem} fields={['kind', 'caseNumber', 'respondentId', 'protectedId', 'addresses', 'terms', 'court', 'docket', 'issuedOn', 'expiresOn', 'servedAt']} />
        <button type="submit" disabled={busy}>Record order</button>
      </form>
    </section>
  );
}

/** One order or notice (its read is audited by the server): parties, terms, court, service, vacate and expiry. */
export function OrderPage({ id, canWrite }: { id: string; canWrite: boolean }) {
  const { data: o, error, reload } = useFetched<Order>(`/api/v1/orders/${id}`);
  const { problem, submit } = useRecordForm();
  if (!o) return error ? <p role="alert" className="error">{error}</p> : <p>Loading…</p>;
  const act = (path: 'service' | 'vacate') => submit(async () => { await api(`/api/v1/orders/${id}/${path}`, { method: 'POST', body: {} }); reload(); });
  return (
    <section aria-labelledby="order-title">
      <h2 id="order-title">{KIND[o.kind] ?? o.kind} — {o.respondent}</h2>
      <dl className="facts">
        <dt>Case</dt><dd><CaseLink number={o.caseNumber} /></dd>
        <dt>Respondent</dt><dd><Link to={`/records/names/${o.respondentId}`}>{o.respondent}</Link></dd>
        {o.protectedId && <><dt>Protected person</dt><dd><Link to={`/records/names/${o.protectedId}`}>{o.protectedPerson}</Link></dd></>}
        <dt>Addresses</dt><dd><ul aria-label="Addresses">{o.addresses.map((a) => <li key={a}>{a}</li>)}</ul></dd>
        <dt>Terms</dt><dd>{o.terms}</dd>
        <dt>Court / docket</dt><dd>{o.court ?? '—'} / {o.docket ?? '—'}</dd>
        <dt>Issued / expires</dt><dd>{o.issuedOn} / {o.expiresOn ?? 'no expiry'}</dd>
        <dt>Served</dt><dd><When at={o.servedAt} /></dd>
        <dt>Status</dt><dd data-testid="order-status">{status(o)}{o.vacatedAt && <> (<When at={o.vacatedAt} />)</>}</dd>
      </dl>
      {canWrite && !o.vacatedAt && (
        <p>
          {!o.servedAt && <button type="button" onClick={(e) => void act('service')(e)}>Record served now</button>}{' '}
          <button type="button" onClick={(e) => void act('vacate')(e)}>Record vacated by the court now</button>
        </p>
      )}
      <FormAlert problem={problem} fields={[]} />
    </section>
  );
}

function orderRow(o: Order) {
  return (
    <tr key={o.id}><td><Link to={`/records/orders/${o.id}`}>{KIND[o.kind] ?? o.kind}</Link></td><td><CaseLink number={o.caseNumber} /></td><td>{o.respondent}</td>
      <td>{o.protectedPerson ?? '—'}</td><td>{o.issuedOn}</td><td>{o.expiresOn ?? '—'}</td><td>{o.docket ?? '—'}</td><td>{status(o)}</td></tr>
  );
}
const ORDER_HEAD = ['Kind', 'Case', 'Respondent', 'Protected', 'Issued', 'Expires', 'Docket', 'Status'] as const;

export function OrderList({ canWrite }: { canWrite: boolean }) {
  return (
    <Browse<Order> title="Orders and trespass notices" path="/api/v1/orders" head={ORDER_HEAD} row={orderRow} empty="No order or notice matches."
      filters={[
        { key: 'kind', label: 'Kind', type: 'choice', options: [['restraining', 'Restraining order'], ['trespass', 'Trespass notice']] },
        { key: 'status', label: 'Status', type: 'choice', options: [['active', 'in force'], ['expired', 'expired'], ['vacated', 'vacated']] },
        { key: 'from', label: 'Issued from (day)', type: 'date' }, { key: 'to', label: 'Issued to (day)', type: 'date' },
        { key: 'docket', label: 'Docket', type: 'text' }, { key: 'personId', label: 'Person', type: 'person' },
      ]}
      newLink={canWrite ? { to: '/records/orders/new', label: 'New order or notice' } : undefined} />
  );
}

/** A case's orders and notices (each listed one is an audited read). */
export function CaseOrders({ caseNumber, canWrite }: { caseNumber: string; canWrite: boolean }) {
  return (
    <Browse<Order> title="Orders and notices" path="/api/v1/orders" fixed={{ caseNumber }} head={ORDER_HEAD} row={orderRow} empty="No orders or notices."
      newLink={canWrite ? { to: `/records/orders/new?case=${caseNumber}`, label: `New order or notice in case ${caseNumber}` } : undefined} />
  );
}
