import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { useFetched } from '../shared/fetched.ts';
import { problemText } from '../shared/problem.ts';
import { minute } from '../shared/time.ts';
import { ABSENCE_REASONS, entryWords, KINDS, OVERTIME_REASONS, type Entry } from './shapes.ts';

const blank = { employee: '', date: '', shift: '', kind: 'absent', reason: '', start: '', end: '', hours: '', court: '', docket: '', caseNumber: '', note: '', leaveOverride: '' };
type Fields = typeof blank;

function fieldsOf(e: Entry, timeZone: string): Fields {
  const local = (iso: string | null) => (iso ? minute(iso, timeZone).replace(' ', 'T') : '');
  return {
    employee: e.employee, date: e.date, shift: e.shift ?? '', kind: e.kind, reason: e.reason ?? '', start: local(e.start), end: local(e.end),
    hours: e.hours === null || e.start ? '' : String(e.hours), court: e.court ?? '', docket: e.docket ?? '', caseNumber: e.caseNumber ?? '', note: e.note ?? '', leaveOverride: '',
  };
}

/** Only what the person filled in is sent: the server's rules name what is missing. */
function bodyOf(f: Fields) {
  const given = Object.entries(f).filter(([k, v]) => v.trim() !== '' && k !== 'hours');
  return { ...Object.fromEntries(given), ...(f.hours.trim() ? { hours: Number(f.hours) } : {}) };
}

/**
 * Record an absence, court time or overtime; or, given `correcting`, correct that entry with a
 * new one or withdraw it. The entry corrected is kept as it was (S-110 §A.1.i).
 */
export function EntryForm({ date, shifts, timeZone, correcting, onDone }: { date: string; shifts: string[]; timeZone: string; correcting: Entry | null; onDone: () => void }) {
  const employees = useFetched<{ login: string; name: string }[]>('/api/v1/attendance/employees').data ?? [];
  const [f, setF] = useState<Fields>(correcting ? fieldsOf(correcting, timeZone) : { ...blank, date });
  const [why, setWhy] = useState('');
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof Fields) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const send = async (body: object) => {
    setError(null);
    try {
      if (correcting) await api(`/api/v1/attendance/entries/${correcting.id}/corrections`, { method: 'POST', body: { why, ...body } });
      else await api('/api/v1/attendance/entries', { method: 'POST', body });
      setF({ ...blank, date });
      onDone();
    } catch (err) { setError(problemText(err)); }
  };
  const submit = (e: FormEvent) => { e.preventDefault(); void send(correcting ? { entry: bodyOf(f) } : bodyOf(f)); };
  const reasons = f.kind === 'absent' ? ABSENCE_REASONS : f.kind === 'overtime' ? OVERTIME_REASONS : null;
  const title = correcting ? `Correct the entry: ${correcting.employeeName}, ${entryWords(correcting)}` : 'Record attendance';
  return (
    <form className="row entry" onSubmit={submit} aria-label={correcting ? 'Correct an entry' : 'Record attendance'}>
      <h3>{title}</h3>
      <label>Employee<select value={f.employee} onChange={set('employee')} required>
        <option value="">Choose…</option>{employees.map((p) => <option key={p.login} value={p.login}>{p.name}</option>)}
      </select></label>
      <label>Date<input type="date" value={f.date} onChange={set('date')} required /></label>
      <label>Shift<select value={f.shift} onChange={set('shift')}>
        <option value="">The whole day</option>{[...new Set([...shifts, f.shift].filter(Boolean))].map((s) => <option key={s} value={s}>{s}</option>)}
      </select></label>
      <label>Kind<select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value, reason: '' })}>
        {['absent', 'court', 'overtime'].map((k) => <option key={k} value={k}>{KINDS[k]}</option>)}
      </select></label>
      {reasons && <label>Reason<select value={f.reason} onChange={set('reason')}>
        <option value="">Choose…</option>{Object.entries(reasons).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
      </select></label>}
      {f.kind === 'court' && <><label>Court<input value={f.court} onChange={set('court')} maxLength={200} /></label>
        <label>Docket number<input value={f.docket} onChange={set('docket')} maxLength={100} /></label></>}
      <label>Start<input type="datetime-local" value={f.start} onChange={set('start')} /></label>
      <label>End<input type="datetime-local" value={f.end} onChange={set('end')} /></label>
      {f.kind !== 'absent' && <><label>Hours<input type="number" step="0.25" value={f.hours} onChange={set('hours')} /></label>
        <label>Case or incident number<input value={f.caseNumber} onChange={set('caseNumber')} maxLength={40} /></label></>}
      <label>Note<input value={f.note} onChange={set('note')} maxLength={1000} /></label>
      {f.kind === 'absent' && ['vacation', 'sick', 'personal'].includes(f.reason) && (
        <label>Override if it takes the balance below zero (why)<input value={f.leaveOverride} onChange={set('leaveOverride')} maxLength={500} /></label>
      )}
      {correcting && <label>Why it is corrected<input value={why} onChange={(e) => setWhy(e.target.value)} required maxLength={500} /></label>}
      <button type="submit">{correcting ? 'Save the correction' : 'Record'}</button>
      {correcting && <button type="button" onClick={() => void send({})} disabled={!why.trim()}>Withdraw it (made in error)</button>}
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
