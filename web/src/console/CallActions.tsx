import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { endpoints } from '../client/endpoints.ts';
import { problemText } from '../client/actions.ts';
import type { Code, Call, IncidentSuggestion } from '../client/types.ts';
import { locationText } from '../client/types.ts';
import type { CallTaken } from '../client/live.ts';

/** How a call left the form: joined to an incident (with both records), or held or closed (the call as it stands). */
export type CallDone = { kind: 'linked'; taken: CallTaken } | { kind: 'call'; call: Call };

/** What the call-taker learnt on the call, sent with the link so that nothing said is lost. */
export interface Findings {
  details?: Record<string, unknown>;
  aliChecks?: { field: string; action: 'verified' | 'corrected'; value?: string }[];
}


/**
 * What else can become of a call that was answered: another caller about an open
 * incident (81A §C "Multiple Calls"), a caller put on hold with a reason (§C "Placing
 * Calls on Hold"), or a call that needs no police response (§D.1).
 */
export function CallActions({ call, address, type, noResponseTypes, findings, onDone }: {
  call: Call; address: string; type: string; noResponseTypes: Code[]; findings: Findings; onDone: (done: CallDone) => void;
}) {
  const [suggestions, setSuggestions] = useState<IncidentSuggestion[]>([]);
  const [reason, setReason] = useState('');
  const [closeType, setCloseType] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const query = new URLSearchParams({ ...(address ? { address } : {}), ...(type ? { type } : {}) });
    api<IncidentSuggestion[]>(`${endpoints.callSuggestions(call.id)}?${query}`).then((s) => { if (live) setSuggestions(s.slice(0, 3)); }, () => undefined);
    return () => { live = false; };
  }, [call.id, address, type]);
  const act = async (request: () => Promise<CallDone>) => {
    setError(null);
    try {
      onDone(await request());
    } catch (e) {
      setError(problemText(e));
    }
  };
  // 81A §C "Multiple Calls": the link and what the caller said, one request
  const link = (incident: string) => act(async () => ({
    kind: 'linked', taken: await api<CallTaken>(endpoints.callIncidentLink(call.id), { method: 'POST', body: { incident, ...findings } }),
  }));
  const submit = (path: string, body: unknown) => (e: FormEvent) => {
    e.preventDefault();
    void act(async () => ({ kind: 'call', call: await api<Call>(path, { method: 'POST', body }) }));
  };
  return (
    <div className="call-actions" data-testid="call-actions">
      {suggestions.length > 0 && (
        <ul className="suggestions" aria-label="Open incidents nearby">
          {suggestions.map((s) => (
            <li key={s.number}>
              <span>{s.number} · {s.type} · {locationText(s.location)}{s.reasons?.length ? ` (${s.reasons.join(', ')})` : ''}</span>
              <button type="button" onClick={() => void link(s.number)}>Same incident: link to {s.number}</button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit(endpoints.holdCall(call.id), { reason: reason.trim() })} aria-label="Put the caller on hold">
        <label>Hold reason <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} /></label>
        <button type="submit">Hold</button>
      </form>
      {noResponseTypes.length > 0 && (
        <form onSubmit={submit(endpoints.closeCall(call.id), { type: closeType })} aria-label="Close the call without a police response">
          <label>No police response <select value={closeType} onChange={(e) => setCloseType(e.target.value)} required>
            <option value="">—</option>
            {noResponseTypes.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
          </select></label>
          <button type="submit">Close call</button>
        </form>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
