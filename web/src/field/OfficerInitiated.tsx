import { useState, type FormEvent } from 'react';
import { initiate, problemText, selfAssign } from '../client/actions.ts';
import { locationText, type Incident } from '../client/types.ts';
import { typeName, type Reference } from '../client/reference.ts';

/**
 * A traffic stop from the cruiser (81A §E.5.a.vi): plate, state and location, and the
 * unit is on scene at a new MV_STOP incident in one request; its answer goes into the live store.
 */
export function TrafficStop({ callSign, accept, onError }: { callSign: string; accept: (incident: Incident) => void; onError: (m: string | null) => void }) {
  const [open, setOpen] = useState(false);
  const [plate, setPlate] = useState('');
  const [state, setState] = useState('');
  const [address, setAddress] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    onError(null);
    try {
      accept(await initiate(callSign, { type: 'MV_STOP', address: address.trim(), plate: plate.trim(), ...(state.trim() ? { state: state.trim() } : {}) }));
      setPlate(''); setState(''); setAddress(''); setOpen(false);
    } catch (err) {
      onError(problemText(err));
    }
  };
  if (!open) return <button type="button" className="big traffic-stop" onClick={() => setOpen(true)}>🚓 Traffic stop</button>;
  return (
    <form className="traffic-stop-form" aria-label="Traffic stop" onSubmit={(e) => void submit(e)}>
      <label>Plate <input value={plate} onChange={(e) => setPlate(e.target.value)} required maxLength={10} pattern="[A-Za-z0-9 \-]{1,10}" autoCapitalize="characters" /></label>
      <label>State <input value={state} onChange={(e) => setState(e.target.value)} maxLength={2} pattern="[A-Za-z]{2}" placeholder="MA" autoCapitalize="characters" /></label>
      <label>Location <input value={address} onChange={(e) => setAddress(e.target.value)} required maxLength={300} placeholder="MAIN ST/ELM ST" /></label>
      <button type="submit" className="big">Start traffic stop</button>
      <button type="button" onClick={() => setOpen(false)}>Cancel</button>
    </form>
  );
}

/** Pending incidents the officer may take for their unit (the required response still applies, 81A §E.3–4). */
export function PendingToTake({ callSign, pending, reference, accept, onError }: { callSign: string; pending: Incident[]; reference: Reference; accept: (incident: Incident) => void; onError: (m: string | null) => void }) {
  if (pending.length === 0) return null;
  const take = async (number: string) => {
    onError(null);
    try {
      accept(await selfAssign(callSign, number));
    } catch (err) {
      onError(problemText(err));
    }
  };
  return (
    <section className="panel pending-to-take" aria-labelledby="pending-take-title">
      <h2 id="pending-take-title">Pending incidents</h2>
      <ul>
        {pending.map((i) => (
          <li key={i.number}>
            <span>P{i.priority} · {i.typeName ?? typeName(reference, i.type)} · {locationText(i.location)}</span>
            <button type="button" onClick={() => void take(i.number)} aria-label={`Take ${i.number} for ${callSign}`}>Take it</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
