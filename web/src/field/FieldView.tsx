import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { IncidentRecordLinks } from '../records/Traffic.tsx';
import { api, type Me } from '../shared/api.ts';
import { endpoints } from '../client/endpoints.ts';
import { useLiveDispatch, useNow, type LiveDispatch } from '../client/live.ts';
import { SafetyContext } from '../console/SafetyContext.tsx';
import { codeName, typeName, useReference, type Reference } from '../client/reference.ts';
import { clock, elapsed } from '../shared/time.ts';
import { unitLook } from '../client/status.ts';
import { actorText, isWithheld, locationText, type Alert, type Assignment, type Incident, type Unit } from '../client/types.ts';
import { addNote, backUp, problemText, setUnitStatus } from '../client/actions.ts';
import { fieldIncident, rereadAssignment, type AssignedIncident, type FieldIncident } from '../client/field.ts';
import { ensureCredential, raiseEmergency } from './emergency.ts';
import { ConnectionBanner, ReferenceBanner } from '../shell/ConnectionBanner.tsx';
import { alertLocation } from '../client/alerts.ts';
import '../console/console.css';
import './field.css';
import { FieldQuery } from '../cjis/FieldQuery.tsx';
import { PendingToTake, TrafficStop } from './OfficerInitiated.tsx';
import { FieldMap } from './FieldMap.tsx';

const BUTTONS = [
  { status: 'en_route', label: 'En route' },
  { status: 'arrived', label: 'Arrived' },
  { status: 'available', label: 'Available' },
] as const;

/**
 * The big status buttons (81A §E.5.a): field units change their own status; each change is
 * attributed. The answer is the unit as the change left it, and the view shows it at once.
 */
function StatusButtons({ unit, reference, store, onError }: { unit: Unit; reference: Reference; store: LiveDispatch; onError: (m: string | null) => void }) {
  const [reason, setReason] = useState('');
  const change = async (status: string, why?: string) => {
    onError(null);
    try {
      store.acceptUnit(await setUnitStatus(unit.callSign, status, why));
    } catch (e) {
      onError(problemText(e));
    }
  };
  return (
    <div className="status-buttons" role="group" aria-label="My status">
      {BUTTONS.map((b) => (
        <button key={b.status} type="button" className={`big st-${b.status}`} aria-pressed={unit.status === b.status} onClick={() => void change(b.status)}>
          {unitLook(b.status).symbol} {b.label}
        </button>
      ))}
      <form className="oos" onSubmit={(e) => { e.preventDefault(); if (reason) void change('out_of_service', reason); }}>
        <label>Out-of-service reason
          <select value={reason} onChange={(e) => setReason(e.target.value)} required>
            <option value="">—</option>
            {reference.reasons.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
          </select>
        </label>
        <button type="submit" className="big st-out_of_service" aria-pressed={unit.status === 'out_of_service'}>{unitLook('out_of_service').symbol} Out of service</button>
      </form>
    </div>
  );
}

/**
 * The emergency button (81A §E.6.e): press, then press again within five seconds to send.
 * It goes out with the terminal's emergency credential, so an expired session or a locked
 * screen does not stop it, with the terminal's position when the officer allows it.
 */
function EmergencyButton({ callSign }: { callSign: string }) {
  const [armed, setArmed] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  useEffect(() => {
    if (!armed) return;
    const t = setTimeout(() => setArmed(false), 5000);
    return () => clearTimeout(t);
  }, [armed]);
  const press = async () => {
    if (!armed) { setArmed(true); return; }
    setArmed(false);
    try {
      const raised = await raiseEmergency(callSign);
      setSent(`Emergency sent to dispatch: incident ${raised.incident}, position ${raised.position.address} (${raised.position.sourceText}).`);
    } catch (e) {
      setSent(`EMERGENCY NOT SENT: ${problemText(e)} — USE THE RADIO’S EMERGENCY BUTTON.`);
    }
  };
  return (
    <div className="emergency-box" data-testid="emergency-box">
      <button type="button" className={`emergency-button${armed ? ' armed' : ''}`} onClick={() => void press()}>
        {armed ? 'PRESS AGAIN TO SEND EMERGENCY' : '⚠ EMERGENCY'}
      </button>
      {sent && <p role="alert" className={sent.startsWith('EMERGENCY NOT SENT') ? 'emergency-failed' : 'emergency-sent'}>{sent}</p>}
    </div>
  );
}

/** 81A §E.6.d: an officer who decides to back up another tells dispatch, and is recorded on scene. */
function BackUp({ callSign, incidents, store, onError }: { callSign: string; incidents: Incident[]; store: LiveDispatch; onError: (m: string | null) => void }) {
  const [number, setNumber] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    onError(null);
    try {
      store.acceptUnit(await backUp(callSign, number));
      setNumber('');
    } catch (err) {
      onError(problemText(err));
    }
  };
  if (incidents.length === 0) return null;
  return (
    <form className="backup-form" onSubmit={(e) => void submit(e)} aria-label="Back up another unit">
      <label>Back up on incident
        <select value={number} onChange={(e) => setNumber(e.target.value)} required>
          <option value="">—</option>
          {incidents.map((i) => <option key={i.number} value={i.number}>{i.number} · {locationText(i.location)}</option>)}
        </select>
      </label>
      <button type="submit">I am backing up (on scene)</button>
    </form>
  );
}

