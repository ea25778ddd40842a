import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { endpoints } from '../client/endpoints.ts';
import { problemText } from '../client/actions.ts';
import { locationText, type Incident, type TimelineEntry } from '../client/types.ts';
import type { Reference } from '../client/reference.ts';

const post = (path: string, body: unknown) => api<Incident>(path, { method: 'POST', body });
const correctionsOf = (number: string) => `${endpoints.incident(number)}/corrections`;

/** Words for one changed value on the timeline: a type's name, a location's address, a person's name. */
function valueText(field: unknown, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (field === 'location') return locationText(value as Incident['location']);
  if (field === 'complainant') return [(value as { name?: string }).name, (value as { address?: string }).address].filter(Boolean).join(', ');
  return String(value);
}

/** "type DISTURB → ROBBERY; priority 2 → 1 (because …)": what a correction changed, old and new (81A §D.3). */
export function correctionText(entry: TimelineEntry): string | null {
  const p = entry.payload;
  if (entry.kind === 'incident.corrected' && Array.isArray(p.changes)) {
    const changes = (p.changes as { field: string; from: unknown; to: unknown }[]).map((c) => `${c.field} ${valueText(c.field, c.from)} → ${valueText(c.field, c.to)}`);
    return `${changes.join('; ')} — ${String(p.reason ?? '')}`;
  }
  if (entry.kind === 'incident.merged') return `duplicate of ${String(p.into)} — ${String(p.reason ?? '')}`;
  if (entry.kind === 'incident.duplicate_merged') return `${String(p.from)} merged in — ${String(p.reason ?? '')}`;
  return null;
}

/**
 * Correct, reopen or merge an incident (81A §D.3: nothing is rewritten; §C "Multiple
 * Calls": a duplicate goes into the incident it repeats). Each asks for a reason, which
 * the timeline keeps beside the old and new value.
 */
export function IncidentCorrections({ incident, reference, onChanged }: { incident: Incident; reference: Reference; onChanged: (record: Incident) => void }) {
  const [type, setType] = useState(incident.type);
  const [priority, setPriority] = useState(String(incident.priority));
  const [address, setAddress] = useState(incident.location?.address ?? '');
  const [into, setInto] = useState('');
  const [reason, setReason] = useState('');
  const [mergeReason, setMergeReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setType(incident.type); setPriority(String(incident.priority)); setAddress(incident.location?.address ?? ''); setReason(''); setMergeReason(''); setInto(''); setError(null);
  }, [incident.number, incident.type, incident.priority, incident.location?.address]);
  const act = (send: () => Promise<Incident>) => async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      onChanged(await send());
    } catch (err) {
      setError(problemText(err));
    }
  };
  const reasonField = (
    <label>Reason (kept on the timeline) <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} /></label>
  );
  if (incident.mergedInto) return <p className="muted" data-testid="merged-into">Merged into {incident.mergedInto} as a duplicate.</p>;
  if (incident.status === 'closed') {
    return (
      <form className="corrections" aria-label="Reopen the incident" onSubmit={act(() => post(`${endpoints.incident(incident.number)}/reopen`, { reason: reason.trim() }))}>
        {reasonField}
        <button type="submit">Reopen</button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    );
  }
  const correction = () => {
    const body: Record<string, unknown> = { reason: reason.trim() };
    if (type !== incident.type) body.type = type;
    if (Number(priority) !== incident.priority) body.priority = Number(priority);
    if (address.trim() && address.trim() !== incident.location?.address) body.location = { address: address.trim() };
    return post(correctionsOf(incident.number), body);
  };
  return (
    <details className="corrections" data-testid="corrections">
      <summary>Correct or merge</summary>
      <form aria-label="Correct the incident" onSubmit={act(correction)}>
        <label>Type
          <select value={type} onChange={(e) => setType(e.target.value)}>
            {reference.incidentTypes.map((t) => <option key={t.code} value={t.code}>{t.name}</option>)}
          </select>
        </label>
        <label>Priority
          <select value={priority} onChange={(e) => setPriority(e.target.value)}>
            {[1, 2, 3, 4, 5].map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <label>Location <input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={300} /></label>
        {reasonField}
        <button type="submit">Save correction</button>
      </form>
      <form aria-label="Merge into another incident" onSubmit={act(() => post(`${endpoints.incident(incident.number)}/merge`, { into: into.trim(), reason: mergeReason.trim() }))}>
        <label>Duplicate of incident <input value={into} onChange={(e) => setInto(e.target.value)} required pattern="[0-9]{2}-[0-9]{5,}" placeholder="26-00012" /></label>
        <label>Why it is the same <input value={mergeReason} onChange={(e) => setMergeReason(e.target.value)} required maxLength={500} /></label>
        <button type="submit">Merge into it</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
    </details>
  );
}
