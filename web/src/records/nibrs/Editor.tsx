import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../../shared/api.ts';
import { useFetched } from '../../shared/fetched.ts';
import { problemText } from '../../shared/problem.ts';
import { When, Who } from '../../shared/When.tsx';
import { CaseLink, Link } from '../common.tsx';
import type { Case } from '../types.ts';
import { emptyDraft, fieldKey, fromData, mergeProposal, provenance, toData, type Draft, type Entry, type Proposal, type Segment } from './draft.ts';
import { CodePick, Codes, fieldId, Messages, TextField, type FieldMessage } from './fields.tsx';
import { ArresteeFields, OffenseFields, PersonFields, PropertyFields, VictimFields } from './Segments.tsx';
import type { CodeLists, Mapping, NibrsView } from './types.ts';

export const STATUS_WORDS = { ready: 'ready to submit', held: 'held back by the FBI edits', submitted: 'submitted as it is', deleted: 'withdrawn' } as const;
const REPORT_WORDS = { group_a: 'a Group A incident', group_b: 'Group B arrests', none: 'nothing (Group B offenses without an arrest are not sent)' } as const;

/** Put the cursor in the field a message names (or the first input inside a segment it names). */
export function focusField(key: string): void {
  const id = fieldId(key);
  const target = document.getElementById(id) ?? document.querySelector<HTMLElement>(`[id^="${id}"]`);
  target?.focus();
  target?.scrollIntoView({ block: 'center' });
}

/**
 * The NIBRS data of a case's incident (S-110 §A.1.q): offenses, property, victims, offenders and
 * arrestees with the FBI's code lists; saving runs the edits again and shows each remaining error
 * beside its field, and a refusal of what was typed beside the field it names.
 */
