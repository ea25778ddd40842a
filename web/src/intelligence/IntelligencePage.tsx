import { useState, type FormEvent } from 'react';
import type { Static } from 'typebox';
import { api, type Me } from '../shared/api.ts';
import { More } from '../shared/paged.tsx';
import { useFetched } from '../shared/fetched.ts';
import { navigate, usePath } from '../shared/router.ts';
import { problemText } from '../shared/problem.ts';
import { When, Who } from '../shared/When.tsx';
import { Link } from '../records/common.tsx';
import type { NameHit } from '../records/types.ts';
import { Message, useLoadedPages } from '../it/shared.tsx';
import type { Created, RecordSummary, RecordView } from '../../../src/intelligence/schemas.ts';
import './intelligence.css';

type Summary = Static<typeof RecordSummary>;
type View = Static<typeof RecordView>;
type Tab = 'register' | 'due' | 'open';

/**
 * Criminal intelligence records (28 CFR Part 23; S-110 §A.1.m): the register, the records due
 * for review or purge at five years, opening a record on its criminal predicate, and one record
 * with its disseminations. Only holders of intelligence.records see this section; every read is audited.
 */
export function IntelligencePage(_: { me: Me }) {
  const [, , id] = usePath().split('/');
  const [tab, setTab] = useState<Tab>('register');
  return (
    <section className="intelligence" aria-labelledby="intel-title">
      <h2 id="intel-title">Criminal intelligence</h2>
      <p className="muted">28 CFR Part 23: every record rests on a criminal predicate, every dissemination is logged, every read is audited. Nothing here appears in any other search or report.</p>
      {id ? <RecordPage key={id} id={id} /> : (
        <>
          <nav className="tabs" aria-label="Intelligence">
            {([['register', 'Register'], ['due', 'Review queue'], ['open', 'Open a record']] as const).map(([key, label]) => (
              <button key={key} type="button" aria-pressed={tab === key} onClick={() => setTab(key)}>{label}</button>
            ))}
          </nav>
          {tab === 'open' ? <OpenRecord onOpened={(made) => { setTab('register'); navigate(`/intelligence/${made}`); }} /> : <Register due={tab === 'due'} key={tab} />}
        </>
      )}
    </section>
  );
}

