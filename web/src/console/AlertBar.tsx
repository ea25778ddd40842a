import { useState, type FormEvent } from 'react';
import type { Alert } from '../client/types.ts';
import { alertLocation, isEmergency } from '../client/alerts.ts';
import { clock } from '../shared/time.ts';
import { acknowledgeAlert, problemText } from '../client/actions.ts';

const KIND_NAMES: Record<string, string> = {
  emergency: 'EMERGENCY BUTTON',
  non_response: 'No response',
  standby_recontact: 'Standby re-contact',
  status_check: 'Status check',
  facility_alarm: 'Facility alarm',
  message_undelivered: 'Message not delivered',
  knox_keys_out: 'Master keys still out',
};

/** Alerts that clear themselves when what they are about is done (O-604 §III.F: the master keys are logged returned). */
const SELF_CLEARING: Record<string, string> = { knox_keys_out: 'clears when the master keys are logged returned' };

function alertTitle(a: Alert): string {
  return a.title ?? KIND_NAMES[a.kind] ?? a.kind.replace(/[._]/g, ' ');
}

/** The emergency alert: full width, and dismissed only with a note of what was done (81A §E.6.e). */
function EmergencyAlert({ alert, timeZone, onSelectIncident, onError }: { alert: Alert; timeZone: string; onSelectIncident: (n: string) => void; onError: (m: string | null) => void }) {
  const [note, setNote] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    onError(null);
    try {
      await acknowledgeAlert(alert.id, note.trim());
    } catch (err) {
      onError(problemText(err));
    }
  };
  const unknown = alert.detail?.unknownRadio === true;
  return (
    <div className="alert emergency" role="alert" data-alert={alert.id}>
      <strong>⚠ {alertTitle(alert)}</strong>
      {unknown && <span className="flag">UNKNOWN RADIO</span>}
      <span data-testid="emergency-position">{alertLocation(alert) || 'location unknown'}</span>
      <span>since <time dateTime={alert.raisedAt}>{clock(alert.raisedAt, timeZone)}</time></span>
      {alert.incident && <button type="button" className="link" onClick={() => onSelectIncident(alert.incident!)}>{alert.incident}</button>}
      <form className="ack-form" onSubmit={(e) => void submit(e)}>
        <label>Action taken <input value={note} onChange={(e) => setNote(e.target.value)} required minLength={3} maxLength={2000} /></label>
        <button type="submit" className="ack">Acknowledge emergency</button>
      </form>
    </div>
  );
}

/** Alerts that need the dispatcher, each with the time it started; the emergency button across the full width. */
export function AlertBar({ alerts, timeZone, onSelectIncident }: { alerts: Alert[]; timeZone: string; onSelectIncident: (n: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const emergencies = alerts.filter(isEmergency);
  const others = alerts.filter((a) => !isEmergency(a)).sort((a, b) => (a.priority ?? 9) - (b.priority ?? 9));
  const acknowledge = async (a: Alert) => {
    setError(null);
    try {
      await acknowledgeAlert(a.id);
    } catch (e) {
      setError(problemText(e));
    }
  };
  if (alerts.length === 0 && !error) return null;
  return (
    <section className="alerts" aria-label="Alerts" data-testid="alert-bar">
      {emergencies.map((a) => <EmergencyAlert key={a.id} alert={a} timeZone={timeZone} onSelectIncident={onSelectIncident} onError={setError} />)}
      {others.length > 0 && (
        <ul className="minor">
          {others.map((a) => (
            <li key={a.id} className={`alert k-${a.kind.replace(/\W/g, '_')}`} data-alert={a.id}>
              <strong>{alertTitle(a)}</strong>
              {' '}since <time dateTime={a.raisedAt}>{clock(a.raisedAt, timeZone)}</time>
              {a.incident && <> <button type="button" className="link" onClick={() => onSelectIncident(a.incident!)}>{a.incident}</button></>}
              {' '}{SELF_CLEARING[a.kind] ? <span className="muted">({SELF_CLEARING[a.kind]})</span> : <button type="button" onClick={() => void acknowledge(a)}>Acknowledge</button>}
            </li>
          ))}
        </ul>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
