import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type Me } from '../shared/api.ts';
import { saveAs } from '../shared/download.ts';
import { agencyInstant, clock, stamp } from '../shared/time.ts';
import { Who } from '../shared/When.tsx';
import { HoldsPanel, RetentionPanel } from './Retention.tsx';
import { LINE_NAMES, REVIEW_PURPOSES, problemText, recordingLabel, seconds, type Playback, type Recording, type RecordingDetail } from './types.ts';
import { responseProblemText } from '../shared/problem.ts';
import './recordings.css';
import { useAgencyZone } from '../shared/agency.ts';

/** The commanding officer's desk (81A §M.1): search, play with a purpose, export, link, holds and retention. */
export function RecordingsPage({ me }: { me: Me }) {
  const [tab, setTab] = useState<'review' | 'holds' | 'retention'>('review');
  // times on the agency's clock: nothing is shown until its zone is known
  const timeZone = useAgencyZone();
  const may = (p: string) => me.permissions.includes(p);
  if (!timeZone) return <p className="loading">Loading…</p>;
  return (
    <section className="recordings" aria-labelledby="recordings-title">
      <h2 id="recordings-title">Recordings</h2>
      <nav className="tabs" aria-label="Recordings">
        {may('recordings.review') && <button type="button" aria-pressed={tab === 'review'} onClick={() => setTab('review')}>Review</button>}
        <button type="button" aria-pressed={tab === 'holds'} onClick={() => setTab('holds')}>Litigation holds</button>
        <button type="button" aria-pressed={tab === 'retention'} onClick={() => setTab('retention')}>Retention</button>
      </nav>
      {tab === 'review' && may('recordings.review') && <Review timeZone={timeZone} />}
      {tab === 'holds' && <HoldsPanel timeZone={timeZone} canPlace={may('recordings.hold')} />}
      {tab === 'retention' && <RetentionPanel timeZone={timeZone} canSet={may('recordings.retention')} />}
    </section>
  );
}

