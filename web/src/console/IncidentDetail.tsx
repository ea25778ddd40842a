import { Fragment, useEffect, useState, type FormEvent } from 'react';
import { IncidentRecordLinks, isTrafficIncident } from '../records/Traffic.tsx';
import type { Incident, TimelineEntry } from '../client/types.ts';
import { actorText, locationText } from '../client/types.ts';
import { clock, stamp } from '../shared/time.ts';
import { INCIDENT_STATUS, priorityLabel } from '../client/status.ts';
import { codeName, typeName, type Reference } from '../client/reference.ts';
import { addNote, closeIncident, KEYS_OUT, problemCode, problemText, recommendation } from '../client/actions.ts';
import { IncidentRecordings } from '../recordings/IncidentRecordings.tsx';
import { correctionText, IncidentCorrections } from './IncidentCorrections.tsx';
import { SafetyContext } from './SafetyContext.tsx';
import { EmdPanel } from './EmdPanel.tsx';

/** A line of words for a timeline entry, from whatever its detail holds. */
function entryText(entry: TimelineEntry): string {
  const corrected = correctionText(entry);
  if (corrected) return corrected;
  const p = entry.payload;
  const units = Array.isArray(p.units) ? `units ${p.units.join(' ')}` : null;
  const parts = [p.text, units, p.unit, p.status, p.reason, p.disposition, typeof p.corrects === 'number' ? `corrects #${p.corrects}` : null]
    .filter((v): v is string => typeof v === 'string' && v.length > 0);
  return parts.join(' · ');
}

function Timeline({ entries, timeZone }: { entries: TimelineEntry[]; timeZone: string }) {
  return (
    <ol className="timeline" aria-label="Timeline" data-testid="timeline">
      {entries.map((e) => (
        <li key={e.seq}>
          <time dateTime={e.at}>{clock(e.at, timeZone)}</time>
          <span className="kind">{e.kind.replace(/^incident\./, '').replace(/[._]/g, ' ')}</span>
          <span className="who">{actorText(e.actorName ?? e.actor, e.unit)}</span>
          <span className="text">{entryText(e)}</span>
        </li>
      ))}
    </ol>
  );
}