/** Alerts addressed to field units (81A §E.6.c: look for a unit that does not answer), read only. */
function FieldAlerts({ alerts, timeZone }: { alerts: Alert[]; timeZone: string }) {
  if (alerts.length === 0) return null;
  return (
    <ul className="field-alerts" aria-label="Alerts" data-testid="field-alerts">
      {alerts.map((a) => (
        <li key={a.id} className={a.kind === 'emergency' ? 'emergency' : ''} role={a.kind === 'emergency' ? 'alert' : undefined}>
          <strong>{a.title ?? a.kind}</strong>{a.kind === 'emergency' && alertLocation(a) ? ` · ${alertLocation(a)}` : ''} since <time dateTime={a.raisedAt}>{clock(a.raisedAt, timeZone)}</time>
        </li>
      ))}
    </ul>
  );
}

function MyIncident({ incident, reference, store, mayAddNotes, mayWriteRecords }: { incident: FieldIncident; reference: Reference; store: LiveDispatch; mayAddNotes: boolean; mayWriteRecords: boolean }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const notes = (incident.timeline ?? []).filter((e) => /note/.test(e.kind));
  if (isWithheld(incident)) {
    return (
      <section className="panel my-incident" aria-labelledby="my-incident-title" data-testid="my-incident">
        <h2 id="my-incident-title">{incident.number} · confidential</h2>
        <p>The details of this incident are withheld from this terminal (81A §E.2.c). Get them from dispatch by telephone or another secure means (81A §E.5.b).</p>
      </section>
    );
  }
  const confidentialNote = incident.confidential
    ? <p className="confidential-note">Confidential (81A §E.2.c): keep it off the open radio; use the telephone or another secure means (81A §E.5.b).</p>
    : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      store.accept(await addNote(incident.number, note.trim()));
      setNote('');
    } catch (err) {
      setError(problemText(err));
    }
  };
  return (
    <section className="panel my-incident" aria-labelledby="my-incident-title" data-testid="my-incident">
      <h2 id="my-incident-title">{incident.number} · {incident.typeName ?? typeName(reference, incident.type)}{incident.confidential ? ' 🔒' : ''}</h2>
      {confidentialNote}
      <dl className="facts">
        <dt>Location</dt><dd className="big-text">{locationText(incident.location)}</dd>
        <dt>Reported</dt><dd>{clock(incident.reportedAt, reference.timeZone)}</dd>
        {incident.complainant && (<><dt>Complainant</dt><dd>{[incident.complainant.name, incident.complainant.phone].filter(Boolean).join(' · ')}</dd></>)}
        {incident.narrative && (<><dt>Narrative</dt><dd>{incident.narrative}</dd></>)}
        <dt>Units</dt><dd>{(incident.units ?? []).filter((u) => !u.clearedAt).map((u) => u.callSign).join(' ')}</dd>
      </dl>
      {incident.location && <SafetyContext address={incident.location.address} names={incident.complainant?.name ? [incident.complainant.name] : []} incident={incident.number} exclude={incident.number} timeZone={reference.timeZone} canKnox />}
      {mayWriteRecords && <IncidentRecordLinks incident={incident} />}
      <h3>Notes</h3>
      <ol className="timeline notes" data-testid="notes">
        {notes.map((n) => <li key={n.seq}><time dateTime={n.at}>{clock(n.at, reference.timeZone)}</time><span className="who">{actorText(n.actorName ?? n.actor, n.unit)}</span><span className="text">{String(n.payload.text ?? '')}</span></li>)}
      </ol>
      {mayAddNotes ? (
        <form onSubmit={(e) => void submit(e)} className="note-form">
          <label>Note <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} required maxLength={4000} /></label>
          <button type="submit">Add note</button>
        </form>
      ) : <p className="muted">Notes are added by dispatch; tell them by radio.</p>}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}

