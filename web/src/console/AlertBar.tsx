import { useEffect, useRef, useState } from 'react';
import type { Alert } from './types.ts';
import { locationText } from './types.ts';
import { clock } from './time.ts';
import { acknowledgeAlert, problemText } from './actions.ts';

export const isEmergency = (a: Alert) => /emergency|panic|duress/.test(a.kind);

const KIND_NAMES: Record<string, string> = {
  emergency: 'EMERGENCY BUTTON',
  non_response: 'No response',
  standby: 'Standby re-contact',
  hold_limit: 'Caller on hold too long',
  status_timer: 'Status check',
  facility: 'Facility alarm',
};

function alertTitle(a: Alert): string {
  const known = Object.entries(KIND_NAMES).find(([k]) => a.kind.includes(k));
  return a.title ?? known?.[1] ?? a.kind.replace(/[._]/g, ' ');
}

/**
 * An alarm tone for the emergency button (81A §E.6.e). Browsers allow sound only
 * after the user has interacted with the page, so the first key or click unlocks it.
 */
function useAlarmTone(active: boolean) {
  const audio = useRef<AudioContext | null>(null);
  useEffect(() => {
    const unlock = () => {
      if (!audio.current && typeof AudioContext !== 'undefined') audio.current = new AudioContext();
      void audio.current?.resume();
    };
    window.addEventListener('keydown', unlock, { once: true });
    window.addEventListener('pointerdown', unlock, { once: true });
    return () => {
      window.removeEventListener('keydown', unlock);
      window.removeEventListener('pointerdown', unlock);
    };
  }, []);
  useEffect(() => {
    if (!active) return;
    const beep = () => {
      const ctx = audio.current;
      if (!ctx || ctx.state !== 'running') return;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 960;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.35);
    };
    beep();
    const t = setInterval(beep, 900);
    return () => clearInterval(t);
  }, [active]);
}

/** Alerts that need the dispatcher, each with the time it started; the emergency button across the full width. */
export function AlertBar({ alerts, timeZone, onSelectIncident }: { alerts: Alert[]; timeZone: string; onSelectIncident: (n: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const emergencies = alerts.filter(isEmergency);
  const others = alerts.filter((a) => !isEmergency(a));
  useAlarmTone(emergencies.length > 0);
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
      {emergencies.map((a) => (
        <div key={a.id} className="alert emergency" role="alert" data-alert={a.id}>
          <strong>⚠ {alertTitle(a)} — {a.unit ?? a.callSign ?? 'unknown radio'}</strong>
          <span>{locationText(a.location) || 'location unknown'}</span>
          {a.message && <span>{a.message}</span>}
          <span>since <time dateTime={a.startedAt ?? a.at}>{clock(a.startedAt ?? a.at, timeZone)}</time></span>
          {a.incident && <button type="button" className="link" onClick={() => onSelectIncident(a.incident!)}>{a.incident}</button>}
          <button type="button" className="ack" onClick={() => void acknowledge(a)}>Acknowledge emergency {a.unit ?? a.callSign ?? ''}</button>
        </div>
      ))}
      {others.length > 0 && (
        <ul className="minor">
          {others.map((a) => (
            <li key={a.id} className={`alert k-${a.kind.replace(/\W/g, '_')}`} data-alert={a.id}>
              <strong>{alertTitle(a)}</strong> {a.unit ?? a.callSign ?? ''} {a.message ?? ''}
              {' '}since <time dateTime={a.startedAt ?? a.at}>{clock(a.startedAt ?? a.at, timeZone)}</time>
              {a.incident && <> <button type="button" className="link" onClick={() => onSelectIncident(a.incident!)}>{a.incident}</button></>}
              {' '}<button type="button" onClick={() => void acknowledge(a)}>Acknowledge</button>
            </li>
          ))}
        </ul>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
