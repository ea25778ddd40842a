import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { problemText, type Forecast, type Hold, type Retention } from './types.ts';
import { agencyInstant, stamp } from '../shared/time.ts';
import { Who } from '../shared/When.tsx';
import { More, usePaged } from '../shared/paged.tsx';


const SCOPES = [['incident', 'Incident', 'incident'], ['case', 'Case', 'case'], ['call', 'Call id', 'callId'], ['person', 'Master name id', 'personId'], ['channel', 'Recorder channel', 'channel'], ['time_range', 'Time range', 'from']] as const;

/** Litigation holds (81A §L): place one with the reason and matter; a release needs a second person. */
export function HoldsPanel({ timeZone, canPlace }: { timeZone: string; canPlace: boolean }) {
  const [scope, setScope] = useState<(typeof SCOPES)[number][0]>('incident');
  const [target, setTarget] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [court, setCourt] = useState('');
  const [docket, setDocket] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const holds = usePaged<Hold>('/api/v1/recordings/holds', (e) => setMessage(problemText(e)));
  const rows = holds.items ?? [];
  const load = holds.reload;
  const act = async (action: () => Promise<unknown>) => {
    setMessage(null);
    try { await action(); await load(); } catch (e) { setMessage(problemText(e)); }
  };
  const place = (e: FormEvent) => {
    e.preventDefault();
    const field = SCOPES.find((s) => s[0] === scope)![2];
    const body: Record<string, unknown> = { scope, reason, matter: { ...(court ? { court } : {}), ...(docket ? { docket } : {}) } };
    if (scope === 'time_range') { body.from = agencyInstant(target, timeZone); body.to = agencyInstant(to, timeZone); } else body[field] = target.trim();
    void act(async () => { await api('/api/v1/recordings/holds', { method: 'POST', body }); setTarget(''); setReason(''); });
  };
  return (
    <div className="holds">
      {canPlace && (
        <form onSubmit={place} className="filters" aria-label="Place a hold">
          <label>On <select value={scope} onChange={(e) => setScope(e.target.value as typeof scope)}>{SCOPES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></label>
          <label>{scope === 'time_range' ? 'From' : 'Which'} <input type={scope === 'time_range' ? 'datetime-local' : 'text'} value={target} onChange={(e) => setTarget(e.target.value)} required /></label>
          {scope === 'time_range' && <label>To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required /></label>}
          <label>Reason <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} /></label>
          <label>Court <input value={court} onChange={(e) => setCourt(e.target.value)} maxLength={200} /></label>
          <label>Docket <input value={docket} onChange={(e) => setDocket(e.target.value)} maxLength={100} /></label>
          <button type="submit">Place hold</button>
        </form>
      )}
      <table className="recordings-table" data-testid="holds">
        <thead><tr><th scope="col">On</th><th scope="col">Reason · matter</th><th scope="col">Placed</th><th scope="col">Covers</th><th scope="col">Release</th></tr></thead>
        <tbody>{rows.map((h) => (
          <tr key={h.id}>
            <td>{h.target}</td>
            <td>{h.reason}{h.court || h.docket ? ` · ${[h.court, h.docket].filter(Boolean).join(' ')}` : ''}</td>
            <td>{stamp(h.placedAt, timeZone)} <Who name={h.placedByName} login={h.placedBy} /></td>
            <td>{h.recordingsCovered} recording(s)</td>
            <td>{h.releaseRequestedBy
              ? <>asked by <Who name={h.releaseRequestedByName} login={h.releaseRequestedBy} /> ({h.releaseReason}) {canPlace && <button type="button" onClick={() => void act(() => api(`/api/v1/recordings/holds/${h.id}/release`, { method: 'POST' }))}>Confirm release</button>}</>
              : canPlace && <button type="button" onClick={() => { const why = window.prompt('Why may this hold be released?'); if (why) void act(() => api(`/api/v1/recordings/holds/${h.id}/release-request`, { method: 'POST', body: { reason: why } })); }}>Ask to release</button>}
            </td>
          </tr>
        ))}</tbody>
      </table>
      <More list={holds} label="holds" />
      {rows.length === 0 && <p className="muted">No active hold.</p>}
      {message && <p role="alert" className="error">{message}</p>}
    </div>
  );
}


/** Retention periods (not less than three years, 81A §L) and what the purge removes in the next 30 days. */
export function RetentionPanel({ timeZone, canSet }: { timeZone: string; canSet: boolean }) {
  const [forecast, setForecast] = useState<Forecast | null>(null);
  const [years, setYears] = useState<Record<string, number>>({});
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setForecast(await api<Forecast>('/api/v1/recordings/purge-forecast?days=30'));
      setYears((await api<Retention>('/api/v1/recordings/retention')).years);
    } catch (e) { setMessage(problemText(e)); }
  }, []);
  useEffect(() => { void load(); }, [load]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try { await api('/api/v1/recordings/retention', { method: 'PUT', body: years }); setMessage('Retention saved.'); await load(); } catch (err) { setMessage(problemText(err)); }
  };
  return (
    <div className="retention">
      <form onSubmit={(e) => void save(e)} className="filters" aria-label="Retention periods">
        {Object.entries(years).map(([cls, n]) => (
          <label key={cls}>{cls.replace('_', ' ')} (years) <input type="number" min={1} value={n} disabled={!canSet} onChange={(e) => setYears({ ...years, [cls]: Number(e.target.value) })} /></label>
        ))}
        {canSet && <button type="submit">Save</button>}
      </form>
      {forecast && (
        <>
          <h3>To be purged in the next {forecast.days} days</h3>
          <table className="recordings-table" data-testid="forecast">
            <thead><tr><th scope="col">Class</th><th scope="col">Kept</th><th scope="col">Purgeable now</th><th scope="col">By {stamp(forecast.until, timeZone).slice(0, 10)}</th><th scope="col">Held (not purged)</th></tr></thead>
            <tbody>{forecast.classes.map((c) => (
              <tr key={c.class}><td>{c.class.replace('_', ' ')}</td><td>{c.retentionYears} years ({c.clause})</td><td>{c.purgeableNow}</td><td>{c.purgeableWithinPeriod}</td><td>{c.heldPastPeriod}</td></tr>
            ))}</tbody>
          </table>
          <ol className="forecast-items">{forecast.items.slice(0, 50).map((i) => <li key={i.id}>{stamp(i.purgeableFrom, timeZone)} · {i.class.replace('_', ' ')} {i.kind} {i.id.slice(0, 8)}</li>)}</ol>
        </>
      )}
      {message && <p role="status" className="note">{message}</p>}
    </div>
  );
}
