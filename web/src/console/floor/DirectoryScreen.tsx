import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import { endpoints } from '../../client/endpoints.ts';
import { stamp } from '../../shared/time.ts';
import type { Unit } from '../../client/types.ts';
import type { DirectoryAnswer, RosterEntry } from '../../../../src/directory/schemas.ts';
import { FloorFrame, useFloorReference, useLoad } from './common.tsx';

type Directory = Static<typeof DirectoryAnswer>;
type Roster = Static<typeof RosterEntry>;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether a roster line's shift covers `now` (the agency's date and minute of the day): a shift
 * named with its hours ("Day (07:00–15:00)", an overnight "23:00–07:00" running into the next
 * day) by those hours; one without hours ("24 h") for its whole date.
 */
export function onDutyAt(entry: Pick<Roster, 'date' | 'shift'>, today: string, yesterday: string, minute: number): boolean {
  const hours = /(\d{2}:\d{2})\s*[–-]\s*(\d{2}:\d{2})/.exec(entry.shift);
  if (!hours) return entry.date === today;
  const [from, to] = [minutes(hours[1]!), minutes(hours[2]!)];
  if (from < to) return entry.date === today && minute >= from && minute < to;
  return (entry.date === today && minute >= from) || (entry.date === yesterday && minute < to);
}

function agencyNow(timeZone: string): { today: string; yesterday: string; minute: number } {
  const now = stamp(new Date().toISOString(), timeZone); // "2026-11-25 14:05:09"
  return { today: now.slice(0, 10), yesterday: stamp(new Date(Date.now() - 86_400_000).toISOString(), timeZone).slice(0, 10), minute: minutes(now.slice(11, 16)) };
}

/** 81A §B.2.b: the officer in charge, the duty roster (by name, unit or function; on duty now) and the directory. */
export function DirectoryScreen() {
  const tz = useFloorReference().timeZone;
  const [text, setText] = useState(new URLSearchParams(window.location.search).get('q') ?? '');
  const [q, setQ] = useState(text);
  const [onDuty, setOnDuty] = useState(false);
  useEffect(() => { const t = setTimeout(() => setQ(text.trim()), 250); return () => clearTimeout(t); }, [text]);
  const found = useLoad<Directory>(`/api/v1/directory${q ? `?q=${encodeURIComponent(q)}` : ''}`, ['directory.', 'roster.']);
  const units = useLoad<Unit[]>(endpoints.units, ['unit.status']);
  const statusOf = (callSign: string | null) => units.data?.find((u) => u.callSign === callSign)?.status.replace(/_/g, ' ') ?? '—';
  const now = agencyNow(tz);
  const roster = (found.data?.roster ?? []).filter((r) => !onDuty || onDutyAt(r, now.today, now.yesterday, now.minute));
  return (
    <FloorFrame id="directory" title="Directory and roster" clause="81A §B.2.b">
      <form aria-label="Search the directory and roster" role="search" onSubmit={(e) => { e.preventDefault(); setQ(text.trim()); }}>
        <label>Name, unit or function <input id="directory-search" type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={200} /></label>
        <label className="check"><input type="checkbox" checked={onDuty} onChange={(e) => setOnDuty(e.target.checked)} /> On duty now only</label>
        <button type="submit">Search</button>
      </form>
      {found.error && <p role="alert" className="error">{found.error}</p>}
      <h2>Officer in charge</h2>
      {found.data && found.data.officerInCharge.length === 0 && <p className="hint">No commanding officer is on today’s roster.</p>}
      <ul>{found.data?.officerInCharge.map((r, i) => <li key={i}>{r.name}{r.badge ? ` #${r.badge}` : ''} · {r.assignment} · {r.shift}</li>)}</ul>
      <h2>Duty roster (today and last night)</h2>
      {found.data && roster.length === 0 && <p className="hint">Nobody on the roster matches.</p>}
      {roster.length > 0 && (
        <table data-testid="roster">
          <thead><tr><th>Name</th><th>Unit</th><th>Function</th><th>Shift</th><th>Date</th><th>Unit status</th></tr></thead>
          <tbody>
            {roster.map((r, i) => (
              <tr key={i}><td>{r.name ? `${r.name}${r.badge ? ` #${r.badge}` : ''}` : '—'}</td><td>{r.callSign ?? '—'}</td><td>{r.assignment}</td><td>{r.shift}</td><td>{r.date}</td><td>{r.callSign ? statusOf(r.callSign) : '—'}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Contacts, directory and plans</h2>
      {found.data && found.data.entries.length === 0 && <p className="hint">No directory entry matches.</p>}
      {(found.data?.entries.length ?? 0) > 0 && (
        <table data-testid="directory-entries">
          <thead><tr><th>Name</th><th>Organization</th><th>Category</th><th>Phone</th><th>Notes</th></tr></thead>
          <tbody>
            {found.data!.entries.map((e) => (
              <tr key={e.id}><td>{e.url ? <a href={e.url} target="_blank" rel="noreferrer">{e.name}</a> : e.name}</td><td>{e.organization ?? '—'}</td><td>{e.category.replace(/_/g, ' ')}</td><td>{e.phone ?? '—'}</td><td>{e.notes ?? ''}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </FloorFrame>
  );
}
