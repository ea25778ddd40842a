import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { endpoints } from './endpoints.ts';
import { problemText } from './actions.ts';
import type { Code, Call, IncidentSuggestion } from './types.ts';
import { locationText } from './types.ts';


/**
 * What else can become of a call that was answered: another caller about an open
 * incident (81A §C "Multiple Calls"), a caller put on hold with a reason (§C "Placing
 * Calls on Hold"), or a call that needs no police response (§D.1).
 */
export function CallActions({ call, address, type, noResponseTypes, onDone }: {
  call: Call; address: string; type: string; noResponseTypes: Code[]; onDone: (linkedTo?: string) => void;
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
  const act = async (path: string, body: unknown, linkedTo?: string) => {
    setError(null);
    try {
      await api(path, { method: 'POST', body });
      onDone(linkedTo);
    } catch (e) {
      setError(problemText(e));
    }
  };
  const submit = (path: string, body: unknown) => (e: FormEvent) => { e.preventDefault(); void act(path, body); };
  return (
    <div className="call-actions" data-testid="call-actions">
      {suggestions.length > 0 && (
        <ul className="suggestions" aria-label="Open incidents nearby">
          {suggestions.map((s) => (
            <li key={s.number}>
              <span>{s.number} · {s.type} · {locationText(s.location)}{s.reasons?.length ? ` (${s.reasons.join(', ')})` : ''}</span>
              <button type="button" onClick={() => void act(endpoints.linkCall(call.id), { incident: s.number }, s.number)}>Same incident: link to {s.number}</button>
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