/** The recommended units (81A §E.2.b); Alt+A or the button dispatches them. */
function Recommendation({ incident, available, onAccept }: { incident: Incident; available: string; onAccept: (units: string[]) => void }) {
  const [units, setUnits] = useState<string[] | null>(null);
  const [met, setMet] = useState(false);
  const [why, setWhy] = useState<Record<string, string[]>>({});
  const [note, setNote] = useState<string | null>(null);
  const open = incident.status !== 'closed';
  useEffect(() => {
    if (!open) return;
    let live = true;
    recommendation(incident.number).then((r) => { if (live) { setUnits(r.units); setMet(r.met); setWhy(r.reasons); setNote(null); } }, (e: unknown) => { if (live) { setUnits(null); setNote(problemText(e)); } });
    return () => { live = false; };
  }, [incident.number, open, incident.status, incident.units?.length, available]);
  useEffect(() => {
    if (!units?.length) return;
    const key = (e: KeyboardEvent) => {
      if (e.altKey && e.key.toLowerCase() === 'a') { e.preventDefault(); onAccept(units); }
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [units, onAccept]);
  if (!open) return null;
  return (
    <p className="recommendation" data-testid="recommendation">
      Recommended: {units?.length ? <><strong>{units.join(' ')}</strong> <span className="muted" data-testid="recommendation-reasons">{units.map((u) => `${u}: ${(why[u] ?? []).join(', ')}`).join('; ')}</span></> : <span className="muted">{note ?? (met ? 'none needed — the required response is met' : 'no unit available')}</span>}
      {units?.length ? <> <button type="button" onClick={() => onAccept(units)} aria-keyshortcuts="Alt+A">Dispatch recommended (Alt+A)</button></> : null}
    </p>
  );
}

export function IncidentDetail({ incident, reference, available, onChanged, onAccept, onClose, mayOverrideKeysOut = false, mayWriteRecords = false }: {
  incident: Incident; reference: Reference; available: string; onChanged: (incident: Incident) => void; onAccept: (units: string[]) => void; onClose: () => void;
  /** The OIC may close an incident whose master keys are still out, with a reason (O-604 §III.F). */
  mayOverrideKeysOut?: boolean;
  /** A records writer may start a citation, crash report or tow from a traffic stop or accident, its plate and place filled in (S-110 §A.1.e, p, w). */
  mayWriteRecords?: boolean;
}) {
  const tz = reference.timeZone;
  const [note, setNote] = useState('');
  const [disposition, setDisposition] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [keysOut, setKeysOut] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  useEffect(() => { setKeysOut(false); setOverrideReason(''); }, [incident.number]);
  const run = async (e: FormEvent, action: () => Promise<Incident>, done: () => void) => {
    e.preventDefault();
    setMessage(null);
    try {
      const changed = await action();
      done();
      onChanged(changed);
    } catch (err) {
      setMessage(problemText(err));
      if (problemCode(err) === KEYS_OUT) setKeysOut(true);
    }
  };
  const c = incident.complainant;
  return (
    <section className="panel detail" aria-labelledby="detail-title" data-testid="incident-detail">
      <h2 id="detail-title">
        {incident.number} · {incident.typeName ?? typeName(reference, incident.type)}{incident.confidential ? ' 🔒 confidential' : ''} <span className={`pill s-${incident.status}`}>{INCIDENT_STATUS[incident.status] ?? incident.status}</span>
        <button type="button" className="close-x" onClick={onClose} aria-label="Close the incident detail">×</button>
      </h2>
      <dl className="facts">
        <dt>Priority</dt><dd>{priorityLabel(incident.priority)}{incident.requiredResponse ? ` · needs ${incident.requiredResponse.minUnits} unit(s)${incident.requiredResponse.supervisor ? ' and a supervisor' : ''}` : ''}</dd>
        <dt>Reported</dt><dd>{stamp(incident.reportedAt, tz)}</dd>
        <dt>Location</dt><dd>{locationText(incident.location)}</dd>
        <dt>Complainant</dt><dd>{c ? [c.name, c.address, c.phone].filter(Boolean).join(' · ') : '—'}</dd>
        {incident.narrative && (<><dt>Narrative</dt><dd>{incident.narrative}</dd></>)}
        {incident.reportingParty && Object.entries(incident.reportingParty).filter(([, v]) => v).map(([k, v]) => (
          <Fragment key={k}><dt>{k.toUpperCase()}</dt><dd>{String(v)}</dd></Fragment>
        ))}
        <dt>Disposition</dt><dd>{codeName(reference.dispositions, incident.disposition) || '—'}</dd>
      </dl>
      {incident.location && <SafetyContext address={incident.location.address} names={incident.complainant?.name ? [incident.complainant.name] : []} incident={incident.number} exclude={incident.number} timeZone={tz} canKnox />}
      {mayWriteRecords && isTrafficIncident(incident.type) && <IncidentRecordLinks incident={incident} />}
      <EmdPanel incident={incident} timeZone={tz} onChanged={onChanged} />
      {incident.callers && incident.callers.length > 0 && (
        <><h3>Callers</h3><ul className="calls">{incident.callers.map((call) => (
          <li key={call.callId}>{clock(call.receivedAt, tz)} {call.line} {call.callerName ?? ''} {call.callbackNumber ?? ''}</li>
        ))}</ul></>
      )}
      <h3>Units</h3>
      {(incident.units ?? []).length === 0 ? <p className="muted">No unit assigned.</p> : (
        <table className="units-table">
          <thead><tr><th scope="col">Unit</th><th scope="col">Role</th><th scope="col">Dispatched</th><th scope="col">Arrived</th><th scope="col">Back in service</th></tr></thead>
          <tbody>{incident.units!.map((u) => (
            <tr key={`${u.callSign}-${u.dispatchedAt}`}><th scope="row">{u.callSign}</th><td>{u.role}</td><td>{clock(u.dispatchedAt, tz)}</td><td>{clock(u.arrivedAt, tz)}</td><td>{clock(u.clearedAt, tz)}</td></tr>
          ))}</tbody>
        </table>
      )}
      <Recommendation incident={incident} available={available} onAccept={onAccept} />
      <h3>Timeline</h3>
      <Timeline entries={incident.timeline ?? []} timeZone={tz} />
      <IncidentRecordings number={incident.number} timeZone={tz} refreshKey={incident.timeline?.length} />
      {incident.status !== 'closed' && (
        <div className="detail-forms">
          <form onSubmit={(e) => void run(e, () => addNote(incident.number, note.trim()), () => setNote(''))} aria-label="Add a note">
            <label>Note <input value={note} onChange={(e) => setNote(e.target.value)} required maxLength={4000} /></label>
            <button type="submit">Add note</button>
          </form>
          <form onSubmit={(e) => void run(e, () => closeIncident(incident.number, disposition, keysOut && overrideReason.trim() ? overrideReason.trim() : undefined), () => { setDisposition(''); setKeysOut(false); setOverrideReason(''); })} aria-label="Close the incident">
            <label>Disposition
              <select value={disposition} onChange={(e) => setDisposition(e.target.value)} required>
                <option value="">—</option>
                {reference.dispositions.map((d) => <option key={d.code} value={d.code}>{d.name}</option>)}
              </select>
            </label>
            {keysOut && mayOverrideKeysOut && (
              <label>OIC override: why close with the master keys out (O-604 §III.F)
                <input value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} required maxLength={1000} />
              </label>
            )}
            <button type="submit">{keysOut && mayOverrideKeysOut ? 'Close anyway (OIC)' : 'Close incident'}</button>
          </form>
        </div>
      )}
      <IncidentCorrections key={incident.number} incident={incident} reference={reference} onChanged={onChanged} />
      {message && <p role="alert" className="error">{message}</p>}
    </section>
  );
}
