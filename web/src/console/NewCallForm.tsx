import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { endpoints } from './endpoints.ts';
import { problemText } from './actions.ts';
import { CATEGORIES } from './questions.ts';
import type { Reference } from './reference.ts';
import type { Incident } from './types.ts';

const FALLBACK_LINES = [
  { code: 'e911', name: 'E-911' }, { code: 'emergency', name: 'Emergency line (7-digit)' }, { code: 'business', name: 'Business line' },
  { code: 'radio', name: 'Radio' }, { code: 'walk_in', name: 'Walk-in' }, { code: 'report', name: 'Report by mail, e-mail or telephone' },
  { code: 'officer_initiated', name: 'Officer-initiated' },
];

interface Draft {
  line: string; callerName: string; callbackNumber: string;
  aliAddress: string; aliCallback: string; aliAddressOk: boolean; aliCallbackOk: boolean; aliAddressFix: string; aliCallbackFix: string;
  category: string; answers: Record<string, string>;
  type: string; address: string; complainantAddress: string; shelter: boolean; narrative: string; priority: string;
}

const EMPTY: Draft = {
  line: 'e911', callerName: '', callbackNumber: '',
  aliAddress: '', aliCallback: '', aliAddressOk: false, aliCallbackOk: false, aliAddressFix: '', aliCallbackFix: '',
  category: 'emergency', answers: {}, type: '', address: '', complainantAddress: '', shelter: false, narrative: '', priority: '',
};

function narrativeOf(d: Draft): string | undefined {
  const category = CATEGORIES[d.category];
  const answered = category ? category.questions.filter((q) => d.answers[q]).map((q) => `${q} ${d.answers[q]}`) : [];
  const text = [d.narrative.trim(), ...answered].filter(Boolean).join('\n');
  return text || undefined;
}

async function createCallAndIncident(d: Draft): Promise<Incident> {
  const e911 = d.line === 'e911' && (d.aliAddress || d.aliCallback);
  const call = await api<{ id: string }>(endpoints.calls, {
    method: 'POST',
    body: {
      line: d.line,
      ...(d.callerName ? { callerName: d.callerName } : {}),
      ...(d.callbackNumber ? { callbackNumber: d.callbackNumber } : {}),
      ...(e911 ? { ali: { ...(d.aliAddress ? { address: d.aliAddress } : {}), ...(d.aliCallback ? { callbackNumber: d.aliCallback } : {}) } } : {}),
    },
  });
  if (e911) {
    // 81A §C.2.b.iii–iv: the call-taker verifies ALI with the caller; a correction keeps both values
    const marks = [
      { field: 'address', verified: d.aliAddressOk, corrected: d.aliAddressFix || undefined },
      { field: 'callbackNumber', verified: d.aliCallbackOk, corrected: d.aliCallbackFix || undefined },
    ].filter((m) => m.verified || m.corrected);
    for (const mark of marks) await api(endpoints.aliVerification(call.id), { method: 'POST', body: mark }).catch(() => undefined);
  }
  return api<Incident>(endpoints.incidents, {
    method: 'POST',
    body: {
      callId: call.id,
      type: d.type,
      location: { address: d.address.trim() },
      ...(d.callerName ? { complainant: { name: d.callerName, address: d.complainantAddress, phone: d.callbackNumber, ...(d.shelter ? { confidentialShelter: true } : {}) } } : {}),
      ...(narrativeOf(d) ? { narrative: narrativeOf(d) } : {}),
      ...(d.priority ? { priority: Number(d.priority) } : {}),
    },
  });
}

