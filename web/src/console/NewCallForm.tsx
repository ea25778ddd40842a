import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { endpoints } from '../client/endpoints.ts';
import { problemText } from '../client/actions.ts';
import type { Reference } from '../client/reference.ts';
import type { Call } from '../client/types.ts';
import type { CallTaken } from '../client/live.ts';
import { CallActions, type CallDone, type Findings } from './CallActions.tsx';
import { SafetyContext } from './SafetyContext.tsx'; // caution flags, orders in force, a Knox Box and the history at the address
// Geography: verified locations
import { LocationInput, type Place } from '../geo/LocationInput.tsx';

interface Question { code: string; text: string; clause?: string }

/** The ALI fields the call-taker verifies with the caller (81A §C.2.b.iii). */
const ALI_CHECKED = [{ field: 'address', label: 'ALI address' }, { field: 'callbackNumber', label: 'ALI callback' }] as const;

interface Draft {
  line: string; category: string; callerName: string; callbackNumber: string;
  ali: Record<string, string>; verified: Record<string, boolean>; corrected: Record<string, string>;
  answers: Record<string, string>;
  type: string; address: string; place: Place | null; shelterLocation: boolean; confidential: boolean; complainantAddress: string; shelter: boolean; narrative: string; priority: string;
}

const EMPTY: Draft = {
  line: 'e911', category: 'emergency', callerName: '', callbackNumber: '', ali: {}, verified: {}, corrected: {}, answers: {},
  type: '', address: '', place: null, shelterLocation: false, confidential: false, complainantAddress: '', shelter: false, narrative: '', priority: '',
};

function fromCall(call: Call): Draft {
  const ali: Record<string, string> = {};
  for (const [k, v] of Object.entries(call.ali ?? {})) if (v !== null && v !== undefined) ali[k] = String(v);
  return { ...EMPTY, line: call.line, category: call.category ?? EMPTY.category, callerName: call.callerName ?? '', callbackNumber: call.callbackNumber ?? '', ali, address: ali.address ?? '' };
}

/** What the call-taker learnt on the call: category, answers, caller, and the ALI fields checked with the caller (81A §C.2.b.iii, §C.3). */
function findingsOf(d: Draft, taken: Call | null) {
  const caller = { ...(d.callerName ? { callerName: d.callerName } : {}), ...(d.callbackNumber ? { callbackNumber: d.callbackNumber } : {}) };
  const answers = Object.fromEntries(Object.entries(d.answers).filter(([, v]) => v));
  const aliChecks: NonNullable<Findings['aliChecks']> = ALI_CHECKED.flatMap(({ field }): NonNullable<Findings['aliChecks']> => {
    if (d.corrected[field]) return [{ field, action: 'corrected', value: d.corrected[field] }];
    if (d.verified[field] && d.ali[field]) return [{ field, action: 'verified' }];
    return [];
  });
  const details = { ...(taken && d.category ? { category: d.category } : {}), ...(taken ? caller : {}), ...(Object.keys(answers).length ? { answers } : {}) };
  return { caller, ...(Object.keys(details).length ? { details } : {}), ...(aliChecks.length ? { aliChecks } : {}) };
}

/** The findings a link sends: the caller is in the details already. */
function withoutCaller({ caller: _caller, ...findings }: ReturnType<typeof findingsOf>): Findings {
  return findings;
}

/**
 * The call (taken from the queue, or typed here), what was learnt on it and the incident
 * it becomes: one request, one transaction on the server (81A §C, §D.3). The answer
 * carries the incident and the call as they now stand.
 */
function takeIntoIncident(d: Draft, taken: Call | null): Promise<CallTaken> {
  const { caller, ...findings } = findingsOf(d, taken);
  const incident = {
    type: d.type,
    location: {
      address: d.address.trim(), ...(d.shelterLocation ? { confidentialShelter: true } : {}),
      ...(d.place ? { lat: d.place.lat, lon: d.place.lon, ...(d.place.sector ? { area: d.place.sector } : {}) } : {}),
    },
    ...(d.callerName ? { complainant: { name: d.callerName, address: d.complainantAddress, phone: d.callbackNumber, ...(d.shelter ? { confidentialShelter: true } : {}) } } : {}),
    ...(d.narrative.trim() ? { narrative: d.narrative.trim() } : {}),
    ...(d.priority ? { priority: Number(d.priority) } : {}),
    ...(d.confidential ? { confidential: true } : {}),
  };
  if (taken) return api<CallTaken>(endpoints.callIncident(taken.id), { method: 'POST', body: { ...findings, incident } });
  const typedAli = d.line === 'e911' && Object.values(d.ali).some(Boolean);
  const call = {
    line: d.line, ...caller, ...(d.category ? { category: d.category } : {}),
    ...(typedAli ? { ali: Object.fromEntries(Object.entries(d.ali).filter(([, v]) => v)) } : {}),
  };
  return api<CallTaken>(endpoints.callIntake, { method: 'POST', body: { call, ...findings, incident } });
}

