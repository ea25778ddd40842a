import { useCallback, useEffect, useState, type FormEvent } from 'react';
import './emd.css';
import type { Static } from 'typebox';
import type * as E from '../../../src/emd/schemas.ts';
import { api, ApiError, type Me } from '../shared/api.ts';
import { problemText } from '../shared/problem.ts';
import { When } from '../shared/When.tsx';

type Certification = Static<typeof E.CertificationView>;
type Card = Static<typeof E.CardView>;
type Product = Static<typeof E.ProductView>;
type Person = Static<typeof E.PersonView>;

const STATE: Record<Certification['state'], string> = { current: 'current', expired: 'EXPIRED', not_yet_valid: 'not yet valid' };
const EMPTY = { username: '', number: '', issuingBody: '', issuedOn: '', expiresOn: '' };

/** The field a refusal names, if any: its message is shown beside that field. */
function fieldOf(e: unknown): string | null {
  return e instanceof ApiError && typeof e.problem.field === 'string' ? e.problem.field : null;
}

/**
 * Emergency medical dispatch for the commanding officer and the administrator (81A §I):
 * each call-taker's EMD certification (recorded here, reminded before expiry), the protocol
 * cards loaded with their versions, and the licensed product's launch link (docs/emd.md).
 */
export function EmdPage({ me }: { me: Me }) {
  const [people, setPeople] = useState<Person[]>([]);
  const [certifications, setCertifications] = useState<Certification[]>([]);
  const [cards, setCards] = useState<Card[]>([]);
  const [product, setProduct] = useState<Product>(null);
  const [form, setForm] = useState(EMPTY);
  const [productForm, setProductForm] = useState({ name: '', launchUrl: '' });
  const [error, setError] = useState<{ text: string; field: string | null; form: 'certification' | 'product' } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const load = useCallback(() => {
    api<Person[]>('/api/v1/emd/people').then(setPeople, () => setPeople([]));
    api<Certification[]>('/api/v1/emd/certifications').then(setCertifications, () => setCertifications([]));
    api<Card[]>('/api/v1/emd/cards?all=true').then(setCards, () => setCards([]));
    api<Product>('/api/v1/emd/product').then((p) => { setProduct(p); if (p) setProductForm(p); }, () => setProduct(null));
  }, []);
  useEffect(load, [load]);
  const record = async (e: FormEvent) => {
    e.preventDefault();
    setError(null); setNote(null);
    try {
      await api(`/api/v1/emd/people/${encodeURIComponent(form.username)}/certifications`, { method: 'POST', body: { number: form.number, issuingBody: form.issuingBody, issuedOn: form.issuedOn, expiresOn: form.expiresOn } });
      setNote(`Certification ${form.number} recorded for ${people.find((p) => p.username === form.username)?.name ?? form.username}.`);
      setForm(EMPTY);
      load();
    } catch (err) {
      setError({ text: problemText(err), field: fieldOf(err), form: 'certification' });
    }
  };
  const saveProduct = async (e: FormEvent | null, clear = false) => {
    e?.preventDefault();
    setError(null); setNote(null);
    try {
      const saved = clear ? await api<Product>('/api/v1/emd/product', { method: 'DELETE' }) : await api<Product>('/api/v1/emd/product', { method: 'PUT', body: productForm });
      setProduct(saved);
      if (clear) setProductForm({ name: '', launchUrl: '' });
      setNote(clear ? 'The licensed product is off the card panel.' : `Medical calls now offer “Open in ${productForm.name}”.`);
    } catch (err) {
      setError({ text: problemText(err), field: fieldOf(err), form: 'product' });
    }
  };
  const beside = (formName: 'certification' | 'product', field: string) => error?.form === formName && error.field === field
    ? <span className="error" id={`emd-${formName}-${field}-error`}>{error.text}</span> : null;
  const described = (formName: 'certification' | 'product', field: string) => (error?.form === formName && error.field === field ? { 'aria-describedby': `emd-${formName}-${field}-error`, 'aria-invalid': true } : {});
  const names = new Map(people.map((p) => [p.username, p.name]));
  return (
    <section className="emd-page" aria-labelledby="emd-page-title" data-testid="emd-page">
      <h2 id="emd-page-title">Emergency medical dispatch (81A §I)</h2>
      {note && <p role="status">{note}</p>}
      {error && !error.field && <p role="alert" className="error">{error.text}</p>}

      <section className="panel" aria-labelledby="emd-certs-title">
        <h3 id="emd-certs-title">EMD certifications</h3>
        <p className="hint">Only a call-taker with a current certification may give first-aid instructions (81A §I.1.a). Each holder and the commanding officer are reminded 30 days before expiry.</p>
        {certifications.length === 0 ? <p className="hint">None recorded.</p> : (
          <table className="table" aria-label="EMD certifications">
            <thead><tr><th scope="col">Person</th><th scope="col">Number</th><th scope="col">Issued by</th><th scope="col">Issued</th><th scope="col">Expires</th><th scope="col">State</th><th scope="col">Reminded</th></tr></thead>
            <tbody>{certifications.map((c) => (
              <tr key={c.id} data-username={c.username}>
                <th scope="row">{c.name}</th><td>{c.number}</td><td>{c.issuingBody}</td><td>{c.issuedOn}</td><td>{c.expiresOn}</td><td>{STATE[c.state]}</td><td>{c.remindedAt ? <When at={c.remindedAt} /> : '—'}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
        <form className="emd-form" aria-label="Record a certification" onSubmit={(e) => void record(e)}>
          <label>Person
            <select value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required>
              <option value="">—</option>
              {people.filter((p) => p.username !== me.user.username).map((p) => <option key={p.username} value={p.username}>{p.name}</option>)}
            </select>
          </label>
          <label>Certification number <input value={form.number} onChange={(e) => setForm({ ...form, number: e.target.value })} required maxLength={60} {...described('certification', 'number')} />{beside('certification', 'number')}</label>
          <label>Issuing body <input value={form.issuingBody} onChange={(e) => setForm({ ...form, issuingBody: e.target.value })} required maxLength={200} {...described('certification', 'issuingBody')} />{beside('certification', 'issuingBody')}</label>
          <label>Issued on <input type="date" value={form.issuedOn} onChange={(e) => setForm({ ...form, issuedOn: e.target.value })} required {...described('certification', 'issuedOn')} />{beside('certification', 'issuedOn')}</label>
          <label>Expires on <input type="date" value={form.expiresOn} onChange={(e) => setForm({ ...form, expiresOn: e.target.value })} required {...described('certification', 'expiresOn')} />{beside('certification', 'expiresOn')}</label>
          <button type="submit">Record certification</button>
        </form>
      </section>

      <section className="panel" aria-labelledby="emd-cards-title">
        <h3 id="emd-cards-title">Protocol cards</h3>
        <p className="hint">The agency’s approved guidelines (81A §I.1.b), loaded with <code>precinct emd load-cards cards.json</code> or <code>POST /api/v1/emd/cards</code>; a new version supersedes the old one, which stays listed here.</p>
        {cards.length === 0 ? <p className="hint">No cards loaded.</p> : (
          <table className="table" aria-label="Protocol cards">
            <thead><tr><th scope="col">Chief complaint</th><th scope="col">Version</th><th scope="col">Approved</th><th scope="col">Approved by</th><th scope="col">Loaded by</th><th scope="col">State</th></tr></thead>
            <tbody>{cards.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.complaint}{c.demo ? ' (DEMO placeholder)' : ''}</th><td>{c.version}</td><td>{c.approvedOn}</td><td>{c.approvedBy}</td>
                <td>{names.get(c.loadedBy) ?? c.loadedBy}</td><td>{c.supersededAt ? <>superseded <When at={c.supersededAt} /></> : 'current'}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="emd-product-title">
        <h3 id="emd-product-title">Licensed EMD product</h3>
        <p className="hint">{product ? `Medical calls offer “Open in ${product.name}”.` : 'None: medical calls show only the agency’s cards.'} Placeholders: {'{incident} {address} {callback} {complaint}'}, URL-encoded.</p>
        <form className="emd-form" aria-label="Licensed EMD product" onSubmit={(e) => void saveProduct(e)}>
          <label>Product name <input value={productForm.name} onChange={(e) => setProductForm({ ...productForm, name: e.target.value })} required maxLength={80} {...described('product', 'name')} />{beside('product', 'name')}</label>
          <label>Launch URL template <input value={productForm.launchUrl} onChange={(e) => setProductForm({ ...productForm, launchUrl: e.target.value })} required maxLength={2000} size={60} {...described('product', 'launchUrl')} />{beside('product', 'launchUrl')}</label>
          <button type="submit">Save</button>
          {product && <button type="button" onClick={() => void saveProduct(null, true)}>Remove</button>}
        </form>
      </section>
    </section>
  );
}
