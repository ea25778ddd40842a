import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { useKnoxAction } from './action.ts';
import { clock, KEY_STATUS_NAMES, type BoardKey, type RosterEntry } from './types.ts';


/** The OIC's board of Knox access keys: which are out and with whom (O-604 §III.B). */
export function KeyBoard({ keys, roster, canAssign, onChange }: { keys: BoardKey[]; roster: RosterEntry[]; canAssign: boolean; onChange: () => void }) {
  const [error, act] = useKnoxAction(onChange);
  const out = keys.filter((k) => k.out);
  return (
    <section aria-labelledby="board-title">
      <h3 id="board-title">Keys out now ({out.length})</h3>
      {error && <p role="alert" className="error">{error}</p>}
      <table className="knox-table" aria-label="Knox keys">
        <thead><tr><th>Key</th><th>Status</th><th>With</th><th>Unit</th><th>Since</th><th>Shift ends</th><th /></tr></thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.number} data-key={k.number} className={k.out?.overdue ? 'knox-overdue' : k.status === 'lost' ? 'knox-lost' : ''}>
              <td>{k.number}</td>
              <td>{KEY_STATUS_NAMES[k.status]}{k.out?.overdue && <strong> — OVERDUE</strong>}</td>
              <td>{k.out?.officerName ?? ''}</td>
              <td>{k.out?.callSign ?? ''}</td>
              <td>{k.out ? clock(k.out.assignedAt) : ''}</td>
              <td>{k.out ? clock(k.out.dueBackAt) : ''}</td>
              <td>
                {canAssign && k.status === 'assigned' && (
                  <>
                    <button type="button" onClick={() => act(() => api(`/api/v1/knox/keys/${k.number}/return`, { method: 'POST' }))}>Key {k.number} returned</button>
                    {' '}
                    <button type="button" className="danger" onClick={() => {
                      const details = window.prompt(`Report key ${k.number} lost: what happened?`);
                      if (details) void act(() => api(`/api/v1/knox/keys/${k.number}/lost`, { method: 'POST', body: { details } }));
                    }}>Report lost</button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canAssign && <AssignForm keys={keys.filter((k) => k.status === 'cabinet')} roster={roster} act={act} />}
    </section>
  );
}

function AssignForm({ keys, roster, act }: { keys: BoardKey[]; roster: RosterEntry[]; act: (w: () => Promise<unknown>) => Promise<void> }) {
  const [key, setKey] = useState('');
  const [officer, setOfficer] = useState('');
  // Blank: the server reads the end of the officer's rostered shift; a number overrides it (§III.B).
  const [hours, setHours] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const number = key || keys[0]?.number;
    if (!number) return;
    const body = { officer: officer.trim(), ...(hours.trim() ? { shiftHours: Number(hours) } : {}) };
    void act(() => api(`/api/v1/knox/keys/${number}/assign`, { method: 'POST', body })).then(() => { setOfficer(''); setHours(''); });
  };
  const officers = roster.filter((r) => r.username && r.callSign);
  const rostered = roster.filter((r) => r.username === officer.trim() && r.shift).map((r) => r.shift).join(', ');
  return (
    <form className="knox-form" onSubmit={submit} aria-label="Assign a key for the shift">
      <h3>Assign a key for the shift</h3>
      <label>Key
        <select value={key} onChange={(e) => setKey(e.target.value)}>
          {keys.map((k) => <option key={k.number} value={k.number}>{k.number}</option>)}
        </select>
      </label>
      <label>Officer (login)
        <input list="knox-officers" value={officer} onChange={(e) => setOfficer(e.target.value)} required />
        <datalist id="knox-officers">
          {officers.map((r) => <option key={r.username} value={r.username!}>{r.name} — {r.callSign}</option>)}
        </datalist>
      </label>
      <label>Hours left in the shift (blank: the end of the rostered shift)
        <input type="number" min={1} max={16} value={hours} placeholder="roster" onChange={(e) => setHours(e.target.value)} />
      </label>
      {officer.trim() && <p className="hint" data-testid="rostered-shift">{rostered ? `On the roster: ${rostered}. The key is due back when that shift ends unless you give the hours.` : 'Not on the roster: give the hours left, or the key is due back in 8 hours.'}</p>}
      <button type="submit" disabled={keys.length === 0}>Assign key</button>
    </form>
  );
}
