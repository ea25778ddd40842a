import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../shared/api.ts';
import { navigate } from '../shared/router.ts';
import { useFetched } from '../shared/fetched.ts';
import { useAgencyZone } from '../shared/agency.ts';
import { agencyInstant, minute } from '../shared/time.ts';
import { responseProblemText } from '../shared/problem.ts';
import { When, Who } from '../shared/When.tsx';
import { Field, FormAlert, formProblem, type FormProblem } from '../admin/config/form.tsx';
import { CaseLink, Link } from './common.tsx';
import { Browse, type Filter } from './Browse.tsx';
import { CasePicker, PersonPicker, VehiclePicker, type Picked } from './Pickers.tsx';
import type { Citation, CitationFiled, CitationSummary, Crash, CrashSummary, Filed, IncidentStart, Tow, TowSummary } from './types.ts';

type Code = { code: string; name: string };

/** A record form's refusal, shown beside the field it names (or above the button), and its submit. */
export function useRecordForm() {
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (work: () => Promise<void>) => async (e: FormEvent | { preventDefault(): void }) => {
    e.preventDefault();
    setBusy(true);
    try { await work(); setProblem(null); } catch (err) { setProblem(formProblem(err)); } finally { setBusy(false); }
  };
  return { problem, busy, submit };
}

/** What the URL's query string says (the traffic stop, the plate, the case a form starts from). */
const queryOf = () => new URLSearchParams(window.location.search);
const clean = <T extends Record<string, unknown>>(body: T) => Object.fromEntries(Object.entries(body).filter(([, v]) => v !== '' && v !== undefined && v !== null));

export const DISPOSITIONS: Record<Citation['disposition'], string> = {
  issued: 'Issued', paid: 'Paid', contested: 'Contested', responsible: 'Responsible', not_responsible: 'Not responsible', dismissed: 'Dismissed', warning: 'Warning',
};

/** Where a record started from a CAD incident is filed (S-110 §B). */
function FiledUnderIncident({ incident }: { incident: string }) {
  return <p className="notice">Filed under the case of CAD incident {incident} (a new case is opened for it when it has none), unless you choose another.</p>;
}

/**
 * *From CAD incident*: a records writer who may not read CAD (the records clerk) types an incident number and the
 * form is filled with what the records side tells of it (`GET /cases/from-incident/{n}`: type, time, place, a
 * traffic stop's plate, its case), never its log; a confidential incident only for those the records rule allows.
 * With `auto`, the number given in the address is filled at once (the case page's links).
 */
function FromIncident({ initial, auto, onFilled }: { initial: string; auto: boolean; onFilled: (s: IncidentStart) => void }) {
  const [number, setNumber] = useState(initial);
  const [start, setStart] = useState<IncidentStart | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const fill = async (n: string) => {
    try {
      const s = await api<IncidentStart>(`/api/v1/cases/from-incident/${encodeURIComponent(n.trim())}`);
      setStart(s); setProblem(null); onFilled(s);
    } catch (err) { setStart(null); setProblem(formProblem(err).text); }
  };
  useEffect(() => { if (auto && initial) void fill(initial); }, []); // once, for the number in the address
  return (
    <div className="from-incident wide">
      <label>From CAD incident <input value={number} onChange={(e) => setNumber(e.target.value)} placeholder="26-00042" size={10} aria-invalid={problem ? true : undefined}
        onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void fill(number); } }} /></label>{' '}
      <button type="button" onClick={() => void fill(number)} disabled={!/^\d{2}-\d{5,}$/.test(number.trim())}>Fill from incident</button>
      {problem && <span role="alert" className="field-error"> {problem}</span>}
      {start && (
        <p data-testid="incident-start">CAD incident {start.incidentNumber}: {start.typeName}, reported <When at={start.reportedAt} />{start.address ? `, ${start.address}` : ''}
          {start.plate ? `; plate ${[start.plate, start.plateState].filter(Boolean).join(' ')}` : ''}{start.caseNumber ? <>; its case <CaseLink number={start.caseNumber} /></> : ''}</p>
      )}
    </div>
  );
}