/** The mobile data terminal: my unit, my incident, nothing else. */
export function FieldView({ me }: { me: Me }) {
  const [store, state] = useLiveDispatch();
  const reference = useReference(me.user.username);
  const now = useNow();
  const [error, setError] = useState<string | null>(null);
  const callSign = reference?.myCallSign ?? null;
  const unit = state.units.find((u) => u.callSign === callSign);
  // The unit's own assignment, shown to its officers even when confidential (81A §E.2.c): read
  // when the view opens, and again only when someone else's change concerns this unit or its
  // incident and the store's copy of the incident is withheld from this terminal.
  const [assigned, setAssigned] = useState<AssignedIncident | null>(null);
  const username = me.user.username;
  useEffect(() => {
    if (!callSign) return;
    let live = true;
    const read = () => api<Assignment>(endpoints.assignment(callSign)).then((a) => { if (live) setAssigned(a.incident); }, () => undefined);
    void read();
    const stop = store.onEvents((events) => {
      const { units, incidents } = store.getState();
      if (rereadAssignment(events, { username, callSign }, units, incidents)) void read();
    });
    return () => { live = false; stop(); };
  }, [store, callSign, username]);
  // the emergency-only credential that outlives the session (81A §E.6.e)
  const [credentialProblem, setCredentialProblem] = useState<string | null>(null);
  useEffect(() => {
    if (callSign) ensureCredential(me.user.username, callSign).then(() => setCredentialProblem(null), (e: unknown) => setCredentialProblem(problemText(e)));
  }, [callSign, me.user.username]);
  // the board's row for the unit says which incident it is on; until the board is read, the assignment does
  const incidentNumber = unit ? unit.incident : assigned?.number ?? null;
  // the whole record (timeline, complainant) once per incident; the store keeps it current from then on
  useEffect(() => {
    if (incidentNumber) void store.ensureIncident(incidentNumber);
  }, [store, incidentNumber]);
  // the same object from one second's render to the next, so the map does not redraw its markers under a finger
  const record = incidentNumber ? state.incidents[incidentNumber] : undefined;
  const incident = useMemo(() => (incidentNumber ? fieldIncident(record, assigned?.number === incidentNumber ? assigned : null) : undefined), [incidentNumber, record, assigned]);
  if (!reference) return <p className="loading">Loading…</p>;
  if (!callSign) return <p role="alert">You are not on today’s duty roster with a unit, so there is no unit to show. Ask the officer in charge.</p>;
  const look = unit ? unitLook(unit.status) : null;
  return (
    <div className="field" data-ready={state.ready ? 'true' : 'false'} data-connection={state.connection} data-seq={state.lastSeq}>
      <ConnectionBanner state={state} timeZone={reference.timeZone} />
      <ReferenceBanner missing={reference.missing} />
      <h1 className="field-title">Unit {callSign}</h1>
      {unit && look ? (
        <p className={`my-status st-${unit.status}`} data-testid="my-status" aria-live="polite">
          <span className="shape" aria-hidden="true">{look.symbol}</span> {look.label}
          {unit.status === 'out_of_service' && unit.reason ? ` – ${codeName(reference.reasons, unit.reason)}` : ''}
          <span className="muted"> for {elapsed(unit.since, now)}</span>
        </p>
      ) : <p className="muted">{state.ready ? 'Your unit’s status is not available.' : 'Loading your unit…'}</p>}
      <h2 className="visually-hidden">Change my status</h2>
      {unit && <StatusButtons unit={unit} reference={reference} store={store} onError={setError} />}
      {error && <p role="alert" className="error">{error}</p>}
      <FieldAlerts alerts={state.alerts} timeZone={reference.timeZone} />
      {unit && !incident && unit.status === 'available' && (
        <>
          <TrafficStop callSign={callSign} accept={store.accept.bind(store)} onError={setError} />
          <PendingToTake callSign={callSign} pending={Object.values(state.incidents).filter((i) => i.status === 'pending' && !isWithheld(i))} reference={reference} accept={store.accept.bind(store)} onError={setError} />
        </>
      )}
      {unit && !incident && (
        <BackUp callSign={callSign} incidents={Object.values(state.incidents).filter((i) => (i.status === 'dispatched' || i.status === 'on_scene') && !isWithheld(i))} store={store} onError={setError} />
      )}
      {incident ? <MyIncident incident={incident} reference={reference} store={store} mayAddNotes={me.permissions.includes('dispatch.calls') || me.permissions.includes('dispatch.own_unit')} mayWriteRecords={me.permissions.includes('records.write')} /> : <p className="muted">No incident assigned.</p>}
      <FieldMap callSign={callSign} units={state.units} incidents={state.incidents} mine={incident} positions={state.positions} />
      {me.permissions.includes('cjis.query') && <FieldQuery incident={incidentNumber} />}
      <h2 className="visually-hidden">Emergency</h2>
      {credentialProblem && <p className="error" role="alert">This terminal could not get its emergency credential ({credentialProblem}): the button works only while signed in.</p>}
      <EmergencyButton callSign={callSign} />
    </div>
  );
}
