import { useState } from 'react';
import { api, type Me } from '../../shared/api.ts';
import { endpoints } from '../../client/endpoints.ts';
import type { Call, Incident } from '../../client/types.ts';
import { stamp } from '../../shared/time.ts';
import { ActionOutcome, FloorFrame, useAction, useFloorReference, useLoad, usePeople } from './common.tsx';

const v1 = '/api/v1';
const MEDIUM = { mail: 'Mail', email: 'E-mail', telephone: 'Telephone' } as const;

/**
 * 81A §D.4: reports received by mail, e-mail or telephone that need a police response go to the
 * commanding officer, who screens them: respond, or no response. Call-takers refer them here.
 */
export function ScreeningScreen({ me }: { me: Me }) {
  const reference = useFloorReference();
  const tz = reference.timeZone;
  const screens = me.permissions.includes('dispatch.override');
  const queue = useLoad<Call[]>(screens ? `${v1}/calls/screening` : null, ['call.']);
  const open = useLoad<Call[]>(endpoints.unfinishedCalls, ['call.']);
  const nameOf = usePeople();
  const reports = (open.data ?? []).filter((c) => c.line === 'report' && !c.outcome);
  const waiting = (queue.data ?? []).filter((c) => c.screening?.status === 'waiting');
  const toOpen = (queue.data ?? []).filter((c) => c.screening?.status === 'respond' && !c.incidentNumber);
  // a report decided or referred leaves its list: what became of it is said here
  const [notice, setNotice] = useState<string | null>(null);
  const done = (text: string) => { setNotice(text); queue.reload(); open.reload(); };
  return (
    <FloorFrame id="screening" title="Report screening" clause="81A §D.4">
      <div aria-live="polite">{notice && <p role="status" className="ok" data-testid="floor-done">{notice}</p>}</div>
      <h2>Waiting for the commanding officer</h2>
      {!screens && <p className="hint">Only the commanding officer screens reports (81A §D.4); refer them below.</p>}
      {queue.error && <p role="alert" className="error">{queue.error}</p>}
      {screens && queue.data && waiting.length === 0 && <p className="hint">No report is waiting to be screened.</p>}
      {waiting.map((c) => <Decision key={c.id} call={c} tz={tz} nameOf={nameOf} onDone={done} />)}
      {toOpen.length > 0 && <h2>Screened to respond: open the incident</h2>}
      {toOpen.map((c) => <OpenIncident key={c.id} call={c} tz={tz} types={reference.incidentTypes} onDone={done} />)}
      <h2>Reports to refer</h2>
      {open.data && reports.length === 0 && <p className="hint">No report received by mail, e-mail or telephone is open.</p>}
      {reports.map((c) => <Referral key={c.id} call={c} tz={tz} onDone={done} />)}
    </FloorFrame>
  );
}

function Decision({ call, tz, nameOf, onDone }: { call: Call; tz: string; nameOf: (login: string | null | undefined) => string; onDone: (text: string) => void }) {
  const s = call.screening as { medium?: keyof typeof MEDIUM; summary?: string; referredBy?: string; referredAt?: string };
  const [note, setNote] = useState('');
  const action = useAction();
  const decide = async (decision: 'respond' | 'no_response') => {
    const body = note.trim() ? { decision, note: note.trim() } : { decision };
    const text = decision === 'respond' ? `Screened: respond to the report from ${call.callerName ?? 'unknown sender'}; create its incident.` : `Screened: no police response to the report from ${call.callerName ?? 'unknown sender'}; the report is kept.`;
    if (await action.run(() => api(`${v1}/calls/${encodeURIComponent(call.id)}/screening/decision`, { method: 'POST', body }), text)) onDone(text);
  };
  const title = `${s.medium ? MEDIUM[s.medium] : 'Report'} from ${call.callerName ?? 'unknown sender'}`;
  return (
    <article className="card" data-testid="screening-report" aria-label={title}>
      <h3>{title}</h3>
      <p>{s.summary}</p>
      <p className="hint">Received {stamp(call.receivedAt, tz)}; referred by {nameOf(s.referredBy)} at {stamp(s.referredAt, tz)}.</p>
      <form aria-label={`Screen: ${title}`} onSubmit={(e) => e.preventDefault()}>
        <label>Note <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} /></label>
        <button type="button" disabled={action.busy} onClick={() => void decide('respond')}>Respond</button>
        <button type="button" disabled={action.busy} onClick={() => void decide('no_response')}>No police response</button>
      </form>
      <ActionOutcome action={action} />
    </article>
  );
}

