import { useEffect, useMemo, useState } from 'react';
import { useLiveDispatch } from '../client/live.ts';
import { alertLocation, isEmergency, OVERDUE_KINDS } from '../client/alerts.ts';
import { rosterCallSign } from '../client/reference.ts';
import { navigate } from '../shared/router.ts';
import { unlockSound, useRepeatingTone, useSoundState, useToneOnNew } from '../shared/sound.ts';
import { useStripReminders } from '../shared/reminders.ts';

/**
 * The tones of the floor, on every page (81A §E.6.e): an emergency repeats until it is
 * acknowledged, a ringing E-911 line rings for call-takers, a new priority-1 incident chimes once.
 */
export function FloorTones({ takesCalls }: { takesCalls: boolean }) {
  const [, state] = useLiveDispatch(takesCalls);
  const emergency = state.alerts.some(isEmergency);
  const ringing = takesCalls && state.calls.some((c) => c.line === 'e911' && c.status === 'ringing');
  const priorityOne = useMemo(() => Object.values(state.incidents).filter((i) => i.priority === 1 && i.status !== 'closed').map((i) => i.number), [state.incidents]);
  useRepeatingTone('emergency', emergency, 2000);
  useRepeatingTone('e911', ringing && !emergency, 3000);
  useToneOnNew('priority1', priorityOne, state.ready);
  return null;
}

/** "Sound off — enable" when the browser has not let the page play sound yet (a reload while signed in). */
export function SoundSwitch() {
  const sound = useSoundState();
  if (sound.on) return <span className="sound-on" data-testid="sound" data-played={sound.played} data-last-tone={sound.lastTone ?? ''} title="Alert tones are on">🔔</span>;
  return <button type="button" className="sound-off" data-testid="sound" data-played={sound.played} onClick={unlockSound}>🔇 Sound off — enable</button>;
}

/**
 * The alert bar of every page that is not the console or the field view (they show their
 * own): emergencies, ringing E-911 calls, overdue units, a new assignment for the
 * officer's own unit, and the reminders a screen puts here (a call-down's "no answer within
 * 5 minutes: call the next"), each a link to where it is handled.
 */
export function AlertStrip({ takesCalls, home, username }: { takesCalls: boolean; home: string; username: string }) {
  const [, state] = useLiveDispatch(takesCalls);
  const [callSign, setCallSign] = useState<string | null>(null);
  const reminders = useStripReminders();
  useEffect(() => { let live = true; void rosterCallSign(username).then((c) => { if (live) setCallSign(c); }); return () => { live = false; }; }, [username]);
  const emergencies = state.alerts.filter(isEmergency);
  const ringing = takesCalls ? state.calls.filter((c) => c.line === 'e911' && c.status === 'ringing') : [];
  const overdue = state.alerts.filter((a) => a.callSign && OVERDUE_KINDS[a.kind]);
  // a new assignment for the officer's own unit (dispatched, not yet en route), wherever they are in the app
  const mine = callSign ? state.units.find((u) => u.callSign === callSign && u.status === 'dispatched' && u.incident) : undefined;
  if (emergencies.length + ringing.length + overdue.length + reminders.length === 0 && !mine) return null;
  const go = () => navigate(home);
  return (
    <section className="alert-strip" aria-label="Alerts on every page" data-testid="alert-strip">
      {emergencies.map((a) => (
        <button key={a.id} type="button" className="strip-emergency" role="alert" onClick={go}>⚠ {a.title ?? 'EMERGENCY'} · {alertLocation(a)}</button>
      ))}
      {ringing.length > 0 && <button type="button" className="strip-e911" onClick={go}>☎ E-911 ringing: {ringing.length} call{ringing.length > 1 ? 's' : ''} waiting</button>}
      {mine && <button type="button" className="strip-assignment" onClick={go}>▶ New assignment for {mine.callSign}: {mine.incident}{mine.incidentType ? ` · ${mine.incidentType}` : ''}</button>}
      {reminders.map((r) => (
        <span key={r.key} role="alert"><button type="button" className="strip-reminder" onClick={() => navigate(r.href)}>⏰ {r.text}</button></span>
      ))}
      {overdue.length > 0 && (
        <button type="button" className="strip-overdue" onClick={go}>⏱ Overdue: {overdue.map((a) => `${a.callSign} (${OVERDUE_KINDS[a.kind]})`).join(', ')}</button>
      )}
    </section>
  );
}