export function NibrsEditor({ number }: { number: string }) {
  const codes = useFetched<CodeLists>('/api/v1/nibrs/codes');
  const mapping = useFetched<Mapping[]>('/api/v1/nibrs/offense-map').data ?? [];
  const kase = useFetched<Case>(`/api/v1/cases/${number}`).data;
  const [saved, setSaved] = useState<NibrsView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [refusal, setRefusal] = useState<FieldMessage | null>(null);
  const [notice, setNotice] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  useEffect(() => {
    // what the reports say: a case without NIBRS data opens filled from them (nothing saved until the clerk saves)
    const reports = api<Proposal>(`/api/v1/cases/${number}/nibrs/from-reports`).catch(() => null);
    void reports.then(setProposal);
    api<NibrsView>(`/api/v1/cases/${number}/nibrs`).then((v) => { setSaved(v); setDraft(fromData(v.data)); }, async (e: unknown) => {
      if (!(e instanceof ApiError && e.problem.status === 404)) { setLoadError(problemText(e, 'Could not read the NIBRS data.')); return; }
      const found = await reports;
      if (!found) { setDraft(emptyDraft()); return; }
      const { draft: filled, filled: count } = mergeProposal(emptyDraft(), found);
      setDraft(filled);
      if (count > 0) setNotice('Filled from the case’s reports: check each value marked “from the report”, complete the rest and save.');
    });
  }, [number]);
  const ready = draft !== null && codes.data !== null;
  useEffect(() => {
    const wanted = new URLSearchParams(window.location.search).get('field');
    if (ready && wanted) setTimeout(() => focusField(wanted), 0);
  }, [ready]);
  if (loadError || codes.error) return <p role="alert" className="error">{loadError ?? codes.error}</p>;
  if (!draft || !codes.data) return <p>Loading…</p>;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setNotice('');
    try {
      const body = { ...(saved ? { version: saved.version } : {}), data: toData(draft) };
      const v = await api<NibrsView>(`/api/v1/cases/${number}/nibrs`, { method: 'PUT', body });
      setSaved(v); setDraft(fromData(v.data)); setRefusal(null);
      setNotice(v.errors.length === 0 ? `Saved: ${STATUS_WORDS[v.status]}.` : `Saved, but held back: ${v.errors.length} error${v.errors.length === 1 ? '' : 's'} to fix.`);
    } catch (err) {
      const field = err instanceof ApiError && typeof err.problem.field === 'string' ? fieldKey(err.problem.field) : '';
      setRefusal({ field, message: problemText(err, 'Could not save the NIBRS data.') });
    }
  };
  const messages: FieldMessage[] = [...(refusal ? [refusal] : []), ...(saved?.errors ?? [])];
  const origins = proposal ? provenance(draft, proposal) : new Map<string, { source: string; keys: string[] }>();
  const fill = () => {
    if (!proposal) return;
    const { draft: filled, filled: count } = mergeProposal(draft, proposal);
    setDraft(filled);
    setNotice(count === 0 ? 'The reports add nothing that is not here already.' : `Filled ${count} value${count === 1 ? '' : 's'} from the reports; nothing already entered was changed. Save to keep them.`);
  };
  const segment = (name: Segment) => ({
    entries: draft[name],
    set: (i: number) => (entry: Entry) => setDraft({ ...draft, [name]: draft[name].map((x, j) => (j === i ? entry : x)) }),
    add: (entry: Entry) => setDraft({ ...draft, [name]: [...draft[name], entry] }),
    remove: (i: number) => setDraft({ ...draft, [name]: draft[name].filter((_, j) => j !== i) }),
  });
  return (
    <Codes.Provider value={codes.data}>
      <Messages.Provider value={messages}>
        <section className="nibrs-editor" aria-labelledby="nibrs-editor-title">
          <h2 id="nibrs-editor-title">NIBRS data of case {number}</h2>
          <p>
            <CaseLink number={number} />{kase && <> — {kase.type}, occurred <When at={kase.occurredAt} /></>} · <Link to="/records/nibrs">Back to the NIBRS inbox</Link>
          </p>
          {saved
            ? <p data-testid="nibrs-status">Status: <strong>{STATUS_WORDS[saved.status]}</strong>; reported as {REPORT_WORDS[saved.report]}. Version {saved.version}, saved <When at={saved.updatedAt} /> by <Who name={saved.updatedByName} login={saved.updatedBy} />
              {saved.submittedAt && <>; last submitted <When at={saved.submittedAt} /></>}.</p>
            : <p className="muted">No NIBRS data yet: enter it and save.</p>}
          <Summary messages={messages} />
          {proposal && (
            <div className="nibrs-from-reports">
              <button type="button" onClick={fill}>Fill from the reports</button>
              <span className="muted"> adds the reports’ offenses, people and property, and fills only fields left empty.</span>
              {proposal.notes.length > 0 && <ul aria-label="Not carried from the reports">{proposal.notes.map((n) => <li key={n}>{n}</li>)}</ul>}
            </div>
          )}
          <form onSubmit={save} aria-label={`NIBRS data of case ${number}`} noValidate>
            <datalist id="nibrs-agency-codes">{mapping.map((m) => <option key={m.agencyCode} value={m.agencyCode}>{`${m.nibrsCode} ${m.nibrsName}`}</option>)}</datalist>
            <datalist id="nibrs-age-words">{codes.data.ageWords.map((w) => <option key={w.code} value={w.code}>{w.label}</option>)}</datalist>
            <fieldset className="nibrs-segment"><legend>Clearance</legend>
              <div className="row">
                <CodePick k="clearance.code" label="Exceptional clearance" list="clearances" value={draft.clearance.code} onChange={(code) => setDraft({ ...draft, clearance: { ...draft.clearance, code } })} />
                <TextField k="clearance.date" label="Cleared on" type="date" value={draft.clearance.date} onChange={(date) => setDraft({ ...draft, clearance: { ...draft.clearance, date } })} />
              </div>
            </fieldset>
            <Segments title="Offense" plural="Offenses" name="offenses" origins={origins} {...segment('offenses')} blank={{ attempted: false }}>
              {(k, entry, set) => <OffenseFields k={k} entry={entry} set={set} />}
            </Segments>
            <Segments title="Property" plural="Property" name="property" origins={origins} {...segment('property')} blank={{}}>
              {(k, entry, set) => <PropertyFields k={k} entry={entry} set={set} />}
            </Segments>
            <Segments title="Victim" plural="Victims" name="victims" origins={origins} {...segment('victims')} blank={{ type: 'I', offenses: [1] }}>
              {(k, entry, set) => <VictimFields k={k} entry={entry} set={set} offenses={draft.offenses.length} offenders={draft.offenders.length} />}
            </Segments>
            <Segments title="Offender" plural="Offenders" name="offenders" origins={origins} {...segment('offenders')} blank={{}} empty="None entered: nothing is known of the offenders (offender 00).">
              {(k, entry, set) => <PersonFields k={k} entry={entry} set={set} ranges />}
            </Segments>
            <Segments title="Arrestee" plural="Arrestees" name="arrestees" origins={origins} {...segment('arrestees')} blank={{}}>
              {(k, entry, set) => <ArresteeFields k={k} entry={entry} set={set} />}
            </Segments>
            <button type="submit">Save and run the edits</button>
            <p role="status" className="notice">{notice}</p>
          </form>
          {saved && saved.status !== 'deleted' && <Withdraw number={number} onDone={(v) => { setSaved(v); setNotice('Withdrawn from NIBRS.'); }} />}
        </section>
      </Messages.Provider>
    </Codes.Provider>
  );
}

