import { useState } from 'react';
import type { Static } from 'typebox';
import { api } from '../../shared/api.ts';
import { stamp } from '../../shared/time.ts';
import type { CallbackView } from '../../../../src/dispatch/calls/callbacks.ts';
import { ActionOutcome, FloorFrame, useAction, useFloorReference, useLoad } from './common.tsx';

type Callback = Static<typeof CallbackView>;
const v1 = '/api/v1';
const OUTCOMES = { reached: 'Reached the caller', no_answer: 'No answer', voicemail: 'Voicemail', busy: 'Busy' } as const;
const STATUS = { open: 'to call back', reached: 'caller reached', closed: 'closed' } as const;

/**
 * 81A §C.2.f: abandoned E-911 calls to call back. Each attempt is recorded (when, who, what came
 * of it); the call back ends when the caller is reached or the dispatcher closes it with a reason.
 */
export function CallbackScreen() {
  const tz = useFloorReference().timeZone;
  const [all, setAll] = useState(false);
  const list = useLoad<Callback[]>(`${v1}/calls/callbacks${all ? '?all=true' : ''}`, ['call.']);
  return (
    <FloorFrame id="callbacks" title="E-911 call backs" clause="81A §C.2.f">
      <p className="hint">An E-911 call that hangs up before it is answered is called back. Record each attempt; the call back is done when the caller is reached or you close it with the reason.</p>
      <label className="check"><input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show finished call backs too</label>
      {list.error && <p role="alert" className="error">{list.error}</p>}
      {list.data && list.data.length === 0 && <p className="hint">No abandoned E-911 call is waiting for a call back.</p>}
      {list.data?.map((c) => <CallbackCard key={c.callId} callback={c} tz={tz} onChanged={list.reload} />)}
    </FloorFrame>
  );
}

function CallbackCard({ callback: c, tz, onChanged }: { callback: Callback; tz: string; onChanged: () => void }) {
  const [outcome, setOutcome] = useState<keyof typeof OUTCOMES>('no_answer');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction();
  const id = encodeURIComponent(c.callId);
  const title = `Call back ${c.callbackNumber ?? 'no number'}${c.callerName ? ` (${c.callerName})` : ''}`;
  const attempt = async () => {
    if (await action.run(() => api(`${v1}/calls/${id}/callback-attempts`, { method: 'POST', body: note.trim() ? { outcome, note: note.trim() } : { outcome } }), `Attempt recorded: ${OUTCOMES[outcome]}.`)) {
      setNote('');
      onChanged();
    }
  };
  const close = async () => {
    if (await action.run(() => api(`${v1}/calls/${id}/callback/close`, { method: 'POST', body: { reason: reason.trim() } }), 'Call back closed.')) onChanged();
  };
  return (
    <article className="card" data-testid="callback" data-call={c.callId} data-status={c.status} aria-label={title}>
      <h2>{title} <small>· {STATUS[c.status]}</small></h2>
      <p>Received {stamp(c.receivedAt, tz)}, hung up {c.endedAt ? stamp(c.endedAt, tz) : '—'}.</p>
      {c.attempts.length > 0 && (
        <table>
          <caption className="visually-hidden">Attempts to call back</caption>
          <thead><tr><th>Attempt</th><th>By</th><th>Outcome</th><th>Note</th></tr></thead>
          <tbody>
            {c.attempts.map((a, i) => (
              <tr key={i}><td>{stamp(a.at, tz)}</td><td>{a.byName}</td><td>{OUTCOMES[a.outcome]}</td><td>{a.note ?? '—'}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {c.status === 'closed' && <p>Closed {stamp(c.closedAt, tz)} by {c.closedByName}: {c.closedReason}</p>}
      {c.status === 'open' && (
        <>
          <form aria-label={`Record an attempt: ${title}`} onSubmit={(e) => { e.preventDefault(); void attempt(); }}>
            <label>Outcome
              <select value={outcome} onChange={(e) => setOutcome(e.target.value as keyof typeof OUTCOMES)}>
                {Object.entries(OUTCOMES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
              </select>
            </label>
            <label>Note <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} /></label>
            <button type="submit" disabled={action.busy}>Record attempt</button>
          </form>
          <form aria-label={`Close the call back: ${title}`} onSubmit={(e) => { e.preventDefault(); void close(); }}>
            <label>Reason to close without reaching the caller <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} /></label>
            <button type="submit" disabled={action.busy}>Close call back</button>
          </form>
        </>
      )}
      <ActionOutcome action={action} />
    </article>
  );
}
