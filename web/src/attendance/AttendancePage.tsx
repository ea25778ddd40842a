import { useEffect, useState } from 'react';
import type { Me } from '../shared/api.ts';
import { useAgencyZone } from '../shared/agency.ts';
import { useFetched } from '../shared/fetched.ts';
import { minute, today } from '../shared/time.ts';
import { EntryForm } from './EntryForm.tsx';
import { LeaveBalances } from './LeaveBalances.tsx';
import { ABSENCE_REASONS, entryWords, OVERTIME_REASONS, reasonWords, type Entry, type RosterDay, type Totals } from './shapes.ts';
import './attendance.css';

/** "07:00–15:00" on the agency's clock, or nothing when the entry has no times. */
function span(e: Entry, timeZone: string): string {
  return e.start && e.end ? `${minute(e.start, timeZone).slice(11)}–${minute(e.end, timeZone).slice(11)}` : '';
}

/**
 * Employee attendance (S-110 §A.1.i): the roster of a day with who is absent, the entries of
 * that day and their corrections, and the report for a period. A reader of their own
 * attendance only sees their own entries and totals.
 */
export function AttendancePage({ me }: { me: Me }) {
  const timeZone = useAgencyZone();
  const readsAll = me.permissions.includes('attendance.read');
  const records = me.permissions.includes('attendance.record');
  const [date, setDate] = useState('');
  const [changes, setChanges] = useState(0); // an entry recorded or corrected: the report is read again
  useEffect(() => { if (timeZone && !date) setDate(today(timeZone)); }, [timeZone, date]);
  if (!timeZone || !date) return <p className="loading">Loading…</p>;
  return (
    <section className="attendance" aria-labelledby="attendance-title">
      <h2 id="attendance-title">Attendance</h2>
      <p className="hint">S-110 §A.1.i: absences, court time and overtime beside the duty roster. Entries are corrected by a new entry, never edited.</p>
      {readsAll ? <DayView date={date} setDate={setDate} timeZone={timeZone} records={records} changes={changes} onChanged={() => setChanges((n) => n + 1)} /> : <MyEntries timeZone={timeZone} today={date} />}
      <LeaveBalances readsAll={readsAll} commands={me.user.roles.includes('commanding_officer')} changes={changes} onChanged={() => setChanges((n) => n + 1)} />
      <PeriodReport today={date} readsAll={readsAll} changes={changes} />
    </section>
  );
}

function DayView({ date, setDate, timeZone, records, changes, onChanged }: { date: string; setDate: (d: string) => void; timeZone: string; records: boolean; changes: number; onChanged: () => void }) {
  const { data, error, reload } = useFetched<RosterDay>(`/api/v1/attendance/roster?date=${date}`, changes);
  const [correcting, setCorrecting] = useState<Entry | null>(null);
  const done = () => { setCorrecting(null); reload(); onChanged(); };
  return (
    <>
      {records && <EntryForm key={correcting?.id ?? date} date={date} shifts={data?.shifts.map((s) => s.shift) ?? []} timeZone={timeZone} correcting={correcting} onDone={done} />}
      <h3 id="roster-title">Roster with absences</h3>
      <label className="day">Day<input type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} /></label>
      {error && <p role="alert" className="error">{error}</p>}
      {data?.shifts.length === 0 && <p className="muted">No roster is posted for {date}.</p>}
      {data?.shifts.filter((s) => s.belowMinimum).map((s) => (
        <p key={s.shift} role="alert" className="below-minimum">Below minimum staffing: {s.shift} has {s.onDuty} on duty, the minimum is {s.minimum} (S-110 §A.1.i).</p>
      ))}
      {data?.shifts.map((s) => (
        <table key={s.shift} aria-label={`Roster ${s.shift}`} className="roster">
          <caption>{s.shift}: {s.rostered === 0 ? 'crews only, no one named' : `${s.rostered} rostered, ${s.absent} absent, ${s.onDuty} on duty`}{s.minimum !== null ? `; minimum ${s.minimum}` : ''}</caption>
          <thead><tr><th scope="col">Unit</th><th scope="col">Who</th><th scope="col">Assignment</th><th scope="col">Attendance</th></tr></thead>
          <tbody>{s.members.map((m, n) => (
            <tr key={n} className={m.status === 'absent' ? 'gap' : undefined}>
              <td>{m.callSign ?? '—'}</td><td>{m.name ?? 'Crew'}</td><td>{m.assignment}</td>
              <td>{m.status === 'absent' ? `Absent — ${reasonWords(m.reason).toLowerCase()}` : m.employee ? 'On duty' : ''}</td>
            </tr>
          ))}</tbody>
        </table>
      ))}
      <EntryTable caption={`Entries for ${date}`} entries={data?.entries ?? []} timeZone={timeZone} onCorrect={records ? setCorrecting : null} />
    </>
  );
}