/** Every message of the last save, each with a button to the field it names. */
function Summary({ messages }: { messages: FieldMessage[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="nibrs-summary" role="alert">
      <h3>To fix before this incident can be submitted</h3>
      <ul aria-label="Errors to fix">{messages.map((m) => (
        <li key={`${m.field}-${m.message}`}>{m.message}{m.field && <> <button type="button" className="link" onClick={() => focusField(m.field)}>Go to {m.field}</button></>}</li>
      ))}</ul>
    </div>
  );
}

/** Words for the values a report can give, to say which came from it. */
const VALUE_WORDS: Record<string, string> = {
  agencyCode: 'offense code', attempted: 'attempted', locationType: 'location type', weapons: 'weapon', entryMethod: 'method of entry', lossType: 'type of loss',
  description: 'description', value: 'value', recoveredOn: 'recovery date', type: 'victim type', offenses: 'offenses suffered', personId: 'master name',
  age: 'age', sex: 'sex', race: 'race', transactionNumber: 'transaction number', arrestedOn: 'arrest date', arrestType: 'arrest type', chargeAgencyCode: 'charge',
};

function Segments({ title, plural, name, entries, set, add, remove, blank, empty, origins, children }: {
  title: string; plural: string; name: Segment; entries: Entry[]; set: (i: number) => (e: Entry) => void; add: (e: Entry) => void; remove: (i: number) => void;
  origins: Map<string, { source: string; keys: string[] }>;
  blank: Entry; empty?: string; children: (k: string, entry: Entry, set: (e: Entry) => void) => ReactNode;
}) {
  return (
    <fieldset className="nibrs-segment"><legend>{plural}</legend>
      {entries.length === 0 && <p className="muted">{empty ?? `No ${plural.toLowerCase()} entered.`}</p>}
      {entries.map((entry, i) => (
        <section key={i} className="nibrs-entry" aria-label={`${title} ${i + 1}`}>
          <h4>{title} {i + 1} <button type="button" className="link" onClick={() => remove(i)}>Remove {title.toLowerCase()} {i + 1}</button></h4>
          {origins.has(`${name}[${i + 1}]`) && (() => {
            const origin = origins.get(`${name}[${i + 1}]`)!;
            return <p className="nibrs-from" data-testid={`from-report-${name}-${i + 1}`}>Carried from {origin.source}: {origin.keys.filter((k) => k !== 'attempted').map((k) => VALUE_WORDS[k] ?? k).join(', ')}</p>;
          })()}
          {children(`${name}[${i + 1}]`, entry, set(i))}
        </section>
      ))}
      <button type="button" onClick={() => add(blank)}>Add {title.toLowerCase()}</button>
    </fieldset>
  );
}

/** Withdraw the incident from NIBRS: one submitted before goes as a delete in the next submission. */
function Withdraw({ number, onDone }: { number: string; onDone: (v: NibrsView) => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const withdraw = async () => {
    try { onDone(await api<NibrsView>(`/api/v1/cases/${number}/nibrs`, { method: 'DELETE', body: { reason } })); setError(null); } catch (e) { setError(problemText(e, 'Could not withdraw it.')); }
  };
  return (
    <details className="nibrs-withdraw"><summary>Withdraw this incident from NIBRS</summary>
      <label>Reason<input value={reason} onChange={(e) => setReason(e.target.value)} /></label>
      <button type="button" onClick={() => void withdraw()}>Withdraw</button>
      {error && <p role="alert" className="error">{error}</p>}
    </details>
  );
}