function Review({ timeZone }: { timeZone: string }) {
  const [filters, setFilters] = useState({ from: '', to: '', line: '', channel: '', position: '', ani: '', incident: '', unmatched: false });
  const [rows, setRows] = useState<Recording[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const search = useCallback(async (e?: FormEvent) => {
    e?.preventDefault();
    setMessage(null);
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) {
      if (k === 'unmatched') { if (v) q.set(k, 'true'); continue; }
      if (typeof v === 'string' && v.trim()) q.set(k, k === 'from' || k === 'to' ? agencyInstant(v, timeZone) : v.trim()); // the agency's clock, not the workstation's
    }
    try {
      setRows(await api<Recording[]>(`/api/v1/recordings?${q.toString()}`));
    } catch (err) {
      setMessage(problemText(err));
    }
  }, [filters]);
  // The first search runs once; later ones when the person asks.
  const [searched, setSearched] = useState(false);
  useEffect(() => { if (!searched) { setSearched(true); void search(); } }, [searched, search]);
  const set = (k: keyof typeof filters) => (e: { target: { value: string; checked?: boolean; type?: string } }) =>
    setFilters({ ...filters, [k]: e.target.type === 'checkbox' ? Boolean(e.target.checked) : e.target.value });

  return (
    <div className="review-grid">
      <div>
        <form className="filters" onSubmit={(e) => void search(e)} aria-label="Search recordings">
          <label>From <input type="datetime-local" value={filters.from} onChange={set('from')} /></label>
          <label>To <input type="datetime-local" value={filters.to} onChange={set('to')} /></label>
          <label>Line
            <select value={filters.line} onChange={set('line')}>
              <option value="">any</option>
              {Object.entries(LINE_NAMES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
            </select>
          </label>
          <label>Channel <input value={filters.channel} onChange={set('channel')} size={6} /></label>
          <label>Position <input value={filters.position} onChange={set('position')} size={4} /></label>
          <label>ANI <input value={filters.ani} onChange={set('ani')} size={12} inputMode="numeric" /></label>
          <label>Incident <input value={filters.incident} onChange={set('incident')} size={9} placeholder="26-00042" /></label>
          <label className="check"><input type="checkbox" checked={filters.unmatched} onChange={set('unmatched')} /> Unmatched only</label>
          <button type="submit">Search</button>
        </form>
        <table className="recordings-table" data-testid="recordings-results">
          <thead><tr><th scope="col">Started</th><th scope="col">Recording</th><th scope="col">Length</th><th scope="col">Incident / call</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} aria-selected={selected === r.id}>
                <td><button type="button" className="link" onClick={() => setSelected(r.id)}>{stamp(r.startedAt, timeZone)}</button></td>
                <td>{recordingLabel(r)}</td>
                <td>{seconds(r)}</td>
                <td>{r.incidentNumber ?? (r.callId ? 'call' : <span className="muted">unmatched</span>)}{r.units.length ? ` · ${r.units.join(' ')}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="muted">No recording matches.</p>}
        {message && <p role="alert" className="error">{message}</p>}
      </div>
      {selected && <ReviewPanel id={selected} timeZone={timeZone} onChanged={() => void search()} />}
    </div>
  );
}

/** One recording: the player with its scrubber, the call's timeline beside it, export and linking. */
function ReviewPanel({ id, timeZone, onChanged }: { id: string; timeZone: string; onChanged: () => void }) {
  const [detail, setDetail] = useState<RecordingDetail | null>(null);
  const [purpose, setPurpose] = useState('');
  const [playback, setPlayback] = useState<Playback | null>(null);
  const [position, setPosition] = useState(0);
  const [incident, setIncident] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    setPlayback(null);
    setPosition(0);
    setMessage(null);
    api<RecordingDetail>(`/api/v1/recordings/${id}`).then(setDetail, (e: unknown) => setMessage(problemText(e)));
  }, [id]);
  if (!detail) return <aside className="panel review" aria-busy="true">{message ?? 'Loading…'}</aside>;
  const r = detail.recording;
  const playhead = Date.parse(r.startedAt) + position * 1000;

  const play = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      setPlayback(await api<Playback>(`/api/v1/recordings/${id}/playback`, { method: 'POST', body: { purpose } }));
    } catch (err) {
      setMessage(problemText(err));
    }
  };
  const exportZip = async () => {
    setMessage(null);
    const response = await fetch(`/api/v1/recordings/${id}/export`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ purpose }), credentials: 'same-origin' });
    if (!response.ok) { setMessage(await responseProblemText(response, 'Export refused.')); return; }
    const url = URL.createObjectURL(await response.blob());
    saveAs(url, `recording-${id}.zip`);
    URL.revokeObjectURL(url);
    setMessage(`Exported with SHA-256 ${response.headers.get('x-recording-sha256') ?? r.sha256}.`);
  };
  const link = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api(`/api/v1/recordings/${id}/link`, { method: 'POST', body: { incident: incident.trim() } });
      setDetail(await api<RecordingDetail>(`/api/v1/recordings/${id}`));
      setIncident('');
      onChanged();
    } catch (err) {
      setMessage(problemText(err));
    }
  };

  return (
    <aside className="panel review" aria-labelledby="review-title" data-testid="review-panel">
      <h3 id="review-title">{recordingLabel(r)}</h3>
      <dl className="facts">
        <dt>Recorded</dt><dd>{stamp(r.startedAt, timeZone)} – {clock(r.endedAt, timeZone)} ({seconds(r)})</dd>
        <dt>Linked to</dt><dd>{r.incidentNumber ? `incident ${r.incidentNumber}` : 'no incident'}{r.callId ? ` · call ${r.callId.slice(0, 8)}` : ''}{r.units.length ? ` · units ${r.units.join(' ')}` : ''}{r.matchMethod ? ` (${r.matchMethod})` : ''}</dd>
        <dt>SHA-256</dt><dd className="digest">{r.sha256}</dd>
        <dt>Kept</dt><dd>{detail.held ? 'under a litigation hold' : `until at least ${stamp(detail.purgeableFrom, timeZone)} (${detail.clause})`}</dd>
      </dl>
      <form onSubmit={(e) => void play(e)} className="purpose" aria-label="Play the recording">
        <label>Purpose (81A §M.1.a)
          <select value={purpose} onChange={(e) => setPurpose(e.target.value)} required aria-label="Purpose">
            <option value="">— state the purpose —</option>
            {REVIEW_PURPOSES.map(([code, name]) => <option key={code} value={code}>{name}</option>)}
          </select>
        </label>
        <button type="submit">Play</button>
        <button type="button" disabled={!purpose} onClick={() => void exportZip()}>Export</button>
      </form>
      <div className="player-and-timeline">
        <div>
          {playback && (
            <audio controls autoPlay src={playback.url} aria-label="Recording player" data-testid="review-audio"
              onTimeUpdate={(e) => setPosition(e.currentTarget.currentTime)} onPlaying={(e) => { e.currentTarget.dataset.state = 'playing'; }} />
          )}
        </div>
        <ol className="call-timeline" aria-label="The call's timeline" data-testid="recording-timeline">
          {detail.timeline.map((t, i) => (
            <li key={`${t.at}-${i}`} className={[t.duringRecording ? 'during' : '', playback && Date.parse(t.at) <= playhead && t.duringRecording ? 'passed' : ''].join(' ')}>
              <time dateTime={t.at}>{clock(t.at, timeZone)}</time> <span className="kind">{t.kind.replace(/[._]/g, ' ')}</span> {t.actor && <>· <Who name={t.actorName} login={t.actor} /></>} {t.text}
            </li>
          ))}
          {detail.timeline.length === 0 && <li className="muted">No call or incident linked: nothing to show beside the recording.</li>}
        </ol>
      </div>
      {!r.incidentNumber && (
        <form onSubmit={(e) => void link(e)} aria-label="Link to an incident" className="link-form">
          <label>Link to incident <input value={incident} onChange={(e) => setIncident(e.target.value)} required pattern="[0-9]{2}-[0-9]{5,}" placeholder="26-00042" /></label>
          <button type="submit">Link</button>
        </form>
      )}
      {message && <p role="status" className="note">{message}</p>}
    </aside>
  );
}