function Referral({ call, tz, onDone }: { call: Call; tz: string; onDone: (text: string) => void }) {
  const [medium, setMedium] = useState<keyof typeof MEDIUM>('mail');
  const [summary, setSummary] = useState('');
  const action = useAction();
  const title = `Report received ${stamp(call.receivedAt, tz)} from ${call.callerName ?? 'unknown sender'}`;
  const refer = async () => {
    if (await action.run(() => api(`${v1}/calls/${encodeURIComponent(call.id)}/screening`, { method: 'POST', body: { medium, summary: summary.trim() } }), 'Referred to the commanding officer.')) onDone(`Report from ${call.callerName ?? 'unknown sender'} referred to the commanding officer.`);
  };
  return (
    <article className="card" aria-label={title}>
      <h3>{title}</h3>
      <form aria-label={`Refer: ${title}`} onSubmit={(e) => { e.preventDefault(); void refer(); }}>
        <label>Received by
          <select value={medium} onChange={(e) => setMedium(e.target.value as keyof typeof MEDIUM)}>
            {Object.entries(MEDIUM).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
          </select>
        </label>
        <label>Summary for the commanding officer <textarea value={summary} onChange={(e) => setSummary(e.target.value)} required maxLength={5000} rows={2} cols={50} /></label>
        <button type="submit" disabled={action.busy}>Refer for screening</button>
      </form>
      <ActionOutcome action={action} />
    </article>
  );
}

/** A report screened "respond" becomes its incident, joined to the report's call (81A §D.4, §D.3). */
function OpenIncident({ call, tz, types, onDone }: { call: Call; tz: string; types: readonly { code: string; name: string }[]; onDone: (text: string) => void }) {
  const s = call.screening as { summary?: string };
  const [chosen, setType] = useState('');
  const type = chosen || types[0]?.code || '';
  const [address, setAddress] = useState('');
  const [narrative, setNarrative] = useState(s.summary ?? '');
  const action = useAction();
  const title = `Report received ${stamp(call.receivedAt, tz)} from ${call.callerName ?? 'unknown sender'}`;
  const open = async () => {
    let number = '';
    const body = { callId: call.id, type, location: { address: address.trim() }, ...(narrative.trim() ? { narrative: narrative.trim() } : {}) };
    if (await action.run(async () => { number = (await api<Incident>(`${v1}/incidents`, { method: 'POST', body })).number; }, 'Incident opened.')) {
      onDone(`Incident ${number} opened from the report from ${call.callerName ?? 'unknown sender'}.`);
    }
  };
  return (
    <article className="card" aria-label={title}>
      <h3>{title}</h3>
      <form aria-label={`Open the incident: ${title}`} onSubmit={(e) => { e.preventDefault(); void open(); }}>
        <label>Incident type
          <select value={type} onChange={(e) => setType(e.target.value)} required>
            {types.map((t) => <option key={t.code} value={t.code}>{t.name}</option>)}
          </select>
        </label>
        <label>Location <input value={address} onChange={(e) => setAddress(e.target.value)} required maxLength={300} /></label>
        <label>Narrative <textarea value={narrative} onChange={(e) => setNarrative(e.target.value)} maxLength={10000} rows={2} cols={50} /></label>
        <button type="submit" disabled={action.busy || !type}>Open incident</button>
      </form>
      <ActionOutcome action={action} />
    </article>
  );
}
