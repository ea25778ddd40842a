import { useEffect, useState } from 'react';
import { api, type Me } from '../../shared/api.ts';
import { ActionOutcome, FloorFrame, useAction, useLoad } from './common.tsx';

const v1 = '/api/v1/dispatch/timers';
type Timers = Record<(typeof TIMERS)[number]['key'], number>;

/** The floor's timers (81A §E.5.d, §E.6) and their units; the commanding officer changes them. */
const TIMERS = [
  { key: 'standbyMinutes', label: 'Standby re-contact', unit: 'minutes', clause: '81A §E.5.d', max: 1440 },
  { key: 'nonResponseMinutes', label: 'No response from a unit', unit: 'minutes', clause: '81A §E.6.a', max: 1440 },
  { key: 'onSceneMinutes', label: 'Status check on scene', unit: 'minutes', clause: '81A §E.6', max: 1440 },
  { key: 'outOfServiceMinutes', label: 'Status check out of service', unit: 'minutes', clause: '81A §E.6', max: 1440 },
  { key: 'reopenHours', label: 'An incident may be reopened within', unit: 'hours', clause: '81A §D.3', max: 720 },
  { key: 'historyDays', label: 'Address history at call time reaches back', unit: 'days', clause: '81A §C.3', max: 3650 },
] as const;

export function TimersScreen({ me }: { me: Me }) {
  const timers = useLoad<Timers>(v1, ['dispatch.timers_changed']);
  const sets = me.permissions.includes('dispatch.override');
  const [draft, setDraft] = useState<Record<string, string>>({});
  const action = useAction();
  useEffect(() => { if (timers.data) setDraft(Object.fromEntries(TIMERS.map((t) => [t.key, String(timers.data![t.key])]))); }, [timers.data]);
  const save = async () => {
    const changed = Object.fromEntries(TIMERS.filter((t) => Number(draft[t.key]) !== timers.data?.[t.key]).map((t) => [t.key, Number(draft[t.key])]));
    if (Object.keys(changed).length === 0) return;
    if (await action.run(() => api(v1, { method: 'PUT', body: changed }), 'Timers saved.')) timers.reload();
  };
  return (
    <FloorFrame id="timers" title="Timers" clause="81A §E.5.d, §E.6">
      {timers.error && <p role="alert" className="error">{timers.error}</p>}
      {timers.data && (
        <table data-testid="timers">
          <thead><tr><th>Timer</th><th>Setting</th><th>Policy</th></tr></thead>
          <tbody>{TIMERS.map((t) => <tr key={t.key} data-timer={t.key}><td>{t.label}</td><td>{timers.data![t.key]} {t.unit}</td><td>{t.clause}</td></tr>)}</tbody>
        </table>
      )}
      {timers.data && sets && (
        <form aria-label="Change the timers" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          {TIMERS.map((t) => (
            <label key={t.key}>{t.label} ({t.unit})
              <input type="number" min={t.key === 'reopenHours' ? 0 : 1} max={t.max} step={1} required value={draft[t.key] ?? ''} onChange={(e) => setDraft({ ...draft, [t.key]: e.target.value })} />
            </label>
          ))}
          <button type="submit" disabled={action.busy}>Save timers</button>
        </form>
      )}
      {timers.data && !sets && <p className="hint">Only the commanding officer changes the timers.</p>}
      <ActionOutcome action={action} />
    </FloorFrame>
  );
}