/** A new citation (S-110 §A.1.p): from a traffic stop (`?incident=&plate=&state=&location=`), from a case (`?case=`), or on its own. */
export function NewCitation() {
  const [q] = useState(queryOf);
  const [incident, setIncident] = useState(q.get('incident') ?? '');
  const zone = useAgencyZone();
  const codes = useFetched<Code[]>('/api/v1/code-tables/mv_violation').data ?? [];
  const [f, setF] = useState({ number: '', caseNumber: q.get('case') ?? '', plate: q.get('plate') ?? '', plateState: q.get('state') ?? '', location: q.get('location') ?? '', issuedAt: '' });
  // what is still empty is filled from the incident: its place and a traffic stop's plate
  const fromIncident = (s: IncidentStart) => {
    setIncident(s.incidentNumber);
    setF((x) => ({ ...x, location: x.location || (s.address ?? ''), plate: x.plate || (s.plate ?? ''), plateState: x.plateState || (s.plateState ?? '') }));
  };
  const [violations, setViolations] = useState<string[]>([]);
  const [violator, setViolator] = useState<Picked | null>(null);
  const [vehicle, setVehicle] = useState<Picked | null>(null);
  const { problem, busy, submit } = useRecordForm();
  const form = 'citation';
  const set = (key: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [key]: e.target.value });
  const save = submit(async () => {
    const body = clean({
      number: f.number.trim(), caseNumber: f.caseNumber.trim(), incidentNumber: incident, violatorId: violator?.id, vehicleId: vehicle?.id,
      plate: f.plate.trim(), plateState: f.plateState.trim(), location: f.location.trim(), violations, issuedAt: f.issuedAt && zone ? agencyInstant(f.issuedAt, zone) : '',
    });
    const made = await api<CitationFiled>('/api/v1/citations', { method: 'POST', body });
    navigate(`/records/citations/${made.number}`);
  });
  const fields = ['number', 'caseNumber', 'violatorId', 'vehicleId', 'plate', 'plateState', 'location', 'violations', 'issuedAt'];
  return (
    <section aria-labelledby="new-citation-title">
      <h2 id="new-citation-title">New citation{incident ? ` from CAD incident ${incident}` : ''}</h2>
      {incident && <FiledUnderIncident incident={incident} />}
      <form className="record-form" onSubmit={save} aria-label="New citation">
        <FromIncident initial={incident} auto={!q.get('location')} onFilled={fromIncident} />
        <Field form={form} field="number" label="Citation number" problem={problem}>{(p) => <input {...p} value={f.number} onChange={set('number')} required />}</Field>
        <CasePicker form={form} value={f.caseNumber} onChange={(caseNumber) => setF({ ...f, caseNumber })} problem={problem} />
        <PersonPicker form={form} field="violatorId" label="Violator" picked={violator} onPick={setViolator} problem={problem} />
        <Field form={form} field="plate" label="Plate" problem={problem}>{(p) => <input {...p} value={f.plate} onChange={set('plate')} />}</Field>
        <Field form={form} field="plateState" label="Plate state" problem={problem}>{(p) => <input {...p} value={f.plateState} onChange={set('plateState')} size={3} maxLength={2} />}</Field>
        <VehiclePicker form={form} field="vehicleId" label="Vehicle in the index (optional)" plate={f.plate} picked={vehicle} onPick={setVehicle} problem={problem} />
        <Field form={form} field="location" label="Location" problem={problem}>{(p) => <input {...p} value={f.location} onChange={set('location')} required />}</Field>
        <Field form={form} field="issuedAt" label="Issued (empty: now)" problem={problem}>{(p) => <input {...p} type="datetime-local" value={f.issuedAt} onChange={set('issuedAt')} />}</Field>
        <fieldset className="wide" aria-invalid={problem?.field?.startsWith('violations') || undefined}>
          <legend>Violations (code table mv_violation)</legend>
          {codes.map((c) => (
            <label key={c.code} className="inline"><input type="checkbox" checked={violations.includes(c.code)}
              onChange={(e) => setViolations(e.target.checked ? [...violations, c.code] : violations.filter((v) => v !== c.code))} /> {c.code} {c.name}</label>
          ))}
          {problem?.field?.startsWith('violations') && <span className="field-error" role="alert">{problem.text}</span>}
        </fieldset>
        <FormAlert problem={problem} fields={fields} />
        <button type="submit" disabled={busy}>Issue citation</button>
      </form>
    </section>
  );
}