function Register({ due }: { due: boolean }) {
  const { data, list, message } = useLoadedPages<Summary>(due ? '/api/v1/intelligence?due=true' : '/api/v1/intelligence');
  return (
    <div>
      <Message text={message} />
      {list.items && data.length === 0 && <p>{due ? 'No record is due for review.' : 'No intelligence record yet.'}</p>}
      {data.length > 0 && (
        <table aria-label={due ? 'Records due for review or purge' : 'Intelligence register'}>
          <thead><tr><th scope="col">No.</th><th scope="col">File</th><th scope="col">Subjects</th><th scope="col">Opened</th><th scope="col">Review due</th><th scope="col">Status</th></tr></thead>
          <tbody>{data.map((r) => (
            <tr key={r.id}>
              <td><Link to={`/intelligence/${r.id}`}>{r.number}</Link></td>
              <td>{r.title ?? '—'}{r.activity && <div className="muted">{r.activity}</div>}</td>
              <td>{r.subjects.map((s) => s.name).join('; ') || '—'}</td>
              <td><When at={r.openedAt} /> by <Who name={r.openedByName} login={r.openedBy} /></td>
              <td>{r.purgedAt ? '—' : r.reviewDue}</td>
              <td>{r.purgedAt ? <>purged <When at={r.purgedAt} /></> : r.due ? <strong className="due">due for review</strong> : 'kept'}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      <More list={list} label="records" />
    </div>
  );
}

const blank = { title: '', activity: '', predicate: '', information: '', source: '' };

function OpenRecord({ onOpened }: { onOpened: (id: string) => void }) {
  const [form, setForm] = useState(blank);
  const [subjects, setSubjects] = useState<{ id: string; name: string }[]>([]);
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<NameHit[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const set = (k: keyof typeof blank) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const search = async () => {
    setMessage(null);
    try { setHits(await api<NameHit[]>(`/api/v1/names/search?q=${encodeURIComponent(q)}`)); } catch (e) { setMessage(problemText(e)); }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      const made = await api<Static<typeof Created>>('/api/v1/intelligence', { method: 'POST', body: { ...form, source: form.source || undefined, subjects: subjects.map((s) => s.id) } });
      onOpened(made.id);
    } catch (err) { setMessage(problemText(err)); }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-label="Open an intelligence record">
      <label>Title<input value={form.title} onChange={set('title')} required maxLength={200} /></label>
      <label>Criminal activity suspected<input value={form.activity} onChange={set('activity')} maxLength={500} /></label>
      <label>Criminal predicate: the facts giving reasonable suspicion<textarea value={form.predicate} onChange={set('predicate')} maxLength={4000} rows={3} /></label>
      <label>Information<textarea value={form.information} onChange={set('information')} required maxLength={20000} rows={4} /></label>
      <label>Source<input value={form.source} onChange={set('source')} maxLength={500} /></label>
      <fieldset>
        <legend>Subjects (master names)</legend>
        {subjects.length > 0 && (
          <ul aria-label="Subjects">{subjects.map((s) => (
            <li key={s.id}>{s.name} <button type="button" onClick={() => setSubjects(subjects.filter((x) => x.id !== s.id))}>Remove {s.name}</button></li>
          ))}</ul>
        )}
        <label>Find a name<input value={q} onChange={(e) => setQ(e.target.value)} /></label>
        <button type="button" onClick={() => void search()} disabled={!q.trim()}>Search names</button>
        {hits && hits.length === 0 && <p>No match.</p>}
        {hits && hits.length > 0 && (
          <ul aria-label="Name search results">{hits.map((h) => (
            <li key={h.id}>{h.name}{h.dob ? ` — born ${h.dob}` : ''} <button type="button" disabled={subjects.some((s) => s.id === h.id)} onClick={() => setSubjects([...subjects, { id: h.id, name: h.name }])}>Add {h.name}</button></li>
          ))}</ul>
        )}
      </fieldset>
      <Message text={message} />
      <button type="submit">Open record</button>
    </form>
  );
}

function RecordPage({ id }: { id: string }) {
  const { data: r, error, reload } = useFetched<View>(`/api/v1/intelligence/${id}`);
  const [message, setMessage] = useState<string | null>(null);
  const act = async (path: string, body: unknown, done: string) => {
    setMessage(null);
    try { await api(`/api/v1/intelligence/${id}/${path}`, { method: 'POST', body }); reload(); setMessage(done); return true; } catch (e) { setMessage(problemText(e)); return false; }
  };
  if (error && !r) return <p role="alert">{error}</p>;
  if (!r) return <p className="loading">Loading…</p>;
  return (
    <article aria-labelledby="intel-record">
      <p><Link to="/intelligence">← Register</Link></p>
      <h3 id="intel-record">{r.number} {r.title ?? '(purged)'}</h3>
      <dl className="facts">
        <dt>Criminal activity</dt><dd>{r.activity ?? '—'}</dd>
        <dt>Predicate</dt><dd>{r.predicate ?? '—'}</dd>
        <dt>Information</dt><dd className="pre">{r.information ?? '—'}</dd>
        <dt>Source</dt><dd>{r.source ?? '—'}</dd>
        <dt>Subjects</dt><dd>{r.subjects.length ? r.subjects.map((s) => <span key={s.id}><Link to={`/records/names/${s.id}`}>{s.name}</Link> </span>) : '—'}</dd>
        <dt>Opened</dt><dd><When at={r.openedAt} /> by <Who name={r.openedByName} login={r.openedBy} /></dd>
        <dt>Review due</dt><dd>{r.purgedAt ? '—' : <>{r.reviewDue}{r.due && <strong className="due"> — due now</strong>}</>}</dd>
        {r.purgedAt && <><dt>Purged</dt><dd><When at={r.purgedAt} /> by <Who name={r.purgedByName} login={r.purgedBy} />: {r.purgeReason}</dd></>}
      </dl>
      <Message text={message} />
      <h4>Disseminations</h4>
      {r.disseminations.length === 0 ? <p>Not disseminated.</p> : (
        <table aria-label="Disseminations">
          <thead><tr><th scope="col">When</th><th scope="col">To</th><th scope="col">Need / right to know</th><th scope="col">Why</th><th scope="col">By</th></tr></thead>
          <tbody>{r.disseminations.map((d) => (
            <tr key={d.id}><td><When at={d.at} /></td><td>{d.recipientPerson}, {d.recipientAgency}</td><td>{d.needToKnow ? 'yes' : 'no'} / {d.rightToKnow ? 'yes' : 'no'}</td><td>{d.reason ?? '(purged)'}</td><td><Who name={d.byName} login={d.by} /></td></tr>
          ))}</tbody>
        </table>
      )}
      {!r.purgedAt && <Disseminate onSend={(body) => act('disseminations', body, 'Dissemination recorded.')} />}
      <h4>Reviews</h4>
      {r.reviews.length === 0 ? <p>Not reviewed yet.</p> : (
        <ul aria-label="Reviews">{r.reviews.map((v, i) => (
          <li key={i}><When at={v.at} /> <Who name={v.byName} login={v.by} />: {v.decision}{v.nextDue ? `, kept until ${v.nextDue}` : ''} — {v.note}</li>
        ))}</ul>
      )}
      {!r.purgedAt && <ReviewOrPurge act={act} />}
    </article>
  );
}

const noDissemination = { recipientAgency: '', recipientPerson: '', needToKnow: false, rightToKnow: false, reason: '' };

function Disseminate({ onSend }: { onSend: (body: unknown) => Promise<boolean> }) {
  const [d, setD] = useState(noDissemination);
  const text = (k: 'recipientAgency' | 'recipientPerson' | 'reason') => (e: { target: { value: string } }) => setD({ ...d, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onSend(d).then((ok) => ok && setD(noDissemination));
  };
  return (
    <form className="row" onSubmit={submit} aria-label="Record a dissemination">
      <label>Recipient agency<input value={d.recipientAgency} onChange={text('recipientAgency')} maxLength={200} /></label>
      <label>Recipient (person)<input value={d.recipientPerson} onChange={text('recipientPerson')} maxLength={200} /></label>
      <label><input type="checkbox" checked={d.needToKnow} onChange={(e) => setD({ ...d, needToKnow: e.target.checked })} /> Needs to know</label>
      <label><input type="checkbox" checked={d.rightToKnow} onChange={(e) => setD({ ...d, rightToKnow: e.target.checked })} /> Has the right to know</label>
      <label>Why<input value={d.reason} onChange={text('reason')} maxLength={2000} /></label>
      <button type="submit">Record dissemination</button>
    </form>
  );
}

function ReviewOrPurge({ act }: { act: (path: string, body: unknown, done: string) => Promise<boolean> }) {
  const [note, setNote] = useState('');
  const run = (path: 'review' | 'purge') => void act(path, path === 'review' ? { note } : { reason: note }, path === 'review' ? 'Validated: kept five more years.' : 'Purged.').then((ok) => ok && setNote(''));
  return (
    <form className="row" onSubmit={(e) => e.preventDefault()} aria-label="Review or purge">
      <label>What was checked, or why it is purged<input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} /></label>
      <button type="button" onClick={() => run('review')}>Validate and keep</button>
      <button type="button" className="danger" onClick={() => { if (window.confirm('Purge this record? Its content is removed for good.')) run('purge'); }}>Purge</button>
    </form>
  );
}