/** Take a call and open its incident in one form (81A §C, §D.3). F3 focuses it. */
export function NewCallForm({ reference, onCreated }: { reference: Reference; onCreated: (incident: Incident) => void }) {
  const [d, setD] = useState<Draft>(EMPTY);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setD((prev) => ({ ...prev, [key]: value }));
  const lines = reference.lines.length ? reference.lines : FALLBACK_LINES;
  const greeting = reference.lines.find((l) => l.code === d.line)?.attrs?.greeting as string | undefined;
  const category = CATEGORIES[d.category];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const incident = await createCallAndIncident(d);
      setMessage({ error: false, text: `Incident ${incident.number} created` });
      setD({ ...EMPTY, line: d.line });
      onCreated(incident);
      document.getElementById('new-call-line')?.focus();
    } catch (err) {
      setMessage({ error: true, text: problemText(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel newcall" aria-labelledby="newcall-title">
      <h2 id="newcall-title">New call <kbd>F3</kbd></h2>
      <form onSubmit={(e) => void submit(e)} aria-label="New call">
        <div className="row">
          <label>Line <select id="new-call-line" value={d.line} onChange={(e) => set('line', e.target.value)}>
            {lines.map((l) => <option key={l.code} value={l.code}>{l.name}</option>)}
          </select></label>
          <label>Category <select value={d.category} onChange={(e) => set('category', e.target.value)}>
            {Object.entries(CATEGORIES).map(([code, c]) => <option key={code} value={code}>{c.label}</option>)}
          </select></label>
        </div>
        {greeting && <p className="greeting" data-testid="greeting">Say: “{greeting}”</p>}
        <div className="row">
          <label>Caller <input value={d.callerName} onChange={(e) => set('callerName', e.target.value)} maxLength={200} /></label>
          <label>Callback <input value={d.callbackNumber} onChange={(e) => set('callbackNumber', e.target.value)} inputMode="tel" maxLength={40} /></label>
        </div>
        {d.line === 'e911' && (
          <fieldset className="ali">
            <legend>ALI (verify with the caller; never read it back)</legend>
            <div className="row">
              <label>ALI address <input value={d.aliAddress} onChange={(e) => set('aliAddress', e.target.value)} /></label>
              <label className="check"><input type="checkbox" checked={d.aliAddressOk} onChange={(e) => set('aliAddressOk', e.target.checked)} /> verified</label>
              <label>Corrected <input value={d.aliAddressFix} onChange={(e) => set('aliAddressFix', e.target.value)} aria-label="Corrected ALI address" /></label>
            </div>
            <div className="row">
              <label>ALI callback <input value={d.aliCallback} onChange={(e) => set('aliCallback', e.target.value)} /></label>
              <label className="check"><input type="checkbox" checked={d.aliCallbackOk} onChange={(e) => set('aliCallbackOk', e.target.checked)} /> verified</label>
              <label>Corrected <input value={d.aliCallbackFix} onChange={(e) => set('aliCallbackFix', e.target.value)} aria-label="Corrected ALI callback" /></label>
            </div>
          </fieldset>
        )}
        {category && (
          <fieldset className="questions">
            <legend>{category.label} questions ({category.clause})</legend>
            {category.questions.map((q) => (
              <label key={q} className="question">{q}
                <select value={d.answers[q] ?? ''} onChange={(e) => set('answers', { ...d.answers, [q]: e.target.value })}>
                  <option value="">—</option><option>Yes</option><option>No</option><option>Unknown</option>
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
            <option value="">by type</option>{[1, 2, 3, 4].map((p) => <option key={p} value={p}>P{p}</option>)}
          </select></label>
        </div>
        <label>Location <input value={d.address} onChange={(e) => set('address', e.target.value)} required maxLength={300} /></label>
        <div className="row">
          <label>Caller’s address <input value={d.complainantAddress} onChange={(e) => set('complainantAddress', e.target.value)} maxLength={300} /></label>
          <label className="check"><input type="checkbox" checked={d.shelter} onChange={(e) => set('shelter', e.target.checked)} /> shelter (confidential, 81A §D.3.c)</label>
        </div>
        <label>Narrative <textarea value={d.narrative} onChange={(e) => set('narrative', e.target.value)} rows={2} maxLength={4000} /></label>
        <button type="submit" disabled={busy}>Create incident</button>
        {message && <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>{message.text}</p>}
      </form>
    </section>
  );
}