/** One citation: who, what, where, and its disposition. */
export function CitationPage({ number, canWrite }: { number: string; canWrite: boolean }) {
  const { data: c, error, reload } = useFetched<Citation>(`/api/v1/citations/${encodeURIComponent(number)}`);
  const [disposition, setDisposition] = useState('');
  const { problem, submit } = useRecordForm();
  if (!c) return error ? <p role="alert" className="error">{error}</p> : <p>Loading…</p>;
  const dispose = submit(async () => { await api(`/api/v1/citations/${encodeURIComponent(number)}/disposition`, { method: 'POST', body: { disposition } }); reload(); });
  return (
    <section aria-labelledby="citation-title">
      <h2 id="citation-title">Citation {c.number}</h2>
      <dl className="facts">
        <dt>Case</dt><dd><CaseLink number={c.caseNumber} /></dd>
        {c.incidentNumber && <><dt>CAD incident</dt><dd>{c.incidentNumber}</dd></>}
        <dt>Violator</dt><dd>{c.violatorId ? <Link to={`/records/names/${c.violatorId}`}>{c.violator}</Link> : '—'}</dd>
        <dt>Vehicle</dt><dd>{[c.plate, c.plateState].filter(Boolean).join(' ') || '—'}{c.vehicleId && <> (<Link to={`/records/vehicles/${c.vehicleId}`}>vehicle record</Link>)</>}</dd>
        <dt>Location</dt><dd>{c.location}</dd>
        <dt>Violations</dt><dd><ul aria-label="Violations">{c.violations.map((v) => <li key={v.code}>{v.code} {v.name}</li>)}</ul></dd>
        <dt>Issued</dt><dd><When at={c.issuedAt} /> by <Who name={c.officerName} login={c.officer} /></dd>
        <dt>Disposition</dt><dd data-testid="disposition">{DISPOSITIONS[c.disposition] ?? c.disposition}</dd>
      </dl>
      {canWrite && (
        <form className="records-search" onSubmit={dispose} aria-label="Record the disposition">
          <Field form="disposition" field="disposition" label="Disposition" problem={problem}>{(p) => (
            <select {...p} value={disposition} onChange={(e) => setDisposition(e.target.value)} required>
              <option value="">—</option>{Object.entries(DISPOSITIONS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
            </select>
          )}</Field>
          <button type="submit">Record disposition</button>
          <FormAlert problem={problem} fields={['disposition']} />
        </form>
      )}
    </section>
  );
}

const DISPOSITION_CHOICES = Object.entries(DISPOSITIONS);
const LIST_FILTERS: Filter[] = [{ key: 'from', label: 'From (day)', type: 'date' }, { key: 'to', label: 'To (day)', type: 'date' }, { key: 'plate', label: 'Plate', type: 'text' }, { key: 'personId', label: 'Person', type: 'person' }];

export function citationRow(c: CitationSummary) {
  return (
    <tr key={c.number}><td><Link to={`/records/citations/${c.number}`}>{c.number}</Link></td><td><CaseLink number={c.caseNumber} /></td><td><When at={c.issuedAt} /></td>
      <td>{c.violator ?? '—'}</td><td>{[c.plate, c.plateState].filter(Boolean).join(' ') || '—'}</td><td>{c.violations.join(', ')}</td>
      <td><Who name={c.officerName} login={c.officer} /></td><td>{DISPOSITIONS[c.disposition] ?? c.disposition}</td></tr>
  );
}
export const CITATION_HEAD = ['Number', 'Case', 'Issued', 'Violator', 'Plate', 'Violations', 'Officer', 'Disposition'] as const;

export function CitationList({ canWrite }: { canWrite: boolean }) {
  return (
    <Browse<CitationSummary> title="Citations" path="/api/v1/citations" head={CITATION_HEAD} row={citationRow} empty="No citation matches."
      filters={[{ key: 'number', label: 'Citation number', type: 'text' }, ...LIST_FILTERS, { key: 'status', label: 'Disposition', type: 'choice', options: DISPOSITION_CHOICES }]}
      newLink={canWrite ? { to: '/records/citations/new', label: 'New citation' } : undefined} />
  );
}

export const INJURY: Record<string, string> = { K: 'K – fatal', A: 'A – suspected serious', B: 'B – suspected minor', C: 'C – possible', O: 'O – no apparent injury' };

interface Occupant { person: Picked | null; name: string; injury: string }
interface UnitDraft { vehicle: Picked | null; driver: Picked | null; damage: string; occupants: Occupant[] }
const emptyUnit = (): UnitDraft => ({ vehicle: null, driver: null, damage: '', occupants: [] });

/** A crash condition picked by its words from its code table (crash_road, crash_light, crash_weather: the MMUCC values, edited under code tables). */
function Choice({ form, field, label, table, value, onChange, problem }: {
  form: string; field: string; label: string; table: string; value: string; onChange: (v: string) => void; problem: FormProblem | null;
}) {
  const codes = useFetched<Code[]>(`/api/v1/code-tables/${table}`).data ?? [];
  return (
    <Field form={form} field={field} label={label} problem={problem}>{(p) => (
      <select {...p} value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="">—</option>{codes.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
      </select>
    )}</Field>
  );
}

/** A new crash report (S-110 §A.1.e): when, where, road, light and weather, and each unit with its driver, occupants and damage. */
export function NewCrashForm() {
  const [q] = useState(queryOf);
  const zone = useAgencyZone();
  const [f, setF] = useState({ caseNumber: q.get('case') ?? '', occurredAt: '', location: q.get('location') ?? '', road: '', light: '', weather: '' });
  const [units, setUnits] = useState<UnitDraft[]>([emptyUnit()]);
  const { problem, busy, submit } = useRecordForm();
  const form = 'crash';
  const [incident, setIncident] = useState(q.get('incident') ?? '');
  // from a CAD incident: it occurred when the incident was reported, on the agency's clock, until the writer says otherwise
  const [reported, setReported] = useState(q.get('at'));
  const fromIncident = (s: IncidentStart) => {
    setIncident(s.incidentNumber); setReported(s.reportedAt);
    setF((x) => ({ ...x, location: x.location || (s.address ?? '') }));
  };
  useEffect(() => {
    if (zone && reported) setF((x) => (x.occurredAt ? x : { ...x, occurredAt: minute(reported, zone).replace(' ', 'T') }));
  }, [zone, reported]);
  const unit = (i: number, change: Partial<UnitDraft>) => setUnits(units.map((u, j) => (j === i ? { ...u, ...change } : u)));
  const save = submit(async () => {
    const body = clean({
      caseNumber: f.caseNumber.trim(), incidentNumber: incident, occurredAt: f.occurredAt && zone ? agencyInstant(f.occurredAt, zone) : '', location: f.location.trim(),
      road: f.road, light: f.light, weather: f.weather,
      units: units.map((u) => clean({
        vehicleId: u.vehicle?.id, driverId: u.driver?.id, damage: u.damage.trim(),
        occupants: u.occupants.map((o) => clean({ personId: o.person?.id, name: o.person ? '' : o.name.trim(), injury: o.injury })),
      })),
    });
    const made = await api<Filed>('/api/v1/crashes', { method: 'POST', body });
    navigate(`/records/crashes/${made.id}`);
  });
  const set = (key: keyof typeof f) => (v: string) => setF({ ...f, [key]: v });
  return (
    <section aria-labelledby="new-crash-title">
      <h2 id="new-crash-title">New crash report{incident ? ` from CAD incident ${incident}` : ''}</h2>
      {incident && <FiledUnderIncident incident={incident} />}
      <form className="record-form" onSubmit={save} aria-label="New crash report">
        <FromIncident initial={incident} auto={!q.get('location')} onFilled={fromIncident} />
        <CasePicker form={form} value={f.caseNumber} onChange={set('caseNumber')} problem={problem} />
        <Field form={form} field="occurredAt" label="Occurred" problem={problem}>{(p) => <input {...p} type="datetime-local" value={f.occurredAt} onChange={(e) => set('occurredAt')(e.target.value)} required />}</Field>
        <Field form={form} field="location" label="Location" problem={problem}>{(p) => <input {...p} value={f.location} onChange={(e) => set('location')(e.target.value)} required />}</Field>
        <Choice form={form} field="road" label="Road surface" table="crash_road" value={f.road} onChange={set('road')} problem={problem} />
        <Choice form={form} field="light" label="Light" table="crash_light" value={f.light} onChange={set('light')} problem={problem} />
        <Choice form={form} field="weather" label="Weather" table="crash_weather" value={f.weather} onChange={set('weather')} problem={problem} />
        {units.map((u, i) => (
          <fieldset key={i} className="unit" aria-label={`Unit ${i + 1}`}>
            <legend>Unit {i + 1}</legend>
            <VehiclePicker form={form} field={`units.${i}.vehicleId`} label="Vehicle" picked={u.vehicle} onPick={(vehicle) => unit(i, { vehicle })} problem={problem} canAdd />
            <PersonPicker form={form} field={`units.${i}.driverId`} label="Driver" picked={u.driver} onPick={(driver) => unit(i, { driver })} problem={problem} />
            <Field form={form} field={`units.${i}.damage`} label="Damage" problem={problem}>{(p) => <input {...p} value={u.damage} onChange={(e) => unit(i, { damage: e.target.value })} required />}</Field>
            {u.occupants.map((o, k) => (
              <div key={k} className="records-search" aria-label={`Unit ${i + 1} occupant ${k + 1}`} role="group">
                <PersonPicker form={form} field={`units.${i}.occupants.${k}.personId`} label={`Occupant ${k + 1}`} picked={o.person}
                  onPick={(person) => unit(i, { occupants: u.occupants.map((x, m) => (m === k ? { ...x, person } : x)) })} problem={problem} />
                {!o.person && <label>or name (not in the index)<input value={o.name} onChange={(e) => unit(i, { occupants: u.occupants.map((x, m) => (m === k ? { ...x, name: e.target.value } : x)) })} /></label>}
                <label>Injury<select value={o.injury} onChange={(e) => unit(i, { occupants: u.occupants.map((x, m) => (m === k ? { ...x, injury: e.target.value } : x)) })}>
                  {Object.entries(INJURY).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
                </select></label>
              </div>
            ))}
            <button type="button" onClick={() => unit(i, { occupants: [...u.occupants, { person: null, name: '', injury: 'O' }] })}>Add an occupant to unit {i + 1}</button>
          </fieldset>
        ))}
        <button type="button" onClick={() => setUnits([...units, emptyUnit()])}>Add a unit</button>
        <FormAlert problem={problem} fields={['caseNumber', 'occurredAt', 'location', 'road', 'light', 'weather', ...units.flatMap((u, i) => [`units.${i}.vehicleId`, `units.${i}.driverId`, `units.${i}.damage`, ...u.occupants.map((_, k) => `units.${i}.occupants.${k}.personId`)])]} />
        <button type="submit" disabled={busy}>File crash report</button>
      </form>
    </section>
  );
}

/** One crash report with its units, and its diagram (shown, and attached here). */
export function CrashPage({ id, canWrite }: { id: string; canWrite: boolean }) {
  const { data: c, error, reload } = useFetched<Crash>(`/api/v1/crashes/${id}`);
  const [uploadError, setUploadError] = useState<string | null>(null);
  if (!c) return error ? <p role="alert" className="error">{error}</p> : <p>Loading…</p>;
  const upload = async (file: File | undefined) => {
    if (!file) return;
    const response = await fetch(`/api/v1/crashes/${id}/diagram`, { method: 'PUT', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file, credentials: 'same-origin' });
    if (response.ok) { setUploadError(null); reload(); } else setUploadError(await responseProblemText(response, 'The diagram was refused.'));
  };
  return (
    <section aria-labelledby="crash-title">
      <h2 id="crash-title">Crash report — <When at={c.occurredAt} /></h2>
      <dl className="facts">
        <dt>Case</dt><dd><CaseLink number={c.caseNumber} /></dd>
        {c.incidentNumber && <><dt>CAD incident</dt><dd>{c.incidentNumber}</dd></>}
        <dt>Location</dt><dd>{c.location}</dd>
        <dt>Road / light / weather</dt><dd>{c.roadName} / {c.lightName} / {c.weatherName}</dd>
        <dt>Reported by</dt><dd><Who name={c.createdByName} login={c.createdBy} /></dd>
      </dl>
      <p><a href={`/api/v1/crashes/${id}/report.pdf`} target="_blank" rel="noreferrer">Print crash report (PDF)</a></p>
      <table className="records-table" aria-label="Units">
        <thead><tr><th scope="col">Unit</th><th scope="col">Vehicle</th><th scope="col">Driver</th><th scope="col">Occupants (injury)</th><th scope="col">Damage</th></tr></thead>
        <tbody>{c.units.map((u, i) => (
          <tr key={i}><td>{i + 1}</td><td>{u.vehicleId ? <Link to={`/records/vehicles/${u.vehicleId}`}>{u.vehicle || 'vehicle'}</Link> : '—'}</td>
            <td>{u.driverId ? <Link to={`/records/names/${u.driverId}`}>{u.driver || 'driver'}</Link> : '—'}</td>
            <td>{u.occupants.length === 0 ? '—' : u.occupants.map((o) => `${o.name ?? 'unnamed'} (${INJURY[o.injury] ?? o.injury})`).join('; ')}</td><td>{u.damage}</td></tr>
        ))}</tbody>
      </table>
      <h3>Diagram</h3>
      {c.diagram ? (c.diagram.contentType === 'application/pdf'
        ? <p><a href={`/api/v1/crashes/${id}/diagram`} target="_blank" rel="noreferrer">Open the diagram (PDF)</a></p>
        : <img className="diagram" src={`/api/v1/crashes/${id}/diagram?v=${c.diagram.sha256.slice(0, 12)}`} alt={`Crash diagram, ${c.location}`} />) : <p className="muted">No diagram attached.</p>}
      {c.diagram && <p className="muted">SHA-256 {c.diagram.sha256}</p>}
      {canWrite && (
        <label>{c.diagram ? 'Replace the diagram' : 'Attach the diagram'} (PNG, JPEG or PDF)
          <input type="file" accept="image/png,image/jpeg,application/pdf" onChange={(e) => void upload(e.target.files?.[0])} />
          {uploadError && <span role="alert" className="error">{uploadError}</span>}
        </label>
      )}
    </section>
  );
}

export function crashRow(c: CrashSummary) {
  return (
    <tr key={c.id}><td><Link to={`/records/crashes/${c.id}`}><When at={c.occurredAt} /></Link></td><td><CaseLink number={c.caseNumber} /></td><td>{c.location}</td>
      <td>{c.units}</td><td>{c.worstInjury ? INJURY[c.worstInjury] : '—'}</td><td>{c.weatherName}</td><td>{c.diagram ? 'yes' : 'no'}</td></tr>
  );
}
export const CRASH_HEAD = ['Occurred', 'Case', 'Location', 'Units', 'Worst injury', 'Weather', 'Diagram'] as const;

export function CrashList({ canWrite }: { canWrite: boolean }) {
  return (
    <Browse<CrashSummary> title="Crash reports" path="/api/v1/crashes" head={CRASH_HEAD} row={crashRow} empty="No crash report matches."
      filters={[...LIST_FILTERS, { key: 'status', label: 'Diagram', type: 'choice', options: [['diagram', 'attached'], ['no_diagram', 'missing']] }]}
      newLink={canWrite ? { to: '/records/crashes/new', label: 'New crash report' } : undefined} />
  );
}

/** A new tow (S-110 §A.1.w): the vehicle from the index, company, reason and storage, under a case. */
export function NewTowForm() {
  const [q] = useState(queryOf);
  const zone = useAgencyZone();
  const [f, setF] = useState({ caseNumber: q.get('case') ?? '', company: '', reason: '', storageLocation: '', towedAt: '' });
  const [vehicle, setVehicle] = useState<Picked | null>(null);
  const { problem, busy, submit } = useRecordForm();
  const form = 'tow';
  const [incident, setIncident] = useState(q.get('incident') ?? '');
  const [plate, setPlate] = useState(q.get('plate') ?? '');
  const fromIncident = (s: IncidentStart) => { setIncident(s.incidentNumber); setPlate((p) => p || (s.plate ?? '')); };
  const set = (key: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [key]: e.target.value });
  const save = submit(async () => {
    const body = clean({ caseNumber: f.caseNumber.trim(), incidentNumber: incident, vehicleId: vehicle?.id ?? '', company: f.company.trim(), reason: f.reason.trim(), storageLocation: f.storageLocation.trim(), towedAt: f.towedAt && zone ? agencyInstant(f.towedAt, zone) : '' });
    const made = await api<Filed>('/api/v1/tows', { method: 'POST', body });
    navigate(`/records/tows/${made.id}`);
  });
  return (
    <section aria-labelledby="new-tow-title">
      <h2 id="new-tow-title">New tow{incident ? ` from CAD incident ${incident}` : ''}</h2>
      {incident && <FiledUnderIncident incident={incident} />}
      <form className="record-form" onSubmit={save} aria-label="New tow">
        <FromIncident initial={incident} auto={!q.get('plate')} onFilled={fromIncident} />
        <CasePicker form={form} value={f.caseNumber} onChange={(caseNumber) => setF({ ...f, caseNumber })} problem={problem} />
        <VehiclePicker key={plate} form={form} field="vehicleId" label="Vehicle towed" plate={plate} picked={vehicle} onPick={setVehicle} problem={problem} canAdd />
        <Field form={form} field="company" label="Tow company" problem={problem}>{(p) => <input {...p} value={f.company} onChange={set('company')} required />}</Field>
        <Field form={form} field="reason" label="Reason" problem={problem}>{(p) => <input {...p} value={f.reason} onChange={set('reason')} required />}</Field>
        <Field form={form} field="storageLocation" label="Storage location" problem={problem}>{(p) => <input {...p} value={f.storageLocation} onChange={set('storageLocation')} required />}</Field>
        <Field form={form} field="towedAt" label="Towed (empty: now)" problem={problem}>{(p) => <input {...p} type="datetime-local" value={f.towedAt} onChange={set('towedAt')} />}</Field>
        <FormAlert problem={problem} fields={['caseNumber', 'vehicleId', 'company', 'reason', 'storageLocation', 'towedAt']} />
        <button type="submit" disabled={busy}>Log tow</button>
      </form>
    </section>
  );
}

function TowStep({ label, field, button, onSave }: { label: string; field: string; button: string; onSave: (value: string) => Promise<void> }) {
  const [value, setValue] = useState('');
  const { problem, submit } = useRecordForm();
  return (
    <form className="records-search" onSubmit={submit(async () => { await onSave(value.trim()); setValue(''); })} aria-label={button}>
      <Field form={`tow-${field}`} field={field} label={label} problem={problem}>{(p) => <input {...p} value={value} onChange={(e) => setValue(e.target.value)} required />}</Field>
      <button type="submit">{button}</button>
      <FormAlert problem={problem} fields={[field]} />
    </form>
  );
}

/** One tow: the vehicle, where it is stored, the owner's notification and the release. */
export function TowPage({ id, canWrite }: { id: string; canWrite: boolean }) {
  const { data: t, error, reload } = useFetched<Tow>(`/api/v1/tows/${id}`);
  if (!t) return error ? <p role="alert" className="error">{error}</p> : <p>Loading…</p>;
  const step = (path: string, body: unknown) => api<Tow>(`/api/v1/tows/${id}/${path}`, { method: 'POST', body }).then(reload);
  return (
    <section aria-labelledby="tow-title">
      <h2 id="tow-title">Tow — {t.vehicle}</h2>
      <dl className="facts">
        <dt>Case</dt><dd><CaseLink number={t.caseNumber} /></dd>
        <dt>Vehicle</dt><dd><Link to={`/records/vehicles/${t.vehicleId}`}>{t.vehicle}</Link></dd>
        <dt>Towed</dt><dd><When at={t.towedAt} /> by {t.company}</dd>
        <dt>Reason</dt><dd>{t.reason}</dd>
        <dt>Stored at</dt><dd>{t.storageLocation}</dd>
        <dt>Owner notified</dt><dd>{t.ownerNotifiedAt ? <><When at={t.ownerNotifiedAt} /> — {t.ownerNotifiedHow}</> : 'not yet'}</dd>
        <dt>Released</dt><dd data-testid="released">{t.releasedAt ? <><When at={t.releasedAt} /> to {t.releasedTo}</> : 'still held'}</dd>
      </dl>
      {canWrite && !t.releasedAt && <>
        {!t.ownerNotifiedAt && <TowStep label="How the owner was notified" field="how" button="Record owner notified" onSave={(how) => step('owner-notified', { how })} />}
        <TowStep label="Released to" field="to" button="Release vehicle" onSave={(to) => step('release', { to })} />
      </>}
    </section>
  );
}

export function towRow(t: TowSummary) {
  return (
    <tr key={t.id}><td><Link to={`/records/tows/${t.id}`}><When at={t.towedAt} /></Link></td><td><CaseLink number={t.caseNumber} /></td><td>{t.vehicle}</td>
      <td>{t.company}</td><td>{t.storageLocation}</td><td>{t.status}{t.releasedAt && <> (<When at={t.releasedAt} />)</>}</td></tr>
  );
}
export const TOW_HEAD = ['Towed', 'Case', 'Vehicle', 'Company', 'Stored at', 'Status'] as const;

export function TowList({ canWrite }: { canWrite: boolean }) {
  return (
    <Browse<TowSummary> title="Tows" path="/api/v1/tows" head={TOW_HEAD} row={towRow} empty="No tow matches."
      filters={[...LIST_FILTERS.filter((x) => x.type !== 'person'), { key: 'status', label: 'Status', type: 'choice', options: [['held', 'held'], ['owner_not_notified', 'owner not notified'], ['released', 'released']] }]}
      newLink={canWrite ? { to: '/records/tows/new', label: 'New tow' } : undefined} />
  );
}

/** The incident type of a traffic stop (81A §E.5.a.vi): its incident carries the stopped vehicle's plate. */
export const TRAFFIC_STOP = 'MV_STOP';

type IncidentForRecords = { number: string; type?: string; reportedAt?: string; location?: { address: string } | null | undefined; timeline?: { kind: string; payload: Record<string, unknown> }[] | undefined };

/** The vehicle a traffic stop's incident was created with (81A §E.5.a.vi), when it has one. */
function stoppedVehicle(incident: IncidentForRecords): { plate?: string; state?: string } {
  const created = incident.timeline?.find((e) => e.kind === 'incident.created');
  return (created?.payload.vehicle as { plate?: string; state?: string } | null | undefined) ?? {};
}

function pathWith(path: string, params: Record<string, string | undefined>): string {
  return `${path}?${new URLSearchParams(clean(params) as Record<string, string>).toString()}`;
}

/** The path of the citation form for a traffic stop: its incident, plate and place filled in. */
export function citationPathFor(incident: IncidentForRecords): string {
  const vehicle = stoppedVehicle(incident);
  return pathWith('/records/citations/new', { incident: incident.number, plate: vehicle.plate, state: vehicle.state, location: incident.location?.address });
}

/**
 * The traffic records an officer or a records writer may start from a CAD incident (S-110 §A.1.e, p, w):
 * each form opens with the incident, its place, time and stopped vehicle filled in, and files under the incident's case.
 */
export function incidentRecordLinks(incident: IncidentForRecords): { to: string; label: string }[] {
  const vehicle = stoppedVehicle(incident);
  const plated = vehicle.plate ? ' (plate filled in)' : '';
  return [
    { to: citationPathFor(incident), label: `Write a citation for ${incident.number}${plated}` },
    { to: pathWith('/records/crashes/new', { incident: incident.number, location: incident.location?.address, at: incident.reportedAt }), label: `Start a crash report for ${incident.number}` },
    { to: pathWith('/records/tows/new', { incident: incident.number, plate: vehicle.plate }), label: `Log a tow for ${incident.number}${plated}` },
  ];
}

/** The incident types whose console panel offers the traffic records: a traffic stop and the motor-vehicle accidents. */
export function isTrafficIncident(type: string): boolean {
  return type === TRAFFIC_STOP || type.startsWith('MVA');
}

/** The links of `incidentRecordLinks` as one line. */
export function IncidentRecordLinks({ incident }: { incident: IncidentForRecords }) {
  return (
    <nav className="incident-records" aria-label={`Records for ${incident.number}`}>
      {incidentRecordLinks(incident).map((l, i) => <span key={l.to}>{i > 0 && ' · '}<Link to={l.to}>{l.label}</Link></span>)}
    </nav>
  );
}

/** The case's citations, crash reports and tows, with a way to file a new one under it. */
export function CaseTraffic({ caseNumber, incidentNumber, canWrite, children }: { caseNumber: string; incidentNumber?: string | null; canWrite: boolean; children?: ReactNode }) {
  const fixed = { caseNumber };
  // a case opened from a CAD incident: the new record is filled from the incident (its place, time, a stop's plate)
  const add = (what: string, label: string) => (canWrite ? { to: pathWith(`/records/${what}/new`, { case: caseNumber, incident: incidentNumber ?? undefined }), label } : undefined);
  return (
    <div className="case-traffic">
      <Browse<CitationSummary> title="Citations" path="/api/v1/citations" fixed={fixed} head={CITATION_HEAD} row={citationRow} empty="No citations." newLink={add('citations', `New citation in case ${caseNumber}`)} />
      <Browse<CrashSummary> title="Crash reports" path="/api/v1/crashes" fixed={fixed} head={CRASH_HEAD} row={crashRow} empty="No crash reports." newLink={add('crashes', `New crash report in case ${caseNumber}`)} />
      <Browse<TowSummary> title="Tows" path="/api/v1/tows" fixed={fixed} head={TOW_HEAD} row={towRow} empty="No tows." newLink={add('tows', `New tow in case ${caseNumber}`)} />
      {children}
    </div>
  );
}
