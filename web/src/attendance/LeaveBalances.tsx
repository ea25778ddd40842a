import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { useFetched } from '../shared/fetched.ts';
import { problemText } from '../shared/problem.ts';
import { LEAVE_TYPES, type LeaveBalance } from './shapes.ts';

const blankPlan = { employee: '', leaveType: 'vacation', mode: 'accrual', hours: '', periodDays: '14', startsOn: '', openingHours: '' };

/**
 * Leave balances (S-110 §A.1.i): vacation, sick and personal leave credited by each employee's
 * plan, less the absences recorded for it. The commanding officer sets the plans and each
 * watch's minimum staffing here.
 */
export function LeaveBalances({ readsAll, commands, changes, onChanged }: { readsAll: boolean; commands: boolean; changes: number; onChanged: () => void }) {
  const { data, error } = useFetched<LeaveBalance[]>('/api/v1/attendance/leave', changes);
  return (
    <>
      <h3 id="leave-title">Leave balances</h3>
      {error && <p role="alert" className="error">{error}</p>}
      {data?.length === 0 && <p className="muted">{readsAll ? 'No leave plan is set.' : 'No leave plan is set for you.'}</p>}
      {data && data.length > 0 && (
        <table aria-labelledby="leave-title">
          <thead><tr><th scope="col">Employee</th><th scope="col">Leave</th><th scope="col">Plan</th><th scope="col">Credited</th><th scope="col">Taken</th><th scope="col">Balance</th></tr></thead>
          <tbody>{data.map((b) => (
            <tr key={`${b.employee}/${b.leaveType}`} className={b.balance < 0 ? 'gap' : undefined}>
              <td>{b.name}</td><td>{LEAVE_TYPES[b.leaveType] ?? b.leaveType}</td><td>{b.plan}</td><td>{b.credited} h</td><td>{b.taken} h</td><td>{b.balance} h</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {commands && <PlanForm onDone={onChanged} />}
      {commands && <MinimumForm onDone={onChanged} />}
    </>
  );
}

function PlanForm({ onDone }: { onDone: () => void }) {
  const employees = useFetched<{ login: string; name: string }[]>('/api/v1/attendance/employees').data ?? [];
  const [f, setF] = useState(blankPlan);
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof blankPlan) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('/api/v1/attendance/leave', {
        method: 'PUT',
        body: {
          employee: f.employee, leaveType: f.leaveType, mode: f.mode, hours: f.hours.trim() ? Number(f.hours) : 0, startsOn: f.startsOn,
          ...(f.mode === 'accrual' ? { periodDays: Number(f.periodDays) } : {}), ...(f.openingHours.trim() ? { openingHours: Number(f.openingHours) } : {}),
        },
      });
      setF(blankPlan);
      onDone();
    } catch (err) { setError(problemText(err)); }
  };
  return (
    <form className="row" onSubmit={(e) => void submit(e)} aria-label="Set a leave plan">
      <h3>Set a leave plan</h3>
      <label>Employee<select value={f.employee} onChange={set('employee')} required>
        <option value="">Choose…</option>{employees.map((p) => <option key={p.login} value={p.login}>{p.name}</option>)}
      </select></label>
      <label>Leave<select value={f.leaveType} onChange={set('leaveType')}>{Object.entries(LEAVE_TYPES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select></label>
      <label>Credited<select value={f.mode} onChange={set('mode')}>
        <option value="accrual">Each pay period</option><option value="yearly">Once a year</option><option value="none">No leave</option>
      </select></label>
      <label>Hours<input type="number" min="0" step="0.25" value={f.hours} onChange={set('hours')} /></label>
      {f.mode === 'accrual' && <label>Pay period (days)<input type="number" min="7" max="31" value={f.periodDays} onChange={set('periodDays')} /></label>}
      <label>From<input type="date" value={f.startsOn} onChange={set('startsOn')} required /></label>
      <label>Carried in (hours)<input type="number" min="0" step="0.25" value={f.openingHours} onChange={set('openingHours')} /></label>
      <button type="submit">Set the plan</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

function MinimumForm({ onDone }: { onDone: () => void }) {
  const [shift, setShift] = useState('');
  const [minimum, setMinimum] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('/api/v1/attendance/minimum-staffing', { method: 'PUT', body: { shift, minimum: minimum.trim() === '' ? null : Number(minimum) } });
      setShift(''); setMinimum('');
      onDone();
    } catch (err) { setError(problemText(err)); }
  };
  return (
    <form className="row" onSubmit={(e) => void submit(e)} aria-label="Set minimum staffing">
      <h3>Minimum staffing of a watch</h3>
      <label>Watch (roster shift)<input value={shift} onChange={(e) => setShift(e.target.value)} required maxLength={100} /></label>
      <label>Minimum on duty<input type="number" min="0" max="500" value={minimum} onChange={(e) => setMinimum(e.target.value)} /></label>
      <button type="submit">Set the minimum</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