function EntryTable({ caption, entries, timeZone, onCorrect }: { caption: string; entries: Entry[]; timeZone: string; onCorrect: ((e: Entry) => void) | null }) {
  if (entries.length === 0) return <p className="muted">{caption}: none.</p>;
  return (
    <table aria-label={caption}>
      <caption>{caption}</caption>
      <thead><tr><th scope="col">Date</th><th scope="col">Who</th><th scope="col">Entry</th><th scope="col">Times</th><th scope="col">Note</th><th scope="col">Recorded</th>{onCorrect && <th scope="col"><span className="sr-only">Actions</span></th>}</tr></thead>
      <tbody>{entries.map((e) => (
        <tr key={e.id} className={e.correctedBy ? 'superseded' : undefined}>
          <td>{e.date}{e.shift ? `, ${e.shift}` : ''}</td><td>{e.employeeName}</td>
          <td>{entryWords(e)}{e.correctedBy ? ' (corrected)' : ''}{e.correctionReason ? ` — correction: ${e.correctionReason}` : ''}</td>
          <td>{span(e, timeZone)}</td><td>{e.note ?? ''}</td><td>{minute(e.recordedAt, timeZone)}, {e.recordedByName}</td>
          {onCorrect && <td>{!e.correctedBy && e.kind !== 'withdrawn' && <button type="button" onClick={() => onCorrect(e)}>Correct</button>}</td>}
        </tr>
      ))}</tbody>
    </table>
  );
}

function monthStart(day: string): string {
  return `${day.slice(0, 8)}01`;
}

/** An employee without attendance.read: their own entries this month, corrections included. */
function MyEntries({ timeZone, today: day }: { timeZone: string; today: string }) {
  const { data } = useFetched<Entry[]>(`/api/v1/attendance/entries?from=${monthStart(day)}&to=${day}`);
  return <EntryTable caption="My attendance this month" entries={data ?? []} timeZone={timeZone} onCorrect={null} />;
}

function PeriodReport({ today: day, readsAll, changes }: { today: string; readsAll: boolean; changes: number }) {
  const [period, setPeriod] = useState({ from: monthStart(day), to: day });
  const query = `from=${period.from}&to=${period.to}`;
  const { data, error } = useFetched<{ employees: Totals[] }>(period.from && period.to ? `/api/v1/attendance/report?${query}` : null, changes);
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const absences = (t: Totals) => Object.entries(t.absentDays).filter(([, n]) => n > 0).map(([k, n]) => `${ABSENCE_REASONS[k]} ${n}`).join(', ') || '—';
  const overtime = (t: Totals) => Object.entries(t.overtimeHours).filter(([, n]) => n > 0).map(([k, n]) => `${OVERTIME_REASONS[k]} ${n}`).join(', ');
  return (
    <>
      <h3>Period report</h3>
      <form className="row" role="search" aria-label="Report period" onSubmit={(e) => e.preventDefault()}>
        <label>From<input type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} /></label>
        <label>To<input type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} /></label>
        {readsAll && <a href={`/api/v1/attendance/report.csv?${query}`} download>Export CSV</a>}
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      <table aria-label="Attendance report">
        <thead><tr><th scope="col">Employee</th><th scope="col">Shifts rostered</th><th scope="col">Shifts worked</th><th scope="col">Absent days by reason</th><th scope="col">Court hours</th><th scope="col">Overtime hours</th></tr></thead>
        <tbody>{data?.employees.map((t) => (
          <tr key={t.employee}>
            <td>{t.name}</td><td>{t.rosteredShifts}</td><td>{t.shiftsWorked}</td><td>{absences(t)}</td><td>{t.courtHours}</td>
            <td>{sum(t.overtimeHours)}{overtime(t) ? ` (${overtime(t)})` : ''}</td>
          </tr>
        ))}</tbody>
      </table>
    </>
  );
}
