import { useState } from 'react';
import type { Static } from 'typebox';
import { api } from '../../shared/api.ts';
import { stamp } from '../../shared/time.ts';
import type { FacilityAlarmView } from '../../../../src/dispatch/schemas.ts';
import { ActionOutcome, FloorFrame, useAction, useFloorReference, useLoad, usePeople } from './common.tsx';

type Alarm = Static<typeof FacilityAlarmView>;
const v1 = '/api/v1/facility-alarms';
const FACILITIES = { furnace: 'Furnace', water_pumping_station: 'Water pumping station', generator: 'Police station generator' } as const;
const MEANS = ['telephone', 'radio', 'in person', 'e-mail'] as const;

/** 81A §B.2.a.xi: furnace, water pumping station and generator alarms, each with its notify checklist. */
export function AlarmsScreen() {
  const tz = useFloorReference().timeZone;
  const list = useLoad<Alarm[]>(v1, ['facility_alarm.']);
  const nameOf = usePeople();
  const [facility, setFacility] = useState<keyof typeof FACILITIES>('furnace');
  const [note, setNote] = useState('');
  const action = useAction();
  const record = async () => {
    if (await action.run(() => api(v1, { method: 'POST', body: note.trim() ? { facility, note: note.trim() } : { facility } }), `${FACILITIES[facility]} alarm recorded: notify everyone on its list.`)) {
      setNote('');
      list.reload();
    }
  };
  return (
    <FloorFrame id="alarms" title="Facility alarms" clause="81A §B.2.a.xi">
      <form aria-label="Record a facility alarm" onSubmit={(e) => { e.preventDefault(); void record(); }}>
        <label>Facility
          <select value={facility} onChange={(e) => setFacility(e.target.value as keyof typeof FACILITIES)}>
            {Object.entries(FACILITIES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
          </select>
        </label>
        <label>Note <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} /></label>
        <button type="submit" disabled={action.busy}>Record alarm</button>
      </form>
      <ActionOutcome action={action} />
      {list.error && <p role="alert" className="error">{list.error}</p>}
      {list.data && list.data.length === 0 && <p className="hint">No facility alarm has been received.</p>}
      {list.data?.map((a) => <AlarmCard key={a.id} alarm={a} tz={tz} nameOf={nameOf} onChanged={list.reload} />)}
    </FloorFrame>
  );
}

function AlarmCard({ alarm: a, tz, nameOf, onChanged }: { alarm: Alarm; tz: string; nameOf: (login: string | null | undefined) => string; onChanged: () => void }) {
  const action = useAction();
  const [means, setMeans] = useState<string>('telephone');
  const name = FACILITIES[a.facility as keyof typeof FACILITIES] ?? a.facility;
  const tell = async (who: string) => {
    if (await action.run(() => api(`${v1}/${encodeURIComponent(a.id)}/told`, { method: 'POST', body: { who, means } }), `${nameOf(who)} told.`)) onChanged();
  };
  return (
    <article className="card" data-testid="alarm" aria-label={`${name} alarm ${stamp(a.receivedAt, tz)}`}>
      <h2>{name} alarm · {stamp(a.receivedAt, tz)}</h2>
      {a.note && <p>{a.note}</p>}
      <label>Told by
        <select value={means} onChange={(e) => setMeans(e.target.value)}>{MEANS.map((m) => <option key={m} value={m}>{m}</option>)}</select>
      </label>
      <table>
        <caption>Whom to notify</caption>
        <thead><tr><th>Who</th><th>Role</th><th>Phone</th><th>Told</th></tr></thead>
        <tbody>
          {a.notify.map((n) => {
            const who = String(n.who);
            const told = a.told.filter((t) => String(t.who) === who);
            return (
              <tr key={who} data-told={told.length > 0}>
                <td>{nameOf(who)}</td>
                <td>{String(n.role ?? '')}</td>
                <td>{n.phone ? String(n.phone) : '—'}</td>
                <td>{told.length > 0
                  ? told.map((t, i) => <span key={i}>{stamp(String(t.at), tz)} by {nameOf(String(t.by))} ({String(t.means)})</span>)
                  : <button type="button" disabled={action.busy} onClick={() => void tell(who)}>Told {nameOf(who)}</button>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {a.stillToTell.length === 0 ? <p className="ok">Everyone on the list has been told.</p> : <p>Still to tell: {a.stillToTell.map(nameOf).join(', ')}</p>}
      <ActionOutcome action={action} />
    </article>
  );
}