/** Take a call and open its incident in one form. F3 focuses it. */
export function NewCallForm({ reference, taken, onCreated, onCallDone }: {
  reference: Reference; taken: Call | null; onCreated: (taken: CallTaken) => void; onCallDone: (done: CallDone) => void;
}) {
  const [d, setD] = useState<Draft>(EMPTY);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (taken) setD(fromCall(taken)); }, [taken]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setD((prev) => ({ ...prev, [key]: value }));
  const greeting = taken?.greeting ?? (reference.lines.find((l) => l.code === d.line)?.attrs?.greeting as string | undefined);
  const category = reference.categories.find((c) => c.code === d.category);
  const questions = (category?.attrs?.questions ?? []) as Question[];
  const showAli = d.line === 'e911';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const result = await takeIntoIncident(d, taken);
      setMessage({ error: false, text: `Incident ${result.incident.number} created` });
      setD({ ...EMPTY, line: d.line });
      onCreated(result);
    } catch (err) {
      setMessage({ error: true, text: problemText(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel newcall" aria-labelledby="newcall-title">
      <h2 id="newcall-title">{taken ? `Call on ${taken.lineName ?? taken.line}` : 'New call'} <kbd>F3</kbd></h2>
      <form onSubmit={(e) => void submit(e)} aria-label="New call">
        <div className="row">
          <label>Line <select id="new-call-line" value={d.line} onChange={(e) => set('line', e.target.value)}>
            {reference.lines.map((l) => <option key={l.code} value={l.code}>{l.name}</option>)}
          </select></label>
          <label>Category <select value={d.category} onChange={(e) => setD((p) => ({ ...p, category: e.target.value, answers: {} }))}>
            <option value="">—</option>
            {reference.categories.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
          </select></label>
        </div>
        {greeting && <p className="greeting" data-testid="greeting">Say: “{greeting}”</p>}
        <div className="row">
          <label>Caller <input value={d.callerName} onChange={(e) => set('callerName', e.target.value)} maxLength={200} /></label>
          <label>Callback <input value={d.callbackNumber} onChange={(e) => set('callbackNumber', e.target.value)} inputMode="tel" maxLength={40} /></label>
        </div>
        {showAli && (
          <fieldset className="ali" data-testid="ali">
            <legend>ALI — verify with the caller, never read it back (81A §C.2.b.iv)</legend>
            {taken?.ali && (
              <p className="ali-meta">{(['classOfService', 'carrier', 'community'] as const).map((k) => taken.ali?.[k]).filter(Boolean).join(' · ')}</p>
            )}
            {ALI_CHECKED.map(({ field, label }) => (
              <div className="row" key={field}>
                <label>{label} <input value={d.ali[field] ?? ''} readOnly={Boolean(taken)} onChange={(e) => set('ali', { ...d.ali, [field]: e.target.value })} /></label>
                <label className="check"><input type="checkbox" checked={d.verified[field] ?? false} onChange={(e) => set('verified', { ...d.verified, [field]: e.target.checked })} /> verified</label>
                <label>Corrected <input value={d.corrected[field] ?? ''} onChange={(e) => set('corrected', { ...d.corrected, [field]: e.target.value })} aria-label={`Corrected ${label}`} /></label>
              </div>
            ))}
          </fieldset>
        )}
        {questions.length > 0 && (
          <fieldset className="questions">
            <legend>{category?.name} questions</legend>
            {questions.map((q) => (
              <label key={q.code} className="question" title={q.clause}>{q.text}
                <select value={d.answers[q.code] ?? ''} onChange={(e) => set('answers', { ...d.answers, [q.code]: e.target.value })}>
                  <option value="">—</option><option value="yes">Yes</option><option value="no">No</option><option value="unknown">Unknown</option>
                </select>
              </label>
            ))}
          </fieldset>
        )}
        <div className="row">
          <label>Incident type <select value={d.type} onChange={(e) => set('type', e.target.value)} required>
            <option value="">—</option>
            {reference.incidentTypes.map((t) => <option key={t.code} value={t.code}>{t.name} (P{t.priority}{t.minUnits > 1 ? `, ${t.minUnits} units` : ''}{t.supervisor ? ', supervisor' : ''})</option>)}
          </select></label>
          <label>Priority <select value={d.priority} onChange={(e) => set('priority', e.target.value)}>
            <option value="">by type</option>{[1, 2, 3, 4, 5].map((p) => <option key={p} value={p}>P{p}</option>)}
          </select></label>
        </div>
        <div className="row">
          <LocationInput value={d.address} place={d.place} ali={taken?.ali} onChange={(address, place) => setD((p) => ({ ...p, address, place }))} />
          <label className="check"><input type="checkbox" checked={d.shelterLocation} onChange={(e) => set('shelterLocation', e.target.checked)} /> shelter</label>
          <label className="check" title="81A §E.2.c: only the assigned units and dispatch see this incident, from its first event"><input type="checkbox" data-testid="new-confidential" checked={d.confidential} onChange={(e) => set('confidential', e.target.checked)} /> confidential</label>
        </div>
        <SafetyContext address={d.address} names={[d.callerName]} timeZone={reference.timeZone} canKnox />
        <div className="row">
          <label>Caller’s address <input value={d.complainantAddress} onChange={(e) => set('complainantAddress', e.target.value)} maxLength={300} /></label>
          <label className="check"><input type="checkbox" checked={d.shelter} onChange={(e) => set('shelter', e.target.checked)} /> shelter</label>
        </div>
        <label>Narrative <textarea value={d.narrative} onChange={(e) => set('narrative', e.target.value)} rows={2} maxLength={10000} /></label>
        <button type="submit" disabled={busy}>Create incident</button>
        {message && <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>{message.text}</p>}
      </form>
      {taken && (
        <CallActions call={taken} address={d.address} type={d.type} noResponseTypes={reference.noResponseTypes} findings={withoutCaller(findingsOf(d, taken))}
          onDone={(done) => { setD({ ...EMPTY, line: d.line }); onCallDone(done); }} />
      )}
    </section>
  );
}
