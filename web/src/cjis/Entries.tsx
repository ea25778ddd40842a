import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { refusalText, uploadDocument, type Codes, type DocumentMeta, type EntryView } from './api.ts';
import { agencyToday } from '../shared/agency.ts';
import { When, Who } from '../shared/When.tsx';

const NEEDS: Record<string, string[]> = {
  warrant: ['warrant_printout', 'da_authorization', 'incident_report', 'fingerprint_card', 'photograph'],
  vehicle: ['signed_theft_report'], plate: ['signed_theft_report'], missing: ['signed_missing_report'],
};
const FIELDS: Record<string, [string, string][]> = {
  warrant: [['name', 'Name (LAST,FIRST)'], ['dob', 'Date of birth'], ['sex', 'Sex'], ['race', 'Race'], ['offense', 'Offense'], ['warrantNumber', 'Warrant number'], ['warrantDate', 'Warrant date'], ['court', 'Court'], ['outOfStateNeed', 'Why agencies outside the Commonwealth must find it (§J.3.b.ii)']],
  vehicle: [['plate', 'Plate'], ['state', 'State'], ['vin', 'VIN'], ['make', 'Make'], ['model', 'Model'], ['color', 'Colour'], ['theftDate', 'Date of theft'], ['reportId', 'Theft report id in Records']],
  plate: [['plate', 'Plate'], ['state', 'State'], ['theftDate', 'Date of theft'], ['reportId', 'Theft report id in Records']],
  missing: [['name', 'Name (LAST,FIRST)'], ['dob', 'Date of birth'], ['sex', 'Sex'], ['notifiedOn', 'Notified on'], ['lastContact', 'Date of last contact'], ['reportId', 'Missing-person report id in Records (18 or older)']],
};
const DATES = new Set(['dob', 'warrantDate', 'theftDate', 'notifiedOn', 'lastContact']);

function NewEntry({ codes, onMade }: { codes: Codes; onMade: () => void }) {
  const [kind, setKind] = useState('vehicle');
  const [values, setValues] = useState<Record<string, string>>({});
  const [flags, setFlags] = useState({ fingerprintsAvailable: false, photoAvailable: false });
  const [docs, setDocs] = useState<DocumentMeta[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const attach = async (docKind: string, file: File | undefined) => {
    if (!file) return;
    try { setDocs([...docs, await uploadDocument(docKind, file)]); } catch (e) { setError(refusalText(e)); }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const body: Record<string, unknown> = { kind, ...Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim())), documents: docs.map((d) => d.id) };
    if (kind === 'warrant') Object.assign(body, flags);
    try {
      const entry = await api<EntryView>('/api/v1/cjis/entries', { method: 'POST', body });
      setDone(`${entry.mke} accepted: NIC ${entry.nic}`);
      setValues({}); setDocs([]); onMade();
    } catch (err) {
      setError(refusalText(err));
    }
  };
  return (
    <form className="cjis-form" onSubmit={(e) => void submit(e)} aria-label="New entry">
      <h3>New entry</h3>
      <label>Entry <select value={kind} onChange={(e) => { setKind(e.target.value); setValues({}); setDocs([]); }}>
        <option value="vehicle">Stolen vehicle (EV) — 81A §J.5.b</option><option value="plate">Stolen plate (EL) — 81A §J.5.c</option>
        <option value="warrant">Warrant for rendition (EW) — 81A §J.3.b</option><option value="missing">Missing person (EM) — 81A §J.6</option>
      </select></label>
      {FIELDS[kind]!.map(([name, label]) => (
        <label key={name}>{label} <input type={DATES.has(name) ? 'date' : 'text'} value={values[name] ?? ''} onChange={(e) => setValues({ ...values, [name]: e.target.value })} /></label>
      ))}
      {kind === 'missing' && (
        <label>Criterion (§J.6.a) <select value={values.category ?? ''} onChange={(e) => setValues({ ...values, category: e.target.value })}>
          <option value="">— choose —</option>{codes.missingCategories.map((c) => <option key={c.code} value={c.code}>{c.name}{c.juvenileOnly ? ' (under 18)' : ''}</option>)}
        </select></label>
      )}
      {kind === 'warrant' && (
        <div className="row">
          <label className="check"><input type="checkbox" checked={flags.fingerprintsAvailable} onChange={(e) => setFlags({ ...flags, fingerprintsAvailable: e.target.checked })} /> Fingerprint card available</label>
          <label className="check"><input type="checkbox" checked={flags.photoAvailable} onChange={(e) => setFlags({ ...flags, photoAvailable: e.target.checked })} /> Photograph available</label>
        </div>
      )}
      <fieldset><legend>Documents</legend>
        {NEEDS[kind]!.map((k) => (
          <label key={k}>{codes.documentKinds.find((d) => d.code === k)?.name ?? k} <input type="file" accept="application/pdf,image/jpeg,image/png" onChange={(e) => void attach(k, e.target.files?.[0])} /></label>
        ))}
        {docs.length > 0 && <p className="muted">Attached: {docs.map((d) => d.kindName).join(', ')}</p>}
      </fieldset>
      <button type="submit">Enter</button>
      {error && <p role="alert" className="error">{error}</p>}
      {done && <p role="status">{done}</p>}
    </form>
  );
}

