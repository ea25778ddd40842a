import { useState, type FormEvent } from 'react';
import { refusalText, runQuery, type Codes, type QueryRequest, type QueryView } from './api.ts';

const KINDS: Record<string, string> = {
  plate: 'Plate', vin: 'VIN', owner: 'Registered owner', person: 'Person', warrant: 'Warrants', gun: 'Gun', article: 'Article', bop: 'Board of Probation (CORI)',
};

/**
 * The query screen: a command-line query (`PLATE ABC123 MA`) or the fields of one, its
 * purpose (criminal justice only, 81A §J.1.b.x(a)), the incident it serves and whom it is run for.
 */
export function QueryForm({ codes, incident, onResult }: { codes: Codes; incident?: string | null; onResult: (view: QueryView) => void }) {
  const [line, setLine] = useState('');
  const [kind, setKind] = useState('plate');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [purpose, setPurpose] = useState('C');
  const [incidentNumber, setIncidentNumber] = useState(incident ?? '');
  const [forOther, setForOther] = useState(false);
  const [requester, setRequester] = useState({ name: '', agency: '', kind: 'criminal_justice_agency' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (name: string) => fields[name] ?? '';
  const set = (name: string) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const body: QueryRequest = { purpose, ...(incidentNumber ? { incident: incidentNumber } : {}), ...(forOther ? { requester } : {}) };
    if (line.trim()) body.line = line.trim();
    else Object.assign(body, { kind }, Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim())));
    try {
      onResult(await runQuery(body));
    } catch (err) {
      setError(refusalText(err));
    } finally {
      setBusy(false);
    }
  };
  const person = ['person', 'warrant', 'owner', 'bop'].includes(kind);
  return (
    <form className="cjis-form" onSubmit={(e) => void submit(e)} aria-label="CJIS query">
      <label>Query line <input value={line} onChange={(e) => setLine(e.target.value)} placeholder="PLATE ABC123 MA · PERSON SMITH,JOHN 1980-01-01 · VIN … · BOP …" spellCheck={false} autoComplete="off" /></label>
      <fieldset disabled={!!line.trim()}>
        <legend>or the fields</legend>
        <label>Query <select value={kind} onChange={(e) => { setKind(e.target.value); setFields({}); }}>{codes.queryKinds.map((k) => <option key={k} value={k}>{KINDS[k] ?? k}</option>)}</select></label>
        {kind === 'plate' && (<><label>Plate <input value={field('plate')} onChange={set('plate')} /></label><label>State <input value={field('state')} onChange={set('state')} maxLength={2} placeholder="MA" /></label></>)}
        {kind === 'vin' && <label>VIN <input value={field('vin')} onChange={set('vin')} maxLength={25} /></label>}
        {person && (<><label>Name (LAST,FIRST) <input value={field('name')} onChange={set('name')} /></label><label>Date of birth <input type="date" value={field('dob')} onChange={set('dob')} /></label><label>Sex <input value={field('sex')} onChange={set('sex')} maxLength={1} /></label></>)}
        {(kind === 'gun' || kind === 'article') && <label>Serial number <input value={field('serial')} onChange={set('serial')} /></label>}
      </fieldset>
      <div className="row">
        <label>Purpose <select value={purpose} onChange={(e) => setPurpose(e.target.value)}>
          <option value="">— choose —</option>
          {codes.purposes.map((p) => <option key={p.code} value={p.code}>{p.code} — {p.name}</option>)}
        </select></label>
        <label>Incident <input value={incidentNumber} onChange={(e) => setIncidentNumber(e.target.value)} placeholder="26-00042" maxLength={12} /></label>
        <label className="check"><input type="checkbox" checked={forOther} onChange={(e) => setForOther(e.target.checked)} /> Run for someone else</label>
      </div>
      {forOther && (
        <div className="row">
          <label>Requester <input value={requester.name} onChange={(e) => setRequester({ ...requester, name: e.target.value })} required /></label>
          <label>Agency <input value={requester.agency} onChange={(e) => setRequester({ ...requester, agency: e.target.value })} required /></label>
          <label>Kind <select value={requester.kind} onChange={(e) => setRequester({ ...requester, kind: e.target.value })}>{codes.requesterKinds.map((k) => <option key={k.code} value={k.code}>{k.name}</option>)}</select></label>
        </div>
      )}
      <button type="submit" disabled={busy}>Run query</button>
      {error && <p role="alert" className="error" data-testid="cjis-error">{error}</p>}
    </form>
  );
}