/** The agency's own entries: open ones with their age, recalled warrants not yet removed, recovery and removal. */
export function Entries({ codes }: { codes: Codes }) {
  const [entries, setEntries] = useState<EntryView[]>([]);
  const [recalled, setRecalled] = useState<EntryView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    Promise.all([api<EntryView[]>('/api/v1/cjis/entries'), api<EntryView[]>('/api/v1/cjis/entries?recalled=true')])
      .then(([all, r]) => { setEntries(all); setRecalled(r); }, (e: unknown) => setError(refusalText(e)));
  }, []);
  useEffect(load, [load]);
  const act = (id: string, path: string, body: unknown) => api(`/api/v1/cjis/entries/${id}/${path}`, { method: 'POST', body }).then(load, (e: unknown) => setError(refusalText(e)));
  const ask = (question: string) => window.prompt(question)?.trim();
  return (
    <div>
      {recalled.length > 0 && (
        <section className="cjis-alert" role="alert" aria-label="Recalled warrants not yet removed">
          <h3>Recalled warrants not yet removed (81A §J.3.b.vi)</h3>
          <ul>{recalled.map((e) => <li key={e.id}>{e.summary} — recalled {e.recalledOn} <button type="button" onClick={() => void act(e.id, 'cancel', { reason: 'Warrant recalled by the court' })}>Remove now (XW)</button></li>)}</ul>
        </section>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <table className="cjis-table" aria-label="Open entries">
        <thead><tr><th>Entry</th><th>NIC</th><th>Subject</th><th>Entered</th><th>Age</th><th>Documents</th><th /></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{e.mke}</td><td>{e.nic}</td><td>{e.summary}</td><td><When at={e.enteredAt} as="day" /> by <Who name={e.enteredByName} login={e.enteredBy} /></td><td>{e.ageDays} d</td>
              <td>{e.reportId && <a href={`/api/v1/cjis/entries/${e.id}/report.pdf`} target="_blank" rel="noreferrer">Report</a>}</td>
              <td>
                {(e.kind === 'vehicle' || e.kind === 'plate') && <button type="button" onClick={() => { const r = ask('Recovered where and by whom?'); if (r) void act(e.id, 'clear', { reason: `Recovered: ${r}` }); }}>Recovered</button>}
                {e.kind === 'warrant' && !e.recalledOn && <button type="button" onClick={() => void agencyToday().then((recalledOn) => act(e.id, 'recall', { recalledOn }))}>Recalled by court</button>}
                {(e.kind === 'warrant' || e.kind === 'missing') && <button type="button" onClick={() => { const r = ask('Why is it cleared?'); if (r) void act(e.id, 'clear', { reason: r }); }}>Clear</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewEntry codes={codes} onMade={load} />
    </div>
  );
}
